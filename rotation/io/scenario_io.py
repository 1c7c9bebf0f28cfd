"""Scenario folders: ``scenario.toml`` plus the tables of DESIGN.md §3.

:func:`read_scenario` accepts what users keep in Excel — CSV (UTF-8 or GBK) or XLSX,
English or Chinese headers, dates as 干部名册 write them — and turns every problem
into one :class:`~rotation.errors.ScenarioError` naming the file, the row and the
column. :func:`write_scenario` writes a folder that reads back to an equal scenario.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook

from rotation.dates import parse_date
from rotation.errors import TABLE_ZH, ScenarioError
from rotation.io import values
from rotation.io.atomic import atomic_path, atomic_write_text
from rotation.io.tables import Column, Row, Table, read_table
from rotation.rules import Objective, RuleSet
from rotation.scenario import (
    DEFAULT_SKILLS,
    UNIT_KINDS,
    Absence,
    Distance,
    Hire,
    HistoryEntry,
    Person,
    Pin,
    Relation,
    Scenario,
    SolverSettings,
    Unit,
    default_time_limit,
)

CONFIG = "scenario.toml"

# Canonical name first; the aliases are the Chinese headers of the 干部名册 and
# a few other spellings seen in practice.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "people": (
        Column("id", ("编号", "人员编号"), True),
        Column("name", ("姓名",), True),
        Column("gender", ("性别",), True),
        Column("birth_date", ("出生年月", "出生日期"), True),
        Column("unit", ("现单位", "所在单位"), True),
        Column("post_start", ("任现职时间",), True),
        Column("role", ("职务",)),
        Column("rank", ("职级",)),
        Column("skills", ("专业特长",)),
        Column("growth_place", ("成长地",)),
        Column("frozen", ("暂不交流原因",)),
        Column("preferences", ("交流意向",)),
        Column("retire_date", ("退休时间",)),
        Column("rank_since", ("任现职级时间", "职级时间")),
        Column("level_start", ("任同级职务时间", "任同级时间")),
        Column("work_start", ("参加工作时间",)),
        Column("probation_end", ("试用期满时间", "试用期满")),
        Column("punishment", ("处分", "处分情况")),
        Column("punishment_date", ("处分时间",)),
        Column("education", ("学历",)),
        Column("home", ("居住地",)),
        Column("interests", ("利益回避单位",)),
    ),
    "units": (
        Column("id", ("编号", "单位编号"), True),
        Column("name", ("名称", "单位名称"), True),
        Column("kind", ("类型",), True),
        Column("area", ("所属片区",)),
        Column("min_staff", ("最少人数",)),
        Column("max_staff", ("最多人数",)),
        Column("needs", ("专业要求",)),
        Column("region", ("所在地",)),
        Column("workload", ("工作量",)),
        Column("heads", ("正职职数",)),
        Column("deputies", ("副职职数",)),
        Column("key", ("重点岗位",)),
        Column("county", ("所属县区", "县区")),
    ),
    "relations": (
        Column("a", ("甲", "人员1"), True),
        Column("b", ("乙", "人员2"), True),
        Column("kind", ("关系",)),
    ),
    "history": (
        Column("person", ("人员",), True),
        Column("unit", ("单位",), True),
        Column("start", ("开始", "开始时间"), True),
        Column("end", ("结束", "结束时间"), True),
    ),
    "distances": (
        Column("a", ("甲地",), True),
        Column("b", ("乙地",), True),
        Column("km", ("公里", "距离"), True),
    ),
    "pins": (
        Column("person", ("人员",), True),
        Column("unit", ("单位",), True),
        Column("period", ("轮次",)),
    ),
    "hires": (
        Column("id", ("编号", "人员编号"), True),
        Column("name", ("姓名",)),
        Column("round", ("period", "轮次", "到岗轮次"), True),
        Column("skills", ("专业特长", "专业")),
        Column("rank", ("职级",)),
        Column("gender", ("性别",)),
        Column("birth_date", ("出生年月", "出生日期")),
        Column("county", ("所属县区", "县区")),
    ),
    "absences": (
        Column("person", ("人员", "编号", "人员编号"), True),
        Column("kind", ("类别", "类型"), True),
        Column("length", ("轮数", "期限")),
        Column("earliest", ("最早轮次",)),
        Column("latest", ("最晚轮次",)),
    ),
}
REQUIRED_TABLES = ("people", "units", "relations")
OPTIONAL_TABLES = ("history", "distances", "pins", "hires", "absences")
SHEET_NAMES = {
    "people": ("people", "人员", "干部名册"),
    "units": ("units", "单位"),
    "relations": ("relations", "亲属关系"),
    "history": ("history", "履历"),
    "distances": ("distances", "距离"),
    "pins": ("pins", "指定安排"),
    "hires": ("hires", "招录计划"),
    "absences": ("absences", "培训挂职"),
}
_FORMATS = (".csv", ".xlsx")
_CONFIG_KEYS = ("name", "plan_date", "horizon", "skills", "solver", "rules", "objective")


# ---------------------------------------------------------------------------
# reading


def read_scenario(folder: str | os.PathLike[str]) -> Scenario:
    """Read a scenario folder (DESIGN.md §3) into a checked :class:`Scenario`.

    Raises :class:`ScenarioError` naming the file, row (header = row 1) and column
    as written for any problem; the files are only read.
    """
    root = Path(folder)
    if not root.is_dir():
        raise ScenarioError(
            "the scenario folder does not exist", zh="数据文件夹不存在", file=str(root)
        )
    config = _read_config(root)
    rules: RuleSet = config["rules"]
    tables: dict[str, Table] = {}
    records: dict[str, tuple[Any, ...]] = {}
    for name in (*REQUIRED_TABLES, *OPTIONAL_TABLES):
        path = _find_table(root, name, required=name in REQUIRED_TABLES)
        if path is None:
            continue
        table = read_table(
            path,
            COLUMNS[name],
            display=str(path),
            needs_rows=name if name in ("people", "units") else None,
            sheet_names=SHEET_NAMES[name],
        )
        tables[name] = table
        build = _BUILDERS[name]
        records[name] = tuple(_record(table, row, build, rules) for row in table.rows)
        if name in ("people", "units"):
            _check_unique_ids(table, records[name])
    try:
        return Scenario(
            name=config["name"],
            plan_date=config["plan_date"],
            horizon=config["horizon"],
            skills=config["skills"],
            solver=config["solver"],
            rules=rules,
            objective=config["objective"],
            people=records["people"],
            units=records["units"],
            relations=records["relations"],
            history=records.get("history", ()),
            distances=records.get("distances", ()),
            pins=records.get("pins", ()),
            hires=records.get("hires", ()),
            absences=records.get("absences", ()),
        )
    except ScenarioError as exc:
        table_read = tables.get(exc.table or "")
        if table_read is None:
            raise exc.located(file=str(root / CONFIG), row=None) from None
        row = table_read.rows[exc.index].row_number if exc.index is not None else None
        raise table_read.locate(exc, row) from None


def _find_table(root: Path, name: str, *, required: bool) -> Path | None:
    # Match names case-insensitively: Windows users write People.CSV.
    found = sorted(
        p
        for p in root.iterdir()
        if p.is_file() and p.stem.lower() == name and p.suffix.lower() in _FORMATS
    )
    if len(found) > 1:
        raise ScenarioError(
            f"both {found[0].name} and {found[1].name} exist; keep only one of them",
            zh=f"{found[0].name}与{found[1].name}同时存在，请只保留其中一个",
            file=str(found[0]),
        )
    if found:
        return found[0]
    if required:
        raise ScenarioError(
            f"the {name} table is missing: put {name}.csv or {name}.xlsx in the folder",
            zh=f"缺少{TABLE_ZH.get(name, name)}表：请在文件夹中放入{name}.csv或{name}.xlsx",
            file=str(root / f"{name}.csv"),
        )
    return None


def _record(table: Table, row: Row, build: Callable[[Row, RuleSet], Any], rules: RuleSet) -> Any:
    """Build one record, locating a constructor's error in this row."""
    try:
        return build(row, rules)
    except ScenarioError as exc:
        if exc.file is not None:  # already located by a cell reader
            raise
        raise table.locate(exc, row.row_number) from None


