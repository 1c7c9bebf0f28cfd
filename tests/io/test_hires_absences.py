"""Reading the optional ``hires`` and ``absences`` tables: English or Chinese headers and
words, CSV or XLSX; a bad cell is one error naming the file, row and column (exit 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from rotation.cli import main
from rotation.errors import ScenarioError
from rotation.io import read_scenario, write_scenario
from rotation.scenario import Absence, Hire
from tests.io.scenario_folder import make_folder

HIRES = (
    "id,name,round,skills,rank,gender,birth_date\nH1,新人甲,1,law,一级科员,F,1999-05\nH2,,2,,,,\n"
)
ABSENCES = "person,kind,length,earliest,latest\nP1,training,1,1,2\nP3,secondment,2,,\n"
HIRES_ZH = (
    "编号,姓名,轮次,专业特长,职级,性别,出生年月\nH1,新人甲,1,法律,一级科员,女,1999.05\nH2,,2,,,,\n"
)
ABSENCES_ZH = "人员,类别,轮数,最早轮次,最晚轮次\nP1,培训,1,1,2\nP3,挂职锻炼,2,,\n"
EXPECTED_HIRES = (
    Hire("H1", 1, frozenset({"law"}), "一级科员", "新人甲", "F", dt.date(1999, 5, 1)),
    Hire("H2", 2),
)
EXPECTED_ABSENCES = (Absence("P1", "training", 1, 1, 2), Absence("P3", "secondment", 2, 1, None))


@pytest.mark.parametrize(
    ("hires", "absences", "encoding"),
    [(HIRES, ABSENCES, "utf-8"), (HIRES_ZH, ABSENCES_ZH, "gbk")],
    ids=["english", "chinese-gbk"],
)
def test_hires_and_absences_are_read(
    tmp_path: Path, hires: str, absences: str, encoding: str
) -> None:
    folder = make_folder(
        tmp_path, {"hires.csv": hires.encode(encoding), "absences.csv": absences.encode(encoding)}
    )
    s = read_scenario(folder)
    assert s.hires == EXPECTED_HIRES
    assert s.absences == EXPECTED_ABSENCES
    assert s.hire["H2"].label == "H2"
    assert list(s.starts(s.absences[1])) == [1, 2]  # blank window: any round of the plan


def test_hires_from_an_xlsx_sheet(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "招录计划"
    ws.append(["编号", "姓名", "轮次", "专业特长"])
    ws.append(["H1", "新人甲", 2, "审计、法律"])
    book.save(tmp_path / "hires.xlsx")
    s = read_scenario(make_folder(tmp_path))
    assert s.hires == (Hire("H1", 2, frozenset({"audit", "law"}), name="新人甲"),)


def test_hires_and_absences_round_trip(tmp_path: Path) -> None:
    s = read_scenario(make_folder(tmp_path / "a", {"hires.csv": HIRES, "absences.csv": ABSENCES}))
    for fmt in ("csv", "xlsx"):
        assert read_scenario(write_scenario(s, tmp_path / fmt, fmt)) == s


BAD = {
    "round not a number": (
        {"hires.csv": HIRES_ZH.replace("H2,,2,", "H2,,二,")},
        "hires.csv",
        3,
        "轮次",
        "'二' is not a whole number",
    ),
    "blank round": (
        {"hires.csv": HIRES.replace("H2,,2,", "H2,,,")},
        "hires.csv",
        3,
        "round",
        "empty",
    ),
    "round beyond the horizon": (
        {"hires.csv": HIRES.replace("H2,,2,", "H2,,3,")},
        "hires.csv",
        3,
        "round",
        "beyond the horizon 2",
    ),
    "hire with a person's id": (
        {"hires.csv": HIRES.replace("H2,,2,", "P4,,2,")},
        "hires.csv",
        3,
        "id",
        "already a person's id",
    ),
    "hire of unknown gender": (
        {"hires.csv": HIRES.replace(",F,", ",X,")},
        "hires.csv",
        2,
        "gender",
        "gender 'X'",
    ),
    "unknown absence kind": (
        {"absences.csv": ABSENCES_ZH.replace("培训", "休假")},
        "absences.csv",
        2,
        "类别",
        "is not one of training, secondment",
    ),
    "absence of an unknown person": (
        {"absences.csv": ABSENCES.replace("P3,", "P9,")},
        "absences.csv",
        3,
        "person",
        "unknown person 'P9'",
    ),
    "window beyond the horizon": (
        {"absences.csv": ABSENCES.replace("P1,training,1,1,2", "P1,training,1,1,5")},
        "absences.csv",
        2,
        "latest",
        "beyond the horizon 2",
    ),
    "zero length": (
        {"absences.csv": ABSENCES.replace("P1,training,1,", "P1,training,0,")},
        "absences.csv",
        2,
        "length",
        "length 0",
    ),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_a_bad_cell_names_file_row_and_column(tmp_path: Path, case: tuple[Any, ...]) -> None:
    changes, file, row, column, words = case
    folder = make_folder(tmp_path, changes)
    with pytest.raises(ScenarioError) as info:
        read_scenario(folder)
    error = info.value
    assert error.file is not None and Path(error.file).name == file
    assert (error.row, error.column) == (row, column), str(error)
    assert words in str(error)


def test_a_bad_hires_cell_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_folder(tmp_path, {"hires.csv": HIRES.replace("H2,,2,", "H2,,二,")})
    assert main(["check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "hires.csv" in err and "row 3" in err and "round" in err


def test_training_quota_from_toml(tmp_path: Path) -> None:
    toml = 'name = "q"\nplan_date = "2024-03-01"\nhorizon = 2\n\n[rules.training]\n'
    s = read_scenario(
        make_folder(tmp_path / "a", {"scenario.toml": toml + "quota = 1\ncycle = 3\n"})
    )
    assert (s.rules.training.quota, s.rules.training.cycle, s.rules.training.hard) == (1, 3, True)
    with pytest.raises(ScenarioError) as info:
        read_scenario(make_folder(tmp_path / "b", {"scenario.toml": toml + "quota = -1\n"}))
    assert info.value.column == "rules.training.quota"
    assert "scenario.toml" in str(info.value) and "must not be negative" in str(info.value)
