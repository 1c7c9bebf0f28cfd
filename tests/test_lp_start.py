"""Each stage's start from the linear relaxation (``CpSatBackend.lp_start`` in
:mod:`rotation.solvers.cpsat`): the plan near the LP optimum, the proof when the LP meets
it, and reduced-cost fixing."""

from __future__ import annotations

import dataclasses

import pytest
from ortools.sat.python import cp_model

from rotation.generate import generate, generate_preset
from rotation.models import build_model
from rotation.scenario import Scenario, SolverSettings
from rotation.solvers.cpsat import CpSatBackend, solve
from rotation.solvers.highs import relaxation
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
    proven = CpSatBackend(built, SETTINGS).lp_start(tier1, budget=5)
    assert proven is not None and proven.status == "OPTIMAL"
    alone = build_model(s)
    backend = CpSatBackend(alone, dataclasses.replace(SETTINGS, lp_start=False))
    best = backend.solve_stage(alone.stages[0].expression(), 30)
    # the plan next to the LP optimum is a plan, and on the district the optimum itself
    assert _hinted_value(built.ctx.model, tier1) == proven.objective == best.objective
    assert proven.objective / built.stages[0].scale == 310  # tier 1 in its rules' weights


@pytest.mark.parametrize("seed", [3, 8, 11, 12, 13])
def test_the_same_optimum_with_and_without_the_start(seed: int) -> None:
    """Every stage starts from its LP and is narrowed by reduced costs: the tiers' optima
    are those of the solve without."""
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
    backend = CpSatBackend(built, SETTINGS)
    assert backend.lp_start(built.stages[0].expression(), budget=5) is None
    assert not backend.guided
    assert not built.ctx.model.proto.solution_hint.vars


def _backend(s: Scenario, **settings: object) -> CpSatBackend:
    return CpSatBackend(build_model(s), dataclasses.replace(SETTINGS, **settings))


def test_which_models_start_from_the_lp() -> None:
    s = generate(30, 8, 1)
    assert _backend(s).guided
    assert not _backend(s, lp_start=False).guided
    assert not _backend(s, large_model=100).guided  # large: the LP itself is the work
    assert not _backend(s.replace(horizon=2)).guided  # several rounds start round by round
    hinted = build_model(s)
    var = next(iter(hinted.ctx.x.values()))
    hinted.ctx.model.add_hint(var, 1)
    assert not CpSatBackend(hinted, SETTINGS).guided  # a start given is kept


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
    s = generate(45, 10, 5)  # tier 1: LP below the optimum
    built = build_model(s)
    backend = CpSatBackend(built, SETTINGS)
    outcome = backend.solve_stage(built.stages[0].expression(), 30)
    assert outcome.status == "OPTIMAL"
    assert backend.solver.response_proto.status == cp_model.OPTIMAL  # CP-SAT proved it


def test_reduced_cost_fixing_on_a_case_worked_by_hand() -> None:
    """min x + 2y + 3z + 4 s.t. x + y + z >= 1 over Booleans: the LP puts x = 1 (value 5)
    with the row's dual 1, so the reduced costs are 0, 1 and 2. Capped at 5 (the
    optimum) every plan has y = z = 0; capped at 6, z = 0 still (its cost 2 > 6 - 5) but
    y may be 1."""
    model = cp_model.CpModel()
    x, y, z = (model.new_bool_var(n) for n in "xyz")
    model.add(x + y + z >= 1)
    lp = relaxation(model.proto, x + 2 * y + 3 * z + 4, time_limit=5)
    assert lp is not None and lp.bound == 5
    assert lp.reduced.tolist() == pytest.approx([0, 1, 2])
    cols, lower, upper = lp.fixings(5)
    assert (cols.tolist(), lower.tolist(), upper.tolist()) == ([1, 2], [0, 0], [0, 0])
    cols, lower, upper = lp.fixings(6)
    assert (cols.tolist(), lower.tolist(), upper.tolist()) == ([2], [0], [0])
    assert lp.fixings(7)[0].tolist() == []  # z = 1 alone costs 7: nothing is ruled out


