"""Plans of several rounds (issue 4): tenure that accrues round by round, the rules that
span rounds (mandatory rotation when it falls due, at most one move in M years, a full
term, cooling-off, team turnover and rotation volume per round, rule 4 across rounds),
each with a feasible, a forced-infeasible and an exact-penalty case on tiny hand-made
scenarios of 2–3 rounds (plan date 2027-01-01: round t is on 1 January of 2026 + t);
and the checker on hand-built plans."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rotation.facts import Duty, duty_in_round, tenure_since
from rotation.plan import Plan
from rotation.result import Result
from rotation.scenario import HistoryEntry, Person, Scenario
from rotation.validate import measure, validate
from tests.helpers import (
    PLAN_DATE,
    assert_infeasible,
    assert_optimal,
    assert_penalty,
    hard,
    off,
    person,
    scenario,
    soft,
    unit,
    with_rules,
)

LAW = ("law",)


def who(pid: str, unit_id: str, years: float = 2, **changes: Any) -> Person:
    """:func:`tests.helpers.person` with more fields; ``level_years`` sets the level
    start that many years before the plan date."""
    base = {
        k: changes.pop(k) for k in ("skills", "role", "frozen", "prefs", "name") if k in changes
    }
    level_years = changes.pop("level_years", None)
    p = person(pid, unit_id, years, **base)
    if level_years is not None:
        from rotation.dates import add_months

        changes["level_start"] = add_months(PLAN_DATE, -round(level_years * 12))
    return dataclasses.replace(p, **changes) if changes else p


def rounds(s: Scenario, horizon: int) -> Scenario:
    return s.replace(horizon=horizon)


def path(r: Result, pid: str) -> list[str | None]:
    """The units of ``pid`` in rounds 1 .. horizon."""
    assert r.plan is not None, r.message
    return [r.plan.unit_of(pid, t) for t in r.plan.scenario.periods]


def plan_of(s: Scenario, paths: dict[str, list[str]], roles: dict[Any, str] | None = None) -> Plan:
    """A plan from each person's units round by round (everyone else stays put)."""
    assignments = {
        (p.id, t): p.unit
        for p in s.people
        for t in s.periods
        if duty_in_round(s, p.id, t) is not Duty.RETIRED
    }
    for pid, units in paths.items():
        assignments.update({(pid, t): u for t, u in enumerate(units, 1)})
    return Plan(s, assignments, roles or {})


# ---------------------------------------------------------------------------
# dates and tenure across rounds


def test_round_dates_and_tenure_windows():
    s = rounds(scenario([unit("U1"), unit("U2")], [person("P1", "U1", 4)]), 6)
    # 4 years in U1 on 2027-01-01: 5 years on round 2's date (2028-01-01), from before
    # the plan, so "5 years by round 2" needs the stay of round 1 (j = 1) ...
    assert tenure_since(s, "P1", 2, 5) == 1
    assert tenure_since(s, "P1", 1, 5) is None
    # ... and 5 years by round 6 can come from an arrival in round 1: stays in 2 .. 5
    assert tenure_since(s, "P1", 6, 5) == 2
    plan = plan_of(s, {"P1": ["U2", "U2", "U2", "U2", "U2", "U1"]})
    assert plan.arrival("P1", 6) == dt.date(2027, 1, 1)
    assert plan.tenure_months("P1", 6) == 60
    assert plan.tenure_months("P1", 1) == 48
    assert plan.year(6) == 2032


# ---------------------------------------------------------------------------
# mandatory rotation (rules 1, 5, 6): in the round the limit is reached


def _due_in_round_2(**rules: Any) -> Scenario:
    # 张三 (P1) has 4 years in U1 today: 5 (the township limit) on round 2's date
    return rounds(
        scenario(
            [unit("U1"), unit("U2")],
            [person("P1", "U1", 4, name="张三"), person("P2", "U2", 2)],
            **rules,
        ),
        3,
    )


def test_mandatory_rotation_falls_due_in_the_round_it_is_reached():
    r = assert_optimal(_due_in_round_2())
    # not in round 1 (a move that is not due costs 100), in round 2 (due: free), then
    # no move back (it would cost 100)
    assert path(r, "P1") == ["U1", "U2", "U2"]
    assert r.objective == 0
    assert path(assert_optimal(off(_due_in_round_2(), "mandatory_rotation")), "P1") == ["U1"] * 3


