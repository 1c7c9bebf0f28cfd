"""Planned hires (issue 4, item 3): the ``hires`` table's recruits are placed by the model
from their round on, count for the headcount band and the skill cover (so the vacancies
fall by them), are checked like everyone else and appear in the outputs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from rotation.errors import ScenarioError
from rotation.io import read_plan
from rotation.plan import Plan, Vacancy
from rotation.scenario import Hire, Pin, Scenario
from rotation.validate import measure, validate
from tests.helpers import (
    assert_infeasible,
    assert_optimal,
    assert_penalty,
    person,
    scenario,
    soft,
    unit,
)

LAW = frozenset({"law"})


def _lawyer_retires(*hires: Hire) -> Scenario:
    """U1 needs law; its only law holder P1 retires on 2027-06-01 (in the plan in round 1
    only); P2 (U1) and P3 (U2) hold no law. Three rounds, vacancies on."""
    people = [
        dataclasses.replace(person("P1", "U1", 2, skills=LAW), retire_date=dt.date(2027, 6, 1)),
        person("P2", "U1", 2),
        person("P3", "U2", 2),
    ]
    s = scenario(
        [unit("U1", needs={"law": 1}), unit("U2")], people, enable=("retirement", "vacancies")
    )
    return s.replace(horizon=3, hires=hires)


def _full(*hires: Hire, horizon: int = 2) -> Scenario:
    """Two units of band 2–2, each with its two people: no room for anyone else."""
    s = scenario(
        [unit("U1", 2, 2), unit("U2", 2, 2)],
        [person("P1", "U1"), person("P2", "U1"), person("P3", "U2"), person("P4", "U2")],
    )
    return s.replace(horizon=horizon, hires=hires)


def test_a_hire_with_law_fills_the_need_from_their_round():
    # without H1 rounds 2 and 3 leave a law post each (2000, tests/test_vacancies.py);
    # H1 (law) joins in round 2 and goes where law is needed: no vacancy at all
    s = _lawyer_retires(Hire("H1", 2, LAW, name="新人甲"))
    r = assert_penalty(s, "vacancies", 0, 0)
    assert r.plan is not None
    assert [r.plan.unit_of("H1", t) for t in (1, 2, 3)] == [None, "U1", "U1"]
    rows = r.plan.to_frame()
    assert list(rows.loc[rows["person"] == "H1", "round"]) == [2, 3]
    assert set(rows.loc[rows["person"] == "H1", "role"]) == {"member"}
    assert r.plan.hires_in("U1", 2) == ["H1"] and r.plan.members("U1", 2) == ["P2"]


def test_vacancies_fall_by_the_hires_placed():
    # H1 (law) joins only in round 3: round 2 still leaves its law post (1000)
    r = assert_penalty(_lawyer_retires(Hire("H1", 3, LAW)), "vacancies", 1, 1000)
    assert r.plan is not None
    assert r.plan.vacancies == (Vacancy("U1", 2, 1, (("law", 1),)),)
    # a hire without law counts for the band, not for the law need: both posts stay
    assert_penalty(_lawyer_retires(Hire("H1", 2)), "vacancies", 2, 2000)


def test_a_hire_goes_where_the_band_needs_them():
    # U1 (band 3–5) has two people, U2 (2–5) two, and nobody may move (frozen): only H1,
    # joining in round 1, can bring U1 to its minimum
    frozen = "正在接受审查调查"
    s = scenario(
        [unit("U1", 3, 5), unit("U2", 2, 5)],
        [person(p, u, frozen=frozen) for p, u in (("P1", "U1"), ("P2", "U1"), ("P3", "U2"))]
        + [person("P4", "U2", frozen=frozen)],
    ).replace(hires=(Hire("H1", 1),))
    r = assert_optimal(s)
    assert r.plan is not None and r.plan.unit_of("H1", 1) == "U1"
    assert r.objective == 0


def test_hires_infeasible_when_no_unit_has_room():
    # both units are full (2 of 2) and H1 joins in round 2: there is nowhere to put them;
    # without the band there is
    assert_infeasible(_full(Hire("H1", 2)), "headcount")


def test_hire_over_the_band_costs_each_round_with_headcount_soft():
    # headcount soft at 7: H1 (round 2) puts one unit one over its band in rounds 2 and 3
    # and nobody can leave for room (both units are full): 2 × 7 = 14
    assert_penalty(soft(_full(Hire("H1", 2), horizon=3), "headcount"), "headcount", 2, 14)


def test_the_checker_places_each_hire_from_their_round_once():
    s = _lawyer_retires(Hire("H1", 2, LAW))
    staffed = {("P1", 1): "U1"}
    staffed.update({(p, t): u for p, u in (("P2", "U1"), ("P3", "U2")) for t in (1, 2, 3)})
    hired = {("H1", 2): "U1", ("H1", 3): "U1"}
    assert validate(s, Plan(s, {**staffed, **hired})) == []
    early = measure(s, Plan(s, {**staffed, **hired, ("H1", 1): "U2"}))["assignment"]
    assert [(v.period, v.message, v.message_zh) for v in early] == [
        (
            1,
            "planned hire H1 (H1) is placed in round 1 (2027), before joining in round 2 (2028)",
            "计划招录人员H1（H1）第2轮（2028年）到岗，却在第1轮（2027年）安排了单位",
        )
    ]
    moved = validate(s, Plan(s, {**staffed, **hired, ("H1", 3): "U2"}))
    assert [(v.rule, v.period) for v in moved] == [("assignment", 3), ("skill_cover", 3)]
    assert "a hire keeps the unit they join" in moved[0].message
    missing = validate(s, Plan(s, {**staffed, ("H1", 2): "U1"}))
    assert [(v.rule, v.period) for v in missing] == [("assignment", 3), ("skill_cover", 3)]
    assert missing[0].message == "planned hire H1 (H1) has no unit in round 3 (2029)"


def test_hires_are_checked_on_construction():
    s = _lawyer_retires()
    with pytest.raises(ScenarioError, match="round 0 is not 1 or later"):
        Hire("H1", 0)
    with pytest.raises(ScenarioError, match="gender 'X'"):
        Hire("H1", 1, gender="X")
    cases = {
        "already a person's id": (Hire("P2", 1),),
        "beyond the horizon 3": (Hire("H1", 4),),
        "unknown skill 'cooking'": (Hire("H1", 1, frozenset({"cooking"})),),
        "duplicate id 'H1'": (Hire("H1", 1), Hire("H1", 2)),
    }
    for words, hires in cases.items():
        with pytest.raises(ScenarioError, match=words) as info:
            s.replace(hires=hires)
        assert info.value.table == "hires"


def test_first_rounds_leave_out_later_pins_and_hires():
    s = _lawyer_retires(Hire("H1", 2), Hire("H2", 3)).replace(pins=(Pin("P2", "U1", 3),))
    first = s.first_rounds(2)
    assert first.horizon == 2 and first.pins == () and [h.id for h in first.hires] == ["H1"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_outputs_show_the_hire(tmp_path: Path, lang: str) -> None:
    from rotation.report.outputs import write_outputs

    s = _lawyer_retires(Hire("H1", 2, LAW, name="新人甲"))
    r = assert_optimal(s)
    write_outputs(s, r, tmp_path, input_hash="-", lang=lang)
    moves = pd.read_csv(tmp_path / "moves.csv", encoding="utf-8-sig", dtype=str).fillna("")
    row = moves.loc[moves["person"] == "H1"].iloc[0]
    assert (row["name"], row["round"], row["from_unit"], row["to_unit"]) == (
        "新人甲",
        "2",
        "",
        "U1",
    )
    if lang == "zh":
        assert row["from_name"] == "新录用"
        # in round 2 U1 has P2 alone (P1 retired): H1 brings the law it needs
        assert row["reasons"] == (
            "第2轮（2028年）：计划招录人员；补充法律专业：城关镇纪委需要1名，否则仅0名"
        )
    else:
        assert row["from_name"] == "new hire"
        assert row["reasons"] == (
            "round 2 (2028): planned hire (recruitment); brings law: 城关镇纪委 (U1) needs 1 "
            "and would have 0"
        )
    assert list(moves["round"]) == sorted(moves["round"])  # grouped by round
    assignments = pd.read_csv(tmp_path / "assignments.csv", dtype=str)
    assert list(assignments.loc[assignments["person"] == "H1", "round"]) == ["2", "3"]
    sheets = pd.read_excel(tmp_path / "plan.xlsx", sheet_name=None)
    listed = sheets["人员安排"]
    assert list(listed.loc[listed["编号"] == "H1", "姓名"]) == ["新人甲", "新人甲"]
    roster = sheets["2028年名册"]
    assert list(roster.loc[roster["编号"] == "H1", "变动"]) == ["新录用"]
    cover = sheets["配备情况"].set_index(["年度", "单位编号"])
    assert cover.loc[(2028, "U1"), "人数"] == 2 and cover.loc[(2028, "U1"), "其中新录用"] == 1
    # the list reads back, hires and all, and passes the checker
    assert validate(s, read_plan(s, tmp_path / "assignments.csv")) == []
