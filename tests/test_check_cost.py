"""`rotation check SCENARIO ASSIGNMENTS`: beside the violations, what a hand-edited list
costs per rule and per tier, and the difference to the optimal plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

import rotation
from rotation.cli import format_costs, main
from rotation.scenario import Scenario
from tests.helpers import person, placed, plan_of, run, scenario, unit


def _three_townships() -> Scenario:
    """P1 has 6 years in U1 (limit 5: must move) and asks for U2, then U3; P2 (3 years in
    U1) would like U3; P3 is in U2. The core rules' goals: fewest_moves (100 per move
    beyond the mandatory ones, tier 1 of the two left) and preferences (1 per rank
    below a mover's first choice, tier 2). Optimal: P1 to U2 (mandatory, first choice),
    the others stay — tier 1 = 0, tier 2 = 0."""
    return scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5), unit("U3", 0, 5)],
        [
            person("P1", "U1", 6, prefs=["U2", "U3"]),
            person("P2", "U1", 3, prefs=["U3"]),
            person("P3", "U2", 2),
        ],
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    s = _three_townships()
    assert placed(run(s)) == {"P1": "U2", "P2": "U1", "P3": "U2"}  # as derived above
    return rotation.write_scenario(s, tmp_path_factory.mktemp("three") / "scenario")


def _write(tmp_path: Path, where: dict[str, str]) -> Path:
    path = tmp_path / "edited.csv"
    rows = "".join(f"{pid},1,{uid}\n" for pid, uid in where.items())
    path.write_text("person,period,unit\n" + rows, encoding="utf-8")
    return path


def test_sending_the_mover_to_his_second_choice_costs_one_in_tier_2(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # P1 to U3 instead of U2: still his mandatory move (fewest_moves 0), but his second
    # choice: preferences amount 1 × weight 1 = 1. Tier 1: 0 vs 0; tier 2: 1 vs 0, +1.
    edited = _write(tmp_path, {"P1": "U3", "P2": "U1", "P3": "U2"})
    assert main(["check", str(folder), str(edited), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "the plan satisfies every hard rule" in out
    assert "tier 1 (fewest_moves): this plan 0, optimal 0, difference 0" in out
    assert "tier 2 (preferences): this plan 1, optimal 0, difference +1" in out
    rule_line = next(line for line in out.splitlines() if "preference rank" in line)
    assert rule_line.split()[-5:] == ["1", "1", "1", "0", "+1"]  # weight amount cost opt diff
    assert "moves beyond the mandatory ones" not in out  # costs nothing in either plan
    assert "not proven" not in out


def test_an_extra_move_costs_a_hundred_in_tier_1(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # P1 to U2 as in the optimum, and P2 moved to U3, his first choice: one move beyond
    # the mandatory ones, 1 × 100 = 100 in tier 1; a first choice costs nothing in tier 2
    edited = _write(tmp_path, {"P1": "U2", "P2": "U3", "P3": "U2"})
    assert main(["check", str(folder), str(edited), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "方案符合全部硬性规则" in out
    assert "第1层目标 (fewest_moves): 本方案 100，最优方案 0，差额 +100" in out
    assert "第2层目标 (preferences): 本方案 0，最优方案 0，差额 0" in out
    rule_line = next(line for line in out.splitlines() if "非必需交流人数" in line)
    assert rule_line.split()[-5:] == ["100", "1", "100", "0", "+100"]


def test_violations_keep_exit_1_and_the_costs_are_still_shown(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # P1 kept in U1 breaks mandatory rotation; nobody moves, so both goals cost 0
    edited = _write(tmp_path, {"P1": "U1", "P2": "U1", "P3": "U2"})
    assert main(["check", str(folder), str(edited), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "1 violation(s) found" in out and "干部P1" in out
    assert "tier 1 (fewest_moves): this plan 0, optimal 0, difference 0" in out
    assert "tier 2 (preferences): this plan 0, optimal 0, difference 0" in out
    assert "(no soft rule costs anything)" in out


def test_no_compare_skips_the_solve(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = _write(tmp_path, {"P1": "U3", "P2": "U3", "P3": "U2"})
    assert main(["check", str(folder), str(edited), "--no-compare", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    # one move beyond the mandatory one (P2): 100; P1 at his second choice: 1
    assert "tier 1 (fewest_moves): this plan 100\n" in out
    assert "tier 2 (preferences): this plan 1\n" in out
    assert "optimal" not in out and "difference" not in out


def test_an_unproven_optimum_is_said() -> None:
    s = _three_townships()
    edited = plan_of(s, {"P1": "U3"})
    best = plan_of(s, {"P1": "U2"})
    text = format_costs(s, edited, best, "en", proven=False)
    assert "the optimum was not proven" in text
    assert "this plan 1, optimal 0, difference +1" in text
    assert "未能证明最优" in format_costs(s, edited, best, "zh", proven=False)


def test_an_infeasible_scenario_has_nothing_to_compare_with(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a township that needs a law holder nobody has: the checks before solving say so
    s = scenario([unit("U1", 0, 5, needs={"law": 1}), unit("U2", 0, 5)], [person("P1", "U1")])
    folder = rotation.write_scenario(s, tmp_path / "nolaw")
    edited = _write(tmp_path, {"P1": "U1"})
    assert main(["check", str(folder), str(edited), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "no optimal plan to compare with: 城关镇纪委 (U1) needs 1 person with law" in out
    assert "tier 1 (fewest_moves): this plan 0" in out


def test_the_plan_workbook_as_edited_by_hand_is_checked(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """plan.xlsx edited in Excel: its sheet 人员安排 is read (its first sheet, the rotation
    list, names units by name: 'unknown unit'). P1 put in U3 costs one in tier 2."""
    out = tmp_path / "out"
    assert main(["solve", str(folder), "--out", str(out), "--lang", "en"]) == 0
    book = load_workbook(out / "plan.xlsx")
    sheet = book["人员安排"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("编号")].value == "P1")
    row[header.index("单位编号")].value = "U3"
    book.save(out / "plan.xlsx")
    capsys.readouterr()
    assert main(["check", str(folder), str(out / "plan.xlsx"), "--lang", "en"]) == 0
    assert "tier 2 (preferences): this plan 1, optimal 0, difference +1" in capsys.readouterr().out