def test_mandatory_rotation_a_move_restarts_the_clock():
    # 7 years in U1: due in round 1; in U2 from round 1 the 5 years are reached on round
    # 6's date (2032-01-01): in any 5 consecutive rounds at a unit, one move
    s = rounds(
        scenario([unit("U1"), unit("U2")], [person("P1", "U1", 7), person("P2", "U2", 1)]), 6
    )
    r = assert_optimal(s)
    assert path(r, "P1") == ["U2", "U2", "U2", "U2", "U2", "U1"]
    assert r.objective == 0  # both moves are due: neither counts under fewest_moves


def _only_lawyer_due_in_round_2() -> Scenario:
    # U1 needs law and P1 holds the only law: he may not leave, but is due in round 2
    return rounds(
        scenario(
            [unit("U1", needs={"law": 1}), unit("U2")],
            [person("P1", "U1", 4, skills=LAW, name="张三"), person("P2", "U2", 2)],
        ),
        3,
    )


def test_mandatory_rotation_infeasible_when_due_in_round_2_and_needed():
    r = assert_infeasible(_only_lawyer_due_in_round_2(), "mandatory_rotation")
    assert "城关镇纪委" in r.message and "城关镇纪委" in r.message_zh


def test_mandatory_rotation_soft_costs_each_round_past_the_limit():
    # soft at 7: P1 stays in rounds 2 and 3, past the limit in both: 2 × 7 = 14
    assert_penalty(
        soft(_only_lawyer_due_in_round_2(), "mandatory_rotation"), "mandatory_rotation", 2, 14
    )


# ---------------------------------------------------------------------------
# minimum stay (rules 9 and 3): at most one move in M years


def _second_move_needed(with_spare: bool, enable: tuple[str, ...] = (), **rules: Any) -> Scenario:
    """P1 (law) is due to leave U1 in round 1 and U3 is full (P4 and P6, who may not be
    moved), so he goes to U2; in round 2 U3's law holder P4 has retired (2027-06-01) and
    U3 needs law again: P1 or, if ``with_spare``, P5 (law, 3 years in U2)."""
    people = [
        person("P1", "U1", 7, skills=LAW, name="张三"),
        dataclasses.replace(
            person("P4", "U3", 2, skills=LAW, frozen="正在接受审查调查"),
            retire_date=dt.date(2027, 6, 1),
        ),
        person("P6", "U3", 2, frozen="正在接受审查调查"),
    ]
    if with_spare:
        people.append(person("P5", "U2", 3, skills=LAW))
    return rounds(
        scenario(
            [unit("U1"), unit("U2"), unit("U3", 0, 2, needs={"law": 1})],
            people,
            enable=("retirement", *enable),
            **rules,
        ),
        3,
    )


def test_minimum_stay_keeps_the_one_who_just_moved():
    s = _second_move_needed(True, minimum_stay={"years": 2})
    r = assert_optimal(s)
    assert path(r, "P1") == ["U2", "U2", "U2"]  # moved in round 1: no second move in 2 years
    assert path(r, "P5") == ["U2", "U3", "U3"]
    assert path(r, "P4")[1:] == [None, None]  # retired
    assert r.objective == 100  # P5's move is a choice; P1's was due


def test_minimum_stay_infeasible_when_only_the_one_who_just_moved_can_cover():
    assert_infeasible(_second_move_needed(False, minimum_stay={"years": 2}), "minimum_stay")


def test_minimum_stay_soft_costs_the_second_move():
    # P1 moves in round 1 (due) and again in round 2 (1 year < 2): minimum stay 1 × 7,
    # and the second move is a choice: fewest_moves 100
    s = soft(_second_move_needed(False, minimum_stay={"years": 2}), "minimum_stay")
    r = assert_penalty(s, "minimum_stay", 1, 107)
    assert path(r, "P1") == ["U2", "U3", "U3"]


def test_minimum_stay_of_one_year_allows_a_move_each_round():
    # the default minimum stay is one year: rounds are a year apart
    r = assert_optimal(_second_move_needed(False))
    assert path(r, "P1") == ["U2", "U3", "U3"]
    assert r.objective == 100


