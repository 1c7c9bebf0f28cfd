"""Planned hires and absences in a plan's outputs: the line of the rotation list that
places each hire, with its reasons, and the schedule of who is away training or on a
secondment when (培训挂职安排)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from rotation.facts import SKILL_ZH

if TYPE_CHECKING:
    from rotation.plan import Plan

KIND_ZH = {"training": "培训", "secondment": "挂职锻炼"}
"""Absence kinds in Chinese."""

LEAVE_COLUMNS = [
    "person",
    "name",
    "kind",
    "unit",
    "unit_name",
    "from_round",
    "from_year",
    "to_round",
    "to_year",
    "basis",
]

LEAVES_ZH = {
    "person": "编号",
    "name": "姓名",
    "kind": "类别",
    "unit": "单位编号",
    "unit_name": "单位",
    "from_round": "起始轮次",
    "from_year": "起始年度",
    "to_round": "结束轮次",
    "to_year": "结束年度",
    "basis": "依据",
}
"""The Chinese headers of the schedule (the plan.xlsx sheet 培训挂职安排)."""


def _present(plan: Plan, unit: str, period: int, but: str) -> list[tuple[str, frozenset[str]]]:
    """(id, skills) of everyone who counts for ``unit``'s band and cover in ``period``
    other than ``but``: its people not away (when the training rule is on) and its hires."""
    s = plan.scenario
    training = s.rules.training.enabled
    out = [
        (pid, s.person[pid].skills)
        for pid in plan.members(unit, period)
        if not (training and plan.away(pid, period))
    ]
    out += [(h, s.hire[h].skills) for h in plan.hires_in(unit, period) if h != but]
    return out


def hire_reasons(plan: Plan, hire: str) -> list[tuple[str, str]]:
    """Why the plan places ``hire`` where it does, as (English, Chinese) sentences: the
    planned recruitment, then what the unit would lack in the hire's round without them
    (its minimum headcount, a skill it needs), else the room in its band."""
    s = plan.scenario
    h = s.hire[hire]
    unit_id = plan.unit_of(hire, h.round)
    rank_en, rank_zh = (f", rank {h.rank}", f"（{h.rank}）") if h.rank else ("", "")
    out = [(f"planned hire (recruitment{rank_en})", f"计划招录人员{rank_zh}")]
    if unit_id is None or unit_id not in s.unit:
        return out
    unit = s.unit[unit_id]
    others = _present(plan, unit.id, h.round, hire)
    vacancy = plan.vacancy(unit.id, h.round) if s.rules.vacancies.enabled else None
    posts = 0 if vacancy is None else vacancy.posts
    specific = []
    if len(others) + posts < unit.min_staff:
        specific.append(
            (
                f"without them {unit.name} ({unit.id}) would have {len(others)} people, below "
                f"its minimum of {unit.min_staff}",
                f"否则{unit.name}仅{len(others)}人，少于最少人数{unit.min_staff}人",
            )
        )
    for skill, need in unit.needs:
        have = sum(skill in skills for _, skills in others)
        if skill in h.skills and have < need:
            zh = SKILL_ZH.get(skill, skill)
            specific.append(
                (
                    f"brings {skill}: {unit.name} ({unit.id}) needs {need} and would have {have}",
                    f"补充{zh}专业：{unit.name}需要{need}名，否则仅{have}名",
                )
            )
    if not specific:
        size = len(plan.members(unit.id, h.round)) + len(plan.hires_in(unit.id, h.round))
        specific.append(
            (
                f"{unit.name} ({unit.id}) has room in its band ({size} of at most "
                f"{unit.max_staff})",
                f"{unit.name}编制有空余（{size}人，最多{unit.max_staff}人）",
            )
        )
    return out + specific


def hire_rows(plan: Plan, lang: str = "en") -> list[dict[str, Any]]:
    """One line of the rotation list per placed hire: "new hire → unit" in their round,
    with the reasons in ``lang`` (after the round, in a plan of several rounds)."""
    from rotation.validate.common import round_text

    s = plan.scenario
    zh = lang == "zh"
    rows = []
    for h in s.hires:
        unit = plan.unit_of(h.id, h.round)
        if unit is None or unit not in s.unit:
            continue
        text = ("；" if zh else "; ").join(z if zh else e for e, z in hire_reasons(plan, h.id))
        if s.horizon > 1:
            text = round_text(s, h.round, lang) + ("：" if zh else ": ") + text
        rows.append(
            {
                "person": h.id,
                "name": h.label,
                "round": h.round,
                "year": plan.year(h.round),
                "from_unit": "",
                "from_name": "新录用" if zh else "new hire",
                "to_unit": unit,
                "to_name": s.unit[unit].name,
                "reasons": text,
            }
        )
    return rows


def leave_frame(plan: Plan, lang: str = "en") -> pd.DataFrame:
    """The schedule of absences (培训挂职安排), by first round: person, name, kind (in
    ``lang``), the unit they keep, the first and last round away with their years, and
    the basis (the absences table, or a unit's yearly training quota)."""
    s = plan.scenario
    zh = lang == "zh"
    order = {p.id: i for i, p in enumerate(s.people)}
    rows = []
    for leave in sorted(plan.leaves, key=lambda v: (v.start, order.get(v.person, 0), v.end)):
        unit = plan.unit_of(leave.person, leave.start) or ""
        person = s.person.get(leave.person)
        if leave.absence is None:
            basis = "年度培训名额" if zh else "yearly training quota"
        else:
            basis = "培训挂职计划" if zh else "absences table"
        rows.append(
            {
                "person": leave.person,
                "name": person.name if person else leave.person,
                "kind": KIND_ZH.get(leave.kind, leave.kind) if zh else leave.kind,
                "unit": unit,
                "unit_name": s.unit[unit].name if unit in s.unit else "",
                "from_round": leave.start,
                "from_year": plan.year(leave.start),
                "to_round": leave.end,
                "to_year": plan.year(leave.end),
                "basis": basis,
            }
        )
    return pd.DataFrame(rows, columns=LEAVE_COLUMNS)
