"""The clique cuts of rule 3 (``term_stability``) over several rounds: they keep every
plan and every optimum, and they tighten the linear relaxation that proves a bound."""

from __future__ import annotations

import dataclasses

import pytest

from rotation.generate import generate
from rotation.models import BuiltModel, build_model
from rotation.models.rules import tenure
from rotation.scenario import Scenario, SolverSettings
from rotation.solvers.cpsat import CpSatBackend, fix_rounds
from rotation.solvers.highs import relaxation

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
    lp = relaxation(built.ctx.model.proto, built.stages[0].expression(), time_limit=60)
    assert lp is not None
    return lp.exact


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


def _with_due_exemption(monkeypatch: pytest.MonkeyPatch, s: Scenario) -> BuiltModel:
    """The model with rule 3's exemption of due moves written out in every round."""
    with monkeypatch.context() as m:
        m.setattr(tenure, "_due_after_a_term", lambda *args: False)
        return build_model(s)


@pytest.mark.parametrize(("seed", "term_hard"), [(11, False), (11, True), (4, False)])
def test_a_due_move_after_a_full_term_needs_no_exemption(
    monkeypatch: pytest.MonkeyPatch, seed: int, term_hard: bool
) -> None:
    """Every tenure limit is at least the term (5 and 10 years against 5): a leader due to
    move has stayed through the term, so rule 3 never charged that move, and leaving the
    exemption out keeps tier 1's optimum."""
    s = _scenario(seed=seed, term_hard=term_hard)
    status, best = _tier1(build_model(s))
    assert status == "OPTIMAL"
    assert _tier1(_with_due_exemption(monkeypatch, s)) == (status, best)


def _kept_exemptions(s: Scenario) -> int:
    """The (leader, round) pairs of rule 3 whose due moves keep their exemption."""
    from rotation.models.horizon import later_rounds, stays_for

    ctx = build_model(s).ctx
    spec = s.rules.term_stability
    return sum(
        not tenure._due_after_a_term(ctx, p.id, t, stays)
        for p in s.people
        if p.role in spec.roles
        for t in later_rounds(ctx)
        if spec.binds_in(s, p.id, t)
        and (stays := stays_for(ctx, p.id, t, spec.term_years)) != []
        and not isinstance(tenure.due(ctx, p.id, t), int)
    )


def test_a_limit_shorter_than_the_term_keeps_the_exemption(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a term of 8 years and limits of 5 and 10, a due move after 5 years comes
    within a term: those rounds keep the exemption, and the optimum is the one of the
    model that writes it out everywhere."""
    s = _scenario(seed=11)
    assert _kept_exemptions(s) == 0  # limits of 5 and 10 against a term of 5
    spec = dataclasses.replace(s.rules.term_stability, term_years=8)
    s = s.replace(rules=dataclasses.replace(s.rules, term_stability=spec))
    assert _kept_exemptions(s) > 0
    assert _tier1(build_model(s)) == _tier1(_with_due_exemption(monkeypatch, s))


def test_leaving_the_exemption_out_raises_the_linear_relaxation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Five rounds: a leader partly due in several rounds no longer moves twice for free."""
    s = _scenario(seed=11, horizon=5)
    loose = _lp_bound(_with_due_exemption(monkeypatch, s))
    assert _lp_bound(build_model(s)) > loose + 1
