"""The solver-free checker: one check per rule. This module is the specification.

It never imports the model code. Every check returns :class:`Violation` records with
the amount by which the rule is broken; for a hard rule any record is a violation of
the plan, for a soft rule the amounts times the weight are its penalty. So
:func:`validate` says whether a plan is allowed, and :func:`penalties` and
:func:`objective` recompute what the solver minimised from the plan alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rotation.plan import Plan
from rotation.rules import Duty, obligations
from rotation.scenario import Scenario


@dataclass(frozen=True)
class Violation:
    """One rule broken (or, for a soft rule, one cost incurred) in one period."""

    rule: str
    period: int
    message: str
    message_zh: str
    person: str | None = None
    unit: str | None = None
    amount: float = 1.0

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` ("en" or "zh")."""
        return self.message_zh if lang == "zh" else self.message


def tenure_text(months: int, lang: str = "en") -> str:
    """``6 years 2 months`` / ``6年2个月``."""
    years, rest = divmod(months, 12)
    if lang == "zh":
        if not years and rest:
            return f"{rest}个月"
        return f"{years}年" + (f"{rest}个月" if rest else "")
    month_text = f"{rest} month{'s' if rest != 1 else ''}"
    if not years and rest:
        return month_text
    text = f"{years} year{'s' if years != 1 else ''}"
    return text + (f" {month_text}" if rest else "")


def _years(value: float) -> str:
    return f"{value:g}"


def _years_en(value: float) -> str:
    """``1 year`` / ``5 years`` / ``0.5 years``."""
    return f"{value:g} year{'' if value == 1 else 's'}"


class _Names:
    """Labels for sentences: 张三 (P001), 城关镇纪委 (U05)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario

    def p(self, pid: str) -> str:
        person = self.scenario.person.get(pid)
        return f"{person.name} ({pid})" if person else pid

    def u(self, uid: str | None) -> str:
        unit = self.scenario.unit.get(uid or "")
        return f"{unit.name} ({uid})" if unit else str(uid)


Check = Callable[[Scenario, Plan, Any], list[Violation]]


def check_assignment(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Everyone has exactly one known unit in every period; nobody unknown is listed."""
    n, out = _Names(scenario), []
    for p in scenario.people:
        for t in scenario.periods:
            unit = plan.unit_of(p.id, t)
            if unit is None:
                out.append(
                    Violation(
                        "assignment",
                        t,
                        f"{n.p(p.id)} has no unit in period {t}",
                        f"{n.p(p.id)} 在第{t}轮没有安排单位",
                        person=p.id,
                    )
                )
            elif unit not in scenario.unit:
                out.append(
                    Violation(
                        "assignment",
                        t,
                        f"{n.p(p.id)} is placed in unknown unit '{unit}'",
                        f"{n.p(p.id)} 被安排到不存在的单位“{unit}”",
                        person=p.id,
                        unit=unit,
                    )
                )
    for pid, t in plan.assignments:
        if pid not in scenario.person or t not in scenario.periods:
            out.append(
                Violation(
                    "assignment",
                    t,
                    f"the plan lists unknown person '{pid}' or period {t}",
                    f"名单中有不存在的人员“{pid}”或轮次{t}",
                    person=pid,
                )
            )
    return out


