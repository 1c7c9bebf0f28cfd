"""Checkers: one unit per person, headcount bands, skill cover."""

from __future__ import annotations

from typing import Any

from rotation.facts import retired_by
from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import SKILL_ZH, Names, Violation, round_text
from rotation.validate.training import counted


def check_assignment(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Everyone has exactly one known unit in every period; nobody unknown is listed."""
    n, out = Names(scenario), []
    for p in scenario.people:
        for t in scenario.periods:
            unit = plan.unit_of(p.id, t)
            if unit is None and retired_by(scenario, p.id, t):
                continue  # the retirement check says whether they have left
            if unit is None:
                out.append(
                    Violation(
                        "assignment",
                        t,
                        f"{n.p(p.id)} has no unit in {n.r(t)}",
                        f"{n.p(p.id)} 在{n.r(t, 'zh')}没有安排单位",
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
    out += _hires(scenario, plan, n)
    for pid, t in plan.assignments:
        if (pid not in scenario.person and pid not in scenario.hire) or t not in scenario.periods:
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


def _hires(scenario: Scenario, plan: Plan, n: Names) -> list[Violation]:
    """Each planned hire is in one known unit in every round from theirs on, the same
    throughout (placed once), of their county when they have one, and in none before."""
    out = []
    for h in scenario.hires:
        first = plan.unit_of(h.id, h.round)
        for t in scenario.periods:
            unit = plan.unit_of(h.id, t)
            known = scenario.unit.get(unit) if unit is not None else None
            en = zh = ""
            if t < h.round and unit is not None:
                en = f"is placed in {n.r(t)}, before joining in {n.r(h.round)}"
                zh = f"{n.r(h.round, 'zh')}到岗，却在{n.r(t, 'zh')}安排了单位"
            elif t >= h.round and unit is None:
                en, zh = f"has no unit in {n.r(t)}", f"在{n.r(t, 'zh')}没有安排单位"
            elif t >= h.round and known is None:
                en, zh = f"is placed in unknown unit '{unit}'", f"被安排到不存在的单位“{unit}”"
            elif t >= h.round and known and h.county and known.county != h.county:
                where = known.county
                en, zh = (
                    f"is placed in {n.u(unit)} of {where or 'the top level'} in {n.r(t)}, "
                    f"outside their county {h.county}",
                    f"{n.r(t, 'zh')}被安排到{where or '本级'}的{n.u(unit)}，"
                    f"不在招录所属县区{h.county}",
                )
            elif t > h.round and unit != first:
                en, zh = (
                    f"moves to {n.u(unit)} in {n.r(t)}; a hire keeps the unit they join",
                    f"{n.r(t, 'zh')}调整到{n.u(unit)}；新录用人员应在到岗单位服务",
                )
            if en:
                who = f"planned hire {h.label} ({h.id})"
                out.append(
                    Violation(
                        "assignment",
                        t,
                        f"{who} {en}",
                        f"计划招录人员{h.label}（{h.id}）{zh}",
                        person=h.id,
                        unit=unit,
                    )
                )
    return out


def _posts(scenario: Scenario, plan: Plan, unit: str, period: int) -> int:
    """The posts the plan leaves to recruitment in ``unit`` in ``period`` (rule
    ``vacancies``, when on: they count as filled)."""
    if not scenario.rules.vacancies.enabled:
        return 0
    vacancy = plan.vacancy(unit, period)
    return 0 if vacancy is None else vacancy.posts


def check_headcount(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each unit's headcount is within [min_staff, max_staff] (posts left to recruitment
    and planned hires counted in; for the minimum, people away training or on a
    secondment counted out)."""
    n, out = Names(scenario), []
    for t in scenario.periods:
        rosters = plan.rosters(t)
        for u in scenario.units:
            posts = _posts(scenario, plan, u.id, t)
            present = len(counted(scenario, plan, u.id, t)) + posts
            size = len(rosters[u.id]) + len(plan.hires_in(u.id, t)) + posts
            if present < u.min_staff:
                out.append(
                    Violation(
                        "headcount",
                        t,
                        f"{n.u(u.id)} has {present} people in {n.r(t)}, below its minimum of "
                        f"{u.min_staff}",
                        f"{n.u(u.id)} {n.r(t, 'zh')}只有{present}人，少于最少人数{u.min_staff}人",
                        unit=u.id,
                        amount=u.min_staff - present,
                    )
                )
            if size > u.max_staff:  # with people away, both may hold at once
                out.append(
                    Violation(
                        "headcount",
                        t,
                        f"{n.u(u.id)} has {size} people in {n.r(t)}, above its maximum of "
                        f"{u.max_staff}",
                        f"{n.u(u.id)} {n.r(t, 'zh')}有{size}人，超过最多人数{u.max_staff}人",
                        unit=u.id,
                        amount=size - u.max_staff,
                    )
                )
    return out


def check_skill_cover(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each unit holds at least its need of each skill (recruits the plan asks for and
    planned hires with the skill counted in, holders away training or on a secondment
    counted out)."""
    n, out = Names(scenario), []
    for t in scenario.periods:
        for u in scenario.units:
            vacancy = plan.vacancy(u.id, t) if scenario.rules.vacancies.enabled else None
            present = counted(scenario, plan, u.id, t)
            for skill, need in u.needs:
                have = sum(skill in skills for skills in present)
                if vacancy is not None:
                    have += min(vacancy.holders(skill), vacancy.posts)
                if have < need:
                    zh = SKILL_ZH.get(skill, skill)
                    out.append(
                        Violation(
                            "skill_cover",
                            t,
                            f"{n.u(u.id)} needs {need} with {skill} in {n.r(t)} but has {have}",
                            f"{n.u(u.id)} {n.r(t, 'zh')}需要{need}名{zh}专业人员，实有{have}名",
                            unit=u.id,
                            amount=need - have,
                        )
                    )
    return out


def check_vacancies(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """The posts the plan leaves to recruitment: one record per unit and round, whose
    amount is the number of posts (each costs ``weight``)."""
    n, out = Names(scenario), []
    for v in sorted(plan.vacancies, key=lambda v: (v.period, v.unit)):
        if v.posts <= 0:
            continue
        when, when_zh = round_text(scenario, v.period), round_text(scenario, v.period, "zh")
        needs = [(s, k) for s, k in v.skills if k]
        with_en = "" if not needs else " (" + ", ".join(f"{k} with {s}" for s, k in needs) + ")"
        with_zh = (
            ""
            if not needs
            else "（其中" + "、".join(f"{SKILL_ZH.get(s, s)}专业{k}名" for s, k in needs) + "）"
        )
        out.append(
            Violation(
                "vacancies",
                v.period,
                f"{n.u(v.unit)} leaves {v.posts} post(s) to recruit for in {when}{with_en}",
                f"{n.u(v.unit)} {when_zh}空缺{v.posts}个岗位，需招录补充{with_zh}",
                unit=v.unit,
                amount=v.posts,
            )
        )
    return out
