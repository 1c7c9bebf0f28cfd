"""Checker of retirement (rule 40): the retired hold no post."""

from __future__ import annotations

from typing import Any

from rotation.facts import retire_date, retired_by
from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import Names, Violation


def check_retirement(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Everyone retired by a round's date has no unit in it."""
    n, out = Names(scenario), []
    for p in scenario.people:
        for t in scenario.periods:
            unit = plan.unit_of(p.id, t)
            if unit is not None and retired_by(scenario, p.id, t):
                day = retire_date(p, spec)
                out.append(
                    Violation(
                        "retirement",
                        t,
                        f"{n.p(p.id)} retires on {day} but is placed in {n.u(unit)} in {n.r(t)}",
                        f"{n.p(p.id)} 于{day}退休，{n.r(t, 'zh')}却仍安排在{n.u(unit)}",
                        person=p.id,
                        unit=unit,
                    )
                )
    return out