def _check_unique_ids(table: Table, records: tuple[Any, ...]) -> None:
    # Scenario checks this too, but can only say "record n"; here we know the rows.
    seen: dict[str, int] = {}
    for row, record in zip(table.rows, records, strict=True):
        if record.id in seen:
            message = f"duplicate id '{record.id}' (also in row {seen[record.id]})"
            zh = f"编号“{record.id}”重复（第{seen[record.id]}行也是此编号）"
            raise table.error(message, row.row_number, "id", zh=zh)
        seen[record.id] = row.row_number


def _required_text(row: Row, column: str, what: str, what_zh: str) -> str:
    """The cell's text; blank is an error naming ``what`` (``what_zh`` in Chinese)."""
    text = row.text(column)
    if not text:
        raise row.fail(column, f"the {what} is empty", zh=f"{what_zh}为空")
    return text


def _person(row: Row, rules: RuleSet) -> Person:
    return Person(
        id=row.text("id"),
        name=row.text("name"),
        gender=values.gender(row.text("gender")),
        birth_date=row.required_date("birth_date", "birth date"),
        unit=_required_text(row, "unit", "unit", "单位"),
        post_start=row.required_date("post_start", "post start date"),
        role=values.role(row.text("role")),
        rank=row.text("rank"),
        skills=values.skills(row.text("skills")),
        growth_place=row.text("growth_place"),
        frozen=values.frozen(row.text("frozen")),
        preferences=tuple(values.split_list(row.text("preferences"))),
        retire_date=row.date("retire_date"),
        rank_since=row.date("rank_since"),
        level_start=row.date("level_start"),
        work_start=row.date("work_start"),
        probation_end=row.date("probation_end"),
        punishment=row.text("punishment"),
        punishment_date=row.date("punishment_date"),
        education=values.education(row.text("education")),
        home=row.text("home"),
        interests=tuple(values.split_list(row.text("interests"))),
    )


