"""write_scenario then read_scenario gives back an equal scenario."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from rotation import (
    Distance,
    Hire,
    HistoryEntry,
    Person,
    Pin,
    Relation,
    RuleSet,
    Scenario,
    SolverSettings,
    Unit,
)
from rotation.io import (
    atomic_path,
    atomic_write_bytes,
    atomic_write_text,
    read_scenario,
    write_scenario,
)
from rotation.rules import Objective

D = dt.date


def small_scenario() -> Scenario:
    """Chinese names, every optional table, rule and solver overrides."""
    units = (
        Unit(
            "A1", "第一派驻纪检监察室", "area", 3, 5, needs={"law": 1}, region="城区", workload=7.5
        ),
        Unit("T1", "城关镇纪委", "township", 3, 5, area="A1", needs={"law": 1, "finance": 1}),
        Unit(
            "O1", "案件审理室", "office", 2, 8, region="城区", workload=12.0, deputies=2, key=True
        ),
        Unit("D1", "区财政局纪检组", "department", 3, 4, area="A1", region="新区", heads=0),
    )
    people = (
        Person(
            "001",
            "张三",
            "M",
            D(1970, 5, 1),
            "A1",
            D(2012, 3, 1),
            role="head",
            rank="正科",
            skills=frozenset({"law", "finance"}),
            growth_place="城关",
            preferences=("T1", "O1"),
            retire_date=D(2030, 5, 1),
            rank_since=D(2019, 6, 1),
            level_start=D(2009, 1, 1),
            work_start=D(1992, 7, 1),
            punishment="党内警告",
            punishment_date=D(2023, 5, 10),
            education="master",
            home="城区",
            interests=("D1",),
        ),
        Person(
            "002",
            "李四",
            "F",
            D(1985, 7, 1),
            "T1",
            D(2020, 1, 1),
            frozen="试用期",
            probation_end=D(2024, 6, 30),
            education="secondary",
            interests=("O1", "D1"),
        ),
        Person(
            "003",
            '王五, "小王"',
            "M",
            D(1990, 3, 1),
            "O1",
            D(2019, 3, 1),
            role="deputy",
            skills=frozenset({"audit"}),
        ),
        Person("004", "赵六", "F", D(1975, 1, 1), "D1", D(2010, 6, 1)),
    )
    rules = RuleSet.from_dict(
        {
            "mandatory_rotation": {"years": {"township": 6}, "head_years": 9},
            "headcount": {"bands": {"township": [2, 6], "area": [3, 5]}},
            "preferences": {"weight": 2.5},
            "kin_avoidance": {"supervision": False},
            "minimum_stay": {"enabled": False, "years": 1.5},
            "retirement": {"reform_start": "2025-03-01", "women_leader_ranks": ["四级调研员"]},
            "education": {"min_level": "bachelor", "kinds": ["township", "area"]},
            "regional_avoidance": {"roles": ["head", "deputy"]},
            "long_tenure": {"tiers": {"4": 1, "6.5": 3}},
        }
    )
    return Scenario(
        name="测试区 2024",
        plan_date=D(2024, 3, 1),
        people=people,
        units=units,
        relations=(Relation("001", "002", "spouse"), Relation("003", "004", "in-law")),
        history=(HistoryEntry("001", "T1", D(2005, 1, 1), D(2012, 2, 28)),),
        distances=(Distance("城区", "城关", 12.5), Distance("城区", "新区", 30.0)),
        pins=(Pin("004", "D1", 2), Pin("003", "O1")),
        rules=rules,
        horizon=3,
        skills=("law", "finance", "audit", "it"),
        solver=SolverSettings(time_limit=5.5, seed=7, workers=2, linearization_level=1),
        objective=Objective(
            mode="weighted", tiers=(("fewest_moves", "same_level"), (), ("preferences",))
        ),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip(tmp_path: Path, fmt: str) -> None:
    scenario = small_scenario()
    folder = write_scenario(scenario, tmp_path / "out", fmt=fmt)
    assert read_scenario(folder) == scenario
    assert (folder / f"people.{fmt}").exists()


def test_round_trip_skips_empty_optional_tables(tmp_path: Path) -> None:
    scenario = small_scenario().replace(history=(), distances=(), pins=(), relations=())
    folder = write_scenario(scenario, tmp_path)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["people.csv", "relations.csv", "scenario.toml", "units.csv"]
    assert read_scenario(folder) == scenario


def test_rewrite_in_other_format_removes_stale_tables(tmp_path: Path) -> None:
    scenario = small_scenario()
    write_scenario(scenario, tmp_path, fmt="csv")
    smaller = scenario.replace(pins=())
    write_scenario(smaller, tmp_path, fmt="xlsx")
    assert not list(tmp_path.glob("*.csv"))
    assert not (tmp_path / "pins.xlsx").exists()
    assert read_scenario(tmp_path) == smaller


def test_csv_is_utf8_with_english_headers(tmp_path: Path) -> None:
    write_scenario(small_scenario(), tmp_path)
    data = (tmp_path / "people.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then shows the Chinese correctly
    assert data.decode("utf-8-sig").splitlines()[0].startswith("id,name,gender,birth_date")


def test_write_rejects_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fmt"):
        write_scenario(small_scenario(), tmp_path, fmt="ods")


def test_atomic_helpers(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write_text(target, "第一\n")
    assert target.read_text(encoding="utf-8") == "第一\n"
    atomic_write_bytes(target, b"second")
    assert target.read_bytes() == b"second"
    with atomic_path(tmp_path / "plan.xlsx") as tmp:
        assert tmp.suffix == ".xlsx" and tmp.parent == tmp_path
        tmp.write_bytes(b"x")
    assert (tmp_path / "plan.xlsx").read_bytes() == b"x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "plan.xlsx"]


def test_atomic_path_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "run.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("writer failed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_of_the_default_rules_and_objective(tmp_path: Path, fmt: str) -> None:
    """Every rule at its default (dates, lists, tables with Chinese keys) reads back equal."""
    scenario = small_scenario().replace(rules=RuleSet(), objective=Objective())
    folder = write_scenario(scenario, tmp_path, fmt=fmt)
    assert read_scenario(folder) == scenario
    text = (folder / "scenario.toml").read_text(encoding="utf-8")
    assert "[objective]" in text and 'mode = "tiers"' in text
    assert "reform_start = 2025-01-01" in text  # a TOML date
    assert '["preferences", "distance"],' in text
    for spec in RuleSet():
        assert f"[rules.{spec.name}]" in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_of_hires_with_their_county(tmp_path: Path, fmt: str) -> None:
    """A hire's county (所属县区) is written and read back, blank for a hire without one."""
    base = small_scenario()
    counties = {"A1": "东县", "T1": "东县", "O1": "西县", "D1": "西县"}
    scenario = base.replace(
        units=tuple(dataclasses.replace(u, county=counties[u.id]) for u in base.units),
        hires=(
            Hire("H1", 1, frozenset({"law"}), "一级科员", "新人甲", "F", D(1999, 5, 1), "西县"),
            Hire("H2", 3),
        ),
    )
    folder = write_scenario(scenario, tmp_path, fmt=fmt)
    assert read_scenario(folder) == scenario
    if fmt == "csv":
        hires = (folder / "hires.csv").read_text(encoding="utf-8-sig").splitlines()
        assert hires[0].endswith(",birth_date,county")
        assert hires[1].endswith(",1999-05-01,西县") and hires[2].endswith(",,")


def test_new_person_and_unit_columns_are_written(tmp_path: Path) -> None:
    write_scenario(small_scenario(), tmp_path)
    people = (tmp_path / "people.csv").read_text(encoding="utf-8-sig").splitlines()
    assert people[0].endswith(
        "rank_since,level_start,work_start,probation_end,punishment,punishment_date,"
        "education,home,interests"
    )
    assert people[1].endswith(
        "2019-06-01,2009-01-01,1992-07-01,,党内警告,2023-05-10,master,城区,D1"
    )
    units = (tmp_path / "units.csv").read_text(encoding="utf-8-sig").splitlines()
    assert units[0].endswith("workload,heads,deputies,key,county")
    assert units[3].endswith(",2,true,")
