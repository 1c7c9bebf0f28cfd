"""The command line end to end on the bundled district: solve, check, bad input."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from rotation.cli import default_scenario, main


def _files_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    before = _files_hash(default_scenario())
    assert main(["solve", "--out", str(out), "--lang", "en"]) == 0
    assert _files_hash(default_scenario()) == before, "solve must not touch its input"
    return out


def test_solve_default_writes_the_four_outputs(solved: Path) -> None:
    for name in ("assignments.csv", "moves.csv", "plan.xlsx", "run.json"):
        assert (solved / name).stat().st_size > 0
    record = json.loads((solved / "run.json").read_text(encoding="utf-8"))
    assert record["status"] == "OPTIMAL"
    assert record["objective"] == pytest.approx(record["bound"])
    for key in ("input_hash", "versions", "parameters", "seed", "wall_time"):
        assert key in record
    assert record["versions"]["ortools"]
    import rotation as rt
    from rotation.facts import Duty

    people = pd.read_csv(default_scenario() / "people.csv", dtype=str)
    scenario = rt.read_scenario(default_scenario())
    retired = {pid for pid, ob in scenario.duties.items() if ob.duty is Duty.RETIRED}
    assignments = pd.read_csv(solved / "assignments.csv", dtype=str)
    assert sorted(assignments["person"]) == sorted(set(people["id"]) - retired)
    moves = pd.read_csv(solved / "moves.csv", dtype=str, encoding="utf-8-sig")
    assert len(moves) > 0
    assert moves["reasons"].str.len().min() > 0
    # the retired are on the list too, leaving for no unit
    assert set(moves.loc[moves["to_unit"].isna(), "person"]) == retired
    sheets = pd.read_excel(solved / "plan.xlsx", sheet_name=None)
    assert "交流轮岗建议名单" in sheets
    assert "姓名" in sheets["交流轮岗建议名单"].columns


def test_solve_prints_summary_and_list(solved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "--out", str(solved), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "OPTIMAL" in out
    assert "交流轮岗建议名单" in out
    assert "满5年须交流" in out or "满10年须交流" in out


def test_check_accepts_the_solved_list(solved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(default_scenario()), str(solved / "assignments.csv"), "--lang", "en"])
    assert code == 0
    assert "satisfies every hard rule" in capsys.readouterr().out


def test_check_reports_relatives_in_one_unit(
    solved: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import rotation as rt

    scenario = rt.read_scenario(default_scenario())
    rel = scenario.relations[0]
    frame = pd.read_csv(solved / "assignments.csv", dtype=str)
    unit_a = frame.loc[frame["person"] == rel.a, "unit"].item()
    frame.loc[frame["person"] == rel.b, "unit"] = unit_a
    edited = tmp_path / "edited.csv"
    frame.to_csv(edited, index=False)
    assert main(["check", str(default_scenario()), str(edited), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "relatives" in out
    assert scenario.person[rel.a].name in out and scenario.person[rel.b].name in out


def test_check_reports_township_without_law(
    solved: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import rotation as rt

    scenario = rt.read_scenario(default_scenario())
    frame = pd.read_csv(solved / "assignments.csv", dtype=str)
    township = next(
        u for u in scenario.units if u.kind == "township" and u.needs_map.get("law", 0) > 0
    )
    office = next(u for u in scenario.units if u.kind == "office")
    for i, row in frame.iterrows():
        if row["unit"] == township.id and "law" in scenario.person[row["person"]].skills:
            frame.loc[i, "unit"] = office.id
    edited = tmp_path / "edited.csv"
    frame.to_csv(edited, index=False)
    assert main(["check", str(default_scenario()), str(edited), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"{township.name} ({township.id}) needs" in out and "law" in out


def test_malformed_people_exits_2_naming_the_row(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(default_scenario(), folder)
    lines = (folder / "people.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("birth_date")] = "1990-13-45"
    lines[3] = ",".join(cells)
    (folder / "people.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "rotation.cli", "solve", str(folder), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "people.csv" in done.stderr and "row 4" in done.stderr
    assert "birth_date" in done.stderr


def test_infeasible_exits_1_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "tight"
    shutil.copytree(default_scenario(), folder)
    units = pd.read_csv(folder / "units.csv", dtype=str)
    units["needs"] = "law:3"  # far more law specialists than the district has
    units.to_csv(folder / "units.csv", index=False)
    assert main(["solve", str(folder), "--out", str(tmp_path / "o"), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "INFEASIBLE" in out and "law" in out
    assert json.loads((tmp_path / "o" / "run.json").read_text())["status"] == "INFEASIBLE"


def test_generate_writes_a_scenario_that_solves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "gen"
    args = ["generate", "--people", "60", "--units", "14", "--seed", "3", "--out", str(folder)]
    assert main(args) == 0
    assert main(["solve", str(folder), "--out", str(tmp_path / "o")]) == 0


def test_unknown_scenario_folder_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "/nonexistent/folder"]) == 2
    assert "nonexistent" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--units", "5"], "a district needs at least 8 units, not 5"),
        (["--people", "0"], "people must be at least 1, not 0"),
        (["--counties", "0"], "counties must be at least 1, not 0"),
        (["--preset", "county"], "unknown preset 'county'"),
    ],
)
def test_generate_with_sizes_that_make_no_district_exits_2(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", *args, "--out", str(tmp_path / "g")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot generate: {said}") and err.count("\n") == 1
    assert not (tmp_path / "g").exists()


@pytest.mark.parametrize("args", [["solve", "--jobs", "0"], ["explain", "--repairs", "-1"]])
def test_a_count_below_one_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_an_output_folder_that_cannot_be_made_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert main(["solve", "--out", str(blocked / "out"), "--lang", "en"]) == 2
    assert capsys.readouterr().err == f"error: {blocked / 'out'}: Not a directory\n"
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_an_output_folder_holds_one_solve(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A solve with no plan into the folder of an earlier one leaves no plan there beside
    a run.json that says there is none; files not of ours stay."""
    out = tmp_path / "out"
    assert main(["solve", "--out", str(out), "--lang", "en", "--time-limit", "10"]) == 0
    assert (out / "plan.xlsx").exists() and (out / "assignments.csv").exists()
    (out / "notes.txt").write_text("the committee's notes", encoding="utf-8")
    folder = tmp_path / "short"
    shutil.copytree(default_scenario(), folder)
    units = (folder / "units.csv").read_text(encoding="utf-8-sig").splitlines()
    header = units[0].split(",")
    cells = units[1].split(",")
    cells[header.index("min_staff")] = cells[header.index("max_staff")] = "99"
    units[1] = ",".join(cells)
    (folder / "units.csv").write_text("\n".join(units) + "\n", encoding="utf-8")
    assert main(["solve", str(folder), "--out", str(out), "--lang", "en"]) == 1
    capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "run.json"]
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["status"] == "INFEASIBLE"


