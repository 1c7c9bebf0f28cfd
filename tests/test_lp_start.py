"""The first stage's start from the linear relaxation (:func:`rotation.solvers.cpsat.lp_start`)."""

from __future__ import annotations

import dataclasses

import pytest
from ortools.sat.python import cp_model

from rotation.generate import generate, generate_preset
from rotation.models import build_model
from rotation.scenario import Scenario, SolverSettings
from rotation.solvers.cpsat import CpSatBackend, lp_start, solve
from rotation.validate import validate

SETTINGS = SolverSettings(time_limit=30)


def _hinted_value(model: cp_model.CpModel, expression: cp_model.LinearExpr) -> int:
    """The expression's value in the model's hint, checked to be a solution: every
    variable fixed to its hint, the model must still be solvable."""
    fixed = model.clone()
    hint = fixed.proto.solution_hint
    assert len(hint.vars) == len(fixed.proto.variables)  # every variable hinted
    for index, value in zip(hint.vars, hint.values, strict=True):
        domain = fixed.proto.variables[index].domain
        domain[0] = domain[1] = value
    fixed.minimize(expression)
    solver = cp_model.CpSolver()
    assert solver.solve(fixed) == cp_model.OPTIMAL
    return round(solver.objective_value)


def test_the_district_starts_from_an_optimal_plan() -> None:
    s = generate_preset("district")
    built = build_model(s)
    tier1 = built.stages[0].expression()
    assert lp_start(built, tier1, budget=5)
    alone = build_model(s)
    backend = CpSatBackend(alone, dataclasses.replace(SETTINGS, lp_start=False))
    best = backend.solve_stage(alone.stages[0].expression(), 30)
    # the plan next to the LP optimum is a plan, and on the district the optimum itself
    assert _hinted_value(built.ctx.model, tier1) == best.objective == 310


@pytest.mark.parametrize("seed", [3, 8])
def test_the_same_optimum_with_and_without_the_start(seed: int) -> None:
    s = generate(45, 10, seed)
    with_start = solve(s, time_limit=30)
    off = dataclasses.replace(s.solver, lp_start=False)
    without = solve(s.replace(solver=off), time_limit=30)
    assert with_start.status == without.status == "OPTIMAL"
    assert [t.value for t in with_start.tiers] == [t.value for t in without.tiers]
    assert with_start.plan is not None and validate(s, with_start.plan) == []


def test_no_start_for_the_explanation_model() -> None:
    """The switchable model has enforcement literals, which no LP expresses: no hint."""
    built = build_model(generate(30, 8, 1), switchable=True)
    assert not lp_start(built, built.stages[0].expression(), budget=5)
    assert not built.ctx.model.proto.solution_hint.vars


def _backend(s: Scenario, **settings: object) -> CpSatBackend:
    return CpSatBackend(build_model(s), dataclasses.replace(SETTINGS, **settings))


def test_which_models_start_from_the_lp() -> None:
    s = generate(30, 8, 1)
    assert _backend(s).lp_start
    assert not _backend(s, lp_start=False).lp_start
    assert not _backend(s, large_model=100).lp_start  # large: the LP itself is the work
    assert not _backend(s.replace(horizon=2)).lp_start  # several rounds start round by round
    hinted = build_model(s)
    var = next(iter(hinted.ctx.x.values()))
    hinted.ctx.model.add_hint(var, 1)
    assert not CpSatBackend(hinted, SETTINGS).lp_start  # a start given is kept


def test_an_lp_bound_met_by_the_plan_next_to_it_proves_it_without_a_search() -> None:
    s = generate(40, 9, 1)  # its tier-1 LP value is the optimum
    built = build_model(s)
    backend = CpSatBackend(built, SETTINGS)

    def no_search(model: cp_model.CpModel) -> None:
        raise AssertionError("CP-SAT searched although the LP proves the plan")

    backend.solver.solve = no_search  # type: ignore[method-assign, assignment]
    outcome = backend.solve_stage(built.stages[0].expression(), 30)
    assert outcome.status == "OPTIMAL" and outcome.objective == outcome.bound
    alone = build_model(s)
    check = CpSatBackend(alone, dataclasses.replace(SETTINGS, lp_start=False))
    assert check.solve_stage(alone.stages[0].expression(), 30).objective == outcome.objective
    # the next stage starts from that plan: a complete hint of the decisions
    backend.bound_stage(built.stages[0].expression(), outcome.objective)
    assert len(built.ctx.model.proto.solution_hint.vars) >= len(built.ctx.x)


def test_an_lp_below_the_plan_next_to_it_leaves_the_proof_to_cp_sat() -> None:
    s = generate(45, 10, 3)  # tier 1: LP below the optimum
    built = build_model(s)
    backend = CpSatBackend(built, SETTINGS)
    outcome = backend.solve_stage(built.stages[0].expression(), 30)
    assert outcome.status == "OPTIMAL"
    assert backend.solver.response_proto.status == cp_model.OPTIMAL  # CP-SAT proved it
