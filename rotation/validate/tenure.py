"""Checkers: person-level tenure and status rules (mandatory rotation, stays, pins) and
the tenure goals: long at the same level (rule 2), a full term (rule 3), long tenure of
staff (rule 7)."""

from __future__ import annotations

from typing import Any

from rotation.facts import Duty, is_frozen, level_start, months_between, obligations
from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import (
    ROLE_ZH,
    Names,
    Violation,
    tenure_text,
    years_number,
    years_text,
)


def _duty_checks(
    scenario: Scenario, plan: Plan, duty: Duty, rule: str, must_stay: bool
) -> list[Violation]:
    n, out = Names(scenario), []
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
                f"{years_text(ob.limit_years)}) and is not moved"
            )
            zh = (
                f"{n.p(pid)} 在{n.u(ob.unit)}任职{served_zh}（满{years_number(ob.limit_years)}年"
                "须交流），但未安排交流"
            )
        elif duty is Duty.STAY_FROZEN:
            why = is_frozen(p, scenario.plan_date)
            en = f"{n.p(pid)} may not be moved ({why}) but goes to {n.u(after)}"
            zh = f"{n.p(pid)} 暂不交流（{why}），却被调往{n.u(after)}"
        elif duty is Duty.STAY_NEAR_RETIREMENT:
            near = scenario.rules.near_retirement.years
            en = (
                f"{n.p(pid)} retires on {ob.retires}, within {years_text(near)}, but goes to "
                f"{n.u(after)}"
            )
            zh = (
                f"{n.p(pid)} 将于{ob.retires}退休（不满{years_number(near)}年），"
                f"却被调往{n.u(after)}"
            )
        elif duty is Duty.STAY_SERVICE:
            en = (
                f"{n.p(pid)} is a new recruit within the minimum service years but goes to "
                f"{n.u(after)}"
            )
            zh = f"{n.p(pid)} 为新录用人员，未满最低服务年限，却被调往{n.u(after)}"
        else:
            years = years_number(scenario.rules.minimum_stay.years)
            en = (
                f"{n.p(pid)} has been only {served} in {n.u(ob.unit)} (minimum "
                f"{years_text(scenario.rules.minimum_stay.years)}) but goes to {n.u(after)}"
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


def check_near_retirement(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """People within the years before retirement (and not pinned) keep their unit."""
    return _duty_checks(
        scenario, plan, Duty.STAY_NEAR_RETIREMENT, "near_retirement", must_stay=True
    )


def check_minimum_service(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """New recruits within their minimum service (and not pinned) keep their unit."""
    return _duty_checks(scenario, plan, Duty.STAY_SERVICE, "minimum_service", must_stay=True)


def check_same_level(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 2: leaders long at the same level who stay (one record each)."""
    n, out = Names(scenario), []
    years = spec.years
    for p in scenario.people:
        if not spec.binds(scenario, p.id) or plan.unit_of(p.id, 1) != p.unit:
            continue
        since = level_start(p)
        months = months_between(since, scenario.plan_date)
        en = (
            f"{n.p(p.id)} has been {tenure_text(months)} at the same level ({p.role} since "
            f"{since}; should move after {years_text(years)}) and stays in {n.u(p.unit)}"
        )
        zh = (
            f"{n.p(p.id)} 自{since}起任同一层次领导职务（{ROLE_ZH[p.role]}）"
            f"{tenure_text(months, 'zh')}（满{years_number(years)}年应交流），"
            f"仍留在{n.u(p.unit)}"
        )
        out.append(Violation("same_level", 1, en, zh, person=p.id, unit=p.unit))
    return out


def check_term_stability(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 3: leaders moved before a full term (one record each)."""
    n, out = Names(scenario), []
    term = spec.term_years
    for p in scenario.people:
        if not spec.binds(scenario, p.id) or not plan.moved(p.id, 1):
            continue
        months = obligations(scenario)[p.id].months
        after = plan.unit_of(p.id, 1)
        en = (
            f"{n.p(p.id)} ({p.role}) has been only {tenure_text(months)} in {n.u(p.unit)}, "
            f"less than a {years_number(term)}-year term, but goes to {n.u(after)}"
        )
        zh = (
            f"{n.p(p.id)}（{ROLE_ZH[p.role]}）在{n.u(p.unit)}任职仅{tenure_text(months, 'zh')}，"
            f"未满{years_number(term)}年任期，却被调往{n.u(after)}"
        )
        out.append(Violation("term_stability", 1, en, zh, person=p.id, unit=p.unit))
    return out


def check_long_tenure(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 7: staff long in a unit who stay (amount: their tier's value)."""
    n, out = Names(scenario), []
    for p in scenario.people:
        cost = spec.stay_cost(scenario, p.id)
        if cost <= 0 or plan.unit_of(p.id, 1) != p.unit:
            continue
        months = obligations(scenario)[p.id].months
        tier = max(float(y) for y in spec.tiers if months >= round(float(y) * 12))
        en = (
            f"{n.p(p.id)} has been {tenure_text(months)} in {n.u(p.unit)} (tier of "
            f"{years_text(tier)}, cost {cost}) and stays"
        )
        zh = (
            f"{n.p(p.id)} 在{n.u(p.unit)}任职{tenure_text(months, 'zh')}"
            f"（已满{years_number(tier)}年，计{cost}分），仍未交流"
        )
        out.append(Violation("long_tenure", 1, en, zh, person=p.id, unit=p.unit, amount=cost))
    return out


def check_frozen(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Frozen people (and not pinned) keep their unit."""
    return _duty_checks(scenario, plan, Duty.STAY_FROZEN, "frozen", must_stay=True)


def check_pins(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Every pin is honoured in its period (or every period)."""
    n, out = Names(scenario), []
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