# ---------------------------------------------------------------------------
# term stability (rule 3) across rounds


def _leader_second_move(with_spare: bool) -> Scenario:
    s = _second_move_needed(with_spare, enable=("term_stability",))
    people = [dataclasses.replace(p, role="deputy") if p.id == "P1" else p for p in s.people]
    return s.replace(people=tuple(people))


def test_term_stability_moves_someone_else_than_the_leader_who_just_moved():
    r = assert_optimal(_leader_second_move(True))
    assert path(r, "P1") == ["U2", "U2", "U2"]
    assert path(r, "P5") == ["U2", "U3", "U3"]
    assert r.penalties["term_stability"] == 0


def test_term_stability_infeasible_when_hard_and_the_leader_must_move_again():
    assert_infeasible(hard(_leader_second_move(False), "term_stability"), "term_stability")


def test_term_stability_exact_penalty_for_a_second_move_within_a_term():
    # round 1: due, exempt; round 2: 1 year in U2 < 5: 20; fewest_moves 100
    r = assert_penalty(_leader_second_move(False), "term_stability", 1, 120)
    found = measure(r.plan.scenario, r.plan)["term_stability"]
    assert [(v.person, v.period) for v in found] == [("P1", 2)]


# ---------------------------------------------------------------------------
# cooling-off: no return to a unit left within 5 years


def _return_wanted(with_spare: bool, **rules: Any) -> Scenario:
    """P1 (law) is due to leave U1 in round 1; U1's other law holder P2 retires on
    2027-06-01, so from round 2 U1 needs law again: P1 back, or P3 (law, in U3)."""
    people = [
        person("P1", "U1", 7, skills=LAW, name="张三"),
        dataclasses.replace(person("P2", "U1", 2, skills=LAW), retire_date=dt.date(2027, 6, 1)),
        person("P4", "U2", 2),
    ]
    if with_spare:
        people.append(person("P3", "U3", 3, skills=LAW))
    return rounds(
        scenario(
            [unit("U1", needs={"law": 1}), unit("U2"), unit("U3")],
            people,
            enable=("retirement", "cooling_off"),
            **rules,
        ),
        3,
    )


def test_cooling_off_sends_someone_else_than_the_one_who_left():
    r = assert_optimal(hard(_return_wanted(True), "cooling_off"))
    assert "U1" not in path(r, "P1")
    assert path(r, "P3")[1:] == ["U1", "U1"]  # in round 1 or 2: one move by choice
    assert r.objective == 100


def test_cooling_off_infeasible_when_hard_and_only_the_one_who_left_can_come_back():
    assert_infeasible(hard(_return_wanted(False), "cooling_off"), "cooling_off")


def test_cooling_off_exact_penalty_for_a_return():
    # soft at its default 50: P1 is back in U1 in rounds 2 and 3, each within 5 years of
    # leaving it in round 1 (2 × 50), and the return is a move by choice (100)
    r = assert_penalty(_return_wanted(False), "cooling_off", 2, 200)
    assert path(r, "P1")[1:] == ["U1", "U1"]
    found = measure(r.plan.scenario, r.plan)["cooling_off"]
    assert [(v.period, v.amount) for v in found] == [(2, 1), (3, 1)]


def test_cooling_off_counts_a_unit_left_before_the_plan_date():
    # P1 left U2 on 2025-12-31 (history); due to leave U1, he prefers U2, but a return
    # within 5 years costs 50 and U3 only his not being a wish (1)
    s = rounds(
        scenario(
            [unit("U1"), unit("U2"), unit("U3")],
            [person("P1", "U1", 7, prefs=("U2",)), person("P2", "U2", 2), person("P3", "U3", 2)],
            enable=("cooling_off",),
        ),
        2,
    )
    s = s.replace(history=(HistoryEntry("P1", "U2", dt.date(2020, 1, 1), dt.date(2025, 12, 31)),))
    r = assert_optimal(s)
    assert path(r, "P1") == ["U3", "U3"]
    assert r.objective == 1
    full = with_rules(s, cooling_off={"years": 1})  # 1 year: U2 is open again in 2027
    assert path(assert_optimal(full), "P1") == ["U2", "U2"]
    # U3 full with P3, who may not be moved: back to U2, within 5 years of 2025-12-31 in
    # both rounds: 2 × 50
    stuck = person("P3", "U3", 2, frozen="正在接受审查调查")
    closed = s.replace(
        units=(unit("U1"), unit("U2"), unit("U3", 0, 1)), people=(*s.people[:2], stuck)
    )
    assert_penalty(closed, "cooling_off", 2, 100)