def _unit(row: Row, rules: RuleSet) -> Unit:
    kind = values.unit_kind(row.text("kind"))
    low, high = row.integer("min_staff"), row.integer("max_staff")
    if low is None or high is None:
        band = rules.headcount.bands.get(kind)
        if band is None and kind in UNIT_KINDS:
            column = "min_staff" if low is None else "max_staff"
            raise row.fail(
                column,
                f"blank, and [rules.headcount] bands has no band for '{kind}'",
                zh=f"未填写，且[rules.headcount]的bands中没有“{kind}”的人数范围",
            )
        # An unknown kind has no band; Unit() then rejects the kind itself.
        low = (band[0] if band else 0) if low is None else low
        high = (band[1] if band else low) if high is None else high
    try:
        needs = values.needs(row.text("needs"))
    except ValueError as exc:
        raise row.fail("needs", str(exc), zh=f"专业要求填写有误：{exc}") from None
    return Unit(
        id=row.text("id"),
        name=row.text("name"),
        kind=kind,
        min_staff=low,
        max_staff=high,
        area=row.text("area"),
        needs=tuple(needs.items()),
        region=row.text("region"),
        workload=row.number("workload") or 0.0,
        heads=_posts(row, "heads"),
        deputies=_posts(row, "deputies"),
        key=_key(row),
        county=row.text("county"),
    )


def _posts(row: Row, column: str) -> int:
    """A number of leadership posts (职数); blank means one."""
    count = row.integer(column)
    return 1 if count is None else count


