"""Checker of the rules that forbid (person, unit, role) placements: each spec's
``breach`` is the rule, so one checker serves education, full term, promotion
eligibility, 15 years at a level, and regional and business avoidance."""

from __future__ import annotations

from rotation.plan import Plan
from rotation.rules import PairRule
from rotation.scenario import Scenario
from rotation.validate.common import Violation


def check_pair_rule(scenario: Scenario, plan: Plan, spec: PairRule) -> list[Violation]:
    """One record for every placement in the plan that the spec forbids; for a dated rule
    also for every post newly taken in a later round (unit or role not held the round
    before) that ``breach_in`` forbids on that round's date."""
    out = []
    for p in scenario.people:
        for t in scenario.periods:
            unit, role = plan.unit_of(p.id, t), plan.role_of(p.id, t)
            if unit is None or role is None or unit not in scenario.unit:
                continue
            breach = spec.breach(scenario, p, scenario.unit[unit], role)
            if breach is None and spec.dated and t > 1:
                before = (plan.unit_of(p.id, t - 1), plan.role_of(p.id, t - 1))
                if before != (unit, role):
                    breach = spec.breach_in(scenario, p, scenario.unit[unit], role, t)
            if breach is not None:
                out.append(Violation(spec.name, t, *breach, person=p.id, unit=unit))
    return out
