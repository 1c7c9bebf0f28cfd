"""The round-by-round start of a plan of several rounds (``rolling_plan`` in
:mod:`rotation.solvers.cpsat`): each round a model with the rounds before decided."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest

import rotation
from rotation.generate import generate, generate_preset
from rotation.models import build_model
from rotation.models.variables import Decided
from rotation.plan import Plan
from rotation.report.summary import tier_lines
from rotation.result import Result, TierResult
from rotation.scenario import Absence, SolverSettings
from rotation.solvers import cpsat
from rotation.solvers.cpsat import CpSatBackend, fix_rounds, plan_result, rolling_plan
from rotation.solvers.staged import plan_cost, run_stages
from rotation.validate import validate
from tests.test_horizon import _two_due_in_round_2

SETTINGS = SolverSettings(time_limit=30, lp_start=False)


@pytest.mark.parametrize("seed", [2, 5])
def test_the_decided_rounds_build_only_their_placements_and_keep_every_optimum(
    seed: int,
) -> None:
    """Round 2 planned after round 1 is decided: built with round 1's placements only, or
    with every candidate and the others fixed to 0, the model has the same optimum in
    every tier; the first has a single placement per person in round 1."""
    s = generate(36, 9, seed).replace(horizon=2)
    first = run_stages(
        model := build_model(s.first_rounds(1)),
        CpSatBackend(model, SETTINGS),
        SETTINGS,
        started=time.perf_counter(),
        build_time=0.0,
    )
    assert first.plan is not None
    plan = first.plan
    values = []
    for decided in (None, Decided(plan.assignments, 2)):
        built = build_model(s, decided=decided)
        fix_rounds(built, plan, before=2)
        result = run_stages(
            built,
            CpSatBackend(built, SETTINGS),
            SETTINGS,
            started=time.perf_counter(),
            build_time=0.0,
        )
        assert result.status == "OPTIMAL" and result.plan is not None
        assert validate(s, result.plan) == []
        values.append([t.value for t in result.tiers])
        placed = [(p, u) for (p, u, t) in built.ctx.x if t == 1]
        if decided is not None:
            assert sorted(placed) == sorted(
                (p, u) for (p, t), u in plan.assignments.items() if t == 1 and p in s.person
            )
        else:
            assert len(placed) > len(plan.assignments)
    assert values[0] == values[1]


def test_the_round_by_round_plan_validates() -> None:
    s = generate(36, 9, 4).replace(horizon=3)
    plan = rolling_plan(s, dataclasses.replace(s.solver, time_limit=30))
    assert plan is not None and validate(s, plan) == []
    assert {t for (_, t) in plan.assignments} == {1, 2, 3}


def test_a_round_without_a_plan_in_its_share_tries_again_until_the_time_given() -> None:
    """A start too short for its rounds gives no plan, unless the rounds may go on until
    a later time: then each takes its share of the time left until then."""
    s = generate(36, 9, 4).replace(horizon=3)
    too_short = dataclasses.replace(s.solver, time_limit=0.01)
    assert rolling_plan(s, too_short) is None
    plan = rolling_plan(s, too_short, until=time.perf_counter() + 30)
    assert plan is not None and validate(s, plan) == []
    assert {t for (_, t) in plan.assignments} == {1, 2, 3}


def test_the_round_by_round_plan_as_the_result_shows_every_tier() -> None:
    """When the whole model finds no plan in time, the result is the round-by-round plan:
    each tier with that plan's value by the checker and no proven bound beyond what the
    variables' domains give, so that the summary and run.json still show the tiers."""
    s = generate(36, 9, 4).replace(horizon=3)
    plan = rolling_plan(s, dataclasses.replace(s.solver, time_limit=30))
    assert plan is not None
    built = build_model(s)
    found = plan_result(built, plan, Result("UNKNOWN", None, message="no plan in time"))
    assert found.status == "FEASIBLE" and found.plan is plan and found.message == ""
    assert [t.rules for t in found.tiers] == [stage.rules for stage in built.stages]
    cost = plan_cost(s, plan)
    assert found.objective == cost.objective
    for tier in found.tiers:
        assert tier.value == sum(cost.weight[r] * cost.amount[r] for r in tier.rules)
        assert 0 <= tier.bound <= tier.value and tier.status == "FEASIBLE"
    assert any(t.value > 0 for t in found.tiers)
    lines = tier_lines(found)
    assert lines[0].startswith(f"tier 1 ({', '.join(found.tiers[0].rules)}): value ")
    # the bound the whole model proved on tier 1 without finding a plan is kept
    stage = built.stages[0]
    proven = round(found.tiers[0].value * stage.scale)
    bounded = plan_result(built, plan, Result("UNKNOWN", None), first_bound=proven)
    assert bounded.tiers[0].bound == found.tiers[0].value
    assert bounded.tiers[1:] == found.tiers[1:]