def _key(row: Row) -> bool:
    value = values.flag(row.text("key"))
    if value is None:
        raise row.fail(
            "key",
            f"'{row.text('key')}' is not 是/否 (yes/no, true/false, 1/0)",
            zh=f"“{row.text('key')}”不是“是”或“否”（也可写yes/no、true/false、1/0）",
        )
    return value


def _relation(row: Row, rules: RuleSet) -> Relation:
    return Relation(
        a=_required_text(row, "a", "first person", "第一位人员"),
        b=_required_text(row, "b", "second person", "第二位人员"),
        kind=values.relation_kind(row.text("kind")),
    )


def _history(row: Row, rules: RuleSet) -> HistoryEntry:
    return HistoryEntry(
        person=_required_text(row, "person", "person", "人员"),
        unit=_required_text(row, "unit", "unit", "单位"),
        start=row.required_date("start", "start date"),
        end=row.required_date("end", "end date"),
    )


def _distance(row: Row, rules: RuleSet) -> Distance:
    km = row.number("km")
    if km is None:
        raise row.fail("km", "the distance is empty", zh="距离为空")
    return Distance(
        a=_required_text(row, "a", "first place", "第一个地点"),
        b=_required_text(row, "b", "second place", "第二个地点"),
        km=km,
    )


def _pin(row: Row, rules: RuleSet) -> Pin:
    return Pin(
        person=_required_text(row, "person", "person", "人员"),
        unit=_required_text(row, "unit", "unit", "单位"),
        period=row.integer("period"),
    )


def _hire(row: Row, rules: RuleSet) -> Hire:
    joins = row.integer("round")
    if joins is None:
        raise row.fail("round", "the round is empty", zh="轮次为空")
    return Hire(
        id=row.text("id"),
        round=joins,
        skills=values.skills(row.text("skills")),
        rank=row.text("rank"),
        name=row.text("name"),
        gender=values.gender(row.text("gender")),
        birth_date=row.date("birth_date"),
        county=row.text("county"),
    )


def _absence(row: Row, rules: RuleSet) -> Absence:
    length, earliest = row.integer("length"), row.integer("earliest")
    return Absence(
        person=_required_text(row, "person", "person", "人员"),
        kind=values.absence_kind(row.text("kind")),
        length=1 if length is None else length,
        earliest=1 if earliest is None else earliest,
        latest=row.integer("latest"),
    )


_BUILDERS: dict[str, Callable[[Row, RuleSet], Any]] = {
    "people": _person,
    "units": _unit,
    "relations": _relation,
    "history": _history,
    "distances": _distance,
    "pins": _pin,
    "hires": _hire,
    "absences": _absence,
}


