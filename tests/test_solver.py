"""The CP-SAT runner: tiers solved in order, each bounded, hints that survive presolve."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from rotation.models import build_model
from rotation.solvers.cpsat import configure, hint_plan, solve
from rotation.validate import penalties, validate
from tests.helpers import person, scenario, unit


def _district():  # type: ignore[no-untyped-def]
    # P1 must leave U1 (6 years); P2 wishes to go to U3, P1 to U2: moves and wishes in tiers
    return scenario(
        [unit("U1", 1, 3), unit("U2", 1, 3), unit("U3", 1, 3)],
        [
            person("P1", "U1", 6, prefs=("U2", "U3")),
            person("P2", "U1", 2, prefs=("U3",)),
            person("P3", "U2", 2),
            person("P4", "U3", 2),
        ],
    )


def test_tiers_are_solved_in_order_and_reported() -> None:
    s = _district()
    r = solve(s)
    assert r.status == "OPTIMAL"
    assert [t.rules for t in r.tiers] == [("fewest_moves",), ("preferences",)]
    assert all(t.status == "OPTIMAL" and t.value == t.bound for t in r.tiers)
    # tier 1 first: no voluntary move; then P1 gets their first wish
    assert r.tiers[0].value == 0 and r.tiers[1].value == 0
    assert r.plan is not None and r.plan.unit_of("P1", 1) == "U2"
    assert validate(s, r.plan) == []
    recomputed = penalties(s, r.plan)
    assert r.tiers[1].value == recomputed["preferences"] * s.rules.preferences.weight
    assert r.bound == r.objective


def test_weighted_mode_is_one_stage() -> None:
    s = _district()
    s = s.replace(objective=type(s.objective)(mode="weighted"))
    r = solve(s)
    assert r.status == "OPTIMAL" and len(r.tiers) == 1
    assert r.tiers[0].rules == ("fewest_moves", "preferences")


def test_the_hint_for_the_next_tier_is_a_complete_feasible_plan() -> None:
    built = build_model(_district())
    model = built.ctx.model
    solver = cp_model.CpSolver()
    configure(solver, built.ctx.scenario.solver)
    model.minimize(built.stages[0].expression())
    assert solver.solve(model) == cp_model.OPTIMAL
    hint_plan(built, list(solver.response_proto.solution))
    # presolve must not lose the hint: fixing every variable to it still gives a solution
    check = cp_model.CpSolver()
    check.parameters.fix_variables_to_their_hinted_value = True
    check.parameters.num_workers = 1
    assert check.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert model.validate() == ""


@pytest.mark.parametrize("mode", ["tiers", "weighted"])
def test_objective_equals_the_validators(mode: str) -> None:
    s = _district()
    s = s.replace(objective=type(s.objective)(mode=mode))
    r = solve(s)
    assert r.plan is not None
    from rotation.validate import objective

    assert objective(s, r.plan) == pytest.approx(r.objective)
