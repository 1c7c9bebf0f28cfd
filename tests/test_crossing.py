"""Counties that exchange some roles (``rotation_scope.across_roles``): the counties'
plans, the LP bound of the whole model, and the whole model for the moves that cross
(:mod:`rotation.solvers.crossing`)."""

from __future__ import annotations

import dataclasses

import pytest

from rotation.generate import generate
from rotation.models import build_model
from rotation.result import Result
from rotation.scenario import Scenario
from rotation.solvers import crossing, decompose, solve
from rotation.validate import validate


def _heads_cross(s: Scenario) -> Scenario:
    scope = dataclasses.replace(s.rules.rotation_scope, across_roles=("head",))
    return s.replace(rules=dataclasses.replace(s.rules, rotation_scope=scope))


@pytest.fixture(scope="module")
def three() -> Scenario:
    """Three counties of 40 people whose unit heads may move to another county."""
    return _heads_cross(generate(120, 24, 4, counties=3))


def _crossings(s: Scenario, r: Result) -> int:
    assert r.plan is not None
    return sum(
        s.unit[p.unit].county != s.unit[r.plan.assignments[(p.id, 1)]].county
        for p in s.people
        if (p.id, 1) in r.plan.assignments
    )


def test_it_applies_only_where_crossing_roles_join_the_counties(three: Scenario) -> None:
    assert decompose.split(three) == [three]  # heads may go anywhere: one model
    counties = crossing.applies(three)
    assert counties is not None and len(counties) == 3
    assert crossing.applies(crossing.confined(three)) is None  # nobody crosses: split
    assert crossing.applies(generate(40, 9, 1)) is None  # one district


def test_same_optimum_as_the_whole_model(three: Scenario) -> None:
    mine = solve(three, time_limit=60)
    whole = solve(three, time_limit=60, decompose=False)
    assert mine.status == whole.status == "OPTIMAL"
    assert [t.value for t in mine.tiers] == [t.value for t in whole.tiers]
    assert mine.plan is not None and validate(three, mine.plan) == []
    # heads did cross: the counties' plans alone were improved by the whole model
    assert _crossings(three, mine) > 0


def test_the_lp_bounds_each_tier_below_the_optimum(three: Scenario) -> None:
    """Step 2 on the counties' plan: every bound is at most the lexicographic optimum's
    tier, a tier called OPTIMAL has its value as bound, and the first tier not proven
    is the last with a bound above 0."""
    counties = crossing.applies(three)
    assert counties is not None
    first = decompose.solve(crossing.confined(three), counties, time_limit=60)
    assert first.plan is not None
    best = solve(three, time_limit=60, decompose=False)
    tiers = crossing._lp_bounds(build_model(three), first.plan, deadline=float("inf"))
    open_at = next((k for k, t in enumerate(tiers) if t.status != "OPTIMAL"), len(tiers))
    for k, (tier, optimum) in enumerate(zip(tiers, best.tiers, strict=True)):
        if k < open_at:
            assert tier.bound == tier.value == optimum.value
        elif k == open_at:
            assert 0 < tier.bound <= optimum.value <= tier.value
        else:
            assert tier.bound == 0 and tier.status == "FEASIBLE"


def test_above_the_limit_the_counties_plan_comes_without_a_bound(
    three: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crossing, "WHOLE_MODEL_PEOPLE", 10)
    r = solve(three, time_limit=60)
    assert r.status == "FEASIBLE" and r.bound is None
    assert all(t.bound == 0 and t.status == "FEASIBLE" for t in r.tiers)
    assert r.plan is not None and validate(three, r.plan) == []
    assert _crossings(three, r) == 0  # the counties' own plans


def test_without_a_plan_for_the_counties_the_whole_model_is_solved(
    three: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decompose, "solve", lambda *args, **kwargs: Result("UNKNOWN", None))
    r = solve(three, time_limit=60)
    assert r.status == "OPTIMAL" and r.plan is not None
    assert validate(three, r.plan) == []
