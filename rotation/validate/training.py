"""Checker of training and secondment (rule 43; 挂职锻炼): the schedule of absences and the
yearly training quota. Also what the staffing checks need to know about who counts
where: people away are not counted for a unit's minimum or its skill cover, planned
hires are."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rotation.plan import Leave, Plan
from rotation.scenario import Absence, Scenario
from rotation.validate.common import Names, Violation, round_text

KIND_ZH = {"training": "培训", "secondment": "挂职锻炼"}


def counted(scenario: Scenario, plan: Plan, unit: str, period: int) -> list[frozenset[str]]:
    """The skills of everyone who counts for ``unit``'s minimum headcount and skill cover
    in ``period`` (:meth:`Plan.at_work`): its people not away, and its planned hires."""
    return [
        (scenario.person[i] if i in scenario.person else scenario.hire[i]).skills
        for i in plan.at_work(unit, period)
    ]


def absence_text(scenario: Scenario, n: Names, a: Absence) -> tuple[str, str]:
    """``the training of 张三 (P1) (2 rounds, starting in round 1 to 3)`` in both languages."""
    last = a.latest or scenario.horizon
    rounds = f"{a.length} round{'s' if a.length > 1 else ''}"
    return (
        f"the {a.kind} of {n.p(a.person)} ({rounds}, starting in round {a.earliest} to {last})",
        f"{n.p(a.person)}的{KIND_ZH[a.kind]}（{a.length}轮，第{a.earliest}至{last}轮开始）",
    )


def _schedule(scenario: Scenario, plan: Plan, n: Names) -> list[Violation]:
    """Each absence of the table scheduled exactly once (an absence listed twice, twice),
    inside its window, for its length; its person placed and not moving after the first
    round away."""
    out = []
    rows: dict[Absence, int] = defaultdict(int)
    for a in scenario.absences:
        rows[a] += 1
    mine: dict[Absence, list[Leave]] = defaultdict(list)
    for leave in plan.leaves:
        if leave.absence is not None:
            mine[leave.absence].append(leave)
    for a, found in mine.items():
        if a not in rows:
            out.append(
                Violation(
                    "training",
                    found[0].start,
                    f"the plan schedules an absence of {n.p(a.person)} that the table does not "
                    "have",
                    f"方案安排了{n.p(a.person)}的培训挂职，但培训挂职计划中没有该项",
                    person=a.person,
                )
            )
    for a, count in rows.items():
        en, zh = absence_text(scenario, n, a)
        found = mine.get(a, [])
        if len(found) != count:
            first = a.earliest if not found else found[0].start
            out.append(
                Violation(
                    "training",
                    first,
                    f"{en} is not scheduled"
                    if not found
                    else f"{en} is scheduled {len(found)} times, not {count}",
                    f"{zh}未安排" if not found else f"{zh}安排了{len(found)}次，应为{count}次",
                    person=a.person,
                    amount=abs(count - len(found)),
                )
            )
        for leave in found:
            problem = _misplaced(scenario, plan, n, a, leave)
            if problem is not None:
                out.append(
                    Violation(
                        "training",
                        leave.start,
                        f"{en} {problem[0]}",
                        f"{zh}{problem[1]}",
                        person=a.person,
                    )
                )
    return out


def _misplaced(
    scenario: Scenario, plan: Plan, n: Names, a: Absence, leave: Leave
) -> tuple[str, str] | None:
    """What is wrong with ``leave`` as the schedule of ``a`` (None: nothing)."""
    if (leave.person, leave.kind) != (a.person, a.kind):
        return (f"is scheduled as the {leave.kind} of {n.p(leave.person)}", "安排的人员或类别不符")
    if leave.start not in scenario.starts(a):
        return (
            f"starts in {round_text(scenario, leave.start)}, outside its window",
            f"于{round_text(scenario, leave.start, 'zh')}开始，不在规定时间内",
        )
    if leave.end != scenario.away_rounds(a, leave.start)[-1]:
        return (
            f"runs to round {leave.end}, not for its {a.length} round(s)",
            f"至第{leave.end}轮结束，与{a.length}轮的期限不符",
        )
    for t in leave.rounds:
        unit = plan.unit_of(a.person, t)
        if unit is None:
            return (
                f"has no unit in {round_text(scenario, t)} while away",
                f"{round_text(scenario, t, 'zh')}外出期间没有所在单位",
            )
        if t > leave.start and unit != plan.unit_of(a.person, t - 1):
            return (
                f"moves to {n.u(unit)} in {round_text(scenario, t)} while away",
                f"外出期间于{round_text(scenario, t, 'zh')}调整到{n.u(unit)}",
            )
    return None


def _picks(scenario: Scenario, plan: Plan, spec: Any, n: Names) -> list[Violation]:
    """The plan's own picks for the quota: one round of training each, for someone of the
    plan in that round, only with a quota, nobody twice within ``cycle`` rounds; and
    nobody away twice at once."""
    out = []
    picks = sorted((v for v in plan.leaves if v.absence is None), key=lambda v: (v.person, v.start))
    last: dict[str, int] = {}
    for v in picks:
        when, when_zh = round_text(scenario, v.start), round_text(scenario, v.start, "zh")
        en, zh = "", ""
        if spec.quota <= 0:
            en, zh = "without a training quota", "未设年度培训名额"
        elif v.kind != "training" or v.end != v.start:
            en, zh = "for more than one round or not for training", "超过1轮或并非培训"
        elif v.person not in scenario.person or plan.unit_of(v.person, v.start) is None:
            en, zh = "but has no unit then", "但当时不在岗"
        elif v.person in last and v.start - last[v.person] < spec.cycle:
            en = f"again within {spec.cycle} rounds (also round {last[v.person]})"
            zh = f"{spec.cycle}轮内再次参加（另见第{last[v.person]}轮）"
        last[v.person] = v.start
        if en:
            out.append(
                Violation(
                    "training",
                    v.start,
                    f"{n.p(v.person)} is sent to training in {when} {en}",
                    f"{n.p(v.person)} {when_zh}参加培训，{zh}",
                    person=v.person,
                )
            )
    rounds: dict[tuple[str, int], int] = defaultdict(int)
    for v in plan.leaves:
        for t in v.rounds:
            rounds[(v.person, t)] += 1
    for (pid, t), count in sorted(rounds.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if count > 1:
            out.append(
                Violation(
                    "training",
                    t,
                    f"{n.p(pid)} is away {count} times at once in {round_text(scenario, t)}",
                    f"{n.p(pid)} {round_text(scenario, t, 'zh')}同时有{count}项培训挂职",
                    person=pid,
                )
            )
    return out


def _quota(scenario: Scenario, plan: Plan, spec: Any, n: Names) -> list[Violation]:
    """In each unit and round, at least ``quota`` of its people away on training (picked
    for the quota or scheduled from the table); the amount is the number short."""
    out = []
    for t in scenario.periods:
        for u in scenario.units:
            went = 0
            for pid in plan.members(u.id, t):
                leave = plan.away(pid, t)
                went += leave is not None and leave.kind == "training"
            if went < spec.quota:
                out.append(
                    Violation(
                        "training",
                        t,
                        f"{n.u(u.id)} sends {went} to training in {round_text(scenario, t)}, "
                        f"below its yearly quota of {spec.quota}",
                        f"{n.u(u.id)} {round_text(scenario, t, 'zh')}参加培训{went}人，"
                        f"少于年度培训名额{spec.quota}人",
                        unit=u.id,
                        amount=spec.quota - went,
                    )
                )
    return out


def check_training(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each absence scheduled exactly once, inside its window, for its length, its person
    placed and staying in their unit after the first round away; one absence at a time;
    the quota picks well formed; and each unit's yearly training quota met (soft: each
    absence not scheduled costs 1, each trainee short of a quota 1)."""
    if not scenario.absences and not spec.quota and not plan.leaves:
        return []
    n = Names(scenario)
    out = _schedule(scenario, plan, n) + _picks(scenario, plan, spec, n)
    if spec.quota > 0:
        out += _quota(scenario, plan, spec, n)
    return out
