"""Reading a plan (an assignments list) back, for checking a hand-edited rotation list."""

from __future__ import annotations

import os
from pathlib import Path

from rotation.errors import ScenarioError
from rotation.io import values
from rotation.io.tables import Column, read_table
from rotation.plan import Leave, Plan
from rotation.scenario import ROLES, Absence, Scenario

PLAN_COLUMNS = (
    Column("person", ("人员", "编号", "人员编号"), True),
    Column("round", ("period", "轮次")),
    Column("year", ("年度", "年份")),
    Column("unit", ("单位", "拟任单位", "单位编号"), True),
    Column("role", ("职务", "拟任职务")),
)

PLAN_SHEETS = ("人员安排", "assignments", "安排")
"""The sheet of a workbook that holds the assignments: plan.xlsx's 人员安排 (its other
sheets, the rotation list first, name units by their names), else the first sheet."""


def read_plan(scenario: Scenario, path: str | os.PathLike[str]) -> Plan:
    """Read an assignments file (CSV or XLSX: person, round, year, unit, role) into a
    :class:`Plan`.

    ``round`` (or ``period``, 轮次) may be left out: then ``year`` (年度) names the round,
    else it is 1; the year written beside a round is not read. ``role`` (head, deputy,
    member, or a
    Chinese title as in the people table) may be left out or blank: the person then
    keeps their current role. Unknown people or units, a period outside
    1 .. horizon and a person placed twice in one period are errors naming the file,
    row and column. The plan may be incomplete; :func:`rotation.validate` says what is
    missing.
    """
    file = Path(path)
    if not file.is_file():
        raise ScenarioError("the plan file does not exist", zh="方案文件不存在", file=str(file))
    table = read_table(file, PLAN_COLUMNS, display=str(file), sheet_names=PLAN_SHEETS)
    assignments: dict[tuple[str, int], str] = {}
    roles: dict[tuple[str, int], str] = {}
    seen_at: dict[tuple[str, int], int] = {}
    for row in table.rows:
        person = row.text("person")
        if person not in scenario.person and person not in scenario.hire:
            raise row.fail("person", f"unknown person '{person}'", zh=f"未知的人员“{person}”")
        unit = row.text("unit")
        if unit not in scenario.unit:
            raise row.fail("unit", f"unknown unit '{unit}'", zh=f"未知的单位“{unit}”")
        period = row.integer("round")
        year = row.integer("year")
        if period is None and year is not None:
            period = year - scenario.plan_date.year + 1  # a list keyed by year only
            if period not in scenario.periods:
                raise row.fail(
                    "year",
                    f"year {year} is not a year of the plan ({scenario.plan_date.year} to "
                    f"{scenario.plan_date.year + scenario.horizon - 1})",
                    zh=f"{year}年不在规划期内（{scenario.plan_date.year}年至"
                    f"{scenario.plan_date.year + scenario.horizon - 1}年）",
                )
        period = 1 if period is None else period
        if period not in scenario.periods:
            raise row.fail(
                "round",
                f"period {period} is not between 1 and the horizon {scenario.horizon}",
                zh=f"第{period}轮不在1到规划期{scenario.horizon}轮之间",
            )
        key = (person, period)
        if key in seen_at:
            raise row.fail(
                "person",
                f"'{person}' is placed twice in period {period} (also row {seen_at[key]})",
                zh=f"“{person}”在第{period}轮被安排了两次（另见第{seen_at[key]}行）",
            )
        seen_at[key] = row.row_number
        assignments[key] = unit
        written = row.text("role")
        if written:
            role = values.role(written)
            if role not in ROLES:
                raise row.fail(
                    "role",
                    f"role '{written}' is not one of head, deputy, member",
                    zh=f"职务“{written}”不是正职、副职、一般干部之一",
                )
            roles[key] = role
    beside = [file.parent / f"absences{suffix}" for suffix in (".csv", ".xlsx")]
    leaves = next((read_leaves(scenario, p) for p in beside if p.is_file()), ())
    return Plan(scenario, assignments, roles, leaves=leaves)


LEAVE_COLUMNS = (
    Column("person", ("编号", "人员"), True),
    Column("kind", ("类别",), True),
    Column("from_round", ("起始轮次",), True),
    Column("to_round", ("结束轮次",), True),
)


def read_leaves(scenario: Scenario, path: str | os.PathLike[str]) -> tuple[Leave, ...]:
    """Read a schedule of absences (``absences.csv`` as ``solve`` writes it: person, kind,
    from_round, to_round; other columns ignored), which :func:`read_plan` picks up beside
    the assignments file. Each row is the schedule of an absence of the table with the
    same person and kind (the one whose window and length it fits, if any), or else one
    round of training picked for a unit's quota; the checker says whether it is right.
    Unknown people or kinds and rounds outside the plan are errors naming the row."""
    file = Path(path)
    table = read_table(
        file, LEAVE_COLUMNS, display=str(file), sheet_names=("absences", "培训挂职安排")
    )
    left: list[Absence] = list(scenario.absences)
    out = []
    for row in table.rows:
        person = row.text("person")
        if person not in scenario.person:
            raise row.fail("person", f"unknown person '{person}'", zh=f"未知的人员“{person}”")
        kind = values.absence_kind(row.text("kind"))
        if kind not in ("training", "secondment"):
            raise row.fail(
                "kind",
                f"kind '{kind}' is not one of training, secondment (培训, 挂职)",
                zh=f"类别“{kind}”不是培训、挂职之一",
            )
        rounds = []
        for column in ("from_round", "to_round"):
            value = row.integer(column)
            if value is None or value not in scenario.periods:
                raise row.fail(
                    column,
                    f"'{row.text(column)}' is not a round of the plan",
                    zh=f"“{row.text(column)}”不是规划期内的轮次",
                )
            rounds.append(value)
        start, end = rounds
        mine = [a for a in left if (a.person, a.kind) == (person, kind)]
        fits = [
            a
            for a in mine
            if start in scenario.starts(a) and scenario.away_rounds(a, start)[-1] == end
        ]
        if fits or (mine and not (kind == "training" and start == end)):
            chosen = (fits or mine)[0]
            left.remove(chosen)
            out.append(Leave(person, kind, start, end, chosen))
        else:
            out.append(Leave(person, kind, start, end))
    return tuple(out)
