"""Reasons in words, solver-free: why each move, and why someone past a limit stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rotation.facts import Duty, obligation
from rotation.validate import SKILL_ZH, tenure_text

if TYPE_CHECKING:
    from rotation.plan import Move, Plan

ORDINAL_EN = ("first", "second", "third", "fourth", "fifth")
ORDINAL_ZH = "一二三四五六七八九十"


def _ordinal(rank: int, lang: str) -> str:
    if lang == "zh":
        return f"第{ORDINAL_ZH[rank] if rank < len(ORDINAL_ZH) else rank + 1}意向"
    word = ORDINAL_EN[rank] if rank < len(ORDINAL_EN) else f"choice {rank + 1}"
    return f"{word} preference"


def move_reasons(plan: Plan, move: Move, lang: str = "en") -> list[str]:
    """Why ``move`` is in the plan, most binding reason first (never empty)."""
    scenario = plan.scenario
    person = scenario.person[move.person]
    src, dst = scenario.unit[move.from_unit], scenario.unit[move.to_unit]
    zh = lang == "zh"
    reasons: list[str] = []
    ob = obligation(scenario, move.person)
    if ob.duty is Duty.PINNED:
        reasons.append("组织指定安排" if zh else "placement decided by the department (pin)")
    if ob.duty is Duty.MUST_MOVE or "mandatory_rotation" in ob.overridden:
        limit = f"{ob.limit_years:g}"
        reasons.append(
            f"在{src.name}任职{tenure_text(ob.months, 'zh')}（满{limit}年须交流）"
            if zh
            else f"{tenure_text(ob.months)} in {src.name} (limit {limit})"
        )
    # relatives the person would sit with (or supervise) had they stayed
    for rel in scenario.relations:
        if move.person not in (rel.a, rel.b):
            continue
        other = rel.b if rel.a == move.person else rel.a
        where = plan.unit_of(other, move.period)
        if where is None:
            continue
        other_unit = scenario.unit[where]
        if (
            where == src.id
            or (src.kind == "area" and other_unit.area == src.id)
            or (other_unit.kind == "area" and src.area == other_unit.id)
        ):
            name = scenario.person[other].name
            reasons.append(
                f"亲属{name}在{other_unit.name}，需回避"
                if zh
                else f"relative {name} in {other_unit.name}"
            )
    roster = plan.members(dst.id, move.period)
    for skill, need in dst.needs:
        if skill not in person.skills:
            continue
        holders = sum(skill in scenario.person[pid].skills for pid in roster)
        if holders <= need:  # without this person the unit would fall short
            reasons.append(
                f"补充{dst.name}的{SKILL_ZH.get(skill, skill)}专业力量"
                if zh
                else f"fills the {skill} need of {dst.name}"
            )
    if len(roster) <= dst.min_staff:
        reasons.append(
            f"{dst.name}需达到最少{dst.min_staff}人"
            if zh
            else f"brings {dst.name} up to its minimum of {dst.min_staff}"
        )
    arrivals = [pid for pid in plan.members(src.id, move.period) if plan.moved(pid, move.period)]
    if (
        ob.duty is Duty.FREE
        and arrivals
        and len(plan.members(src.id, move.period)) >= src.max_staff
    ):
        reasons.append(
            f"为调入{src.name}的人员腾出编制"
            if zh
            else f"makes room in {src.name} for a colleague moving in"
        )
    if dst.id in person.preferences:
        reasons.append(_ordinal(person.preferences.index(dst.id), lang))
    if not reasons:
        reasons.append(
            "为其他人员交流腾出岗位或专业配备"
            if zh
            else "frees a place or a skill for the other moves"
        )
    return reasons


def stay_reason(plan: Plan, person: str, lang: str = "en") -> str | None:
    """Why someone at or past their tenure limit stays, or None if that is not the case."""
    scenario = plan.scenario
    ob = obligation(scenario, person)
    if plan.moved(person, 1) or "mandatory_rotation" not in (*ob.overridden, ob.duty.value):
        return None
    p = scenario.person[person]
    unit = scenario.unit[p.unit].name
    zh = lang == "zh"
    served = tenure_text(ob.months, lang)
    limit = f"{ob.limit_years:g}"
    head = (
        f"在{unit}任职{served}（满{limit}年须交流）"
        if zh
        else f"{served} in {unit} (limit {limit})"
    )
    if ob.duty is Duty.PINNED:
        why = "组织指定留任" if zh else "kept by the department (pin)"
    elif ob.duty is Duty.STAY_FROZEN:
        why = f"暂不交流：{p.frozen}" if zh else f"frozen: {p.frozen}"
    elif ob.duty is Duty.MUST_MOVE:
        why = (
            "按规则应交流，本方案未能安排"
            if zh
            else "due to move, but the plan could not move them"
        )
    else:
        return None
    return f"{head}；{why}" if zh else f"{head}; {why}"
