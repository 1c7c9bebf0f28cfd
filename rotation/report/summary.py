"""The short text summary printed after a solve."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rotation.facts import Duty, obligation

if TYPE_CHECKING:
    from rotation.result import Result

REASON_LABELS = {
    Duty.MUST_MOVE: ("mandatory rotation", "任职满限交流"),
    Duty.PINNED: ("pinned", "组织指定"),
    Duty.FREE: ("to meet bands, skills or avoidance", "配备、回避需要"),
    Duty.STAY_FROZEN: ("frozen but pinned", "暂不交流（指定）"),
    Duty.STAY_MINIMUM: ("under minimum stay but pinned", "未满最短年限（指定）"),
}


def moves_by_reason(result: Result) -> Counter[Duty]:
    """How many moves each person-level duty accounts for."""
    counts: Counter[Duty] = Counter()
    if result.plan is None:
        return counts
    for move in result.plan.iter_moves():
        counts[obligation(result.plan.scenario, move.person).duty] += 1
    return counts


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def result_summary(result: Result, lang: str = "en") -> str:
    """Status, objective, bound, moves by reason and time, in a few lines."""
    zh = lang == "zh"
    lines = []
    if zh:
        lines.append(
            f"求解状态: {result.status}    目标值: {_num(result.objective)}    "
            f"下界: {_num(result.bound)}    用时: {result.wall_time:.2f} 秒"
        )
    else:
        lines.append(
            f"status: {result.status}    objective: {_num(result.objective)}    "
            f"bound: {_num(result.bound)}    time: {result.wall_time:.2f} s"
        )
    if result.plan is None:
        lines.append(
            ("无可行方案：" if zh else "no plan: ") + (result.message_zh if zh else result.message)
        )
        return "\n".join(lines)
    counts = moves_by_reason(result)
    total = sum(counts.values())
    parts = [f"{REASON_LABELS[d][1 if zh else 0]} {n}" for d, n in counts.most_common()]
    lines.append(
        (f"交流 {total} 人: " if zh else f"moves: {total} (")
        + ", ".join(parts)
        + ("" if zh else ")")
    )
    if result.penalties:
        lines.append(
            ("各项目标: " if zh else "goals: ")
            + ", ".join(f"{k} {v:g}" for k, v in result.penalties.items())
        )
    return "\n".join(lines)
