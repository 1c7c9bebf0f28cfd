"""Checkers of the goals: moves beyond the mandatory ones, preferences …"""

from __future__ import annotations

from typing import Any

from rotation.facts import obligations
from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import Names, Violation


def check_fewest_moves(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each move by someone not bound to move counts once."""
    n, out = Names(scenario), []
    for pid, ob in obligations(scenario).items():
        if spec.counts(ob.duty) and plan.moved(pid, 1):
            out.append(
                Violation(
                    "fewest_moves",
                    1,
                    f"{n.p(pid)} moves to {n.u(plan.unit_of(pid, 1))} without being due to",
                    f"{n.p(pid)} 非必需交流，调往{n.u(plan.unit_of(pid, 1))}",
                    person=pid,
                    unit=plan.unit_of(pid, 1),
                )
            )
    return out


def check_preferences(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """A mover's cost is the rank of the unit they get among their wishes."""
    n, out = Names(scenario), []
    for p in scenario.people:
        unit = plan.unit_of(p.id, 1)
        if not p.preferences or unit is None or not plan.moved(p.id, 1):
            continue
        cost = spec.cost(p.preferences, unit)
        if cost:
            where = f"choice {cost + 1}" if unit in p.preferences else "not among their wishes"
            where_zh = f"第{cost + 1}意向" if unit in p.preferences else "不在其意向内"
            out.append(
                Violation(
                    "preferences",
                    1,
                    f"{n.p(p.id)} goes to {n.u(unit)}, {where}",
                    f"{n.p(p.id)} 调往{n.u(unit)}，{where_zh}",
                    person=p.id,
                    unit=unit,
                    amount=cost,
                )
            )
    return out


def check_workload(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """人少事多: one record whose amount is the largest workload per person, in steps."""
    return []  # STUB: being written (issue 3)


def check_distance(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each mover's road km from home to the new unit."""
    return []  # STUB: being written (issue 3)


def check_rotation_volume(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 11: how many short of the target share rotated."""
    return []  # STUB: being written (issue 3)