# ---------------------------------------------------------------------------
# team turnover (rule 10) in every round


def _two_due_in_round_2(frozen_in_round_1: bool) -> Scenario:
    """P1 and P2 reach 5 years in U1 in round 2; P3, P5 and P6 have 1 year. With
    ``frozen_in_round_1`` both are in probation until 2027-06-01 (kept in round 1)."""
    probation = dt.date(2027, 6, 1) if frozen_in_round_1 else None
    people = [
        dataclasses.replace(person("P1", "U1", 4), probation_end=probation),
        dataclasses.replace(person("P2", "U1", 4), probation_end=probation),
        person("P3", "U1", 1),
        person("P5", "U1", 1),
        person("P6", "U1", 1),
        person("P4", "U2", 1),
    ]
    s = scenario([unit("U1"), unit("U2")], people, enable=("team_turnover",))
    return rounds(hard(s, "team_turnover"), 2)


def test_team_turnover_spreads_the_due_moves_over_two_rounds():
    # at most ⌊5/3⌋ = 1 of U1's five may leave in round 1 and ⌊4/3⌋ = 1 of the four left
    # in round 2: one of the two moves a round early (a move by choice: 100), the other
    # when due (both in round 2 would be 2 of 5)
    r = assert_optimal(_two_due_in_round_2(False))
    moved = sorted((t, pid) for pid in ("P1", "P2") for t in (1, 2) if r.plan.moved(pid, t))
    assert [t for t, _ in moved] == [1, 2]
    assert r.objective == 100
    assert assert_optimal(off(_two_due_in_round_2(False), "team_turnover")).objective == 0


def test_team_turnover_infeasible_when_two_of_three_must_leave_in_round_2():
    assert_infeasible(_two_due_in_round_2(True), "team_turnover")


def test_team_turnover_exact_penalty_in_round_2():
    # soft at its default 10: both leave in round 2, one over the cap ⌊5/3⌋ = 1
    s = with_rules(_two_due_in_round_2(True), team_turnover={"weight": 10.0})
    r = assert_penalty(s, "team_turnover", 1, 10)
    found = measure(s, r.plan)["team_turnover"]
    assert [(v.unit, v.period, v.amount) for v in found] == [("U1", 2, 1)]


# ---------------------------------------------------------------------------
# rotation volume (rule 11): a share of the leaders each year


def _two_heads(**changes: Any) -> Scenario:
    frozen = changes.pop("frozen", ())
    heads = [
        who("H1", "U1", 2, role="head", frozen="正在接受审查调查" if "H1" in frozen else ""),
        who("H2", "U2", 2, role="head", frozen="正在接受审查调查" if "H2" in frozen else ""),
    ]
    s = scenario(
        [unit("U1"), unit("U2"), unit("U3")],
        [*heads, person("P3", "U3")],
        enable=("rotation_volume",),
        rotation_volume={"share": 0.5, **changes},
    )
    return rounds(s, 2)


def test_rotation_volume_moves_a_leader_every_round():
    r = assert_optimal(hard(_two_heads(), "rotation_volume"))
    for t in (1, 2):  # ⌈0.5 × 2⌉ = 1 of the 2 heads in each round
        assert sum(r.plan.moved(h, t) for h in ("H1", "H2")) == 1
    assert r.objective == 200


def test_rotation_volume_infeasible_when_the_leaders_are_frozen():
    assert_infeasible(hard(_two_heads(frozen=("H1", "H2")), "rotation_volume"), "rotation_volume")


def test_rotation_volume_exact_penalty_when_one_round_falls_short():
    # H1 is frozen; H2 may move once in two years (minimum stay 2): one round is one
    # short (10) and H2's move costs 100
    s = with_rules(_two_heads(frozen=("H1",)), minimum_stay={"years": 2})
    r = assert_penalty(s, "rotation_volume", 1, 110)
    assert [v.period for v in measure(s, r.plan)["rotation_volume"]] in ([1], [2])