def _read_config(root: Path) -> dict[str, Any]:
    """scenario.toml as keyword arguments for :class:`Scenario`."""
    path = root / CONFIG
    file = str(path)
    if not path.is_file():
        raise ScenarioError(
            "the scenario needs a scenario.toml with at least name and plan_date",
            zh="缺少scenario.toml，该文件至少须包含name和plan_date",
            file=file,
        )
    try:
        # utf-8-sig: Notepad on Windows may start the file with a BOM.
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(
            "the file is not UTF-8; save it as UTF-8",
            zh="文件不是UTF-8编码，请另存为UTF-8",
            file=file,
        ) from None
    except OSError as exc:
        raise ScenarioError(
            f"cannot open the file ({exc.strerror})",
            zh=f"无法打开文件（{exc.strerror}）",
            file=file,
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message ends "(at line N, column M)", which is the location we need.
        raise ScenarioError(
            f"not valid TOML: {exc}", zh=f"文件不是有效的TOML：{exc}", file=file
        ) from None

    def fail(message: str, column: str, *, zh: str) -> ScenarioError:
        return ScenarioError(message, zh=zh, file=file, column=column)

    for key in data:
        if key not in _CONFIG_KEYS:
            raise fail(
                f"unknown setting '{key}' (known: {', '.join(_CONFIG_KEYS)})",
                key,
                zh=f"未知的设置项“{key}”（可用：{', '.join(_CONFIG_KEYS)}）",
            )
    if "plan_date" not in data:
        raise fail(
            'plan_date is missing (write plan_date = "2024-03-01")',
            "plan_date",
            zh='缺少方案日期plan_date（写作plan_date = "2024-03-01"）',
        )
    plan_date = data["plan_date"]
    if isinstance(plan_date, dt.datetime):
        plan_date = plan_date.date()
    elif not isinstance(plan_date, dt.date):
        if not isinstance(plan_date, str):
            raise fail(
                f"plan_date must be a date such as 2024-03-01, not {plan_date!r}",
                "plan_date",
                zh=f"方案日期plan_date须为日期，如2024-03-01，而非{plan_date!r}",
            )
        try:
            plan_date = parse_date(plan_date)
        except ValueError as exc:
            zh = f"无法识别日期“{plan_date}”（可写作2019-03-01、2019-03、2019.03或201903）"
            raise fail(str(exc), "plan_date", zh=zh) from None
    name = data.get("name", root.resolve().name)
    if not isinstance(name, str) or not name.strip():
        raise fail("name must be a non-empty string", "name", zh="name须为非空文本")
    horizon = data.get("horizon", 1)
    if not isinstance(horizon, int) or isinstance(horizon, bool):
        raise fail(
            f"horizon must be a whole number of rounds, not {horizon!r}",
            "horizon",
            zh=f"规划期horizon须为轮数（整数），而非{horizon!r}",
        )
    skills = data.get("skills", list(DEFAULT_SKILLS))
    if not isinstance(skills, list) or not all(isinstance(s, str) and s.strip() for s in skills):
        raise fail(
            'skills must be a list of names, like ["law", "finance", "audit"]',
            "skills",
            zh='专业特长skills须为名称列表，如["law", "finance", "audit"]',
        )
    return {
        "name": name.strip(),
        "plan_date": plan_date,
        "horizon": horizon,
        "skills": tuple(values.skill(s.strip()) for s in skills),
        "solver": _solver(data.get("solver", {}), horizon, fail),
        "rules": _rules(data.get("rules", {}), fail),
        "objective": _objective(data.get("objective", {}), fail),
    }


class _Fail(Protocol):
    """The error maker of :func:`_read_config`: a message, its column and its Chinese."""

    def __call__(self, message: str, column: str, *, zh: str) -> ScenarioError: ...


def _solver(table: object, horizon: int, fail: _Fail) -> SolverSettings:
    if not isinstance(table, Mapping):
        raise fail("[solver] must be a table", "solver", zh="[solver]须为TOML表")
    defaults = SolverSettings()
    kinds = {f.name: type(getattr(defaults, f.name)) for f in fields(SolverSettings)}
    kwargs: dict[str, Any] = {"time_limit": default_time_limit(horizon)}
    for key, value in table.items():
        where = f"solver.{key}"
        if key not in kinds:
            raise fail(
                f"[solver] has no setting '{key}' (known: {', '.join(kinds)})",
                where,
                zh=f"[solver]中未知的设置项“{key}”（可用：{', '.join(kinds)}）",
            )
        wanted = kinds[key]
        accepted = (int, float) if wanted is float else (wanted,)
        # TOML's true and false are Python bools, and bools are ints: only a switch takes them
        if isinstance(value, bool) != (wanted is bool) or not isinstance(value, accepted):
            what = {float: "a number", int: "a whole number", str: "text"}.get(
                wanted, "true or false"
            )
            what_zh = {float: "数字", int: "整数", str: "文本"}.get(wanted, "true或false")
            raise fail(
                f"[solver] {key} must be {what}, not {value!r}",
                where,
                zh=f"[solver]的设置项“{key}”须为{what_zh}，而非{value!r}",
            )
        kwargs[key] = wanted(value)
    try:
        return SolverSettings(**kwargs)
    except ScenarioError as exc:
        raise fail(exc.message, f"solver.{exc.column}", zh=exc.message_zh) from None


def _rules(table: object, fail: _Fail) -> RuleSet:
    if not isinstance(table, Mapping):
        raise fail(
            "[rules] must be a table of [rules.<name>] tables",
            "rules",
            zh="[rules]须为由[rules.<name>]表组成的TOML表",
        )
    try:
        return RuleSet.from_dict(table)
    except ScenarioError as exc:  # its column is "<rule>" or "<rule>.<parameter>"
        column = f"rules.{exc.column}" if exc.column else "rules"
        raise fail(exc.message, column, zh=exc.message_zh) from None


def _objective(table: object, fail: _Fail) -> Objective:
    """``[objective]``: ``mode`` ("tiers" or "weighted") and ``tiers`` (lists of rule
    names, most important first)."""
    if not isinstance(table, Mapping):
        raise fail("[objective] must be a table", "objective", zh="[objective]须为TOML表")
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        where = f"objective.{key}"
        if key == "mode":
            if not isinstance(value, str):
                raise fail(
                    f"[objective] mode must be 'tiers' or 'weighted', not {value!r}",
                    where,
                    zh=f"[objective]的方式（mode）须为“tiers”或“weighted”，而非{value!r}",
                )
            kwargs["mode"] = value.strip()
        elif key == "tiers":
            if not isinstance(value, list) or not all(
                isinstance(tier, list) and all(isinstance(name, str) for name in tier)
                for tier in value
            ):
                raise fail(
                    "[objective] tiers must be a list of lists of rule names, like "
                    '[["same_level"], ["fewest_moves", "promotions"]]',
                    where,
                    zh="[objective]的层级（tiers）须为由规则名称列表组成的列表，如"
                    '[["same_level"], ["fewest_moves", "promotions"]]',
                )
            kwargs["tiers"] = tuple(tuple(name.strip() for name in tier) for tier in value)
        else:
            raise fail(
                f"[objective] has no setting '{key}' (known: mode, tiers)",
                where,
                zh=f"[objective]中未知的设置项“{key}”（可用：mode, tiers）",
            )
    try:
        return Objective(**kwargs)
    except ScenarioError as exc:  # its column is "mode" or "tiers"
        raise fail(exc.message, f"objective.{exc.column}", zh=exc.message_zh) from None


# ---------------------------------------------------------------------------
# writing


def write_scenario(scenario: Scenario, folder: str | os.PathLike[str], fmt: str = "csv") -> Path:
    """Write ``scenario`` as a folder that :func:`read_scenario` reads back equal.

    Tables are UTF-8 CSV with a BOM (so Excel shows Chinese correctly) or XLSX, with
    English headers; empty optional tables are left out. Each file is written
    atomically. Table files of the other format or of a table now empty are removed,
    so the folder holds exactly this scenario. Returns the folder.
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    atomic_write_text(root / CONFIG, _config_toml(scenario))
    written: set[Path] = set()
    for name, (header, rows) in _table_rows(scenario).items():
        if not rows and name in OPTIONAL_TABLES:
            continue
        path = root / f"{name}.{fmt}"
        if fmt == "csv":
            _write_csv(path, header, rows)
        else:
            _write_xlsx(path, name, header, rows)
        written.add(path)
    for name in (*REQUIRED_TABLES, *OPTIONAL_TABLES):
        for suffix in _FORMATS:
            stale = root / f"{name}{suffix}"
            if stale not in written and stale.exists():
                stale.unlink()
    return root


def _table_rows(s: Scenario) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Every table as English headers and typed cells (None for blank)."""
    people = [
        [
            p.id,
            p.name,
            p.gender,
            p.birth_date,
            p.unit,
            p.post_start,
            p.role,
            p.rank,
            ";".join(sorted(p.skills)),
            p.growth_place,
            p.frozen,
            ";".join(p.preferences),
            p.retire_date,
            p.rank_since,
            p.level_start,
            p.work_start,
            p.probation_end,
            p.punishment,
            p.punishment_date,
            p.education,
            p.home,
            ";".join(p.interests),
        ]
        for p in s.people
    ]
    units = [
        [
            u.id,
            u.name,
            u.kind,
            u.area,
            u.min_staff,
            u.max_staff,
            ";".join(f"{k}:{n}" for k, n in u.needs),
            u.region,
            u.workload,
            u.heads,
            u.deputies,
            u.key,
            u.county,
        ]
        for u in s.units
    ]
    return {
        "people": ([c.name for c in COLUMNS["people"]], people),
        "units": ([c.name for c in COLUMNS["units"]], units),
        "relations": (["a", "b", "kind"], [[r.a, r.b, r.kind] for r in s.relations]),
        "history": (
            ["person", "unit", "start", "end"],
            [[h.person, h.unit, h.start, h.end] for h in s.history],
        ),
        "distances": (["a", "b", "km"], [[d.a, d.b, d.km] for d in s.distances]),
        "pins": (["person", "unit", "period"], [[p.person, p.unit, p.period] for p in s.pins]),
        "hires": (
            [c.name for c in COLUMNS["hires"]],
            [
                [
                    h.id,
                    h.name,
                    h.round,
                    ";".join(sorted(h.skills)),
                    h.rank,
                    h.gender,
                    h.birth_date,
                    h.county,
                ]
                for h in s.hires
            ],
        ),
        "absences": (
            [c.name for c in COLUMNS["absences"]],
            [[a.person, a.kind, a.length, a.earliest, a.latest] for a in s.absences],
        ),
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    atomic_write_text(path, buffer.getvalue(), encoding="utf-8-sig")


def _write_xlsx(path: Path, sheet: str, header: list[str], rows: list[list[Any]]) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has its sheet
    ws.title = sheet
    ws.append(header)
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j, value=None if value == "" else value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, not a formula
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    with atomic_path(path) as tmp:
        book.save(tmp)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    escaped = []
    for ch in text:
        if ch in '"\\':
            escaped.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            escaped.append(f"\\u{ord(ch):04X}")
        else:
            escaped.append(ch)
    return '"' + "".join(escaped) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return repr(value)  # 10.0, 1e+16 and inf are all TOML floats
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dt.date):
        return value.isoformat()  # a TOML local date; tomllib reads it as a date
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def _config_toml(s: Scenario) -> str:
    lines = [
        "# A rotation scenario (see DESIGN.md §3); written by rotation.io.write_scenario.",
        f"name = {_toml_value(s.name)}",
        f"plan_date = {_toml_string(s.plan_date.isoformat())}",
        f"horizon = {_toml_value(s.horizon)}",
        f"skills = {_toml_value(list(s.skills))}",
        "",
        "[solver]",
    ]
    lines += [f"{f.name} = {_toml_value(getattr(s.solver, f.name))}" for f in fields(s.solver)]
    lines += [
        "",
        '# How the soft goals combine: mode = "tiers" optimises each tier in turn (most',
        '# important first; within a tier by weight), "weighted" one weighted sum.',
        "[objective]",
        f"mode = {_toml_value(s.objective.mode)}",
        "tiers = [",
        *(f"    {_toml_value(list(tier))}," for tier in s.objective.tiers),
        "]",
    ]
    lines += [
        "",
        "# Every rule with its parameters; a rule without a weight (hard = true) must hold,",
        "# a weight makes it a goal costing that much per unit of violation.",
    ]
    for spec, (rule, params) in zip(s.rules, s.rules.to_dict().items(), strict=True):
        numbers = ", ".join(str(n) for n in spec.catalogue)
        where = (
            f"; catalogue {'rules' if len(spec.catalogue) > 1 else 'rule'} {numbers}"
            if numbers
            else ""
        )
        lines += ["", f"# {spec.title_zh} ({spec.title_en}{where})", f"[rules.{_toml_key(rule)}]"]
        lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in params.items()]
    return "\n".join(lines) + "\n"
