"""Every malformed input gives one ScenarioError naming the file, the row and the column."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest
from openpyxl import Workbook

from rotation.errors import ScenarioError
from rotation.io import read_scenario
from tests.io.scenario_folder import FILES, Change, make_folder, replace


class Case(NamedTuple):
    changes: dict[str, Change]
    file: str
    row: int | None
    column: str | None
    words: str  # a fragment the message must contain


def drop_column(name: str):  # type: ignore[no-untyped-def]
    """A change that removes one column from a CSV (every line has no quoted commas)."""

    def change(text: str) -> str:
        lines = [line.split(",") for line in text.splitlines()]
        j = lines[0].index(name)
        return "\n".join(",".join(cells[:j] + cells[j + 1 :]) for cells in lines) + "\n"

    return change


def add_column(header: str, cells: dict[int, str]):  # type: ignore[no-untyped-def]
    """A change that appends a column; ``cells`` maps a data row (1 = first) to its cell."""

    def change(text: str) -> str:
        lines = text.splitlines()
        lines[0] += f",{header}"
        for i in range(1, len(lines)):
            lines[i] += "," + cells.get(i, "")
        return "\n".join(lines) + "\n"

    return change


P2 = "P2,李四,F,1985-07,T1,2020-01-01,member,,finance,,,,"
T1 = "T1,城关镇纪委,township,A1,1,5,,城关,5"
# every unit in 东县, for the hires' county (所属县区)
IN_EAST = add_column("county", {1: "东县", 2: "东县", 3: "东县"})

CASES: dict[str, Case] = {
    "missing column": Case(
        {"people.csv": drop_column("birth_date")}, "people.csv", 1, "birth_date", "missing"
    ),
    "missing units column": Case({"units.csv": drop_column("kind")}, "units.csv", 1, "kind", ""),
    "duplicate id": Case(
        {"people.csv": replace("P2,李四", "P1,李四")}, "people.csv", 3, "id", "also in row 2"
    ),
    "unknown unit": Case(
        {"people.csv": replace(P2, P2.replace(",T1,", ",X9,"))}, "people.csv", 3, "unit", "X9"
    ),
    "unknown county of a hire": Case(
        {"units.csv": IN_EAST, "hires.csv": "id,round,county\nH1,1,东县\nH2,2,西县\n"},
        "hires.csv",
        3,
        "county",
        "unknown county '西县'",
    ),
    "unknown county of a hire under its chinese header": Case(
        {"units.csv": IN_EAST, "hires.csv": "编号,轮次,县区\nH1,1,南县\n"},
        "hires.csv",
        2,
        "县区",
        "(known: 东县)",
    ),
    "bad date": Case(
        {"people.csv": replace("1990.03", "1990-13")}, "people.csv", 4, "birth_date", "1990-13"
    ),
    "blank date": Case(
        {"people.csv": replace("1990.03", "")}, "people.csv", 4, "birth_date", "empty"
    ),
    "post start after plan date": Case(
        {"people.csv": replace("201903", "2025-01")}, "people.csv", 4, "post_start", "plan date"
    ),
    "min above max": Case(
        {"units.csv": replace(T1, T1.replace(",1,5,", ",6,5,"))},
        "units.csv",
        3,
        "min_staff",
        "larger",
    ),
    "unknown skill": Case(
        {"people.csv": replace(",law,城关", ",cooking,城关")}, "people.csv", 2, "skills", "cooking"
    ),
    "unknown skill in needs": Case(
        {"units.csv": replace("law:1;finance:1", "law:1;cooking:1")},
        "units.csv",
        4,
        "needs",
        "cooking",
    ),
    "bad needs count": Case(
        {"units.csv": replace("law:1;finance:1", "law:x")}, "units.csv", 4, "needs", "whole number"
    ),
    "neither utf8 nor gbk": Case(
        {"people.csv": FILES["people.csv"].encode("utf-16")},
        "people.csv",
        None,
        None,
        "cannot read the file as UTF-8 or GBK",
    ),
    "utf16 without bom": Case(
        {"people.csv": FILES["people.csv"].encode("utf-16-le")},
        "people.csv",
        None,
        None,
        "save it as CSV UTF-8",
    ),
    "random bytes": Case(
        {"units.csv": bytes(range(128, 256)) * 4}, "units.csv", None, None, "UTF-8 or GBK"
    ),
    "empty file": Case({"people.csv": b""}, "people.csv", None, None, "empty"),
    "header only": Case(
        {"units.csv": FILES["units.csv"].splitlines()[0] + "\n"},
        "units.csv",
        None,
        None,
        "no data rows",
    ),
    "non-numeric max_staff": Case(
        {"units.csv": replace(T1, T1.replace(",1,5,", ",1,five,"))},
        "units.csv",
        3,
        "max_staff",
        "'five' is not a whole number",
    ),
    "fractional min_staff": Case(
        {"units.csv": replace(T1, T1.replace(",1,5,", ",1.5,5,"))},
        "units.csv",
        3,
        "min_staff",
        "whole number",
    ),
    "non-numeric workload": Case(
        {"units.csv": replace(",城关,5", ",城关,lots")}, "units.csv", 3, "workload", "number"
    ),
    "unknown gender": Case(
        {"people.csv": replace("P2,李四,F", "P2,李四,X")}, "people.csv", 3, "gender", "'X'"
    ),
    "unknown role": Case(
        {"people.csv": replace(",member,,finance", ",boss,,finance")},
        "people.csv",
        3,
        "role",
        "boss",
    ),
    "unknown unit kind": Case(
        {"units.csv": replace("township", "club")}, "units.csv", 3, "kind", "club"
    ),
    "area not an area office": Case(
        {"units.csv": replace("township,A1", "township,O1")},
        "units.csv",
        3,
        "area",
        "not an area office",
    ),
    "unknown preference": Case(
        {"people.csv": replace("T1;O1", "T1;Z9")}, "people.csv", 2, "preferences", "Z9"
    ),
    "relation to unknown person": Case(
        {"relations.csv": "a,b,kind\nP1,P2,spouse\nP3,P9,blood\n"}, "relations.csv", 3, "b", "P9"
    ),
    "duplicate relation": Case(
        {"relations.csv": "a,b,kind\nP1,P2,spouse\nP2,P1,spouse\n"},
        "relations.csv",
        3,
        "b",
        "twice",
    ),
    "self relation": Case(
        {"relations.csv": "a,b,kind\nP1,P1,spouse\n"}, "relations.csv", 2, "b", "own relative"
    ),
    "unknown relation kind": Case(
        {"relations.csv": "a,b,kind\nP1,P2,friend\n"}, "relations.csv", 2, "kind", "friend"
    ),
    "history to unknown unit": Case(
        {"history.csv": replace("P1,T1", "P1,T7")}, "history.csv", 2, "unit", "T7"
    ),
    "history ends before start": Case(
        {"history.csv": replace("2015-02-28", "2007-01-01")}, "history.csv", 2, "end", "before"
    ),
    "negative distance": Case(
        {"distances.csv": replace("12.5", "-3")}, "distances.csv", 2, "km", "negative"
    ),
    "pin to unknown unit": Case(
        {"pins.csv": "person,unit,period\nP4,O1,1\nP1,Q1,2\n"}, "pins.csv", 3, "unit", "Q1"
    ),
    "pin beyond horizon": Case(
        {"pins.csv": replace("P4,O1,1", "P4,O1,3")}, "pins.csv", 2, "period", "horizon"
    ),
    "pin period not a number": Case(
        {"pins.csv": replace("P4,O1,1", "P4,O1,first")}, "pins.csv", 2, "period", "first"
    ),
    "both csv and xlsx": Case({"people.xlsx": b"PK"}, "people.csv", None, None, "people.xlsx"),
    "missing people table": Case({"people.csv": None}, "people.csv", None, None, "missing"),
    "corrupt xlsx": Case(
        {"units.csv": None, "units.xlsx": b"not a zip"}, "units.xlsx", None, None, "Excel"
    ),
    "duplicate header": Case(
        {"people.csv": replace("id,name", "id,编号,name")}, "people.csv", 1, "编号", "both mean"
    ),
    "missing scenario.toml": Case(
        {"scenario.toml": None}, "scenario.toml", None, None, "scenario.toml"
    ),
    "bad toml": Case(
        {"scenario.toml": 'name = "x"\nplan_date = "2024-03-01"\nhorizon = = 2\n'},
        "scenario.toml",
        None,
        None,
        "line 3",
    ),
    "unknown rule in toml": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[rules.holidays]\nweight = 1\n"},
        "scenario.toml",
        None,
        "rules.holidays",
        "unknown rule",
    ),
    "unknown rule parameter": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[rules.minimum_stay]\nmonths = 1\n"},
        "scenario.toml",
        None,
        "rules.minimum_stay.months",
        "no parameter",
    ),
    "rule parameter of wrong shape": Case(
        {"scenario.toml": FILES["scenario.toml"] + '[rules.headcount]\nbands = "3-5"\n'},
        "scenario.toml",
        None,
        "rules.headcount.bands",
        "must be a table",
    ),
    "hard goal": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[rules.fewest_moves]\nhard = true\n"},
        "scenario.toml",
        None,
        "rules.fewest_moves.weight",
        "needs a weight",
    ),
    "unknown toml key": Case(
        {"scenario.toml": FILES["scenario.toml"] + "colour = 'red'\n"},
        "scenario.toml",
        None,
        "colour",
        "unknown setting",
    ),
    "bad horizon": Case(
        {"scenario.toml": replace("horizon = 2", "horizon = 0")},
        "scenario.toml",
        None,
        "horizon",
        "horizon",
    ),
    "bad plan date": Case(
        {"scenario.toml": replace("2024-03-01", "next spring")},
        "scenario.toml",
        None,
        "plan_date",
        "next spring",
    ),
    "bad solver setting": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[solver]\nworkers = 0\n"},
        "scenario.toml",
        None,
        "solver.workers",
        "at least 1",
    ),
    "solver setting of wrong type": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[solver]\nseed = 'x'\n"},
        "scenario.toml",
        None,
        "solver.seed",
        "whole number",
    ),
    "solver switch that is a number": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[solver]\nlp_start = 1\n"},
        "scenario.toml",
        None,
        "solver.lp_start",
        "must be true or false",
    ),
    "solver number that is a switch": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[solver]\nseed = true\n"},
        "scenario.toml",
        None,
        "solver.seed",
        "whole number",
    ),
    "solver search that is not text": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[solver]\nrounds_search = 2\n"},
        "scenario.toml",
        None,
        "solver.rounds_search",
        "must be text",
    ),
    # issue 3: the new columns and [objective]
    "bad education": Case(
        {"people.csv": add_column("education", {3: "小学"})}, "people.csv", 4, "education", "小学"
    ),
    "bad education under its chinese header": Case(
        {"people.csv": add_column("学历", {1: "本科", 2: "fellow"})},
        "people.csv",
        3,
        "学历",
        "'fellow' is not one of doctorate",
    ),
    "punishment without date": Case(
        {"people.csv": add_column("punishment", {2: "警告"})},
        "people.csv",
        3,
        "punishment_date",
        "both its kind and its date",
    ),
    "punishment date without punishment": Case(
        {"people.csv": add_column("处分时间", {1: "2023-05"})},
        "people.csv",
        2,
        "处分时间",
        "both its kind and its date",
    ),
    "bad punishment date": Case(
        {"people.csv": add_column("punishment,punishment_date", {1: "记过,2023-13"})},
        "people.csv",
        2,
        "punishment_date",
        "2023-13",
    ),
    "rank since before birth": Case(
        {"people.csv": add_column("rank_since", {4: "1970-01"})},
        "people.csv",
        5,
        "rank_since",
        "before the birth date",
    ),
    "unknown unit in interests": Case(
        {"people.csv": add_column("interests", {1: "T1;Z9"})},
        "people.csv",
        2,
        "interests",
        "unknown unit 'Z9'",
    ),
    "bad key flag": Case(
        {"units.csv": add_column("key", {2: "maybe"})},
        "units.csv",
        3,
        "key",
        "'maybe' is not 是/否",
    ),
    "bad key flag under its chinese header": Case(
        {"units.csv": add_column("重点岗位", {1: "是", 3: "重要"})},
        "units.csv",
        4,
        "重点岗位",
        "'重要'",
    ),
    "negative deputies": Case(
        {"units.csv": add_column("deputies", {1: "-1"})}, "units.csv", 2, "deputies", "negative"
    ),
    "fractional heads": Case(
        {"units.csv": add_column("正职职数", {2: "1.5"})},
        "units.csv",
        3,
        "正职职数",
        "whole number",
    ),
    "bad objective mode": Case(
        {"scenario.toml": FILES["scenario.toml"] + '[objective]\nmode = "lexicographic"\n'},
        "scenario.toml",
        None,
        "objective.mode",
        "'lexicographic' is not 'tiers' or 'weighted'",
    ),
    "objective mode not text": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[objective]\nmode = 2\n"},
        "scenario.toml",
        None,
        "objective.mode",
        "must be 'tiers' or 'weighted'",
    ),
    "unknown rule in tiers": Case(
        {
            "scenario.toml": FILES["scenario.toml"]
            + '[objective]\ntiers = [["fewest_moves"], ["holidays", "preferences"]]\n'
        },
        "scenario.toml",
        None,
        "objective.tiers",
        "unknown rule 'holidays'",
    ),
    "rule in two tiers": Case(
        {
            "scenario.toml": FILES["scenario.toml"]
            + '[objective]\ntiers = [["fewest_moves"], ["fewest_moves"]]\n'
        },
        "scenario.toml",
        None,
        "objective.tiers",
        "in two tiers",
    ),
    "tiers not a list of lists": Case(
        {"scenario.toml": FILES["scenario.toml"] + '[objective]\ntiers = ["fewest_moves"]\n'},
        "scenario.toml",
        None,
        "objective.tiers",
        "list of lists",
    ),
    "unknown objective setting": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[objective]\nweights = 1\n"},
        "scenario.toml",
        None,
        "objective.weights",
        "no setting 'weights'",
    ),
    "objective not a table": Case(
        {"scenario.toml": FILES["scenario.toml"] + 'objective = "tiers"\n'},
        "scenario.toml",
        None,
        "objective",
        "must be a table",
    ),
    "bad date parameter": Case(
        {"scenario.toml": FILES["scenario.toml"] + '[rules.retirement]\nreform_start = "soon"\n'},
        "scenario.toml",
        None,
        "rules.retirement.reform_start",
        "must be a date",
    ),
    "list parameter given as text": Case(
        {"scenario.toml": FILES["scenario.toml"] + '[rules.education]\nkinds = "township"\n'},
        "scenario.toml",
        None,
        "rules.education.kinds",
        "list of names",
    ),
    "text parameter given as a number": Case(
        {"scenario.toml": FILES["scenario.toml"] + "[rules.education]\nmin_level = 3\n"},
        "scenario.toml",
        None,
        "rules.education.min_level",
        "must be text",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_malformed_input(tmp_path: Path, case: Case) -> None:
    folder = make_folder(tmp_path / "scenario", case.changes)
    with pytest.raises(ScenarioError) as info:
        read_scenario(folder)
    error = info.value
    message = str(error)
    assert error.file is not None and Path(error.file).name == case.file, message
    assert case.file in message
    assert error.row == case.row, message
    if case.row is not None:
        assert f"row {case.row}" in message
    assert error.column == case.column, message
    if case.column is not None:
        # a table has columns, scenario.toml has settings
        noun = "setting" if case.file.endswith(".toml") else "column"
        assert f"{noun} '{case.column}'" in message
    assert case.words in message
    # the same error in Chinese: the location in Chinese words, the message translated
    zh = error.text("zh")
    assert zh.startswith(f"{error.file}{'，' if case.row or case.column else '：'}"), zh
    if case.row is not None:
        assert f"第{case.row}行" in zh
    if case.column is not None:
        assert f"“{case.column}”{'设置项' if case.file.endswith('.toml') else '列'}" in zh
    assert HAN.search(error.message_zh) and error.message_zh != error.message, zh


HAN = re.compile("[\u4e00-\u9fff]")


def test_at_least_eighteen_cases() -> None:
    assert len(CASES) >= 18


CHINESE_PEOPLE = (
    "编号,姓名,性别,出生年月,现单位,任现职时间\n"
    "P1,张三,男,1980-05,A1,2015-03\n"
    "P2,李四,女,1985-07,T1,2020-01\n"
    "P3,王五,男,1990-03,O1,2019-03\n"
    "P4,赵六,女,1975-13,O1,2010-06\n"
)


def test_column_named_as_written_in_chinese(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"people.csv": CHINESE_PEOPLE.encode("gbk")})
    with pytest.raises(ScenarioError) as info:
        read_scenario(folder)
    assert info.value.row == 5 and info.value.column == "出生年月"
    assert "people.csv, row 5, column '出生年月'" in str(info.value)
    assert "people.csv，第5行，“出生年月”列：无法识别日期“1975-13”" in info.value.text("zh")


def test_scenario_error_row_skips_blank_lines(tmp_path: Path) -> None:
    """A Scenario-level error (duplicate id) points at the spreadsheet row, blank rows counted."""
    people = FILES["people.csv"].replace("\nP2,", "\n,,,,,,,,,,,,\nP2,", 1)
    people = people.replace("P4,赵六", "P1,赵六")
    folder = make_folder(tmp_path, {"people.csv": people})
    with pytest.raises(ScenarioError) as info:
        read_scenario(folder)
    assert (info.value.row, info.value.column) == (6, "id")


def test_xlsx_error_names_the_header_as_written(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["编号", "名称", "类型", "所属片区", "最少人数", "最多人数"])
    ws.append(["A1", "第一片区", "片区", None, 1, 5])
    ws.append(["T1", "城关镇纪委", "乡镇", "A1", 1, "五"])
    ws.append(["O1", "案件审理室", "室", None, 1, 8])
    book.save(tmp_path / "units.xlsx")
    folder = make_folder(tmp_path, {"units.csv": None})
    with pytest.raises(ScenarioError) as info:
        read_scenario(folder)
    assert "units.xlsx, row 3, column '最多人数'" in str(info.value)


def test_a_title_above_the_header_is_skipped_and_rows_keep_their_numbers(
    tmp_path: Path,
) -> None:
    """A 名册 as kept in Excel: a merged title and a note above the header row."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["示例区纪委监委单位表（2027年1月）"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["填表：组织部干部科", None, "2027-01-05"])
    ws.append(["编号", "名称", "类型", "所属片区", "最少人数", "最多人数"])
    ws.append(["A1", "第一片区", "片区", None, 1, 5])
    ws.append(["T1", "城关镇纪委", "乡镇", "A1", 1, 5])
    ws.append(["O1", "案件审理室", "室", None, 1, 8])
    book.save(tmp_path / "units.xlsx")
    folder = make_folder(tmp_path, {"units.csv": None})
    assert [u.id for u in read_scenario(folder).units] == ["A1", "T1", "O1"]
    ws.cell(6, 6).value = "五"  # T1's 最多人数, row 6 of the sheet
    book.save(tmp_path / "units.xlsx")
    with pytest.raises(ScenarioError) as info:
        read_scenario(folder)
    assert "units.xlsx, row 6, column '最多人数'" in str(info.value)
    # a header missing a required column is named at the row most like a header
    ws.cell(4, 1).value = "代码"
    book.save(tmp_path / "units.xlsx")
    with pytest.raises(ScenarioError) as info:
        read_scenario(folder)
    assert (info.value.row, info.value.column) == (4, "id")


def test_someone_taken_out_of_the_people_table_alone_is_named_with_the_fix(
    tmp_path: Path,
) -> None:
    # P4 has left: their row is gone from people.csv, but pins.csv still places them
    people = "\n".join(line for line in FILES["people.csv"].splitlines() if line[:3] != "P4,")
    folder = make_folder(tmp_path, {"people.csv": people + "\n"})
    with pytest.raises(ScenarioError) as info:
        read_scenario(folder)
    assert info.value.file is not None and Path(info.value.file).name == "pins.csv"
    assert "unknown person 'P4'" in str(info.value)
    assert "remove their rows from this table too" in str(info.value)
    assert "已离开的人员，其在本表中的记录也应删除" in info.value.text("zh")