# ---------------------------------------------------------------------------
# rule 4 across rounds: 15 years at one level, reached inside the plan


def _heads_due_in_round_2(with_deputy: bool) -> Scenario:
    """Heads P1 (U1) and H3 (U3) reach 5 years in their townships in round 2 and must
    leave; in probation until 2027-06-01, neither may move in round 1. P1 has 14 years at
    his level today, 15 in round 2. H2 heads U2. Every head post is filled (the tiny
    scenarios' ``fill_vacant``)."""
    probation = dt.date(2027, 6, 1)
    people = [
        who("P1", "U1", 4, role="head", level_years=14, name="张三", probation_end=probation),
        who("H3", "U3", 4, role="head", level_years=5, probation_end=probation),
        who("H2", "U2", 2, role="head", level_years=5),
        who("M1", "U1"),
        who("M3", "U3"),
    ]
    if with_deputy:
        people.append(who("D2", "U2", 2, role="deputy", level_years=3))
    return rounds(
        scenario(
            [unit("U1"), unit("U2"), unit("U3")],
            people,
            enable=("leadership_slots", "level_limit", "promotions"),
        ),
        2,
    )


def test_level_limit_reached_in_round_2_sends_the_head_to_a_member_post():
    r = assert_optimal(_heads_due_in_round_2(True))
    assert r.plan is not None
    assert r.plan.role_of("P1", 2) == "member" and r.plan.unit_of("P1", 2) != "U1"
    assert r.plan.role_of("P1", 1) == "head"
    # H3 heads U1 (due: free); U3's or U2's head post goes by a move (100) and the
    # other by promoting D2 (20)
    assert r.objective == 120
    # without rule 4 the two heads swap posts, both moves due: nothing to pay
    assert assert_optimal(off(_heads_due_in_round_2(True), "level_limit")).objective == 0


def test_level_limit_infeasible_when_no_one_else_can_head_a_unit():
    r = assert_infeasible(_heads_due_in_round_2(False), "level_limit")
    assert r.plan is None


def test_level_limit_exact_penalty_for_a_new_head_post_in_round_2():
    # soft at 7: P1 takes U3's head post in round 2 (7), H3 takes U1's; both moves due
    r = assert_penalty(soft(_heads_due_in_round_2(False), "level_limit"), "level_limit", 1, 7)
    assert r.plan is not None
    assert (r.plan.unit_of("P1", 2), r.plan.role_of("P1", 2)) == ("U3", "head")
    v = measure(r.plan.scenario, r.plan)["level_limit"][0]
    assert (v.person, v.period) == ("P1", 2) and "2028" in v.message


# ---------------------------------------------------------------------------
# duties by date: probation, near retirement, retirement in their rounds


def test_probation_keeps_in_round_1_only_then_the_due_move_is_made():
    p1 = dataclasses.replace(person("P1", "U1", 6), probation_end=dt.date(2027, 6, 1))
    s = rounds(scenario([unit("U1"), unit("U2")], [p1, person("P2", "U2")]), 2)
    assert duty_in_round(s, "P1", 1) is Duty.STAY_FROZEN
    assert duty_in_round(s, "P1", 2) is Duty.FREE
    r = assert_optimal(s)
    assert path(r, "P1") == ["U1", "U2"]
    assert r.objective == 0


def test_stays_past_the_limit_are_listed_in_every_round_with_the_reason():
    # P1 reaches 5 years in round 2 but is frozen throughout: listed in rounds 2 and 3
    s = rounds(
        scenario(
            [unit("U1"), unit("U2")],
            [person("P1", "U1", 4, frozen="正在接受审查调查"), person("P2", "U2", 1)],
        ),
        3,
    )
    stays = assert_optimal(s).plan.stays_past_limit()
    assert list(stays[["person", "round", "rule"]].itertuples(index=False, name=None)) == [
        ("P1", 2, "mandatory_rotation"),
        ("P1", 3, "mandatory_rotation"),
    ]
    assert stays["reason"].iloc[1] == (
        "round 3 (2029): 6 years in 城关镇纪委 (limit 5); frozen: 正在接受审查调查"
    )
    zh = Plan.current(s).stays_past_limit("zh")["reason"].iloc[0]
    assert zh == "第2轮（2028年）：在城关镇纪委任职5年（满5年须交流）；暂不交流：正在接受审查调查"
    # soft, and not kept: the rule is a goal
    free = soft(
        s.replace(people=(person("P1", "U1", 4), person("P2", "U2", 1))), "mandatory_rotation"
    )
    reasons = list(Plan.current(free).stays_past_limit()["reason"])
    assert reasons[0].endswith("'mandatory rotation' is a goal here (weight 7), not a duty")