def test_the_later_stages_start_narrowed_and_keep_their_optima() -> None:
    """After tier 1 of the district, the columns its LP's reduced costs rule out are
    fixed in the model; tier 3 is then started from its own LP, narrowed again, and
    reaches the optimum of the model without any of it."""
    s = generate_preset("district")
    built = build_model(s)
    backend = CpSatBackend(built, SETTINGS)
    tier1, tier3 = built.stages[0].expression(), built.stages[1].expression()
    first = backend.solve_stage(tier1, 30)
    backend.bound_stage(tier1, first.objective)
    fixed = [v for v in built.ctx.model.proto.variables if v.domain[0] == v.domain[1]]
    third = backend.solve_stage(tier3, 30)
    assert third.status == "OPTIMAL"
    narrowed = [v for v in built.ctx.model.proto.variables if v.domain[0] == v.domain[1]]
    assert len(narrowed) > len(fixed) > 0
    plain = build_model(s)
    off = CpSatBackend(plain, dataclasses.replace(SETTINGS, lp_start=False))
    expression = plain.stages[0].expression()
    off.bound_stage(expression, off.solve_stage(expression, 30).objective)
    assert off.solve_stage(plain.stages[1].expression(), 30).objective == third.objective


def test_the_plan_near_the_lp_keeps_the_last_stages_plan_within_reach() -> None:
    """RINS after a stage fixes only the placements on which the LP and the last plan
    agree, so the small model holds that plan: it always has one, no worse."""
    from rotation.models.variables import reader
    from rotation.solvers.cpsat import lp_neighbour
    from rotation.solvers.highs import LinearRelaxation

    s = generate(45, 10, 3)
    built = build_model(s)
    backend = CpSatBackend(built, dataclasses.replace(SETTINGS, lp_start=False))
    tier1, tier3 = built.stages[0].expression(), built.stages[1].expression()
    backend.bound_stage(tier1, backend.solve_stage(tier1, 30).objective)
    incumbent = backend.solution
    lp = LinearRelaxation(built.ctx.model.proto).solve(tier3, 10)
    assert lp is not None
    near = lp_neighbour(built, lp, tier3, incumbent, time_limit=10)
    assert near is not None
    assert lp.bound <= reader(near)(tier3) <= reader(incumbent)(tier3)
    assert _hinted_value(built.ctx.model, tier3) == reader(near)(tier3)


def test_a_fixing_that_would_empty_a_domain_is_left_out() -> None:
    """A fixing that contradicts a domain could only come from rounding in an LP: the
    column keeps its domain rather than leave the model with none."""
    import numpy as np

    from rotation.solvers.highs import Relaxation

    built = build_model(generate(30, 8, 1))
    backend = CpSatBackend(built, SETTINGS)
    backend.solve_stage(built.stages[0].expression(), 30)  # builds the LP
    assert backend.relaxation is not None
    j = next(iter(built.ctx.x.values())).index
    one = np.array([j])
    backend.relaxation.narrow(one, one * 0 + 1, one * 0 + 1)
    domain = built.ctx.model.proto.variables[j].domain
    domain[0] = domain[1] = 1
    n = len(built.ctx.model.proto.variables)
    reduced = np.zeros(n)
    reduced[j] = 5.0  # "x_j rises at most 1/5 above 0" for the stage at most 1
    lp = Relaxation(np.zeros(n), 0, 0.0, reduced, np.zeros(n), np.ones(n))
    assert lp.fixings(1)[0].tolist() == [j]
    backend.narrow(lp, reached=1)
    assert list(domain) == [1, 1]
    assert backend.relaxation.mip.col_lower[j] == backend.relaxation.mip.col_upper[j] == 1
