"""Checkers of the goals: moves beyond the mandatory ones, preferences …"""

from __future__ import annotations

from typing import Any

from rotation.facts import Duty, obligations
from rotation.plan import Plan
from rotation.scenario import Scenario, Unit
from rotation.validate.common import ROLE_ZH, Names, Violation


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
    """人少事多: one record per period whose amount is the largest workload per person
    over the units with a workload, in ``precision`` steps (an empty unit counts as one
    person carrying all its work), naming the unit where it is reached."""
    n, out = Names(scenario), []
    for t in scenario.periods:
        rosters = plan.rosters(t)
        by_county: dict[str, list[tuple[int, Unit]]] = {}
        for u in scenario.units:
            if u.workload > 0:
                by_county.setdefault(u.county, []).append(
                    (spec.steps(u.workload, len(rosters[u.id])), u)
                )
        for loads in by_county.values():  # each county balances its own units
            out.append(_largest_load(n, spec, t, loads, rosters))
    return out


def _largest_load(
    n: Names, spec: Any, t: int, loads: list[tuple[int, Unit]], rosters: Any
) -> Violation:
    """The record of the largest workload per person among ``loads``."""
    steps = max(s for s, _ in loads)
    unit = next(u for s, u in loads if s == steps)  # the first unit reaching the max
    size = len(rosters[unit.id])
    per = f"{steps * spec.precision:g}"
    people = f"{size} {'person' if size == 1 else 'people'}" if size else "nobody"
    people_zh = f"由{size}人承担" if size else "无人承担"
    return Violation(
        "workload",
        t,
        f"the largest workload per person is {per} in {n.u(unit.id)}: a workload of "
        f"{unit.workload:g} on {people} ({steps} steps of {spec.precision:g})",
        f"人均工作量最大为{per}，在{n.u(unit.id)}：工作量{unit.workload:g}，"
        f"{people_zh}（按{spec.precision:g}计{steps}档）",
        unit=unit.id,
        amount=steps,
    )


def check_distance(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each mover's road km (whole km) from home to the new unit, one record per mover
    who goes somewhere else than their home place."""
    n, out = Names(scenario), []
    for p in scenario.people:
        unit = plan.unit_of(p.id, 1)
        if not plan.moved(p.id, 1) or unit not in scenario.unit:
            continue
        target = scenario.unit[unit]
        km = spec.km(scenario, p, target)
        if not km:
            continue
        start = spec.origin(scenario, p) or "?"
        end = target.region or "?"
        out.append(
            Violation(
                "distance",
                1,
                f"{n.p(p.id)} moves {km} km from {start} to {n.u(unit)} in {end}",
                f"{n.p(p.id)} 由{start}调往{end}的{n.u(unit)}，距离{km}公里",
                person=p.id,
                unit=unit,
                amount=km,
            )
        )
    return out


def check_rotation_volume(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 11: how many short of the target share of the people in ``roles`` (present
    in the plan) rotated: one record with the shortfall."""
    duties = obligations(scenario)
    present = [p for p in scenario.people if duties[p.id].duty is not Duty.RETIRED]
    roles = ", ".join(spec.roles)
    roles_zh = "、".join(ROLE_ZH.get(r, r) for r in spec.roles)
    out = []
    for county, bound in spec.groups(scenario, present):  # each county's own share
        target = spec.target(len(bound))
        moved = sum(plan.moved(pid, 1) for pid in bound)
        if moved >= target:
            continue
        where, where_zh = (f" in {county}", f"{county}") if county else ("", "")
        out.append(
            Violation(
                "rotation_volume",
                1,
                f"{moved} of the {len(bound)} people in {roles} posts{where} rotate, fewer "
                f"than the {target} that a share of {spec.share:.0%} asks",
                f"{where_zh}{len(bound)}名{roles_zh}中交流{moved}名，"
                f"少于按{spec.share:.0%}比例应交流的{target}名",
                amount=target - moved,
            )
        )
    return out
