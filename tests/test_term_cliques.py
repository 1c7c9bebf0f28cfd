"""The clique cuts of rule 3 (``term_stability``) over several rounds: they keep every
plan and every optimum, and they tighten the linear relaxation that proves a bound."""

from __future__ import annotations

import dataclasses

import highspy
import numpy as np
import pytest

from rotation.generate import generate
from rotation.models import BuiltModel, build_model
from rotation.models.rules import tenure
from rotation.models.variables import linear_terms
from rotation.scenario import Scenario, SolverSettings
from rotation.solvers.cpsat import CpSatBackend, fix_rounds
from rotation.solvers.highs import mip_from_proto

SOLVE = SolverSettings(time_limit=60, workers=1)


def _scenario(seed: int, horizon: int = 3, term_hard: bool = False) -> Scenario:
    s = generate(40, 9, seed, horizon=horizon)
    if term_hard:
        spec = dataclasses.replace(s.rules.term_stability, weight=None)
        s = s.replace(rules=dataclasses.replace(s.rules, term_stability=spec))
    return s


def _without_cliques(monkeypatch: pytest.MonkeyPatch, s: Scenario) -> BuiltModel:
    with monkeypatch.context() as m:
        m.setattr(tenure, "_term_cliques", lambda *args: None)
        return build_model(s)


def _tier1(built: BuiltModel) -> tuple[str, int]:
    outcome = CpSatBackend(built, SOLVE).solve_stage(built.stages[0].expression(), 60)
    return outcome.status, outcome.objective


def _lp_bound(built: BuiltModel) -> float:
    """The linear relaxation's value of tier 1 (HiGHS on the same rows)."""
    mip = mip_from_proto(built.ctx.model.proto)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.addVars(mip.num_col, mip.col_lower, mip.col_upper)
    h.addRows(
        mip.num_row, mip.row_lower, mip.row_upper, len(mip.index), mip.starts, mip.index, mip.value
    )
    index, coeffs, offset = linear_terms(built.stages[0].expression())
    cols, where = np.unique(index, return_inverse=True)
    costs = np.bincount(where, weights=coeffs, minlength=len(cols)).astype(np.float64)
    h.changeColsCost(len(cols), cols.astype(np.int32), costs)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getInfo().objective_function_value) + offset


@pytest.mark.parametrize("term_hard", [False, True])
def test_the_cuts_keep_the_optimum(monkeypatch: pytest.MonkeyPatch, term_hard: bool) -> None:
    s = _scenario(seed=11, term_hard=term_hard)
    with_cuts, without = build_model(s), _without_cliques(monkeypatch, s)
    # the cuts are there: more constraints with them than without
    assert len(with_cuts.ctx.model.proto.constraints) > len(without.ctx.model.proto.constraints)
    status, best = _tier1(with_cuts)
    assert status == "OPTIMAL"
    assert _tier1(without) == (status, best)


def test_the_cuts_keep_every_plan_and_its_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan found without the cuts, fixed in the model with them, is still a solution
    and costs the same in tier 1 (each cut holds for every integer solution, with the
    penalty variables at their exact values)."""
    s = _scenario(seed=5)
    without = _without_cliques(monkeypatch, s)
    backend = CpSatBackend(without, SOLVE)
    expression = without.stages[0].expression()
    outcome = backend.solve_stage(expression, 60)
    assert outcome.value is not None
    from rotation.solvers.staged import extract_plan

    plan = extract_plan(without, outcome.value)
    with_cuts = build_model(s)
    fix_rounds(with_cuts, plan, before=s.horizon + 1)
    assert _tier1(with_cuts) == ("OPTIMAL", outcome.objective)


def test_the_cuts_raise_the_linear_relaxation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Five rounds: a leader "half moved" in every round no longer passes for free."""
    s = _scenario(seed=11, horizon=5)
    loose, tight = _lp_bound(_without_cliques(monkeypatch, s)), _lp_bound(build_model(s))
    assert tight > loose + 1


def test_no_cuts_in_the_switchable_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Explanations switch single pairs off; a cut over several pairs would still hold."""
    s = _scenario(seed=11, term_hard=True)
    count = len(build_model(s, switchable=True).ctx.model.proto.constraints)
    with monkeypatch.context() as m:
        m.setattr(tenure, "_term_cliques", lambda *args: None)
        assert len(build_model(s, switchable=True).ctx.model.proto.constraints) == count
    assert len(build_model(s).ctx.model.proto.constraints) > len(
        _without_cliques(monkeypatch, s).ctx.model.proto.constraints
    )