def test_the_scenario_folder_is_not_an_output_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # its absences.csv (training and secondments to schedule) would be overwritten by the
    # plan's absences.csv (who goes when)
    folder = tmp_path / "district"
    shutil.copytree(default_scenario(), folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["solve", str(folder), "--out", str(folder), "--lang", "en"]) == 2
    assert "--out is the scenario folder" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_malformed_cell_is_reported_in_chinese_with_lang_zh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(default_scenario(), folder)
    text = (folder / "people.csv").read_text(encoding="utf-8-sig").splitlines()
    header, cells = text[0].split(","), text[3].split(",")
    cells[header.index("birth_date")] = "1990-13-45"
    text[3] = ",".join(cells)
    (folder / "people.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    assert main(["solve", str(folder), "--out", str(tmp_path / "o"), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"错误：{folder / 'people.csv'}，第4行，“birth_date”列："
        "无法识别日期“1990-13-45”（可写作2019-03-01、2019-03、2019.03或201903）\n"
    )


def test_solve_and_check_number_the_tiers_alike(
    solved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the bundled district has no published plan: tier 2 (keep_published) prices nothing
    # and is not solved (its line says so); every tier is numbered as the scenario and
    # check have it
    assert main(["solve", "--out", str(solved), "--lang", "en"]) == 0
    solved_lines = [line for line in capsys.readouterr().out.splitlines() if line[:5] == "tier "]
    plan = str(solved / "assignments.csv")
    assert main(["check", str(default_scenario()), plan, "--lang", "en"]) == 0
    checked = [line.strip() for line in capsys.readouterr().out.splitlines()]
    for line in solved_lines:
        label = line[: line.index(")") + 1]
        assert any(c.startswith(label + ":") for c in checked), label
    assert [line[:6] for line in solved_lines] == ["tier 1", "tier 2", "tier 3", "tier 4", "tier 5"]
    assert solved_lines[1] == "tier 2 (keep_published): nothing to price, not solved"
