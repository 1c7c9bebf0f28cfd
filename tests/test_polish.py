"""Moves that no rule needs are taken out of a plan not proven optimal (solver-free)."""

from __future__ import annotations

from dataclasses import replace

import pytest

import rotation
from rotation.errors import ScenarioError
from rotation.plan import Plan
from rotation.reasons import explain_moves
from rotation.result import Result, TierResult
from rotation.scenario import Scenario, SolverSettings
from rotation.solvers import cpsat
from rotation.solvers.polish import _undone, polished, without_optional_moves
from rotation.validate import objective, tier_values, validate
from tests.helpers import person, plan_of, scenario, unit


def paths(s: Scenario, moved: dict[str, list[str]]) -> Plan:
    """A plan over ``s.horizon`` rounds: everyone stays except the paths in ``moved``."""
    units = {p.id: [p.unit] * s.horizon for p in s.people} | moved
    return Plan(s, {(pid, t): u for pid, us in units.items() for t, u in enumerate(us, 1)})


def kinds(plan: Plan) -> list[str]:
    return [reasons[0].kind for _, reasons in explain_moves(plan)]


def result_of(plan: Plan, status: str) -> Result:
    s = plan.scenario
    tiers = tuple(
        TierResult(tuple(spec.name for spec in tier), value, 0.0, status)
        for tier, value in zip(s.objective.tiers_for(s.rules), tier_values(s, plan), strict=True)
    )
    return Result(status, plan, objective=objective(s, plan), tiers=tiers, wall_time=1.0)


def test_a_move_no_rule_needs_is_undone():
    s = scenario([unit("U1"), unit("U2")], [person("P1", "U1"), person("P2", "U2")])
    plan = plan_of(s, {"P1": "U2"})
    assert kinds(plan) == ["optional"]
    better = without_optional_moves(plan)
    assert better.unit_of("P1", 1) == "U1"
    assert list(better.iter_moves()) == []
    assert validate(s, better) == []
    assert tier_values(s, better) < tier_values(s, plan)


def test_a_move_a_rule_needs_stays():
    # nine years in U1 against a limit of five: the move is due
    s = scenario([unit("U1"), unit("U2")], [person("P1", "U1", 9), person("P2", "U2")])
    plan = plan_of(s, {"P1": "U2"})
    assert without_optional_moves(plan) is plan


def test_the_move_is_undone_for_every_round_spent_in_the_new_unit():
    # P1 (one year in U1) goes to U2 in round 1 for no reason and on to U3 in round 3.
    # Undone, P1 stays in U1 until round 3 and then goes to U3, for no reason either (three
    # years in U1 by then): undone on the next pass
    s = scenario([unit("U1"), unit("U2"), unit("U3")], [person("P1", "U1", 1)])
    s = s.replace(horizon=3)
    plan = paths(s, {"P1": ["U2", "U2", "U3"]})
    assert kinds(plan) == ["optional", "optional"]
    better = without_optional_moves(plan)
    assert [better.unit_of("P1", t) for t in (1, 2, 3)] == ["U1", "U1", "U1"]
    assert validate(s, better) == []


def test_an_undo_that_would_break_a_hard_rule_is_not_made():
    # U2 needs one person. P2 has 4½ years there and must leave in round 2 (limit 5); P1
    # comes from U1 in round 1, a round early: undone in round 1 alone, P1 would come in
    # round 2 (no worse, and no better: still two moves); undone for good, U2 would be
    # empty in round 2. Neither is taken.
    s = scenario(
        [unit("U1"), unit("U2", 1, 10), unit("U3")],
        [person("P1", "U1"), person("P2", "U2", 4.5)],
    ).replace(horizon=2)
    plan = paths(s, {"P1": ["U2", "U2"], "P2": ["U2", "U3"]})
    assert validate(s, plan) == []
    move, reasons = explain_moves(plan)[0]
    assert reasons[0].kind == "optional"
    assert reasons[0].en == "no rule requires this move in 2027 (a year later would do as well)"
    assert reasons[0].zh == "此交流非2027年所必需（推迟一年方案亦不变差）"
    assert [v.rule for v in validate(s, _undone(plan, move, whole=True))] == ["headcount"]
    assert tier_values(s, _undone(plan, move, whole=False)) == tier_values(s, plan)
    assert without_optional_moves(plan) is plan


def test_a_result_not_proven_optimal_is_polished_and_recosted():
    s = scenario([unit("U1"), unit("U2")], [person("P1", "U1"), person("P2", "U2")])
    plan = plan_of(s, {"P1": "U2"})
    found = polished(result_of(plan, "FEASIBLE"))
    assert found.plan is not None and list(found.plan.iter_moves()) == []
    assert found.objective == objective(s, found.plan) < objective(s, plan)
    assert [t.value for t in found.tiers] == tier_values(s, found.plan)
    assert found.status == "FEASIBLE" and found.wall_time >= 1.0


def test_a_proven_result_is_left_as_it_is():
    s = scenario([unit("U1"), unit("U2")], [person("P1", "U1"), person("P2", "U2")])
    proven = result_of(plan_of(s, {"P1": "U2"}), "OPTIMAL")
    assert polished(proven) is proven


def test_the_polish_stops_at_its_deadline():
    s = scenario([unit("U1"), unit("U2")], [person("P1", "U1"), person("P2", "U2")])
    plan = plan_of(s, {"P1": "U2"})
    assert without_optional_moves(plan, deadline=0.0) is plan
    late = result_of(plan, "FEASIBLE")
    assert polished(late, deadline=0.0).plan is plan


def test_the_solve_keeps_the_polish_share_of_the_time_limit_back(monkeypatch):
    """The solver gets the time limit less ``polish_share``; the result and its message
    give the caller's limit."""
    s = scenario([unit("U1"), unit("U2")], [person("P1", "U1"), person("P2", "U2")])
    plan = plan_of(s, {"P1": "U2"})
    limits: list[float] = []
    status = "FEASIBLE"

    def run(scenario: Scenario, *, time_limit: float, **_: object) -> Result:
        limits.append(time_limit)
        if status == "UNKNOWN":
            return Result("UNKNOWN", None, message="no plan was found within 19 s", wall_time=19)
        return result_of(plan, status)

    monkeypatch.setattr(cpsat, "solve", run)
    found = rotation.solve(s, time_limit=20)
    assert limits == [20 * (1 - s.solver.polish_share)] and s.solver.polish_share == 0.05
    assert found.time_limit == 20
    assert found.plan is not None and list(found.plan.iter_moves()) == []  # polished
    rotation.solve(s.replace(solver=replace(s.solver, polish_share=0)), time_limit=20)
    assert limits[-1] == 20
    status = "UNKNOWN"
    lost = rotation.solve(s, time_limit=20)
    assert lost.time_limit == 20
    assert lost.message == "no plan was found within 20 s; allow more time"
    assert lost.message_zh == "20秒内未找到方案，请延长求解时间"


def test_the_polish_share_is_read_and_checked():
    with pytest.raises(ScenarioError, match="polish_share") as caught:
        SolverSettings(polish_share=1.0)
    assert caught.value.column == "polish_share"
    assert SolverSettings(polish_share=0).polish_share == 0
