"""Key figures of a plan on a tiny hand-checked district, and where they are shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from rotation.plan import Plan
from rotation.report.kpis import Kpis
from rotation.report.outputs import write_outputs
from rotation.scenario import Distance, Person, Scenario, Unit
from tests.helpers import PLAN_DATE, person, run, scenario, unit


def _person(
    pid: str,
    unit_id: str,
    years: int,
    gender: str,
    born: dt.date,
    **kw: object,
) -> Person:
    return Person(
        pid,
        f"干部{pid}",
        gender,
        born,
        unit_id,
        dt.date(PLAN_DATE.year - years, 1, 1),
        **kw,  # type: ignore[arg-type]
    )


def tiny() -> Scenario:
    units = [
        Unit("A1", "第一片区", "area", 0, 10, needs={"law": 1}, region="城关", workload=30),
        Unit(
            "T1",
            "向阳镇纪委",
            "township",
            0,
            10,
            area="A1",
            needs={"finance": 1},
            region="向阳",
            workload=20,
        ),
        Unit("T2", "光明镇纪委", "township", 0, 10, area="A1", region="光明"),
        Unit(
            "O1",
            "第一室",
            "office",
            0,
            10,
            needs={"audit": 1, "law": 1},
            region="城关",
            workload=40,
        ),
    ]
    people = [
        # past the township limit (6 > 5), moves to O1, their first wish; 0 km
        _person(
            "P1",
            "T1",
            6,
            "M",
            dt.date(1990, 1, 1),
            skills={"finance"},
            growth_place="城关",
            preferences=("O1", "A1"),
        ),
        # past the office limit (12 > 10), moves to T2, their second wish; 向阳 → 光明 5 km
        _person(
            "P2",
            "O1",
            12,
            "F",
            dt.date(1995, 6, 1),
            skills={"law"},
            growth_place="向阳",
            preferences=("A1", "T2", "T1"),
        ),
        _person("P3", "A1", 2, "M", dt.date(1970, 1, 1), role="head", skills={"law"}),
        _person("P4", "A1", 3, "F", dt.date(1980, 5, 1)),  # promoted to deputy
        _person("P5", "T2", 3, "M", dt.date(1966, 1, 1), retire_date=dt.date(2026, 8, 1)),
        # past the limit but frozen: stays
        _person("P6", "T2", 7, "F", dt.date(1985, 1, 1), frozen="试用期"),
        # free, moves to A1 (not a wish); home 光明 → 城关 15 km by way of 向阳
        _person(
            "P7",
            "O1",
            4,
            "M",
            dt.date(1992, 1, 1),
            skills={"audit"},
            home="光明",
            preferences=("T1",),
        ),
        _person("P8", "T1", 2, "M", dt.date(1988, 1, 1), skills={"finance"}),
    ]
    s = scenario(units, people, enable=("retirement",))
    roads = (
        Distance("城关", "向阳", 10),
        Distance("向阳", "光明", 5),
        Distance("城关", "光明", 20),
    )
    return s.replace(distances=roads)


def tiny_plan() -> Plan:
    s = tiny()
    where = {"P1": "O1", "P2": "T2", "P3": "A1", "P4": "A1", "P6": "T2", "P7": "A1", "P8": "T1"}
    return Plan(s, {(p, 1): u for p, u in where.items()}, roles={("P4", 1): "deputy"})


@pytest.fixture(scope="module")
def kpis() -> Kpis:
    return tiny_plan().kpis()


def test_counts_of_moves_retirements_and_promotions(kpis: Kpis) -> None:
    assert (kpis.moves, kpis.retirements, kpis.promotions) == (3, 1, 1)
    assert dict(kpis.moves_by_reason) == {
        "mandatory_rotation": 2,
        "frees_place": 1,
        "retirement": 1,
    }


def test_people_past_the_tenure_limit_before_and_after(kpis: Kpis) -> None:
    # P1 (6 y in a township), P2 (12 y in an office), P6 (7 y, frozen); only P6 stays
    assert (kpis.past_limit_before, kpis.past_limit_after) == (3, 1)


def test_skill_cover_per_unit(kpis: Kpis) -> None:
    cover = kpis.cover.set_index("unit")
    assert cover.loc["A1", ["required", "met"]].tolist() == [1, 1]
    assert cover.loc["T1", ["required", "met"]].tolist() == [1, 1]
    assert cover.loc["T2", ["required", "met"]].tolist() == [0, 0]
    assert cover.loc["O1", ["required", "met"]].tolist() == [2, 0]
    assert cover.loc["O1", "short"] == "audit 0/1, law 0/1"
    assert kpis.cover_met == (2, 4)
    assert kpis.cover_zh().loc[3, "缺少"] == "审计 0/1, 法律 0/1"


def test_women_in_the_teams_of_townships_and_areas(kpis: Kpis) -> None:
    women = kpis.women.set_index("unit")
    assert women.loc["A1", ["women", "size"]].tolist() == [1, 3]
    assert women.loc["T1", ["women", "size"]].tolist() == [0, 1]
    assert women.loc["T2", ["women", "size"]].tolist() == [2, 2]
    assert "O1" not in women.index
    assert kpis.women_in_teams == (3, 6)
    assert kpis.teams_with_women == (2, 3)


def test_age_bands_per_area_group(kpis: Kpis) -> None:
    # P2 31 young; P4 46, P7 35 (not under 35), P8 39, P6 42 middle; P3 57 old
    assert kpis.ages.to_dict("records") == [
        {
            "area": "A1",
            "name": "第一片区",
            "under_35": 1,
            "35_50": 4,
            "over_50": 1,
            "size": 6,
        }
    ]
    assert list(kpis.ages_zh().columns) == [
        "片区编号",
        "片区",
        "35岁以下",
        "35–50岁",
        "50岁以上",
        "人数",
    ]


def test_workload_preferences_and_distance(kpis: Kpis) -> None:
    # A1 30/3, T1 20/1, O1 40/1 (T2 has no workload)
    assert (kpis.workload_min, kpis.workload_max) == (10.0, 40.0)
    assert dict(kpis.preferences) == {"first": 1, "second": 1, "third": 0, "elsewhere": 1}
    assert (kpis.distance_km, kpis.unreachable) == (20.0, 0)


def test_table_in_english_and_chinese(kpis: Kpis) -> None:
    en = dict(kpis.table("en").itertuples(index=False))
    assert en["moves"] == "3"
    assert en["  by reason: mandatory rotation"] == "2"
    assert en["  by reason: frees a place for another move"] == "1"
    assert "  by reason: retirement" not in en  # retirements have their own line
    assert en["retirements"] == "1"
    assert en["promotions"] == "1"
    assert en["past the tenure limit (before → after)"] == "3 → 1"
    assert en["skill cover (met/required)"] == "2/4"
    assert en["units with full skill cover"] == "3/4"
    assert en["women in teams (women/size)"] == "3/6"
    assert en["teams with a woman"] == "2/3"
    assert en["ages <35 / 35–50 / >50: 第一片区"] == "1 / 4 / 1"
    assert en["workload per person (min–max)"] == "10.0 – 40.0"
    assert en["preferences met (3 movers with wishes)"] == "first 1, second 1, third 0, elsewhere 1"
    assert en["total distance of movers"] == "20 km"
    zh = kpis.table("zh")
    assert list(zh.columns) == ["指标", "数值"]
    zh_rows = dict(zh.itertuples(index=False))
    assert zh_rows["超过任职年限人数（方案前→方案后）"] == "3 → 1"
    assert zh_rows["交流总路程"] == "20 公里"


def test_the_plan_that_moves_nobody() -> None:
    k = Plan.current(tiny()).kpis()
    assert (k.moves, k.retirements, k.promotions) == (0, 1, 0)
    assert (k.past_limit_before, k.past_limit_after) == (3, 3)
    assert dict(k.preferences) == {"first": 0, "second": 0, "third": 0, "elsewhere": 0}
    assert k.distance_km == 0


def test_summary_shows_tiers_and_the_kpi_table() -> None:
    s = scenario(
        [unit("U1"), unit("U2")],
        [person("P1", "U1", 6), person("P2", "U2")],
        enable=("workload",),
    )
    r = run(s)
    text = r.summary("en")
    assert "tier 1 (" in text and "value" in text and "bound" in text
    assert "moves" in text and "by reason: mandatory rotation" in text
    zh = r.summary("zh")
    assert "第1层目标" in zh and "交流人数" in zh


def test_plan_xlsx_has_the_kpi_sheets(tmp_path: Path) -> None:
    s = tiny()
    r = run(s)
    assert r.plan is not None, r.message
    write_outputs(s, r, tmp_path, input_hash="x")
    sheets = pd.read_excel(tmp_path / "plan.xlsx", sheet_name=None)
    assert list(sheets["主要指标"].columns) == ["指标", "数值"]
    assert "专业配备情况" in sheets and "片区年龄结构" in sheets
    assert "缺少" in sheets["专业配备情况"].columns
    record = (tmp_path / "run.json").read_text(encoding="utf-8")
    assert '"retirements": 1' in record
