"""Training and secondment (issue 4, item 4; rule 43, 挂职锻炼): the absences of the
``absences`` table are scheduled in their windows so that no unit falls below its band
or skill cover while someone is away, and a yearly training quota per unit is met; the
checker verifies the schedule and the outputs list who goes when."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from rotation.errors import ScenarioError
from rotation.io import read_plan
from rotation.plan import Leave, Plan
from rotation.scenario import Absence, Hire, Scenario
from rotation.solvers import solve
from rotation.solvers.decompose import split
from rotation.validate import measure, validate
from tests.helpers import (
    assert_infeasible,
    assert_optimal,
    assert_penalty,
    off,
    person,
    scenario,
    soft,
    unit,
)

LAW = ("law",)


def _two_lawyers(*absences: Absence, **rules: object) -> Scenario:
    """U1 (band 1–5) needs one law holder and has two, P1 and P2, besides P3; U2 (1–5)
    has P4 and P5, without law. Everyone has been 2 years in their unit, so nobody is due
    to move within the 3 rounds."""
    s = scenario(
        [unit("U1", 1, 5, needs={"law": 1}), unit("U2", 1, 5)],
        [
            person("P1", "U1", 2, skills=LAW),
            person("P2", "U1", 2, skills=LAW),
            person("P3", "U1", 2),
            person("P4", "U2", 2),
            person("P5", "U2", 2),
        ],
        enable=("training",),
        **rules,
    )
    return s.replace(horizon=3, absences=absences)


SECONDED = Absence("P2", "secondment", 2, 1, 1)
"""P2 is seconded for rounds 1 and 2 (the window allows only a start in round 1)."""


def _leaves(plan: Plan | None) -> set[tuple[str, str, int, int]]:
    assert plan is not None
    return {(v.person, v.kind, v.start, v.end) for v in plan.leaves}


def test_training_is_scheduled_when_the_skill_cover_allows():
    # P2 is away in rounds 1-2, so U1 keeps law only if P1 stays then: P1's training
    # (window 1-3) can only be in round 3
    r = assert_optimal(_two_lawyers(SECONDED, Absence("P1", "training", 1, 1, 3)))
    assert _leaves(r.plan) == {("P2", "secondment", 1, 2), ("P1", "training", 3, 3)}
    assert r.objective == 0


def test_training_infeasible_when_both_lawyers_would_be_away():
    # P1's training must now fall in round 1 or 2, while P2 is seconded: U1 has no law
    s = _two_lawyers(SECONDED, Absence("P1", "training", 1, 1, 2))
    assert_infeasible(s, "training")
    assert_optimal(off(s, "skill_cover"))


def test_training_soft_costs_each_absence_left_unscheduled():
    # soft at 7: one of the two absences cannot be scheduled (either breaks the law
    # cover), so the plan leaves one out: 1 × 7
    s = soft(_two_lawyers(SECONDED, Absence("P1", "training", 1, 1, 2)), "training")
    r = assert_penalty(s, "training", 1, 7)
    assert len(_leaves(r.plan)) == 1


def test_training_conflict_is_explained_in_words():
    # the minimal conflict: U1's law cover in rounds 1 and 2 and both absences
    from rotation.explain import find_conflict

    conflict = find_conflict(_two_lawyers(SECONDED, Absence("P1", "training", 1, 1, 2)))
    assert conflict is not None and conflict.minimal
    words = {m.zh for m in conflict.members if m.rule == "training"}
    assert words == {
        "干部P2 (P2)的挂职锻炼（2轮）须在第1至1轮开始",
        "干部P1 (P1)的培训（1轮）须在第1至2轮开始",
    }
    assert sorted(m.key for m in conflict.members if m.rule == "skill_cover") == [
        ("U1", "law", 1),
        ("U1", "law", 2),
    ]


def test_training_infeasible_when_the_band_has_no_slack():
    # six people for two units of minimum 3: whoever is away, one unit is short
    s = scenario(
        [unit("U1", 3, 5), unit("U2", 3, 5)],
        [person(f"P{i}", "U1" if i <= 3 else "U2", 2) for i in range(1, 7)],
        enable=("training",),
    ).replace(absences=(Absence("P3", "training"),))
    assert_infeasible(s, "headcount")


def test_training_keeps_the_unit_while_away():
    # P1 reaches 5 years in U1 in round 2 (township limit) and must move then; a 2-round
    # secondment from round 1 would keep them in U1 in round 2, so it starts in round 2
    # (the move is at its start) and P1 stays in U2 in round 3
    s = scenario(
        [unit("U1"), unit("U2")],
        [person("P1", "U1", 4), person("P2", "U2", 2)],
        enable=("training",),
    ).replace(horizon=3, absences=(Absence("P1", "secondment", 2, 1, 2),))
    r = assert_optimal(s)
    assert _leaves(r.plan) == {("P1", "secondment", 2, 3)}
    assert r.plan is not None
    assert [r.plan.unit_of("P1", t) for t in (1, 2, 3)] == ["U1", "U2", "U2"]


def test_the_checker_verifies_the_schedule():
    training = Absence("P1", "training", 1, 2, 3)
    s = _two_lawyers(training)
    stay = {(p.id, t): p.unit for p in s.people for t in (1, 2, 3)}  # nobody moves

    def found(*leaves: Leave) -> list[tuple[str, int, str, str]]:
        plan = Plan(s, stay, leaves=leaves)
        return [(v.rule, v.period, v.message, v.message_zh) for v in validate(s, plan)]

    assert found(Leave("P1", "training", 2, 2, training)) == []
    assert found() == [
        (
            "training",
            2,
            "the training of 干部P1 (P1) (1 round, starting in round 2 to 3) is not scheduled",
            "干部P1 (P1)的培训（1轮，第2至3轮开始）未安排",
        )
    ]
    early = found(Leave("P1", "training", 1, 1, training))
    assert [(rule, t) for rule, t, *_ in early] == [("training", 1)]
    assert early[0][2].endswith("starts in round 1 (2027), outside its window")
    twice = found(Leave("P1", "training", 2, 2, training), Leave("P1", "training", 3, 3, training))
    assert "is scheduled 2 times, not 1" in twice[0][2]
    # a secondment of rounds 2-3 during which P1 moves to U2 in round 3
    away = Absence("P1", "secondment", 2, 2, 2)
    s = _two_lawyers(away)
    plan = Plan(s, {**stay, ("P1", 3): "U2"}, leaves=(Leave("P1", "secondment", 2, 3, away),))
    moved = [v for v in validate(s, plan) if v.rule == "training"]
    assert [v.message for v in moved] == [
        "the secondment of 干部P1 (P1) (2 rounds, starting in round 2 to 2) moves to 东街道纪工委 "
        "(U2) in round 3 (2029) while away"
    ]
    assert moved[0].message_zh == (
        "干部P1 (P1)的挂职锻炼（2轮，第2至2轮开始）外出期间于第3轮（2029年）调整到东街道纪工委 (U2)"
    )


def test_the_checker_counts_the_absent_out_of_the_cover_and_the_band():
    # both law holders away in round 1: U1 lacks law; with the rule off the schedule
    # counts for nothing
    one = Absence("P1", "training", 1, 1, 1)
    two = Absence("P2", "training", 1, 1, 1)
    s = _two_lawyers(one, two).replace(horizon=1)
    units = {("P1", 1): "U1", ("P2", 1): "U1", ("P3", 1): "U1", ("P4", 1): "U2", ("P5", 1): "U2"}
    leaves = (Leave("P1", "training", 1, 1, one), Leave("P2", "training", 1, 1, two))
    broken = validate(s, Plan(s, units, leaves=leaves))
    assert [(v.rule, v.unit) for v in broken] == [("skill_cover", "U1")]
    assert validate(off(s, "training"), Plan(s, units)) == []
    # a band of 3-5 for U1: with P1 away only 2 are at work
    banded = s.replace(
        units=(unit("U1", 3, 5, needs={"law": 1}), unit("U2", 1, 5)), absences=(one,)
    )
    short = measure(banded, Plan(banded, units, leaves=leaves[:1]))["headcount"]
    assert [(v.unit, v.amount, v.message) for v in short] == [
        ("U1", 1, "城关镇纪委 (U1) has 2 people in round 1 (2027), below its minimum of 3")
    ]


def _quota(u2: int = 3, **training: object) -> Scenario:
    """U1 (band 2–5) with P1–P3 and U2 (2–5) with ``u2`` people; each unit sends one to
    training a year (rule ``training`` quota 1), two rounds."""
    people = [person(f"P{i}", "U1", 2) for i in (1, 2, 3)]
    people += [person(f"P{i}", "U2", 2) for i in range(4, 4 + u2)]
    s = scenario(
        [unit("U1", 2, 5), unit("U2", 2, 5)],
        people,
        enable=("training",),
        training={"quota": 1, **training},
    )
    return s.replace(horizon=2)


def test_training_quota_sends_one_a_year_from_each_unit():
    # each unit can spare exactly one of three (band minimum 2) each round; nobody goes
    # twice (cycle 5 > 2 rounds); P1's own training in round 1 is U1's trainee that year
    s = _quota().replace(absences=(Absence("P1", "training", 1, 1, 1),))
    r = assert_optimal(s)
    assert r.plan is not None
    by_round = {
        (u, t): [
            v.person for v in r.plan.leaves if t in v.rounds and r.plan.unit_of(v.person, t) == u
        ]
        for u in ("U1", "U2")
        for t in (1, 2)
    }
    assert by_round[("U1", 1)] == ["P1"]
    assert all(len(people) == 1 for people in by_round.values())
    assert by_round[("U2", 1)] != by_round[("U2", 2)]
    picks = [v for v in r.plan.leaves if v.absence is None]
    assert len(picks) == 3 and all(v.kind == "training" and v.start == v.end for v in picks)


def test_training_quota_soft_costs_each_trainee_short():
    # U2 has two people for a minimum of 2: it can send nobody (and U1 none beyond its
    # one), so U2 is one short in each of the 2 rounds: 2 × 7
    assert_penalty(soft(_quota(u2=2), "training"), "training", 2, 14)


def test_training_quota_infeasible_when_a_unit_cannot_spare_anyone():
    assert_infeasible(_quota(u2=2), "headcount")


def test_the_checker_verifies_the_quota_picks():
    s = _quota(cycle=2)
    units = {(f"P{i}", t): ("U1" if i <= 3 else "U2") for i in range(1, 7) for t in (1, 2)}
    picks = [Leave(p, "training", t, t) for p, t in (("P1", 1), ("P2", 2), ("P4", 1), ("P4", 2))]
    found = validate(s, Plan(s, units, leaves=picks))
    assert [(v.period, v.message) for v in found] == [
        (
            2,
            "干部P4 (P4) is sent to training in round 2 (2028) again within 2 rounds "
            "(also round 1)",
        )
    ]
    short = measure(s, Plan(s, units, leaves=picks[:3]))["training"]
    assert [(v.unit, v.period, v.amount, v.message_zh) for v in short] == [
        ("U2", 2, 1, "东街道纪工委 (U2) 第2轮（2028年）参加培训0人，少于年度培训名额1人")
    ]


def test_absences_are_checked_on_construction():
    s = _two_lawyers()
    with pytest.raises(ScenarioError, match="kind 'holiday'"):
        Absence("P1", "holiday")
    with pytest.raises(ScenarioError, match="length 0"):
        Absence("P1", "training", 0)
    with pytest.raises(ScenarioError, match="latest round 1 is before the earliest 2"):
        Absence("P1", "training", 1, 2, 1)
    with pytest.raises(ScenarioError, match="unknown person 'X'") as info:
        s.replace(absences=(Absence("X", "training"),))
    assert info.value.table == "absences"
    with pytest.raises(ScenarioError, match="latest round 4 is beyond the horizon 3"):
        s.replace(absences=(Absence("P1", "training", 1, 1, 4),))
    with pytest.raises(ScenarioError, match="quota must not be negative"):
        _quota(quota=-1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_schedule_is_written_and_read_back(tmp_path: Path, lang: str) -> None:
    from rotation.report.outputs import write_outputs

    s = _two_lawyers(SECONDED, Absence("P1", "training", 1, 1, 3))
    r = assert_optimal(s)
    write_outputs(s, r, tmp_path, input_hash="-", lang=lang)
    frame = pd.read_csv(tmp_path / "absences.csv", encoding="utf-8-sig", dtype=str)
    kinds = ["挂职锻炼", "培训"] if lang == "zh" else ["secondment", "training"]
    assert list(frame["person"]) == ["P2", "P1"] and list(frame["kind"]) == kinds
    assert list(frame["from_round"]) == ["1", "3"] and list(frame["to_year"]) == ["2028", "2029"]
    sheet = pd.read_excel(tmp_path / "plan.xlsx", sheet_name="培训挂职安排", dtype=str)
    assert list(sheet["类别"]) == ["挂职锻炼", "培训"] and list(sheet["单位编号"]) == ["U1", "U1"]
    roster = pd.read_excel(tmp_path / "plan.xlsx", sheet_name="2027年名册", dtype=str)
    assert list(roster.loc[roster["编号"] == "P2", "变动"]) == ["外出挂职锻炼"]
    # read_plan picks the schedule up beside the assignments: the plan checks clean
    assert validate(s, read_plan(s, tmp_path / "assignments.csv")) == []
    (tmp_path / "absences.csv").unlink()
    alone = validate(s, read_plan(s, tmp_path / "assignments.csv"))
    assert [v.rule for v in alone] == ["training", "training"]


def test_counties_solved_apart_keep_their_schedules():
    # two counties that exchange no one are solved apart (decompose); each part plans
    # its own absences and the joined plan carries both schedules; a planned hire, who
    # may go to either county, keeps the scenario whole
    units = [
        dataclasses.replace(unit("U1", 1, 3, needs={"law": 1}), county="东县"),
        dataclasses.replace(unit("U2", 1, 3), county="西县"),
    ]
    people = [
        person("P1", "U1", 2, skills=LAW),
        person("P2", "U1", 2, skills=LAW),
        person("P3", "U2", 2),
        person("P4", "U2", 2),
    ]
    away = (Absence("P1", "training", 1, 1, 2), Absence("P3", "secondment", 1, 2, 2))
    s = scenario(units, people, enable=("training", "rotation_scope"))
    s = s.replace(horizon=2, absences=away)
    assert len(split(s)) == 2
    r = solve(s, time_limit=10, jobs=1)
    assert r.status == "OPTIMAL" and r.plan is not None
    assert validate(s, r.plan) == []
    assert {(v.person, v.start) for v in r.plan.leaves} >= {("P3", 2)}
    assert len(r.plan.leaves) == 2
    assert len(split(s.replace(hires=(Hire("H1", 1),)))) == 1
