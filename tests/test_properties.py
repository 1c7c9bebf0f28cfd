"""Property tests with every rule on: random districts from the generator (unseen data
with all the fields the rules read) give plans that pass the solver-free checker, and each
tier's value equals the one recomputed from the plan alone."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotation.generate import generate
from rotation.solvers.cpsat import solve
from rotation.validate import objective, tier_values, validate


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    people=st.integers(36, 60),
    units=st.integers(8, 12),
    seed=st.integers(0, 10_000),
)
def test_random_districts_with_every_rule_validate(people: int, units: int, seed: int) -> None:
    try:
        s = generate(people, units, seed)
    except ValueError:  # the generator refuses sizes it cannot staff
        return
    r = solve(s, time_limit=10)
    assert r.status in ("OPTIMAL", "FEASIBLE"), r.message
    assert r.plan is not None
    assert validate(s, r.plan) == []
    assert objective(s, r.plan) == pytest.approx(r.objective)
    tiers = [tuple(spec.name for spec in tier) for tier in s.objective.tiers_for(s.rules)]
    by_rules = dict(zip(tiers, tier_values(s, r.plan), strict=True))
    for tier in r.tiers:
        assert by_rules[tier.rules] == pytest.approx(tier.value), tier.rules
        if tier.status == "OPTIMAL":  # the model's optimum is the checker's cost of the plan
            assert tier.value == pytest.approx(tier.bound), tier.rules
