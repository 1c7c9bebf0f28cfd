"""The short text summary printed after a solve: status, tiers, KPIs."""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from rotation.result import Result


def moves_by_reason(result: Result) -> Counter[str]:
    """How many lines of the rotation list (retirements included) each reason kind
    decides, by the most binding reason of each line."""
    from rotation.reasons import explain_moves

    counts: Counter[str] = Counter()
    if result.plan is None:
        return counts
    for _move, reasons in explain_moves(result.plan):
        counts[reasons[0].kind] += 1
    return counts


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(frame: pd.DataFrame) -> str:
    """A two-column table as aligned text (wide characters counted twice)."""
    rows = [(str(a), str(b)) for a, b in frame.itertuples(index=False)]
    width = max((_width(a) for a, _ in rows), default=0)
    return "\n".join(f"  {a}{' ' * (width - _width(a))}  {b}" for a, b in rows)


def tier_lines(result: Result, lang: str = "en") -> list[str]:
    """One line per tier of the objective: its rules, value and bound. Tiers are
    numbered as the scenario's objective has them (``Objective.tiers_for``), as ``rotation
    check`` numbers them; a tier with nothing to price (``keep_published`` without a
    published plan) is not solved, and its line says so."""
    zh = lang == "zh"
    solved = {tuple(tier.rules): tier for tier in result.tiers}
    configured: list[tuple[str, ...]] = list(solved)
    if result.plan is not None:
        s = result.plan.scenario
        configured = [tuple(spec.name for spec in g) for g in s.objective.tiers_for(s.rules)]
        if not set(solved) <= set(configured):  # tiers the solver grouped otherwise
            configured = list(solved)
    last = max((k for k, rules in enumerate(configured) if rules in solved), default=-1)
    lines = []
    for k, rules in enumerate(configured[: last + 1]):
        label = f"第{k + 1}层目标" if zh else f"tier {k + 1}"
        names = ", ".join(rules)
        tier = solved.get(rules)
        if tier is None:  # skipped between solved tiers: nothing in it had a cost to price
            lines.append(
                f"{label} ({names}): 无计价项，未求解"
                if zh
                else f"{label} ({names}): nothing to price, not solved"
            )
        elif zh:
            lines.append(
                f"{label} ({names}): 值 {_num(tier.value)}  下界 {_num(tier.bound)}  {tier.status}"
            )
        else:
            lines.append(
                f"{label} ({names}): value {_num(tier.value)}  bound {_num(tier.bound)}  "
                f"{tier.status}"
            )
    return lines


def result_summary(result: Result, lang: str = "en") -> str:
    """Status, objective, bound and time; each tier's value and bound; the KPI table."""
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
    if result.interrupted and result.plan is not None:
        lines.append(
            "已按Ctrl-C中断求解：以下为中断前找到的最好方案"
            if zh
            else "stopped by Ctrl-C: the best plan found until then"
        )
    lines += tier_lines(result, lang)
    if result.plan is None:
        lines.append(
            ("无可行方案：" if zh else "no plan: ") + (result.message_zh if zh else result.message)
        )
        return "\n".join(lines)
    if result.penalties:
        lines.append(
            ("各项目标: " if zh else "goals: ")
            + ", ".join(f"{k} {v:g}" for k, v in result.penalties.items())
        )
    several = result.plan.scenario.horizon > 1
    first = f"（{result.plan.year(1)}年）" if zh else f" ({result.plan.year(1)})"
    lines.append(("主要指标" if zh else "Key figures") + (first if several else ""))
    lines.append(format_table(result.plan.kpis().table(lang)))
    if several:
        lines.append("逐年指标" if zh else "Key figures by year")
        lines.append(format_rows(result.plan.kpis_by_round(lang)))
    return "\n".join(lines)


def format_rows(frame: pd.DataFrame) -> str:
    """A table of several columns as aligned text, its header first."""
    rows = [[str(c) for c in frame.columns]]
    rows += [[str(v) for v in row] for row in frame.itertuples(index=False)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  " + "  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True))
        for r in rows
    )
