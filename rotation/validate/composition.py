"""Checkers of team composition: women, age gradient, rank quotas, grassroots."""

from __future__ import annotations

from typing import Any

from rotation.dates import period_date
from rotation.facts import age_on, grassroots_months
from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import Names, Violation, round_text

KIND_ZH = {
    "office": "内设机构",
    "area": "派驻纪检监察室",
    "township": "乡镇（街道）",
    "department": "部门",
}


def check_women_in_team(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 36: teams of ``kinds`` with fewer than ``min_women`` women (amount: the
    women missing)."""
    n, out = Names(scenario), []
    for t in scenario.periods:
        rosters = plan.rosters(t)
        for u in scenario.units:
            if u.kind not in spec.kinds:
                continue
            women = sum(scenario.person[pid].gender == "F" for pid in rosters[u.id])
            short = spec.short(women)
            if short:
                out.append(
                    Violation(
                        "women_in_team",
                        t,
                        f"{n.u(u.id)} has {women} women among {len(rosters[u.id])} people "
                        f"(at least {spec.min_women} required)",
                        f"{n.u(u.id)} 共{len(rosters[u.id])}人，其中女干部{women}名，"
                        f"少于应配备的{spec.min_women}名",
                        unit=u.id,
                        amount=short,
                    )
                )
    return out


def check_age_gradient(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 37: area groups outside the age bands: too few under ``young_age`` (amount:
    ⌈young_share × n⌉ − young) or too many over ``old_age`` (old − ⌊old_share × n⌋)."""
    n, out = Names(scenario), []
    rosters = {t: plan.rosters(t) for t in scenario.periods}  # once: a province has 300 areas
    for area, group in spec.groups(scenario).items():
        for t in scenario.periods:
            on = period_date(scenario.plan_date, t)
            people = [pid for uid in group for pid in rosters[t][uid]]
            brackets = [spec.bracket(scenario.person[pid], on) for pid in people]
            young, old = brackets.count("young"), brackets.count("old")
            least, most = spec.band(len(people))
            where = f"the area group of {n.u(area)} ({len(group)} units, {len(people)} people)"
            where_zh = f"{n.u(area)}片区（{len(group)}个单位，共{len(people)}人）"
            if young < least:
                out.append(
                    Violation(
                        "age_gradient",
                        t,
                        f"{where} has {young} under {spec.young_age}, fewer than the "
                        f"{least} that a share of {spec.young_share:.0%} asks",
                        f"{where_zh}{spec.young_age}岁以下干部{young}名，"
                        f"少于按{spec.young_share:.0%}比例应有的{least}名",
                        unit=area,
                        amount=least - young,
                    )
                )
            if old > most:
                out.append(
                    Violation(
                        "age_gradient",
                        t,
                        f"{where} has {old} over {spec.old_age}, more than the {most} that "
                        f"a share of {spec.old_share:.0%} allows",
                        f"{where_zh}{spec.old_age}岁以上干部{old}名，"
                        f"超过按{spec.old_share:.0%}比例允许的{most}名",
                        unit=area,
                        amount=old - most,
                    )
                )
    return out


def check_rank_quota(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 29: rank quotas exceeded over a county's units of ``scope`` together (amount:
    the people over the cap)."""
    out = []
    kinds = ", ".join(spec.scope)
    kinds_zh = "、".join(KIND_ZH.get(k, k) for k in spec.scope)
    for limit in spec.limits(scenario):
        share = spec.quotas[limit.quota]
        where = f" of {limit.county}" if limit.county else ""
        ranks_zh = "、".join(limit.quota.split("|"))
        for t in scenario.periods:
            rosters = plan.rosters(t)
            count = sum(
                scenario.person[pid].rank in limit.ranks
                for uid in limit.units
                for pid in rosters[uid]
            )
            if count <= limit.cap:
                continue
            out.append(
                Violation(
                    "rank_quota",
                    t,
                    f"{count} people at {limit.quota.replace('|', ' or ')} in the {kinds} units"
                    f"{where}, above the quota of {limit.cap} ({share:.0%} of {limit.posts} "
                    "posts)",
                    f"{limit.county}{kinds_zh}共有{ranks_zh}{count}名，超过职数比例上限"
                    f"{limit.cap}名（编制{limit.posts}名的{share:.0%}）",
                    amount=count - limit.cap,
                )
            )
    return out


def check_grassroots(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 12: young cadres without grassroots experience placed outside ``kinds``: on a
    move (and, with ``stayers``, when they stay), one record each."""
    n, out = Names(scenario), []
    kinds = ", ".join(spec.kinds)
    for p in scenario.people:
        for t in scenario.periods:
            unit = plan.unit_of(p.id, t)
            if unit not in scenario.unit:
                continue
            target = scenario.unit[unit]
            if t == 1:
                if not spec.binds(scenario, p) or not spec.costs(p, target):
                    continue
            elif (
                not spec.binds_in(scenario, p, t)
                or target.kind in spec.kinds
                or (not spec.stayers and not plan.moved(p.id, t))
            ):
                continue
            elif any(
                scenario.unit[u].kind in spec.kinds
                for k in range(1, t)
                if (u := plan.unit_of(p.id, k)) in scenario.unit
            ):
                continue  # the plan gave them grassroots experience before
            on = period_date(scenario.plan_date, t)
            age = age_on(p, on)
            months = grassroots_months(scenario, p.id)
            moves = unit != plan.unit_of(p.id, t - 1)
            verb, verb_zh = ("moves to", "调往") if moves else ("stays in", "留任")
            when = "" if scenario.horizon == 1 else f" in {round_text(scenario, t)}"
            when_zh = "" if scenario.horizon == 1 else round_text(scenario, t, "zh")
            out.append(
                Violation(
                    "grassroots",
                    t,
                    f"{n.p(p.id)}, aged {age} (up to {spec.max_age} counts as young) with "
                    f"{months} months at the grassroots, {verb} {n.u(unit)}{when}, not a "
                    f"{kinds} unit",
                    f"{n.p(p.id)} {age}岁（{spec.max_age}岁及以下为年轻干部），基层工作经历"
                    f"{months}个月，{when_zh}{verb_zh}{n.u(unit)}，而非基层单位",
                    person=p.id,
                    unit=unit,
                )
            )
    return out
