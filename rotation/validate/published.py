"""Checker of re-planning without disruption: published decisions the plan changes."""

from __future__ import annotations

from typing import Any

from rotation.facts import retired_by
from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import Names, Violation, round_text


def check_keep_published(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """One record per published decision the plan changes: a placement of
    ``Scenario.published`` for someone among the people, in a round of the plan, not
    retired by it, whom the plan puts elsewhere (or nowhere)."""
    n, out = Names(scenario), []
    for rec in scenario.published:
        pid, t = rec.person, rec.period
        if pid not in scenario.person or t not in scenario.periods or retired_by(scenario, pid, t):
            continue
        unit = plan.unit_of(pid, t)
        if unit == rec.unit:
            continue
        where = n.u(unit) if unit is not None else "no unit"
        where_zh = n.u(unit) if unit is not None else "无单位"
        out.append(
            Violation(
                "keep_published",
                t,
                f"{n.p(pid)} is in {where} in {round_text(scenario, t)}, not in "
                f"{n.u(rec.unit)} as published",
                f"{n.p(pid)} {round_text(scenario, t, 'zh')}安排在{where_zh}，"
                f"已公布方案为{n.u(rec.unit)}",
                person=pid,
                unit=unit,
            )
        )
    return out
