"""One sentence on why a district has no plan: counting arguments first, then the rule
that the nearest plan still breaks. Full explanations (minimal conflicts) come later."""

from __future__ import annotations

import dataclasses

from rotation.facts import obligations
from rotation.models.variables import candidate_units
from rotation.rules import RuleSet
from rotation.scenario import Scenario
from rotation.validate import SKILL_ZH, validate


def _counting(scenario: Scenario) -> tuple[str, str] | None:
    """Counting arguments, each only for the rules it rests on when they are hard."""
    units, people, rules = scenario.units, scenario.people, scenario.rules
    bands = rules.headcount.enabled and rules.headcount.hard
    # with vacancies on, a shortage of people or skills is a post left to recruitment
    cover = rules.skill_cover.enabled and rules.skill_cover.hard and not rules.vacancies.enabled
    short = bands and not rules.vacancies.enabled
    low, high = sum(u.min_staff for u in units), sum(u.max_staff for u in units)
    if short and low > len(people):
        return (
            f"the units need at least {low} people in all but there are {len(people)}",
            f"各单位最少共需{low}人，现有人员仅{len(people)}人",
        )
    if bands and high < len(people):
        return (
            f"the units can hold at most {high} people in all but there are {len(people)}",
            f"各单位最多共容纳{high}人，现有人员{len(people)}人",
        )
    for skill in scenario.skills:
        need = sum(u.needs_map.get(skill, 0) for u in units)
        have = sum(skill in p.skills for p in people)
        if cover and need > have:
            zh = SKILL_ZH.get(skill, skill)
            return (
                f"the units need {need} people with {skill} but only {have} hold it",
                f"各单位共需{need}名{zh}专业人员，全区仅有{have}名",
            )
    duties = obligations(scenario)
    where = {p.id: set(candidate_units(scenario, duties[p.id], switchable=False)) for p in people}
    for u in units:
        stuck = [pid for pid, allowed in where.items() if allowed == {u.id}]
        if bands and len(stuck) > u.max_staff:
            return (
                f"{u.name} ({u.id}) must take {len(stuck)} people who can go to no other unit "
                f"(pinned there, not to be moved, or with no other unit open to them), above its "
                f"maximum of {u.max_staff}",
                f"{u.name}（{u.id}）有{len(stuck)}人只能安排在该单位（指定安排、暂不交流或无处可调），"
                f"超过最多人数{u.max_staff}人",
            )
        able = [p for p in people if u.id in where[p.id]]
        if short and len(able) < u.min_staff:
            return (
                f"{u.name} ({u.id}) needs at least {u.min_staff} people but only {len(able)} "
                "may work there",
                f"{u.name}（{u.id}）最少需要{u.min_staff}人，可安排的仅{len(able)}人",
            )
        for skill, need in u.needs:
            have = sum(skill in p.skills for p in able)
            if cover and have < need:
                zh = SKILL_ZH.get(skill, skill)
                some = f"only {have}" if have else "none"
                return (
                    f"{u.name} ({u.id}) needs {need} with {skill} but {some} of the {skill} "
                    "holders may work there (the others are fixed elsewhere or due to leave it)",
                    f"{u.name}（{u.id}）需要{need}名{zh}专业人员，可安排到该单位的仅{have}名"
                    "（其余人员须留任原单位或须交流离开）",
                )
    return None


def _nearest_plan(scenario: Scenario) -> tuple[str, str]:
    """Solve with every hard rule soft at weight 1000 and name what that plan breaks."""
    from rotation.solvers.cpsat import solve

    soft = RuleSet(
        **{
            spec.name: (
                dataclasses.replace(spec, weight=1000.0) if spec.hard and spec.can_be_soft else spec
            )
            for spec in scenario.rules
        }
    )
    result = solve(scenario.replace(rules=soft), time_limit=10, explain=False)
    if result.plan is None:
        return ("the rules cannot all hold", "各项规则无法同时满足")
    broken = validate(scenario, result.plan)
    if not broken:
        return ("the rules cannot all hold", "各项规则无法同时满足")
    first = broken[0]
    spec = getattr(scenario.rules, first.rule)
    more = len(broken) - 1
    tail_en = f" (and {more} more)" if more else ""
    tail_zh = f"（另有{more}处）" if more else ""
    return (
        f"the rules cannot all hold; the nearest plan still breaks the {spec.title_en} rule: "
        f"{first.message}{tail_en}",
        f"各项规则无法同时满足；最接近的方案仍违反“{spec.title_zh}”规则：{first.message_zh}{tail_zh}",
    )


def diagnose(scenario: Scenario) -> tuple[str, str]:
    """(English, Chinese) sentence naming the tightest unit or skill."""
    return _counting(scenario) or _nearest_plan(scenario)
