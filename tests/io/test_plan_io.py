"""read_plan: assignments files back into a Plan, with located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from rotation.errors import ScenarioError
from rotation.io import read_plan, read_scenario
from rotation.scenario import Scenario
from tests.io.scenario_folder import make_folder


@pytest.fixture
def scenario(tmp_path: Path) -> Scenario:
    return read_scenario(make_folder(tmp_path / "scenario"))


def test_read_plan_csv(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "assignments.csv"
    path.write_text("person,period,unit\nP1,1,T1\nP2,1,A1\nP1,2,O1\n", encoding="utf-8")
    plan = read_plan(scenario, path)
    assert plan.unit_of("P1", 1) == "T1" and plan.unit_of("P1", 2) == "O1"
    assert plan.unit_of("P3", 1) is None  # a plan may be incomplete


def test_read_plan_chinese_headers_without_period(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "名单.csv"
    path.write_bytes("编号,姓名,拟任单位\nP1,张三,T1\nP2,李四,A1\n".encode("gbk"))
    plan = read_plan(scenario, path)
    assert dict(plan.assignments) == {("P1", 1): "T1", ("P2", 1): "A1"}


def test_read_plan_xlsx(tmp_path: Path, scenario: Scenario) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["人员", "轮次", "单位"])
    ws.append(["P1", 2, "O1"])
    book.save(tmp_path / "plan.xlsx")
    assert dict(read_plan(scenario, tmp_path / "plan.xlsx").assignments) == {("P1", 2): "O1"}


@pytest.mark.parametrize(
    ("body", "row", "column", "words"),
    [
        ("P9,1,T1", 2, "person", "unknown person 'P9'"),
        ("P1,1,Z1", 2, "unit", "unknown unit 'Z1'"),
        ("P1,3,T1", 2, "period", "horizon 2"),
        ("P1,one,T1", 2, "period", "whole number"),
        ("P1,1,T1\nP1,1,O1", 3, "person", "twice in period 1 (also row 2)"),
        ("P1,1,T1,boss", 2, "role", "role 'boss' is not one of head, deputy, member"),
    ],
)
def test_read_plan_errors(
    tmp_path: Path, scenario: Scenario, body: str, row: int, column: str, words: str
) -> None:
    path = tmp_path / "assignments.csv"
    path.write_text(f"person,period,unit,role\n{body}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_plan(scenario, path)
    message = str(info.value)
    assert f"assignments.csv, row {row}, column '{column}'" in message
    assert words in message


def test_read_plan_missing_file(tmp_path: Path, scenario: Scenario) -> None:
    with pytest.raises(ScenarioError, match=r"nothing\.csv"):
        read_plan(scenario, tmp_path / "nothing.csv")


def test_read_plan_roles(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "assignments.csv"
    path.write_text(
        "人员,轮次,单位,职务\nP1,1,T1,head\nP2,1,A1,第一片区副主任\nP3,1,O1,\nP4,1,O1,委员\n",
        encoding="utf-8",
    )
    plan = read_plan(scenario, path)
    assert dict(plan.roles) == {("P1", 1): "head", ("P2", 1): "deputy", ("P4", 1): "member"}
    assert plan.role_of("P3", 1) == "deputy"  # blank: keeps the current role


def test_plan_round_trip_through_to_frame(tmp_path: Path, scenario: Scenario) -> None:
    """assignments.csv as the CLI writes it (Plan.to_frame) reads back to the same plan."""
    from rotation.plan import Plan

    plan = Plan(
        scenario,
        {("P1", 1): "T1", ("P2", 1): "T1", ("P1", 2): "O1"},
        roles={("P1", 1): "member", ("P2", 1): "head", ("P1", 2): "head"},
    )
    frame = plan.to_frame()
    assert list(frame.columns) == ["person", "round", "year", "unit", "role"]
    assert list(frame["year"]) == [2024, 2024, 2025]  # round 1 is the plan date's year
    frame.to_csv(tmp_path / "assignments.csv", index=False)
    back = read_plan(scenario, tmp_path / "assignments.csv")
    assert dict(back.assignments) == dict(plan.assignments)
    assert {k: back.role_of(*k) for k in back.assignments} == {
        k: plan.role_of(*k) for k in plan.assignments
    }