def test_near_retirement_from_the_round_its_date_is_reached():
    # retires 2031-06-01: within 3 years from round 3 (2029-01-01) on; 5 years in U1 in
    # round 2 (due then, not yet near), so he moves in round 2 and is kept from round 3
    p1 = dataclasses.replace(person("P1", "U1", 4), retire_date=dt.date(2031, 6, 1))
    s = rounds(
        scenario(
            [unit("U1"), unit("U2")],
            [p1, person("P2", "U2", 1)],
            enable=("retirement", "near_retirement"),
        ),
        3,
    )
    assert [duty_in_round(s, "P1", t) for t in (2, 3)] == [Duty.FREE, Duty.STAY_NEAR_RETIREMENT]
    assert path(assert_optimal(s), "P1") == ["U1", "U2", "U2"]
    moved_back = plan_of(s, {"P1": ["U1", "U2", "U1"]})
    assert [(v.rule, v.period) for v in validate(s, moved_back)] == [("near_retirement", 3)]


def test_retirement_takes_people_out_in_the_round_they_retire():
    p2 = dataclasses.replace(person("P2", "U1", 2), retire_date=dt.date(2028, 6, 1))
    s = rounds(
        scenario([unit("U1"), unit("U2")], [person("P1", "U1", 1), p2], enable=("retirement",)),
        3,
    )
    r = assert_optimal(s)
    assert path(r, "P2") == ["U1", "U1", None]
    moves = r.plan.moves()
    assert list(moves[["person", "round", "year", "to_unit"]].itertuples(index=False)) == [
        ("P2", 3, 2029, "")
    ]
    assert moves["reasons"].item() == "round 3 (2029): retires on 2028-06-01"
    stays_on = Plan(s, {**dict(r.plan.assignments), ("P2", 3): "U1"})
    assert [(v.rule, v.period) for v in validate(s, stays_on)] == [("retirement", 3)]


# ---------------------------------------------------------------------------
# tenure goals round by round (rules 2, 7) and the moves that count


def test_long_tenure_costs_each_round_past_a_tier():
    # 2 years today: 3 (tier 1, cost 1) in round 2 and 4 in round 3; staying costs 1 per
    # round, moving 100: 2 in all
    s = rounds(
        scenario([unit("U1"), unit("U2")], [person("P1", "U1", 2)], enable=("long_tenure",)), 3
    )
    assert_penalty(s, "long_tenure", 2, 2)
    assert_penalty(rounds(s, 1), "long_tenure", 0, 0)


def test_same_level_costs_each_round_until_the_leader_moves():
    def case(h1_law: bool = False, **changes: Any) -> Scenario:
        # H1 has 9 years at his level today: 10 in round 2; U1 needs law
        h1 = who("H1", "U1", 2, role="head", level_years=9, skills=LAW if h1_law else (), **changes)
        m1 = who("M1", "U1", skills=() if h1_law else LAW)
        s = scenario(
            [unit("U1", needs={"law": 1}), unit("U2")],
            [h1, m1, who("M2", "U2")],
            enable=("same_level",),
        )
        return rounds(s, 3)

    # staying costs 50 a round from round 2 (tier 1), a move 100 (tier 2): he moves then
    r = assert_optimal(case())
    assert path(r, "H1") == ["U1", "U2", "U2"]
    assert r.objective == 100
    # frozen, he stays: rounds 2 and 3 cost 50 each
    assert_penalty(case(frozen="正在接受审查调查"), "same_level", 2, 100)
    # hard, and U1's only law holder: he may not stay, nor leave
    assert_infeasible(hard(case(h1_law=True), "same_level"), "same_level")


