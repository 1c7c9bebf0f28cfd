"""Checkers: person-level tenure and status rules (mandatory rotation, stays, pins) and
the tenure goals: long at the same level (rule 2), a full term (rule 3), long tenure of
staff (rule 7)."""

from __future__ import annotations

import dataclasses
from typing import Any

from rotation.dates import served_at_least
from rotation.facts import (
    Duty,
    due_years,
    duty_in_round,
    is_frozen,
    level_start,
    months_between,
    obligations,
    retire_date,
    round_date,
)
from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import (
    ROLE_ZH,
    Names,
    Violation,
    round_text,
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


def _later_rounds(scenario: Scenario) -> range:
    return range(2, scenario.horizon + 1)


def _placed(plan: Plan, pid: str, t: int) -> bool:
    """Whether the person holds a unit in rounds ``t - 1`` and ``t`` (so stays or moves)."""
    return plan.unit_of(pid, t - 1) is not None and plan.unit_of(pid, t) is not None


def _kept_later(scenario: Scenario, plan: Plan, duty: Duty, rule: str) -> list[Violation]:
    """From round 2 on: people whom the dates keep in round t (frozen, near retirement,
    minimum service: :func:`rotation.facts.duty_in_round`) but who move."""
    n, out = Names(scenario), []
    for t in _later_rounds(scenario):
        for p in scenario.people:
            if duty_in_round(scenario, p.id, t) is not duty or not plan.moved(p.id, t):
                continue
            src, dst = plan.unit_of(p.id, t - 1), plan.unit_of(p.id, t)
            when, when_zh = round_text(scenario, t), round_text(scenario, t, "zh")
            on = round_date(scenario, t)
            if duty is Duty.STAY_FROZEN:
                why = is_frozen(p, on)
                en = f"{n.p(p.id)} may not be moved ({why}) but goes to {n.u(dst)} in {when}"
                zh = f"{n.p(p.id)} 暂不交流（{why}），却在{when_zh}调往{n.u(dst)}"
            elif duty is Duty.STAY_NEAR_RETIREMENT:
                near = scenario.rules.near_retirement.years
                day = retire_date(p, scenario.rules.retirement)
                en = (
                    f"{n.p(p.id)} retires on {day}, within {years_text(near)} of {when}, "
                    f"but goes to {n.u(dst)}"
                )
                zh = (
                    f"{n.p(p.id)} 将于{day}退休（距{when_zh}不满{years_number(near)}年），"
                    f"却被调往{n.u(dst)}"
                )
            else:
                en = (
                    f"{n.p(p.id)} is within the minimum service years in {when} but goes to "
                    f"{n.u(dst)}"
                )
                zh = f"{n.p(p.id)} {when_zh}未满最低服务年限，却被调往{n.u(dst)}"
            out.append(Violation(rule, t, en, zh, person=p.id, unit=src))
    return out


def mandatory_due(scenario: Scenario, plan: Plan, pid: str, t: int) -> float | None:
    """From round 2 on: the limit (years) by which mandatory rotation sends ``pid`` away in
    round ``t`` — the rule is on, the dates leave the round to tenure, and the time since
    they arrived in their unit of round ``t - 1`` (``Plan.arrival``) has reached the limit
    of that unit and role (the minimum stay taking precedence) — else None."""
    if not scenario.rules.mandatory_rotation.enabled or t == 1:
        return None
    if duty_in_round(scenario, pid, t) is not Duty.FREE or not _placed(plan, pid, t):
        return None
    unit = scenario.unit.get(plan.unit_of(pid, t - 1) or "")
    role = plan.role_of(pid, t - 1)
    since = plan.arrival(pid, t)
    if unit is None or role is None or since is None:
        return None
    limit = due_years(scenario, unit, role)
    return limit if served_at_least(since, round_date(scenario, t), limit) else None


def check_mandatory_rotation(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """People at or past their tenure limit (and not exempt) leave their unit: in round 1
    by the duties, in each later round by the time since they arrived (see
    :func:`mandatory_due`)."""
    out = _duty_checks(scenario, plan, Duty.MUST_MOVE, "mandatory_rotation", must_stay=False)
    n = Names(scenario)
    for t in _later_rounds(scenario):
        for p in scenario.people:
            limit = mandatory_due(scenario, plan, p.id, t)
            if limit is None or plan.moved(p.id, t):
                continue
            unit = plan.unit_of(p.id, t - 1)
            months = plan.tenure_months(p.id, t) or 0
            when, when_zh = round_text(scenario, t), round_text(scenario, t, "zh")
            en = (
                f"{n.p(p.id)} has been {tenure_text(months)} in {n.u(unit)} by {when} (limit "
                f"{years_text(limit)}) and is not moved"
            )
            zh = (
                f"{n.p(p.id)} 至{when_zh}在{n.u(unit)}任职{tenure_text(months, 'zh')}"
                f"（满{years_number(limit)}年须交流），但未安排交流"
            )
            out.append(Violation("mandatory_rotation", t, en, zh, person=p.id, unit=unit))
    return out


def _early_move(
    scenario: Scenario, plan: Plan, person: str, period: int, years: float
) -> tuple[str | None, str | None, int] | None:
    """(the unit left, the unit joined, the months served there) when ``person`` moves in
    ``period`` less than ``years`` after arriving in the unit they leave; else None."""
    if not plan.moved(person, period):
        return None
    since = plan.arrival(person, period)
    if since is None or served_at_least(since, round_date(scenario, period), years):
        return None
    before, after = plan.unit_of(person, period - 1), plan.unit_of(person, period)
    return before, after, plan.tenure_months(person, period) or 0


def check_minimum_stay(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """People under the minimum stay (and not pinned) keep their unit: in round 1 by the
    duties, in each later round by the time since they arrived (so nobody moves twice
    within ``years``)."""
    out = _duty_checks(scenario, plan, Duty.STAY_MINIMUM, "minimum_stay", must_stay=True)
    n = Names(scenario)
    for t in _later_rounds(scenario):
        for p in scenario.people:
            if duty_in_round(scenario, p.id, t) is not Duty.FREE:
                continue
            early = _early_move(scenario, plan, p.id, t, spec.years)
            if early is None:
                continue
            src, dst, months = early
            when, when_zh = round_text(scenario, t), round_text(scenario, t, "zh")
            en = (
                f"{n.p(p.id)} has been only {tenure_text(months)} in {n.u(src)} by {when} "
                f"(minimum {years_text(spec.years)}) but goes to {n.u(dst)}"
            )
            zh = (
                f"{n.p(p.id)} 至{when_zh}在{n.u(src)}任职仅{tenure_text(months, 'zh')}"
                f"（未满{years_number(spec.years)}年），却被调往{n.u(dst)}"
            )
            out.append(Violation("minimum_stay", t, en, zh, person=p.id, unit=src))
    return out


def check_near_retirement(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """People within the years before retirement (and not pinned) keep their unit."""
    return _duty_checks(
        scenario, plan, Duty.STAY_NEAR_RETIREMENT, "near_retirement", must_stay=True
    ) + _kept_later(scenario, plan, Duty.STAY_NEAR_RETIREMENT, "near_retirement")


def check_minimum_service(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """New recruits within their minimum service (and not pinned) keep their unit."""
    return _duty_checks(
        scenario, plan, Duty.STAY_SERVICE, "minimum_service", must_stay=True
    ) + _kept_later(scenario, plan, Duty.STAY_SERVICE, "minimum_service")


def check_same_level(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 2: a leader long at the same level, one record for each round from the one in
    which they reach ``years`` at the level (``SameLevel.bound_from``) in which they have
    not moved since (hard: not counting rounds in which a duty keeps or pins them)."""
    n, out = Names(scenario), []
    years = spec.years
    for p in scenario.people:
        first = spec.bound_from(scenario, p.id)
        if first is None:
            continue
        since = level_start(p)
        for t in range(first, scenario.horizon + 1):
            unit = plan.unit_of(p.id, t)
            if unit is None:
                break
            if any(plan.moved(p.id, k) for k in range(first, t + 1)):
                break
            duty = duty_in_round(scenario, p.id, t)
            if spec.hard and (duty.stays or duty is Duty.PINNED):
                continue
            months = months_between(since, round_date(scenario, t))
            when = "" if scenario.horizon == 1 else f" in {round_text(scenario, t)}"
            when_zh = "" if scenario.horizon == 1 else f"{round_text(scenario, t, 'zh')}"
            en = (
                f"{n.p(p.id)} has been {tenure_text(months)} at the same level ({p.role} since "
                f"{since}; should move after {years_text(years)}) and stays in {n.u(unit)}"
                f"{when}"
            )
            zh = (
                f"{n.p(p.id)} 自{since}起任同一层次领导职务（{ROLE_ZH[p.role]}）"
                f"{tenure_text(months, 'zh')}（满{years_number(years)}年应交流），"
                f"{when_zh}仍留在{n.u(unit)}"
            )
            out.append(Violation("same_level", t, en, zh, person=p.id, unit=unit))
    return out


def check_term_stability(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 3: each move of a leader before a full term in their unit (one record each);
    from round 2 on a move ``TermStability.binds_in`` leaves open, less than a term after
    they arrived, and not one mandatory rotation makes (:func:`mandatory_due`)."""
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
    for t in _later_rounds(scenario):
        for p in scenario.people:
            if not spec.binds_in(scenario, p.id, t):
                continue
            early = _early_move(scenario, plan, p.id, t, term)
            if early is None or mandatory_due(scenario, plan, p.id, t) is not None:
                continue
            src, dst, months = early
            when, when_zh = round_text(scenario, t), round_text(scenario, t, "zh")
            en = (
                f"{n.p(p.id)} ({p.role}) has been only {tenure_text(months)} in {n.u(src)} by "
                f"{when}, less than a {years_number(term)}-year term, but goes to {n.u(dst)}"
            )
            zh = (
                f"{n.p(p.id)}（{ROLE_ZH[p.role]}）至{when_zh}在{n.u(src)}任职仅"
                f"{tenure_text(months, 'zh')}，未满{years_number(term)}年任期，却被调往{n.u(dst)}"
            )
            out.append(Violation("term_stability", t, en, zh, person=p.id, unit=src))
    return out


def _long_tenure_record(
    n: Names, p: Any, unit: str | None, months: int, cost: int, spec: Any, when: tuple[str, str]
) -> Violation:
    tier = max(float(y) for y in spec.tiers if months >= round(float(y) * 12))
    en = (
        f"{n.p(p.id)} has been {tenure_text(months)} in {n.u(unit)} (tier of "
        f"{years_text(tier)}, cost {cost}) and stays{when[0]}"
    )
    zh = (
        f"{n.p(p.id)} {when[1]}在{n.u(unit)}任职{tenure_text(months, 'zh')}"
        f"（已满{years_number(tier)}年，计{cost}分），仍未交流"
    )
    return Violation("long_tenure", 1, en, zh, person=p.id, unit=unit, amount=cost)


def check_long_tenure(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 7: staff long in a unit who stay (amount: their tier's value), in round 1 and
    in each later round whose dates leave the decision to tenure (the tier read from the
    time since they arrived)."""
    n, out = Names(scenario), []
    for p in scenario.people:
        cost = spec.stay_cost(scenario, p.id)
        if cost <= 0 or plan.unit_of(p.id, 1) != p.unit:
            continue
        months = obligations(scenario)[p.id].months
        out.append(_long_tenure_record(n, p, p.unit, months, cost, spec, ("", "")))
    for t in _later_rounds(scenario):
        when = (f" in {round_text(scenario, t)}", round_text(scenario, t, "zh"))
        for p in scenario.people:
            if p.role not in spec.roles or duty_in_round(scenario, p.id, t) is not Duty.FREE:
                continue
            if not _placed(plan, p.id, t) or plan.moved(p.id, t):
                continue
            months = plan.tenure_months(p.id, t) or 0
            cost = spec.cost(months)
            if cost > 0:
                record = _long_tenure_record(n, p, plan.unit_of(p.id, t), months, cost, spec, when)
                out.append(dataclasses.replace(record, period=t))
    return out


def check_frozen(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Frozen people (and not pinned) keep their unit, in every round where their reason
    holds (a stated reason throughout the plan, a probation until it ends)."""
    return _duty_checks(scenario, plan, Duty.STAY_FROZEN, "frozen", must_stay=True) + _kept_later(
        scenario, plan, Duty.STAY_FROZEN, "frozen"
    )


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


def check_cooling_off(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """People in a unit they left fewer than ``years`` before the round (a posting of
    their history that ended then, or a round of the plan that took them out of it): one
    record per person and round, whose amount is the number of such leaves (1 for a
    plain return, in each round back there until the years have passed); a pin for the
    round decides instead."""
    n, out = Names(scenario), []
    for p in scenario.people:
        history = spec.left_before(scenario, p.id)
        for t in scenario.periods:
            unit = plan.unit_of(p.id, t)
            if unit is None or duty_in_round(scenario, p.id, t) is Duty.PINNED:
                continue
            on = round_date(scenario, t)
            left = [
                round_date(scenario, k)
                for k in range(1, t)
                if plan.unit_of(p.id, k - 1) == unit and plan.unit_of(p.id, k) not in (unit, None)
            ]
            if unit in history:
                left.append(history[unit])
            recent = [d for d in left if not served_at_least(d, on, spec.years)]
            if not recent:
                continue
            day = max(recent)
            months = months_between(day, on)
            when = "" if scenario.horizon == 1 else f" in {round_text(scenario, t)}"
            when_zh = "" if scenario.horizon == 1 else round_text(scenario, t, "zh")
            en = (
                f"{n.p(p.id)} is back in {n.u(unit)}{when}, which they left on {day}, only "
                f"{tenure_text(months)} before (at least {years_text(spec.years)})"
            )
            zh = (
                f"{n.p(p.id)} {when_zh}回到{day}离开的{n.u(unit)}，"
                f"相隔仅{tenure_text(months, 'zh')}（须满{years_number(spec.years)}年）"
            )
            out.append(
                Violation("cooling_off", t, en, zh, person=p.id, unit=unit, amount=len(recent))
            )
    return out
