"""Reading a published plan back for re-planning (``rotation solve --previous PLAN_DIR``)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from rotation.errors import ScenarioError
from rotation.io import values
from rotation.io.plan_io import PLAN_COLUMNS, PLAN_SHEETS
from rotation.io.tables import Column, read_table
from rotation.scenario import ROLES, Published, Scenario

PUBLISHED_COLUMNS = (*PLAN_COLUMNS, Column("name", ("姓名",)))


def assignments_file(path: str | os.PathLike[str]) -> Path:
    """The assignments file of a published plan: ``path`` itself, or the
    ``assignments.csv`` (else ``assignments.xlsx``) in the folder ``path``."""
    given = Path(path)
    if given.is_dir():
        for name in ("assignments.csv", "assignments.xlsx"):
            if (given / name).is_file():
                return given / name
        raise ScenarioError(
            "the published plan folder has no assignments.csv or assignments.xlsx",
            zh="已公布方案的文件夹中没有assignments.csv或assignments.xlsx",
            file=str(given),
        )
    if not given.is_file():
        raise ScenarioError(
            "the published plan does not exist", zh="已公布方案不存在", file=str(given)
        )
    return given


def read_published(scenario: Scenario, path: str | os.PathLike[str]) -> tuple[Published, ...]:
    """The plan published earlier (a plan folder written by ``rotation solve``, or its
    assignments file: person, round, year, unit, role, optionally name) as placements in
    ``scenario``'s rounds.

    Each row's year (年度) goes to the round of ``scenario`` held in that year, so a plan
    published a year ago lines up with this year's; rows of years this plan does not
    cover are dropped. Without a year column the round is dated by the plan date in
    the folder's ``run.json``. People who are no longer among the people are kept (they
    left: their placements are reported as changes); a unit the scenario does not know,
    a person placed twice in one year, or no year in common with the plan are errors
    naming the file, row and column. Names of people who left come from a name column,
    else from the published ``moves.csv`` beside it.
    """
    file = assignments_file(path)
    table = read_table(file, PUBLISHED_COLUMNS, display=str(file), sheet_names=PLAN_SHEETS)
    first_year = _plan_year(file) if "year" not in table.headers else None
    names = _moved_names(file.parent)
    out: list[Published] = []
    seen_at: dict[tuple[str, int], int] = {}
    years: set[int] = set()
    for row in table.rows:
        person = row.text("person")
        if not person:
            raise row.fail("person", "the person is empty", zh="未填写人员编号")
        unit = row.text("unit")
        year = row.integer("year")
        if year is None:
            period = row.integer("round")
            if first_year is None or period is None:
                raise row.fail(
                    "year",
                    "the year (年度) is empty, and no round with the run.json of the "
                    "published plan says which year it is",
                    zh="未填写年度，也无法由轮次和已公布方案的run.json推知是哪一年",
                )
            year = first_year + period - 1
        key = (person, year)
        if key in seen_at:
            raise row.fail(
                "person",
                f"'{person}' is placed twice in {year} (also row {seen_at[key]})",
                zh=f"“{person}”在{year}年被安排了两次（另见第{seen_at[key]}行）",
            )
        seen_at[key] = row.row_number
        years.add(year)
        written = row.text("role")
        role = values.role(written) if written else ""
        if role and role not in ROLES:
            raise row.fail(
                "role",
                f"role '{written}' is not one of head, deputy, member",
                zh=f"职务“{written}”不是正职、副职、一般干部之一",
            )
        first = scenario.plan_date.year
        period = year - first + 1
        if period not in scenario.periods:
            continue  # a year already past, or beyond this plan
        if unit not in scenario.unit:
            raise row.fail("unit", f"unknown unit '{unit}'", zh=f"未知的单位“{unit}”")
        name = row.text("name") or names.get(person, "")
        out.append(Published(person, period, unit, role, name))
    if not table.rows:
        raise ScenarioError(
            "the published plan has no rows", zh="已公布方案没有数据行", file=str(file)
        )
    if not out:
        first, last = scenario.plan_date.year, scenario.plan_date.year + scenario.horizon - 1
        raise ScenarioError(
            f"no year of the published plan ({min(years)} to {max(years)}) is a year of this "
            f"plan ({first} to {last})",
            zh=f"已公布方案的年度（{min(years)}年至{max(years)}年）与本方案（{first}年至{last}年）"
            "没有重合",
            file=str(file),
            column=table.header("year") if "year" in table.headers else None,
        )
    return tuple(out)


def _plan_year(file: Path) -> int | None:
    """The year of round 1 of the published plan, from ``run.json`` beside it."""
    record = file.parent / "run.json"
    try:
        return dt.date.fromisoformat(
            json.loads(record.read_text(encoding="utf-8"))["plan_date"]
        ).year
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _moved_names(folder: Path) -> dict[str, str]:
    """Person → name from the published ``moves.csv`` (who moved), for people who have
    left since; empty when there is none to read."""
    moves = folder / "moves.csv"
    if not moves.is_file():
        return {}
    try:
        table = read_table(moves, (Column("person", ("编号",), True), Column("name", ("姓名",))))
    except ScenarioError:
        return {}
    return {row.text("person"): row.text("name") for row in table.rows if row.text("name")}