def test_fewest_moves_counts_choices_not_due_moves_in_later_rounds():
    s = _due_in_round_2()
    early = plan_of(s, {"P1": ["U2", "U2", "U2"]})
    due = plan_of(s, {"P1": ["U1", "U2", "U2"]})
    back = plan_of(s, {"P1": ["U1", "U2", "U1"]})
    count = [sum(v.amount for v in measure(s, p)["fewest_moves"]) for p in (early, due, back)]
    assert count == [1, 0, 1]
    assert [v.period for v in measure(s, back)["fewest_moves"]] == [3]


def test_promotions_count_people_and_last():
    s = _heads_due_in_round_2(True)
    r = assert_optimal(s)
    assert r.plan is not None
    assert [v.person for v in measure(s, r.plan)["promotions"]] == ["D2"]
    # a head for one round, then a deputy again: promotions last
    roles = {("D2", 1): "head", ("D2", 2): "deputy"}
    put_back = plan_of(s, {"P1": ["U1", "U2"], "H3": ["U3", "U1"], "H2": ["U2", "U3"]}, roles)
    found = [v for v in validate(s, put_back) if v.rule == "leadership_slots"]
    assert any("is put back to deputy in round 2 (2028)" in v.message for v in found)
    assert any("又改任副职" in v.message_zh for v in found)


# ---------------------------------------------------------------------------
# the checker on hand-built plans of several rounds


def test_checker_flags_a_stay_past_the_limit_in_round_2_and_a_quick_second_move():
    s = with_rules(_due_in_round_2(), minimum_stay={"years": 2})
    stays = plan_of(s, {"P1": ["U1", "U1", "U2"]})
    found = validate(s, stays)
    assert [(v.rule, v.person, v.period) for v in found] == [("mandatory_rotation", "P1", 2)]
    assert "5 years in 城关镇纪委 (U1) by round 2 (2028)" in found[0].message
    assert "至第2轮（2028年）在城关镇纪委 (U1)任职5年" in found[0].message_zh
    twice = plan_of(s, {"P1": ["U1", "U2", "U1"]})
    assert [(v.rule, v.period) for v in validate(s, twice)] == [("minimum_stay", 3)]


def test_checker_cooling_off_and_head_deputy_apart_in_round_2():
    s = rounds(
        scenario(
            [unit("U1"), unit("U2"), unit("U3")],
            [
                who("H1", "U1", role="head"),
                who("D1", "U1", role="deputy"),
                who("M1", "U2"),
            ],
            enable=("cooling_off", "head_deputy_apart"),
        ),
        3,
    )
    plan = plan_of(
        s, {"H1": ["U1", "U2", "U2"], "D1": ["U1", "U3", "U3"], "M1": ["U3", "U2", "U2"]}
    )
    found = measure(s, plan)
    assert [(v.person, v.period) for v in found["head_deputy_apart"]] == [("D1", 2)]
    # M1 left U2 in round 1 and is back in rounds 2 and 3
    assert [(v.person, v.period, v.unit) for v in found["cooling_off"]] == [
        ("M1", 2, "U2"),
        ("M1", 3, "U2"),
    ]
    assert "round 2 (2028)" in found["cooling_off"][0].message


def test_a_plan_that_moves_nobody_is_checked_in_every_round():
    # nobody moves for 3 rounds: P1 (4 years) is past the limit in rounds 2 and 3
    s = _due_in_round_2()
    found = validate(s, Plan.current(s))
    assert [(v.rule, v.period) for v in found] == [
        ("mandatory_rotation", 2),
        ("mandatory_rotation", 3),
    ]


@pytest.mark.parametrize(
    "case",
    [
        lambda: _second_move_needed(True, minimum_stay={"years": 2}),
        lambda: _return_wanted(False),
        lambda: with_rules(_two_due_in_round_2(True), team_turnover={"weight": 10.0}),
        lambda: _heads_due_in_round_2(True),
    ],
)
def test_highs_solves_the_same_model_of_several_rounds(case: Any) -> None:
    from rotation.solvers import solve

    s = case()
    cp, mip = solve(s, time_limit=10), solve(s, solver="highs", time_limit=10)
    assert cp.status == mip.status == "OPTIMAL"
    assert mip.plan is not None and validate(s, mip.plan) == []
    assert mip.objective == pytest.approx(cp.objective)


