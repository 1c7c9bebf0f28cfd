"""Checks before solving (rotation.precheck): each counting argument on a tiny scenario
built to break it, cross-checked by the solver, and the command line around them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rotation
from rotation.cli import default_scenario, main
from rotation.precheck import Finding, precheck
from rotation.scenario import Scenario
from tests.helpers import off, person, run, scenario, unit, with_rules
from tests.test_rules import districts

LAW = {"law"}


def only_finding(s: Scenario) -> Finding:
    """The one finding of ``s``; the solver agrees that ``s`` has no plan."""
    found = precheck(s)
    assert len(found) == 1, [f.en for f in found]
    assert run(s).status == "INFEASIBLE"
    return found[0]


def assert_bilingual(f: Finding, *names: str) -> None:
    """Both sentences name every one of ``names`` (ids, numbers, Chinese names)."""
    for name in names:
        assert name in f.en, (name, f.en)
        assert name in f.zh, (name, f.zh)


# ---------------------------------------------------------------------------
# headcount: people against the bands


def test_band_sum_too_low() -> None:
    # minimums 3 + 3 = 6, only 5 people
    s = scenario(
        [unit("U1", 3, 5), unit("U2", 3, 5)],
        [person(f"P{i}", "U1" if i < 3 else "U2") for i in range(1, 6)],
    )
    f = only_finding(s)
    assert (f.kind, f.scope, f.demand, f.supply) == ("headcount", "all", 6, 5)
    assert f.rules == ("headcount",)
    assert "at least 6 people" in f.en and "there are 5" in f.en
    assert "最少共需6人" in f.zh and "仅5人" in f.zh
    assert precheck(off(s, "headcount")) == []
    assert precheck(with_rules(s, headcount={"weight": 5.0})) == []  # soft: no proof


def test_band_sum_too_high() -> None:
    # maximums 2 + 2 = 4, 5 people (the retired would not count: nobody retires here)
    s = scenario(
        [unit("U1", 0, 2), unit("U2", 0, 2)],
        [person(f"P{i}", "U1" if i < 3 else "U2") for i in range(1, 6)],
    )
    f = only_finding(s)
    assert (f.kind, f.scope, f.demand, f.supply) == ("headcount", "all", 5, 4)
    assert "at most 4 people" in f.en and "最多共容纳4人" in f.zh


def test_unit_nobody_may_work_in() -> None:
    # U2 needs 2 people; everyone is frozen in U1 (which holds them all)
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 2, 5)],
        [person(f"P{i}", "U1", frozen="在查") for i in range(1, 4)],
    )
    f = only_finding(s)
    assert (f.kind, f.scope, f.units, f.demand, f.supply) == ("headcount", "unit", ("U2",), 2, 0)
    assert f.rules == ("headcount", "frozen")
    assert {p for p, _ in f.blocked} == {"P1", "P2", "P3"}
    assert_bilingual(f, "东街道纪工委 (U2)", "干部P1 (P1)", "在查")


def test_people_pinned_into_a_full_unit() -> None:
    # U2 holds 2; two frozen there and one pinned there: 3 who can go nowhere else
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 2)],
        [
            person("P1", "U1"),
            person("P2", "U2", frozen="试用期"),
            person("P3", "U2", frozen="试用期"),
        ],
        pins=[("P1", "U2")],
    )
    f = only_finding(s)
    assert (f.kind, f.scope, f.demand, f.supply) == ("headcount", "unit", 3, 2)
    assert set(f.people) == {"P1", "P2", "P3"}
    assert set(f.rules) == {"headcount", "pins", "frozen"}
    assert_bilingual(f, "东街道纪工委 (U2)", "P1", "P2", "P3")
    assert "pinned to" in f.en and "指定安排" in f.zh


# ---------------------------------------------------------------------------
# skills: Hall's condition over units, areas, the whole, and the flow's groups


def _area_short() -> Scenario:
    """Area A1 supervises U1 and U2, each needing a law holder. Two law holders: P1 may
    go anywhere, P2 is frozen in U3 (outside the area). Each unit alone has P1; the
    whole district needs 2 and has 2 who may work somewhere; only the area group (need
    2, P1 alone may go there) is short."""
    return scenario(
        [
            unit("A1", 0, 5, kind="area", name="第一派驻纪检监察室"),
            unit("U1", 0, 5, area="A1", needs={"law": 1}),
            unit("U2", 0, 5, area="A1", needs={"law": 1}),
            unit("U3", 0, 5),
        ],
        [
            person("P1", "U1", skills=LAW),
            person("P2", "U3", skills=LAW, frozen="试用期", name="王某"),
            person("P3", "U2"),
            person("P4", "A1"),
        ],
    )


def test_skill_short_in_one_area_while_the_whole_has_enough() -> None:
    s = _area_short()
    f = only_finding(s)
    assert (f.kind, f.scope, f.skill) == ("skill", "area", "law")
    assert f.units == ("A1", "U1", "U2")
    assert (f.demand, f.supply, f.people) == (2, 1, ("P1",))
    assert f.blocked == (("P2", "frozen"),)
    assert f.rules == ("skill_cover", "frozen")
    assert "第一派驻纪检监察室 (A1) and the 2 units it supervises need 2 people with law" in f.en
    assert "only 1 of the 2 law holders may work there (干部P1 (P1))" in f.en
    assert "王某 (P2) stays in 西乡纪委 (U3): not to be moved (试用期)" in f.en
    assert "第一派驻纪检监察室 (A1)及其联系的2个单位共需法律专业人员2名" in f.zh
    assert "王某 (P2)暂不交流（试用期），须留任西乡纪委 (U3)" in f.zh
    # without the freeze, P2 may go to the area: nothing left to prove
    assert precheck(off(s, "frozen")) == []


def _shared_pair() -> Scenario:
    """U1 (area A1) needs 2 law holders, U2 (area A2) needs 1. P1 and P2 may go to
    either; P3 holds law too but is frozen in U3. Each unit has enough (2 ≥ 2, 2 ≥ 1),
    each area too, and the district needs 3 with 3 holders who may work somewhere; only
    U1 and U2 together (need 3, the same two people) are short: a maximum flow finds it.
    """
    return scenario(
        [
            unit("A1", 0, 5, kind="area"),
            unit("A2", 0, 5, kind="area"),
            unit("U1", 0, 5, area="A1", needs={"law": 2}),
            unit("U2", 0, 5, area="A2", needs={"law": 1}),
            unit("U3", 0, 5),
        ],
        [
            person("P1", "U1", skills=LAW),
            person("P2", "U2", skills=LAW),
            person("P3", "U3", skills=LAW, frozen="在查"),
        ],
    )


def test_skill_short_only_visible_through_the_flow() -> None:
    s = _shared_pair()
    f = only_finding(s)
    assert (f.kind, f.scope, f.skill, f.units) == ("skill", "cut", "law", ("U1", "U2"))
    assert (f.demand, f.supply, set(f.people)) == (3, 2, {"P1", "P2"})
    assert f.blocked == (("P3", "frozen"),)
    assert "城关镇纪委 (U1) and 东街道纪工委 (U2) together need 3 people with law" in f.en
    assert "城关镇纪委 (U1)、东街道纪工委 (U2)合计共需法律专业人员3名" in f.zh
    assert precheck(off(s, "frozen")) == []


def test_skill_nobody_holds() -> None:
    s = scenario([unit("U1", 0, 5, needs={"audit": 1})], [person("P1", "U1")])
    f = only_finding(s)
    assert (f.kind, f.scope, f.demand, f.supply) == ("skill", "unit", 1, 0)
    assert "nobody holds it" in f.en and "全区没有审计专业人员" in f.zh


def test_skill_holder_due_to_leave_the_only_unit_that_needs_it() -> None:
    s = scenario(
        [unit("U1", 0, 5, needs={"law": 1}), unit("U2", 0, 5)],
        [person("P1", "U1", 6, skills=LAW), person("P2", "U1"), person("P3", "U2")],
    )
    f = only_finding(s)
    assert (f.scope, f.units, f.blocked) == ("unit", ("U1",), (("P1", "mandatory_rotation"),))
    assert "must leave 城关镇纪委 (U1) after 6 years (limit 5)" in f.en
    assert "在城关镇纪委 (U1)任职6年，满5年须交流" in f.zh


# ---------------------------------------------------------------------------
# people with nowhere to go; leadership posts


def test_person_with_no_unit_left() -> None:
    # P1 must leave U1 (6 years, limit 5); the only other unit supervises a business of
    # their family (rule 17)
    due = dataclasses.replace(person("P1", "U1", 6), interests=("U2",))
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [due, person("P2", "U2")],
        enable=["business_interest"],
    )
    f = only_finding(s)
    assert (f.kind, f.scope, f.people) == ("stranded", "person", ("P1",))
    assert f.rules == ("assignment", "business_interest", "mandatory_rotation")
    assert_bilingual(f, "干部P1 (P1)", "城关镇纪委 (U1)", "东街道纪工委 (U2)")
    assert "has no unit left to go to" in f.en and "无单位可安排" in f.zh
    assert "supervises a business of their family" in f.en


def _headless() -> Scenario:
    """Each unit must have a head (the tiny scenarios fill every head post). U1's deputy
    D1 has been deputy for a year (two are needed to become head, rule 25); the only
    head, H2, is frozen in U2. Nobody may head U1."""
    return scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [
            person("D1", "U1", 1, role="deputy", name="李某"),
            person("M1", "U1", 4),
            person("H2", "U2", 4, role="head", frozen="试用期", name="王某"),
        ],
        enable=["leadership_slots", "promotion_eligibility"],
    )


def test_head_post_with_no_eligible_person() -> None:
    s = _headless()
    f = only_finding(s)
    assert (f.kind, f.scope, f.units, f.demand, f.supply) == ("head", "unit", ("U1",), 1, 0)
    assert f.blocked == (("D1", "promotion_eligibility"), ("H2", "frozen"))
    assert f.rules == ("leadership_slots", "frozen", "promotion_eligibility")
    assert "城关镇纪委 (U1) must have 1 head but nobody may take the post" in f.en
    assert "fewer than 2 years as deputy" in f.en and "任副职不满2年" in f.zh
    assert "王某 (H2) stays in 东街道纪工委 (U2)" in f.en
    assert "城关镇纪委 (U1)须配备负责人1名，但无人可任" in f.zh
    assert precheck(off(s, "promotion_eligibility")) == []


def test_two_frozen_heads_for_one_head_post() -> None:
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [
            person("H1", "U1", role="head", frozen="在查"),
            person("H2", "U1", role="head", frozen="在查"),
            person("H3", "U2", role="head"),
        ],
        enable=["leadership_slots"],
    )
    f = only_finding(s)
    assert (f.kind, f.units, f.people, f.demand, f.supply) == (
        "posts",
        ("U1",),
        ("H1", "H2"),
        2,
        1,
    )
    assert "can only be its head" in f.en and "只能任该单位负责人" in f.zh


# ---------------------------------------------------------------------------
# feasible scenarios give nothing


def test_the_bundled_district_gives_no_finding() -> None:
    assert precheck(rotation.read_scenario(default_scenario())) == []


def test_retired_people_are_not_counted() -> None:
    # P3 (born 1950) retired long before the plan date: two people for a band of 3
    old = dataclasses.replace(person("P3", "U1"), birth_date=dt.date(1950, 1, 1))
    s = scenario(
        [unit("U1", 3, 5)], [person("P1", "U1"), person("P2", "U1"), old], enable=["retirement"]
    )
    f = only_finding(s)
    assert (f.kind, f.scope, f.demand, f.supply) == ("headcount", "all", 3, 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts(), st.booleans())
def test_a_finding_is_a_proof(s: Scenario, leaders: bool) -> None:
    """Whatever the precheck finds, the solver finds no plan either (no false alarm)."""
    if leaders:
        s = with_rules(
            s,
            leadership_slots={"enabled": True},
            promotion_eligibility={"enabled": True},
            regional_avoidance={"enabled": True},
        )
    if precheck(s):
        assert run(s).status == "INFEASIBLE"


# ---------------------------------------------------------------------------
# the command line


def test_check_without_a_plan_on_the_district(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(default_scenario()), "--lang", "en"]) == 0
    assert "no counting argument rules the scenario out" in capsys.readouterr().out


def test_check_without_a_plan_prints_the_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = rotation.write_scenario(_area_short(), tmp_path / "area")
    assert main(["check", str(folder), "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "1. 第一派驻纪检监察室 (A1)及其联系的2个单位共需法律专业人员2名" in out
    assert "求解前发现1处问题" in out
    assert main(["check", str(folder), "--lang", "en"]) == 1
    assert "1 reason(s) found before solving" in capsys.readouterr().out


def test_check_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing")]) == 2
    assert "missing" in capsys.readouterr().err


def test_solve_stops_before_solving(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = rotation.write_scenario(_shared_pair(), tmp_path / "pair")
    out = tmp_path / "out"
    assert main(["solve", str(folder), "--out", str(out), "--lang", "en"]) == 1
    text = capsys.readouterr().out
    assert "INFEASIBLE" in text and "the solver was not run" in text
    assert "together need 3 people with law" in text
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["status"] == "INFEASIBLE" and record["solver"] == "precheck"
    assert "together need 3 people with law" in record["message"]
    assert not (out / "assignments.csv").exists()
    assert main(["solve", str(folder), "--out", str(out), "--lang", "zh"]) == 1
    assert "未进行求解" in capsys.readouterr().out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.frozensets(st.sampled_from("ABCDE"), min_size=1), st.integers(1, 3)),
        min_size=1,
        max_size=6,
    ),
    st.dictionaries(st.sampled_from("ABCDE"), st.integers(0, 4)),
    st.sampled_from(["sink", "source"]),
)
def test_the_greedy_shortcut_skips_only_flows_that_find_nothing(
    groups: list[tuple[frozenset[str], int]], cap: dict[str, int], side: str
) -> None:
    from rotation.precheck import _greedy_fits, _max_flow_groups

    classes: dict[frozenset[str], list[str]] = {}
    for units, n in groups:
        classes.setdefault(units, []).extend(f"p{len(classes)}-{k}" for k in range(n))
    if _greedy_fits(classes, cap, side):
        assert _max_flow_groups(classes, cap, side) == []
