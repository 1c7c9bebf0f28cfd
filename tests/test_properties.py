"""Property tests with every rule on: random districts from the generator (unseen data
with all the fields the rules read) give plans that pass the solver-free checker, and each
tier's value equals the one recomputed from the plan alone; so do random districts of a
few rounds with planned hires, absences to schedule and posts left to recruitment."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rotation.facts import retired_by
from rotation.generate import generate
from rotation.result import Result
from rotation.scenario import Absence, Hire, Scenario
from rotation.solvers.cpsat import solve
from rotation.validate import objective, tier_values, validate
from tests.helpers import with_rules

SKILLS = ("law", "finance", "audit")
SLOW_EXAMPLES = settings(
    deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
"""Each example is a solve of up to 10 s: no deadline, the same examples on every run."""


def _assert_checked(s: Scenario, r: Result) -> None:
    """``r`` has a plan that validates, and the model's values are the checker's: the
    objective, each tier's value, and the bound of a tier proven optimal."""
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


@settings(max_examples=10, parent=SLOW_EXAMPLES)
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
    _assert_checked(s, solve(s, time_limit=10))


@settings(max_examples=6, parent=SLOW_EXAMPLES)
@given(
    people=st.integers(36, 60),
    units=st.integers(8, 12),
    seed=st.integers(0, 10_000),
    horizon=st.integers(1, 3),
    hires=st.integers(1, 3),
    absences=st.integers(0, 3),
    vacancies=st.booleans(),
)
# two cases where the checker once counted neither the hires nor the people away in a
# unit's workload, and the model counted them otherwise: an optimal tier whose value
# was above its bound
@example(people=48, units=11, seed=108, horizon=1, hires=3, absences=0, vacancies=False)
@example(people=41, units=9, seed=101, horizon=2, hires=3, absences=2, vacancies=False)
def test_random_districts_with_hires_absences_and_vacancies_validate(
    people: int, units: int, seed: int, horizon: int, hires: int, absences: int, vacancies: bool
) -> None:
    try:
        s = generate(people, units, seed, horizon=horizon)
    except ValueError:
        return
    pick = random.Random(seed)
    recruits = tuple(
        Hire(f"H{i}", pick.randint(1, horizon), frozenset(pick.sample(SKILLS, pick.randint(0, 2))))
        for i in range(hires)
    )
    here = [p.id for p in s.people if not retired_by(s, p.id, horizon)]
    away = []
    for pid in pick.sample(here, absences):
        first = pick.randint(1, horizon)
        kind = pick.choice(("training", "secondment"))
        away.append(Absence(pid, kind, pick.randint(1, 2), first, pick.randint(first, horizon)))
    s = s.replace(hires=recruits, absences=tuple(away))
    if vacancies:
        s = with_rules(s, vacancies={"enabled": True})
    _assert_checked(s, solve(s, time_limit=10))