@pytest.mark.parametrize("horizon", [2, 3])
def test_hard_rules_hold_in_every_round_of_the_solved_plan(horizon: int):
    s = rounds(_second_move_needed(True, minimum_stay={"years": 2}), horizon)
    r = assert_optimal(s)
    assert r.plan is not None
    assert {t for (_, t) in r.plan.assignments} == set(range(1, horizon + 1))


# ---------------------------------------------------------------------------
# generated districts and the command line


@settings(max_examples=4, deadline=None, derandomize=True)
@given(
    people=st.integers(36, 56),
    units=st.integers(8, 11),
    seed=st.integers(0, 10_000),
    horizon=st.integers(2, 3),
)
@pytest.mark.slow
def test_generated_districts_plan_several_rounds_that_validate(
    people: int, units: int, seed: int, horizon: int
) -> None:
    """Unseen districts with every rule on, planned over several rounds: the plan passes
    the independent checker in every round and on the rules across rounds, and its cost
    is the checker's."""
    from rotation.generate import generate
    from rotation.solvers.cpsat import solve
    from rotation.validate import objective

    try:
        s = generate(people, units, seed, horizon=horizon)
    except ValueError:  # the generator refuses sizes it cannot staff
        return
    r = solve(s, time_limit=8)
    assert r.status in ("OPTIMAL", "FEASIBLE"), r.message
    assert r.plan is not None
    assert {t for _, t in r.plan.assignments} == set(s.periods)
    assert validate(s, r.plan) == []
    assert objective(s, r.plan) == pytest.approx(r.objective)


@pytest.mark.slow
def test_solve_writes_the_outputs_of_each_round(tmp_path: Path) -> None:
    from rotation.cli import main

    folder, out = tmp_path / "three", tmp_path / "out"
    args = ["generate", "--people", "40", "--units", "9", "--seed", "3", "--horizon", "3"]
    assert main([*args, "--out", str(folder)]) == 0
    assert main(["solve", str(folder), "--out", str(out), "--time-limit", "20"]) == 0
    assignments = pd.read_csv(out / "assignments.csv", encoding="utf-8-sig")
    assert list(assignments.columns) == ["person", "round", "year", "unit", "role"]
    assert sorted(set(assignments["round"])) == [1, 2, 3]
    assert sorted(set(assignments["year"])) == [2027, 2028, 2029]
    assert (assignments.groupby("round")["person"].count() > 30).all()
    moves = pd.read_csv(out / "moves.csv", encoding="utf-8-sig")
    assert list(moves.columns[:4]) == ["person", "name", "round", "year"]
    assert list(moves["round"]) == sorted(moves["round"])
    assert (moves["year"] == moves["round"] + 2026).all()
    assert moves["reasons"].str.match(r"^(round|第)").all()
    sheets = pd.read_excel(out / "plan.xlsx", sheet_name=None)
    assert {"2027年名册", "2028年名册", "2029年名册", "逐年指标"} <= set(sheets)
    by_year = sheets["逐年指标"]
    assert list(by_year.columns) == ["指标", "2027年", "2028年", "2029年", "规划期合计"]
    row = by_year.set_index("指标").loc["交流人数"]
    assert int(row["规划期合计"]) == sum(int(row[f"{y}年"]) for y in (2027, 2028, 2029))
    assert int(row["规划期合计"]) == int((moves["to_unit"].notna()).sum())
    # the check command reads the list back, every round
    assert main(["check", str(folder), str(out / "assignments.csv")]) == 0


def test_a_hand_edited_list_may_name_the_year_instead_of_the_round(tmp_path: Path) -> None:
    from rotation.errors import ScenarioError
    from rotation.io import read_plan

    s = _due_in_round_2()
    path = tmp_path / "list.csv"
    path.write_text(
        "编号,年度,单位\nP1,2027,U1\nP1,2028,U2\nP1,2029,U2\nP2,2027,U2\nP2,2028,U2\nP2,2029,U2\n",
        encoding="utf-8",
    )
    plan = read_plan(s, path)
    assert plan.unit_of("P1", 2) == "U2" and validate(s, plan) == []
    path.write_text("person,year,unit\nP1,2031,U1\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="year 2031 is not a year of the plan"):
        read_plan(s, path)
