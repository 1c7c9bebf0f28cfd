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
from rotation.generate import generate
from rotation.precheck import Finding, precheck
from rotation.scenario import Absence, Hire, Person, Scenario
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
# each round of a plan of several rounds


def _solver_says(s: Scenario) -> str:
    """The solver's own status for ``s`` (without the checks, which it runs to explain
    a search that found nothing)."""
    return rotation.solve(s, time_limit=20, explain=False).status


def _law_district(*extra: Person, horizon: int = 3) -> Scenario:
    """Two townships that each need one lawyer (band 1–3) and two lawyers, P1 and P2,
    with P3 and P4 besides; retirement and training on."""
    people = [
        person("P1", "U1", skills=LAW),
        person("P2", "U2", skills=LAW),
        person("P3", "U1"),
        person("P4", "U2"),
        *extra,
    ]
    units = [unit("U1", 1, 3, needs={"law": 1}), unit("U2", 1, 3, needs={"law": 1})]
    return scenario(units, people, enable=["retirement", "training"]).replace(horizon=horizon)


def test_a_later_round_short_of_a_skill_after_a_retirement() -> None:
    # P2, born 1968-01-01, retires on 2028-11-01 (60 and the 2025 reform's 10 months): at
    # work in rounds 1 and 2 (2027, 2028), retired by round 3 (2029)
    s = _law_district()
    s = s.replace(
        people=tuple(
            dataclasses.replace(p, birth_date=dt.date(1968, 1, 1)) if p.id == "P2" else p
            for p in s.people
        )
    )
    f = only_round_finding(s)
    assert (f.kind, f.scope, f.skill, f.demand, f.supply) == ("skill", "all", "law", 2, 1)
    assert f.rules == ("skill_cover", "retirement")
    assert_bilingual(f, "P2")
    assert "round 3 (2029)" in f.en and "retired by then" in f.en
    assert "第3轮（2029年）" in f.zh and "届时已退休" in f.zh
    assert "[rules.vacancies]" in f.en and "[rules.vacancies]" in f.zh
    # a lawyer hired in round 3 fills the gap; so do vacancies, as a post to recruit for
    hire = Hire("H1", 3, frozenset(LAW))
    assert precheck(s.replace(hires=(hire,))) == []
    assert _solver_says(s.replace(hires=(hire,))) == "OPTIMAL"
    assert precheck(with_rules(s, vacancies={"enabled": True})) == []


def test_an_absence_sure_to_cover_a_round_counts_its_person_out() -> None:
    # P1's training of two rounds must start in round 1: away in rounds 1 and 2
    s = _law_district(horizon=2).replace(absences=(Absence("P1", "training", 2, 1, 1),))
    f = only_round_finding(s)
    assert (f.kind, f.skill, f.demand, f.supply) == ("skill", "law", 2, 1)
    assert f.rules == ("skill_cover", "training")
    assert_bilingual(f, "P1")
    assert "round 1 (2027)" in f.en and "away training or on a secondment" in f.en
    # soft, a training may be missed: no proof
    assert precheck(with_rules(s, training={"weight": 5.0})) == []


def test_an_absence_no_round_of_its_window_can_spare() -> None:
    # one round of training in round 1 or 2, and both rounds need both lawyers at work
    s = _law_district(horizon=2).replace(absences=(Absence("P1", "training", 1, 1, 2),))
    f = only_round_finding(s)
    assert (f.kind, f.scope, f.people, f.skill) == ("absence", "person", ("P1",), "law")
    assert f.rules == ("training", "skill_cover")
    assert_bilingual(f, "P1", "2")
    assert "cannot be taken" in f.en and "无法安排" in f.zh
    # a third lawyer spares either round
    third = person("P5", "U1", skills=LAW)
    spare = _law_district(third, horizon=2).replace(absences=s.absences)
    assert precheck(spare) == []
    assert _solver_says(spare) == "OPTIMAL"


def test_a_search_that_finds_nothing_is_explained_by_the_checks() -> None:
    """A five-round district whose 11 units needing audit keep 11 holders after the
    retirements of round 4, one of whom has a round of training due in round 4 or 5:
    CP-SAT finds no plan in 120 s and proves nothing; the library's solve then answers
    with the checks' proof instead of asking for more time."""
    s = generate(74, 12, 31495, horizon=5)
    s = s.replace(absences=(Absence("P066", "training", 1, 4, 5),))
    result = rotation.solve(s, time_limit=2)
    assert result.status == "INFEASIBLE" and result.plan is None
    assert "P066" in result.message and "cannot be taken" in result.message
    assert "P066" in result.message_zh


@st.composite
def tight_rounds(draw: st.DrawFn) -> Scenario:
    """Two to four units with minimums of 1–2 and often a lawyer's post, about as many
    people and lawyers as they need, over 2–3 rounds: some people retire during the
    plan, some have an absence to take, and a hire may join."""
    horizon = draw(st.integers(2, 3))
    units = []
    for i in range(draw(st.integers(2, 4))):
        lo = draw(st.integers(1, 2))
        units.append(unit(f"U{i + 1}", lo, lo + 2, needs={"law": 1} if draw(st.booleans()) else {}))
    lawyers = sum(u.needs_map.get("law", 0) for u in units) + draw(st.integers(0, 1))
    n = max(sum(u.min_staff for u in units) + draw(st.integers(0, 2)), lawyers)
    people = []
    for i in range(n):
        p = person(
            f"P{i + 1}",
            draw(st.sampled_from(units)).id,
            draw(st.integers(1, 8)),
            skills=LAW if i < lawyers else (),
        )
        if draw(st.integers(0, 3)) == 0:  # retires in 2027-08 .. 2028-07: during the plan
            p = dataclasses.replace(p, birth_date=dt.date(1967, draw(st.integers(1, 12)), 1))
        people.append(p)
    absences = []
    for i in draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True)):
        earliest = draw(st.integers(1, horizon))
        latest = draw(st.integers(earliest, horizon))
        kind = draw(st.sampled_from(["training", "secondment"]))
        absences.append(Absence(people[i].id, kind, draw(st.integers(1, 2)), earliest, latest))
    hires = [Hire("H1", draw(st.integers(1, horizon)), frozenset(draw(st.sampled_from([(), LAW]))))]
    return scenario(units, people, enable=["retirement", "training"]).replace(
        horizon=horizon,
        absences=tuple(absences),
        hires=tuple(hires[: draw(st.integers(0, 1))]),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tight_rounds())
def test_a_finding_of_a_later_round_is_a_proof(s: Scenario) -> None:
    """Over several rounds, with people retiring during the plan, absences and a hire:
    whatever the checks find, the solver proves there is no plan."""
    if precheck(s):
        assert _solver_says(s) == "INFEASIBLE"


def only_round_finding(s: Scenario) -> Finding:
    """The one finding of ``s``; the solver itself proves that ``s`` has no plan."""
    found = precheck(s)
    assert len(found) == 1, [f.en for f in found]
    assert _solver_says(s) == "INFEASIBLE"
    return found[0]


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