def check_headcount(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each unit's headcount is within [min_staff, max_staff]."""
    n, out = _Names(scenario), []
    for t in scenario.periods:
        rosters = plan.rosters(t)
        for u in scenario.units:
            size = len(rosters[u.id])
            if size < u.min_staff:
                out.append(
                    Violation(
                        "headcount",
                        t,
                        f"{n.u(u.id)} has {size} people in period {t}, below its minimum of "
                        f"{u.min_staff}",
                        f"{n.u(u.id)} 第{t}轮只有{size}人，少于最少人数{u.min_staff}人",
                        unit=u.id,
                        amount=u.min_staff - size,
                    )
                )
            elif size > u.max_staff:
                out.append(
                    Violation(
                        "headcount",
                        t,
                        f"{n.u(u.id)} has {size} people in period {t}, above its maximum of "
                        f"{u.max_staff}",
                        f"{n.u(u.id)} 第{t}轮有{size}人，超过最多人数{u.max_staff}人",
                        unit=u.id,
                        amount=size - u.max_staff,
                    )
                )
    return out


SKILL_ZH = {"law": "法律", "finance": "财务", "audit": "审计"}


def check_skill_cover(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each unit holds at least its need of each skill."""
    n, out = _Names(scenario), []
    for t in scenario.periods:
        rosters = plan.rosters(t)
        for u in scenario.units:
            for skill, need in u.needs:
                have = sum(skill in scenario.person[pid].skills for pid in rosters[u.id])
                if have < need:
                    zh = SKILL_ZH.get(skill, skill)
                    out.append(
                        Violation(
                            "skill_cover",
                            t,
                            f"{n.u(u.id)} needs {need} with {skill} in period {t} but has {have}",
                            f"{n.u(u.id)} 第{t}轮需要{need}名{zh}专业人员，实有{have}名",
                            unit=u.id,
                            amount=need - have,
                        )
                    )
    return out


def _duty_checks(
    scenario: Scenario, plan: Plan, duty: Duty, rule: str, must_stay: bool
) -> list[Violation]:
    n, out = _Names(scenario), []
    for pid, ob in obligations(scenario).items():
        if ob.duty is not duty:
            continue
        after = plan.unit_of(pid, 1)
        if after is None:
            continue  # reported by the assignment check
        stayed = after == ob.unit
        if stayed == must_stay:
            continue
        served, served_zh = tenure_text(ob.months), tenure_text(ob.months, "zh")
        p = scenario.person[pid]
        if duty is Duty.MUST_MOVE:
            en = (
                f"{n.p(pid)} has been {served} in {n.u(ob.unit)} (limit "
                f"{_years_en(ob.limit_years)}) and is not moved"
            )
            zh = (
                f"{n.p(pid)} 在{n.u(ob.unit)}任职{served_zh}（满{_years(ob.limit_years)}年"
                "须交流），但未安排交流"
            )
        elif duty is Duty.STAY_FROZEN:
            en = f"{n.p(pid)} may not be moved ({p.frozen}) but goes to {n.u(after)}"
            zh = f"{n.p(pid)} 暂不交流（{p.frozen}），却被调往{n.u(after)}"
        else:
            years = _years(scenario.rules.minimum_stay.years)
            en = (
                f"{n.p(pid)} has been only {served} in {n.u(ob.unit)} (minimum "
                f"{_years_en(scenario.rules.minimum_stay.years)}) but goes to {n.u(after)}"
            )
            zh = (
                f"{n.p(pid)} 在{n.u(ob.unit)}任职仅{served_zh}（未满{years}年），"
                f"却被调往{n.u(after)}"
            )
        out.append(Violation(rule, 1, en, zh, person=pid, unit=ob.unit))
    return out


def check_mandatory_rotation(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """People at or past their tenure limit (and not exempt) leave their unit."""
    return _duty_checks(scenario, plan, Duty.MUST_MOVE, "mandatory_rotation", must_stay=False)


def check_minimum_stay(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """People under the minimum stay (and not pinned) keep their unit."""
    return _duty_checks(scenario, plan, Duty.STAY_MINIMUM, "minimum_stay", must_stay=True)


def check_frozen(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Frozen people (and not pinned) keep their unit."""
    return _duty_checks(scenario, plan, Duty.STAY_FROZEN, "frozen", must_stay=True)


def check_pins(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Every pin is honoured in its period (or every period)."""
    n, out = _Names(scenario), []
    for pin in scenario.pins:
        for t in scenario.periods if pin.period is None else [pin.period]:
            unit = plan.unit_of(pin.person, t)
            if unit is not None and unit != pin.unit:
                out.append(
                    Violation(
                        "pins",
                        t,
                        f"{n.p(pin.person)} is pinned to {n.u(pin.unit)} but placed in {n.u(unit)}",
                        f"{n.p(pin.person)} 指定安排到{n.u(pin.unit)}，方案却安排在{n.u(unit)}",
                        person=pin.person,
                        unit=unit,
                    )
                )
    return out


def check_kin_avoidance(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Relatives are not in one unit, nor one in an area office over the other's unit."""
    n, out = _Names(scenario), []
    for rel in scenario.relations:
        for t in scenario.periods:
            ua, ub = plan.unit_of(rel.a, t), plan.unit_of(rel.b, t)
            if ua is None or ub is None:
                continue
            if spec.same_unit and ua == ub:
                out.append(
                    Violation(
                        "kin_avoidance",
                        t,
                        f"{n.p(rel.a)} and {n.p(rel.b)} are relatives ({rel.kind}) and both in "
                        f"{n.u(ua)} in period {t}",
                        f"{n.p(rel.a)} 与 {n.p(rel.b)} 有亲属关系，第{t}轮同在{n.u(ua)}",
                        person=rel.a,
                        unit=ua,
                    )
                )
            if not spec.supervision:
                continue
            for boss, other, u_boss, u_other in ((rel.a, rel.b, ua, ub), (rel.b, rel.a, ub, ua)):
                unit_boss = scenario.unit.get(u_boss)
                unit_other = scenario.unit.get(u_other)
                if (
                    unit_boss is not None
                    and unit_other is not None
                    and unit_boss.kind == "area"
                    and unit_other.area == unit_boss.id
                ):
                    out.append(
                        Violation(
                            "kin_avoidance",
                            t,
                            f"{n.p(boss)} in area office {n.u(u_boss)} supervises {n.u(u_other)} "
                            f"where relative {n.p(other)} works (period {t})",
                            f"{n.p(boss)} 在{n.u(u_boss)}，其亲属 {n.p(other)} 在其联系监督的"
                            f"{n.u(u_other)}（第{t}轮）",
                            person=boss,
                            unit=u_boss,
                        )
                    )
    return out


def check_fewest_moves(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each move by someone not bound to move counts once."""
    n, out = _Names(scenario), []
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
    n, out = _Names(scenario), []
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


CHECKERS: dict[str, Check] = {
    "assignment": check_assignment,
    "headcount": check_headcount,
    "skill_cover": check_skill_cover,
    "mandatory_rotation": check_mandatory_rotation,
    "minimum_stay": check_minimum_stay,
    "frozen": check_frozen,
    "kin_avoidance": check_kin_avoidance,
    "pins": check_pins,
    "fewest_moves": check_fewest_moves,
    "preferences": check_preferences,
}
"""Checkers by rule name; a test checks every spec in :data:`rotation.rules.SPECS` has one."""


def measure(scenario: Scenario, plan: Plan) -> dict[str, list[Violation]]:
    """Every enabled rule's records, hard and soft."""
    return {
        spec.name: CHECKERS[spec.name](scenario, plan, spec) for spec in scenario.rules.active()
    }


def validate(scenario: Scenario, plan: Plan) -> list[Violation]:
    """The violations of the hard rules: an empty list means the plan is allowed."""
    found = measure(scenario, plan)
    return [v for spec in scenario.rules.active() if spec.hard for v in found[spec.name]]


def penalties(scenario: Scenario, plan: Plan) -> dict[str, float]:
    """The amount of each soft rule (unweighted), recomputed from the plan alone."""
    found = measure(scenario, plan)
    return {
        spec.name: float(sum(v.amount for v in found[spec.name]))
        for spec in scenario.rules.active()
        if not spec.hard
    }


def objective(scenario: Scenario, plan: Plan) -> float:
    """Σ weight × amount over the soft rules: what the solver minimised."""
    weights = {spec.name: spec.weight or 0.0 for spec in scenario.rules.active()}
    return sum(weights[name] * amount for name, amount in penalties(scenario, plan).items())