@pytest.mark.slow
def test_a_round_that_does_not_prove_its_first_tier_tries_again_until_the_time_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """district-5y's start in 3 s, allowed to go on until 15 s: every round whose first
    tier is not proven in its share (or that has no plan) is planned again with more
    time, and the plan kept for it is the better of the two by the first tier. (Not the
    better plan overall: rounds planned one by one, a better round can leave the later
    ones worse off.)"""
    s = generate_preset("district-5y")
    calls: list[tuple[int, float, Result]] = []
    real = cpsat._plan_round

    def spy(scenario, plan, h, settings, time_limit, log, free_from):  # type: ignore[no-untyped-def]
        result = real(scenario, plan, h, settings, time_limit, log, free_from)
        calls.append((h, time_limit, result))
        return result

    monkeypatch.setattr(cpsat, "_plan_round", spy)
    plan = rolling_plan(
        s, dataclasses.replace(s.solver, time_limit=3.0), until=time.perf_counter() + 15
    )
    assert plan is not None and validate(s, plan) == []
    rounds = [[(limit, r) for h, limit, r in calls if h == k] for k in range(1, 6)]
    assert all(1 <= len(tries) <= 2 for tries in rounds)
    assert any(len(tries) == 2 for tries in rounds)  # 3 s are too few for five rounds
    for tries in rounds:
        if len(tries) == 2:
            (first_limit, first), (second_limit, _) = tries
            assert not cpsat._first_proven(first) and second_limit > first_limit
    # the plan of the last round: its second try unless the first had a lower first tier
    tries = [r for _, r in rounds[-1]]
    kept = tries[-1] if cpsat._first(tries[-1]) <= cpsat._first(tries[0]) else tries[0]
    assert kept.plan is not None
    assert all(plan.unit_of(p, 5) == u for (p, t), u in kept.plan.assignments.items() if t == 5)


def test_a_round_the_rounds_before_leave_no_plan_is_planned_again_with_them() -> None:
    """P027 is due to rotate in round 2 (five years in an internal office by then, not by
    round 1) and has a secondment of rounds 1 and 2 that must start in round 1; nobody
    moves while away. Round 1 planned alone keeps P027 in place for the secondment, and
    round 2 then has no plan: P027 may neither move nor stay. Planned again with round
    1, P027 moves in round 1 and goes from the new unit."""
    s = generate(36, 9, 4, horizon=2).replace(absences=(Absence("P027", "secondment", 2, 1, 1),))
    settings = dataclasses.replace(s.solver, time_limit=30, lp_start=False)
    first = cpsat._plan_round(s, None, 1, settings, 10, False)
    assert first is not None and first.plan is not None
    assert first.plan.unit_of("P027", 1) == s.person["P027"].unit
    second = cpsat._plan_round(s, first.plan, 2, settings, 10, False)
    assert second is not None and second.status == "INFEASIBLE"
    plan = rolling_plan(s, settings)
    assert plan is not None and validate(s, plan) == []
    assert plan.unit_of("P027", 1) != s.person["P027"].unit
    assert plan.unit_of("P027", 2) == plan.unit_of("P027", 1)


@pytest.mark.slow
def test_a_plan_of_the_most_rounds_has_a_plan_in_the_time_its_scenario_gets() -> None:
    """Ten rounds (the most a scenario may have) in the default time limit of ten rounds
    (40 s): in the flat 10 s they had, each round of the start got 0.4 s, none was done
    in it, and the solve ended without a plan."""
    s = generate(40, 8, 1, horizon=10)
    assert s.solver.time_limit == 40
    r = rotation.solve(s)
    assert r.plan is not None and validate(s, r.plan) == []
    assert r.time_limit == 40 and {t for (_, t) in r.plan.assignments} == set(range(1, 11))


def test_rounds_from_the_first_without_a_plan_leave_the_whole_horizon_none() -> None:
    """P1 and P2 are due in round 2 and in probation in round 1; at most one of U1's team
    may leave in a round (hard). Round 2 has no plan after round 1, nor with it: rounds 1
    and 2 have none, so neither has a plan of three rounds, and the solve says so at once
    (naming the rounds; a plan of two rounds has only the reason)."""
    s = _two_due_in_round_2(frozen_in_round_1=True).replace(horizon=3)
    settings = dataclasses.replace(s.solver, time_limit=10)
    assert rolling_plan(s, settings) == cpsat.NoPlan(2)
    r = cpsat.solve(s, time_limit=10)
    assert r.status == "INFEASIBLE" and r.plan is None
    assert "by round 2" in r.message and r.message.endswith(" (already in rounds 1 to 2)")
    assert r.message_zh.endswith("（第1至2轮即已如此）")
    two = cpsat.solve(s.replace(horizon=2), time_limit=10)
    assert two.status == "INFEASIBLE" and two.message == r.message.removesuffix(
        " (already in rounds 1 to 2)"
    )
    whole = cpsat.solve(s.replace(solver=dataclasses.replace(s.solver, rolling_share=0)))
    assert whole.status == "INFEASIBLE"  # the whole model agrees, with no start (share 0)


def test_a_round_past_the_time_given_is_not_tried_with_no_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Round 1 ends after ``until``: round 2 has no share (-0.4 s) and less than none to
    try again with (-0.1 s); a time limit of -0.1 s was refused as an input error."""
    s = generate(36, 9, 4, horizon=2)
    asked: list[float] = []

    def slow_round(*args: Any) -> Result:
        asked.append(args[4])  # the round's time limit
        time.sleep(0.7)
        return Result("FEASIBLE", Plan(s, {}), tiers=(TierResult(("x",), 1.0, 0.0, "FEASIBLE"),))

    monkeypatch.setattr(cpsat, "_plan_round", slow_round)
    settings = dataclasses.replace(s.solver, time_limit=0.3)
    assert rolling_plan(s, settings, until=time.perf_counter() + 0.6) is None
    assert len(asked) == 1 and asked[0] > 0
