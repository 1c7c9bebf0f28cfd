"""Members get no deputy Boolean where a promotion can never pay off
(:func:`rotation.models.variables.promotion_never_pays`), and that keeps the optimum."""

from __future__ import annotations

import dataclasses

import pytest

from rotation.generate import generate
from rotation.models.variables import build_variables, candidate_roles, promotion_never_pays
from rotation.scenario import Scenario
from rotation.solvers import solve
from rotation.validate import validate
from tests.helpers import with_rules


@pytest.fixture(scope="module")
def district() -> Scenario:
    return generate(150, 30, 7)


def _member_deputies(s: Scenario) -> tuple[int, int]:
    """(pairs where a member may be deputy by :func:`candidate_roles`, of those the
    pairs that got a deputy Boolean)."""
    ctx = build_variables(s)
    allowed = kept = 0
    for (pid, uid, _), _var in ctx.x.items():
        p = s.person[pid]
        if p.role != "member":
            continue
        roles = candidate_roles(s, p, s.unit[uid], False)
        if "deputy" in roles and "member" in roles:
            allowed += 1
            kept += "deputy" in ctx.roles.get((pid, uid, 1), {})
    return allowed, kept


def test_members_get_no_deputy_boolean(district: Scenario) -> None:
    assert promotion_never_pays(district)
    allowed, kept = _member_deputies(district)
    assert allowed > 0 and kept == 0


@pytest.mark.parametrize("change", [{"enabled": False}, {"weight": 0}])
def test_guard_keeps_deputies_without_a_promotion_cost(district: Scenario, change: dict) -> None:
    s = with_rules(district, promotions=change)
    assert not promotion_never_pays(s)
    allowed, kept = _member_deputies(s)
    assert allowed > 0 and kept == allowed


def test_a_priced_member_role_keeps_the_deputy(district: Scenario) -> None:
    """A soft regional rule on members only: being deputy there avoids its cost, so the
    deputy Boolean stays exactly where the member role is priced."""
    regions = [u.region for u in district.units if u.region]
    people = tuple(
        dataclasses.replace(p, growth_place=regions[i % len(regions)])
        for i, p in enumerate(district.people)
    )
    s = with_rules(
        district.replace(people=people),
        regional_avoidance={"weight": 7, "roles": ("member",)},
    )
    spec = s.rules.regional_avoidance
    ctx = build_variables(s)
    priced = 0
    for (pid, uid, _), _var in ctx.x.items():
        p, u = s.person[pid], s.unit[uid]
        roles = candidate_roles(s, p, u, False)
        if p.role != "member" or not {"deputy", "member"} <= set(roles):
            continue
        has_deputy = "deputy" in ctx.roles.get((pid, uid, 1), {})
        breached = spec.breach(s, p, u, "member") is not None
        assert has_deputy == breached, (pid, uid)
        priced += breached
    assert priced > 0


def test_same_optimum_with_and_without_member_deputies(monkeypatch: pytest.MonkeyPatch) -> None:
    s = generate(60, 12, 3)
    reduced = solve(s, time_limit=30)
    monkeypatch.setattr("rotation.models.variables.promotion_never_pays", lambda s: False)
    full = solve(s, time_limit=30)
    assert reduced.status == full.status == "OPTIMAL"
    assert reduced.plan is not None and validate(s, reduced.plan) == []
    assert reduced.objective == pytest.approx(full.objective)
    assert [t.value for t in reduced.tiers] == pytest.approx([t.value for t in full.tiers])
