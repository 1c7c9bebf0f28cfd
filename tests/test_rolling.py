"""The round-by-round start of a plan of several rounds (``rolling_plan`` in
:mod:`rotation.solvers.cpsat`): each round a model with the rounds before decided."""

from __future__ import annotations

import dataclasses
import time

import pytest

from rotation.generate import generate
from rotation.models import build_model
from rotation.models.variables import Decided
from rotation.scenario import SolverSettings
from rotation.solvers.cpsat import CpSatBackend, fix_rounds, rolling_plan
from rotation.solvers.staged import run_stages
from rotation.validate import validate

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
