"""Checkers of the goals: moves beyond the mandatory ones, preferences …"""

from __future__ import annotations

from typing import Any

from rotation.facts import duty_in_round, retired_by
from rotation.plan import Plan
from rotation.scenario import Scenario, Unit
from rotation.validate.common import ROLE_ZH, Names, Violation, round_text
from rotation.validate.tenure import mandatory_due


def _when(scenario: Scenario, t: int) -> tuple[str, str]:
    """`` in round 3 (2029)`` / ``第3轮（2029年）`` for a plan of several rounds, else empty."""
    if scenario.horizon == 1:
        return "", ""
    return f" in {round_text(scenario, t)}", round_text(scenario, t, "zh")


def check_fewest_moves(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each move by someone not bound to move counts once: in round 1 by the duties; later,
    any move of someone not pinned for the round that mandatory rotation does not make
    (:func:`rotation.validate.tenure.mandatory_due`)."""
    n, out = Names(scenario), []
    for t in scenario.periods:
        for p in scenario.people:
            pid = p.id
            if not spec.counts(duty_in_round(scenario, pid, t)) or not plan.moved(pid, t):
                continue
            if mandatory_due(scenario, plan, pid, t) is not None:
                continue
            dst = plan.unit_of(pid, t)
            when, when_zh = _when(scenario, t)
            out.append(
                Violation(
                    "fewest_moves",
                    t,
                    f"{n.p(pid)} moves to {n.u(dst)}{when} without being due to",
                    f"{n.p(pid)} {when_zh}非必需交流，调往{n.u(dst)}",
                    person=pid,
                    unit=dst,
                )
            )
    return out


def check_preferences(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """A mover's cost is the rank of the unit they get among their wishes (each move in
    each round)."""
    n, out = Names(scenario), []
    for t in scenario.periods:
        for p in scenario.people:
            unit = plan.unit_of(p.id, t)
            if not p.preferences or unit is None or not plan.moved(p.id, t):
                continue
            cost = spec.cost(p.preferences, unit)
            if not cost:
                continue
            where = f"choice {cost + 1}" if unit in p.preferences else "not among their wishes"
            where_zh = f"第{cost + 1}意向" if unit in p.preferences else "不在其意向内"
            when, when_zh = _when(scenario, t)
            out.append(
                Violation(
                    "preferences",
                    t,
                    f"{n.p(p.id)} goes to {n.u(unit)}{when}, {where}",
                    f"{n.p(p.id)} {when_zh}调往{n.u(unit)}，{where_zh}",
                    person=p.id,
                    unit=unit,
                    amount=cost,
                )
            )
    return out


def check_workload(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """人少事多: one record per period whose amount is the largest workload per person
    over the units with a workload, in ``precision`` steps, the persons being those at
    work there (:meth:`Plan.at_work`: people away training or on a secondment counted
    out, planned hires counted in; an empty unit counts as one person carrying all its
    work), naming the unit where it is reached."""
    n, out = Names(scenario), []
    for t in scenario.periods:
        by_county: dict[str, list[tuple[int, int, Unit]]] = {}
        for u in scenario.units:
            if u.workload > 0:
                people = len(plan.at_work(u.id, t))
                by_county.setdefault(u.county, []).append(
                    (spec.steps(u.workload, people), people, u)
                )
        for loads in by_county.values():  # each county balances its own units
            out.append(_largest_load(n, spec, t, loads))
    return out


def _largest_load(n: Names, spec: Any, t: int, loads: list[tuple[int, int, Unit]]) -> Violation:
    """The record of the largest workload per person among ``loads`` (steps, people at
    work, unit)."""
    steps = max(s for s, _, _ in loads)
    # the first unit reaching the max
    size, unit = next((k, u) for s, k, u in loads if s == steps)
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
    for t in scenario.periods:
        for p in scenario.people:
            unit = plan.unit_of(p.id, t)
            if not plan.moved(p.id, t) or unit not in scenario.unit:
                continue
            target = scenario.unit[unit]
            km = spec.km(scenario, p, target)
            if not km:
                continue
            start = spec.origin(scenario, p) or "?"
            end = target.region or "?"
            when, when_zh = _when(scenario, t)
            out.append(
                Violation(
                    "distance",
                    t,
                    f"{n.p(p.id)} moves {km} km from {start} to {n.u(unit)} in {end}{when}",
                    f"{n.p(p.id)} {when_zh}由{start}调往{end}的{n.u(unit)}，距离{km}公里",
                    person=p.id,
                    unit=unit,
                    amount=km,
                )
            )
    return out


def check_rotation_volume(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 11: in each round and county, how many short of the target share of the
    people in ``roles`` (today's role, not retired by the round) rotated: one record per
    round and county with the shortfall."""
    out = []
    roles = ", ".join(spec.roles)
    roles_zh = "、".join(ROLE_ZH.get(r, r) for r in spec.roles)
    for t in scenario.periods:
        present = [p for p in scenario.people if not retired_by(scenario, p.id, t)]
        for county, bound in spec.groups(scenario, present):  # each county's own share
            target = spec.target(len(bound))
            moved = sum(plan.moved(pid, t) for pid in bound)
            if moved >= target:
                continue
            when, when_zh = _when(scenario, t)
            where, where_zh = (f" in {county}", county) if county else ("", "")
            out.append(
                Violation(
                    "rotation_volume",
                    t,
                    f"{moved} of the {len(bound)} people in {roles} posts{where} rotate{when}, "
                    f"fewer than the {target} that a share of {spec.share:.0%} asks",
                    f"{where_zh}{when_zh}{len(bound)}名{roles_zh}中交流{moved}名，"
                    f"少于按{spec.share:.0%}比例应交流的{target}名",
                    amount=target - moved,
                )
            )
    return out
