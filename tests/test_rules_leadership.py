"""Leadership rules on tiny scenarios: posts per unit and who may hold them (rules 28,
39), promotions, and how many move together (rule 10: head and deputy apart, at most a
third of a team). The checker recomputes every answer from the plan alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from rotation.facts import Duty, base_roles, forced_to_leave
from rotation.plan import Plan
from rotation.result import Result
from rotation.scenario import Person, Scenario, Unit
from rotation.validate import measure
from tests.helpers import (
    assert_infeasible,
    assert_optimal,
    assert_penalty,
    off,
    person,
    placed,
    scenario,
    soft,
    unit,
    with_rules,
)

LAW = ("law",)
LONG_AGO = dt.date(2010, 1, 1)


def lead_unit(
    uid: str, lo: int = 0, hi: int = 10, *, heads: int = 1, deputies: int = 1, **kw: Any
) -> Unit:
    """A unit with its leadership posts (职数)."""
    return dataclasses.replace(unit(uid, lo, hi, **kw), heads=heads, deputies=deputies)


def cadre(pid: str, uid: str, years: float = 3, **fields: Any) -> Person:
    """:func:`tests.helpers.person` with any other Person fields set."""
    keep = {k: fields.pop(k) for k in ("skills", "role", "frozen", "prefs") if k in fields}
    return dataclasses.replace(person(pid, uid, years, **keep), **fields)


def eligible_deputy(pid: str, uid: str, **fields: Any) -> Person:
    """A deputy 3 years in post in a township, working since 2010: may become head."""
    return cadre(pid, uid, 3, role="deputy", work_start=LONG_AGO, **fields)


def roles(r: Result) -> dict[str, str | None]:
    assert r.plan is not None
    return {p.id: r.plan.role_of(p.id, 1) for p in r.plan.scenario.people}


# ---------------------------------------------------------------------------
# leadership slots (rules 28, 39) and promotions


def test_leadership_slots_heads_swap_when_one_must_move():
    # P1 must leave U1 and is a head wherever they go; U2 has one head post, so its head
    # P3 goes to U1 in exchange (nobody else may head U1)
    s = scenario(
        [lead_unit("U1", deputies=0), lead_unit("U2", deputies=0)],
        [
            cadre("P1", "U1", 6, role="head"),
            cadre("P2", "U1"),
            cadre("P3", "U2", 2, role="head"),
            cadre("P4", "U2"),
        ],
        enable=("leadership_slots",),
    )
    r = assert_optimal(s)
    assert placed(r) == {"P1": "U2", "P2": "U1", "P3": "U1", "P4": "U2"}
    assert roles(r) == {"P1": "head", "P2": "member", "P3": "head", "P4": "member"}
    assert r.objective == pytest.approx(100)  # P3's move is a choice
    # without the rule the head who stays is no obstacle
    assert placed(assert_optimal(off(s, "leadership_slots")))["P3"] == "U2"


def test_leadership_slots_eligible_deputy_promoted_to_the_vacated_head_post():
    s = scenario(
        [lead_unit("U1", deputies=2), lead_unit("U2", heads=1, deputies=0)],
        [
            cadre("P1", "U1", 6, role="head"),
            # P2 became deputy a year ago (needs 2): not eligible; P3 is
            cadre("P2", "U1", 1, role="deputy", work_start=LONG_AGO),
            eligible_deputy("P3", "U1"),
            cadre("P4", "U2"),
        ],
        enable=("leadership_slots", "promotion_eligibility", "promotions"),
    )
    r = assert_penalty(s, "promotions", 1, 20)
    assert placed(r)["P1"] == "U2"
    assert roles(r) == {"P1": "head", "P2": "deputy", "P3": "head", "P4": "member"}
    (v,) = measure(s, r.plan)["promotions"]
    assert (v.person, v.unit) == ("P3", "U1")
    assert "from deputy to head of 城关镇纪委 (U1)" in v.message
    assert "由副职提任城关镇纪委 (U1)负责人" in v.message_zh


def test_leadership_slots_infeasible_without_anyone_eligible_to_head():
    # U1 has no head; its deputy is a year in post and U2's head may not move
    s = scenario(
        [lead_unit("U1"), lead_unit("U2")],
        [
            cadre("P1", "U1", 1, role="deputy", work_start=LONG_AGO),
            cadre("P2", "U1", work_start=LONG_AGO),
            cadre("P3", "U2", role="head", frozen="试用期"),
        ],
        enable=("leadership_slots", "promotion_eligibility"),
    )
    r = assert_infeasible(s, "leadership_slots")
    assert "U1" in r.message
    # it is the eligibility that leaves the post empty
    r = assert_optimal(off(s, "promotion_eligibility"))
    assert roles(r)["P1"] == "head"


def test_leadership_slots_soft_costs_each_head_missing_or_extra_and_deputy_over():
    # U1: nobody can head it (members rise one level at most); U2: two frozen deputies
    # for one deputy post (or one of them made a second head)
    s = scenario(
        [lead_unit("U1"), lead_unit("U2")],
        [
            cadre("P1", "U1"),
            cadre("P2", "U1"),
            cadre("P3", "U2", role="head", frozen="试用期"),
            cadre("P4", "U2", role="deputy", frozen="试用期"),
            cadre("P5", "U2", role="deputy", frozen="在查"),
        ],
        enable=("leadership_slots",),
    )
    r = assert_penalty(soft(s, "leadership_slots"), "leadership_slots", 2, 14)
    broken = {v.unit: v for v in measure(soft(s, "leadership_slots"), r.plan)["leadership_slots"]}
    assert set(broken) == {"U1", "U2"}
    assert "0 heads" in broken["U1"].message and "1 head post" in broken["U1"].message
    assert "0名负责人" in broken["U1"].message_zh


def test_promotions_count_each_person_above_their_role():
    s = scenario(
        [lead_unit("U1"), lead_unit("U2")],
        [
            eligible_deputy("P1", "U1"),
            cadre("P2", "U1"),
            eligible_deputy("P3", "U2"),
            cadre("P4", "U2"),
        ],
        enable=("leadership_slots", "promotions"),
        promotions={"weight": 7.0},
    )
    r = assert_penalty(s, "promotions", 2, 14)
    assert roles(r)["P1"] == "head" and roles(r)["P3"] == "head"
    assert roles(r)["P2"] == "member" and roles(r)["P4"] == "member"  # no needless promotion


def test_leaders_keep_their_level_when_they_move():
    # P1, a deputy due to move, wishes for U2, which has no deputy post and its own head:
    # a deputy does not become a member, so P1 goes to U3 as deputy
    s = scenario(
        [lead_unit("U1"), lead_unit("U2", deputies=0), lead_unit("U3", heads=0)],
        [
            cadre("P0", "U1", role="head"),
            cadre("P1", "U1", 6, role="deputy", prefs=["U2"]),
            cadre("P2", "U2", role="head", frozen="试用期"),
            cadre("P3", "U3"),
        ],
        enable=("leadership_slots",),
    )
    r = assert_optimal(s)
    assert placed(r)["P1"] == "U3"
    assert roles(r)["P1"] == "deputy"
    assert placed(assert_optimal(off(s, "leadership_slots")))["P1"] == "U2"


def test_base_roles_one_level_up_at_most_and_only_where_there_are_posts():
    s = scenario(
        [lead_unit("U1"), lead_unit("U2"), lead_unit("U3", deputies=0)],
        [
            cadre("H1", "U1", role="head"),
            cadre("H2", "U1", role="head", level_start=dt.date(2011, 1, 1)),  # 16 years
            cadre("D1", "U1", role="deputy"),
            cadre("M1", "U1"),
        ],
        enable=("leadership_slots", "level_limit"),
    )
    p, u = s.person, s.unit
    assert base_roles(s, p["H1"], u["U2"]) == ("head",)
    assert base_roles(s, p["D1"], u["U2"]) == ("deputy", "head")
    assert base_roles(s, p["M1"], u["U2"]) == ("member", "deputy")
    assert base_roles(s, p["M1"], u["U3"]) == ("member",)  # U3 has no deputy post
    # rule 4: a head 15+ years at the level may step down elsewhere, not at home
    assert base_roles(s, p["H2"], u["U2"]) == ("head", "member")
    assert base_roles(s, p["H2"], u["U1"]) == ("head",)
    assert base_roles(off(s, "level_limit"), p["H2"], u["U2"]) == ("head",)
    # without the leadership rule everyone keeps their role
    assert base_roles(off(s, "leadership_slots"), p["M1"], u["U2"]) == ("member",)


def _role_plan(s: Scenario, **where: tuple[str, str]) -> Plan:
    """Everyone (but the retired) stays in their role except as ``where`` says."""
    here = [p for p in s.people if s.duties[p.id].duty is not Duty.RETIRED]
    units = {p.id: p.unit for p in here}
    kinds = {p.id: p.role for p in here}
    for pid, (uid, role) in where.items():
        units[pid], kinds[pid] = uid, role
    return Plan(
        s, {(pid, 1): u for pid, u in units.items()}, {(pid, 1): kinds[pid] for pid in units}
    )


def test_leadership_checker_flags_a_head_made_member_unless_rule_4_applies():
    units = [lead_unit("U1", deputies=0), lead_unit("U2", deputies=0)]
    people = [
        cadre("P1", "U1", 6, role="head"),
        cadre("P2", "U2", role="head"),
        cadre("P3", "U2"),
    ]
    s = scenario(units, people, enable=("leadership_slots", "level_limit"))
    plan = _role_plan(s, P1=("U2", "member"), P3=("U1", "head"))
    found = measure(s, plan)["leadership_slots"]
    by_person = {v.person: v for v in found if v.person}
    assert set(by_person) == {"P1", "P3"}
    v = by_person["P1"]
    assert v.unit == "U2"
    assert "干部P1 (P1), now head, may not be member in 东街道纪工委 (U2)" in v.message
    assert "allowed: head" in v.message
    assert "现任负责人，不能在东街道纪工委 (U2)任一般干部" in v.message_zh
    assert "now member, may not be head" in by_person["P3"].message  # skips a level
    assert all(v.person for v in found)  # each unit has its one head
    # a head 15 years or more at the level (rule 4) may step down elsewhere
    long = dataclasses.replace(people[0], level_start=dt.date(2011, 1, 1))
    s4 = scenario(units, [long, *people[1:]], enable=("leadership_slots", "level_limit"))
    plan4 = _role_plan(s4, P1=("U2", "member"), P3=("U1", "head"))
    assert {v.person for v in measure(s4, plan4)["leadership_slots"] if v.person} == {"P3"}


def test_leadership_checker_counts_extra_deputies():
    s = scenario(
        [lead_unit("U1", deputies=1)],
        [cadre("P1", "U1", role="head"), cadre("P2", "U1"), cadre("P3", "U1")],
        enable=("leadership_slots",),
    )
    plan = _role_plan(s, P2=("U1", "deputy"), P3=("U1", "deputy"))
    (v,) = measure(s, plan)["leadership_slots"]
    assert (v.unit, v.amount) == ("U1", 1)
    assert "2 deputies" in v.message and "1 posts" in v.message
    assert "2名副职" in v.message_zh and "职数1名" in v.message_zh


# ---------------------------------------------------------------------------
# head and deputy not moved together (rule 10)


def _head_and_deputy() -> Scenario:
    """U1's head P1 must move; U2 needs a law holder: the deputy P2 (who wishes to go)
    or the member P3 (who would rather not)."""
    return scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5, needs={"law": 1}), unit("U3", 0, 5)],
        [
            cadre("P1", "U1", 6, role="head"),
            cadre("P2", "U1", 2, role="deputy", skills=LAW, prefs=["U2"]),
            cadre("P3", "U3", 2, skills=LAW, prefs=["U1"]),
            cadre("P4", "U2"),
        ],
        enable=("head_deputy_apart",),
    )


def test_head_deputy_apart_sends_someone_else():
    s = _head_and_deputy()
    for rules in (s, with_rules(s, head_deputy_apart={"weight": None})):
        r = assert_optimal(rules)
        assert placed(r)["P1"] != "U1"
        assert placed(r)["P2"] == "U1" and placed(r)["P3"] == "U2"
        assert r.penalties.get("head_deputy_apart", 0) == 0
    free = placed(assert_optimal(off(s, "head_deputy_apart")))
    assert free["P2"] == "U2" and free["P3"] == "U3"


def test_head_deputy_apart_infeasible_when_the_deputy_must_go_too():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5, needs={"law": 1})],
        [
            cadre("P1", "U1", 6, role="head"),
            cadre("P2", "U1", 2, role="deputy", skills=LAW),
            cadre("P3", "U2"),
        ],
        enable=("head_deputy_apart",),
        head_deputy_apart={"weight": None},
    )
    assert_infeasible(s, "head_deputy_apart")


def test_head_deputy_apart_exempts_pairs_whose_moves_are_both_forced():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5), unit("U3", 0, 5)],
        [
            cadre("P1", "U1", 6, role="head"),
            cadre("P2", "U1", 7, role="deputy"),  # also due to move
            cadre("P3", "U1", 2, role="deputy"),
            cadre("P4", "U2"),
        ],
        pins=[("P3", "U3")],  # pinned elsewhere: forced too
        enable=("head_deputy_apart",),
        head_deputy_apart={"weight": None},
    )
    assert forced_to_leave(s, "P2") and forced_to_leave(s, "P3")
    assert s.rules.head_deputy_apart.pairs(s) == ()
    r = assert_optimal(s)
    assert all(placed(r)[p] != "U1" for p in ("P1", "P2", "P3"))
    # one forced move alone does not exempt: P3 unpinned is bound to P1
    s2 = s.replace(pins=())
    assert s2.rules.head_deputy_apart.pairs(s2) == (("U1", "P3", ("P1",)),)


def test_head_deputy_apart_soft_costs_each_deputy_moved_with_the_head():
    # both units' heads must move; each unit's deputy is the only holder of a skill U2 needs
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5, needs={"law": 1, "finance": 1}), unit("U3", 0, 5)],
        [
            cadre("P1", "U1", 6, role="head"),
            cadre("P2", "U1", 2, role="deputy", skills=LAW),
            cadre("P3", "U3", 6, role="head"),
            cadre("P4", "U3", 2, role="deputy", skills=["finance"]),
            cadre("P5", "U2"),
        ],
        enable=("head_deputy_apart",),
        head_deputy_apart={"weight": 7.0},
    )
    r = assert_penalty(s, "head_deputy_apart", 2, 14 + 200)
    found = {v.person: v for v in measure(s, r.plan)["head_deputy_apart"]}
    assert set(found) == {"P2", "P4"}
    v = found["P2"]
    assert v.unit == "U1" and v.amount == 1
    assert "head 干部P1 (P1) and deputy 干部P2 (P2) both move" in v.message
    assert "负责人干部P1 (P1)与副职干部P2 (P2)在第1轮（2027年）同时交流" in v.message_zh


def test_head_deputy_apart_checker_one_record_per_deputy_with_two_heads():
    s = scenario(
        [unit("U1"), unit("U2")],
        [
            cadre("H1", "U1", role="head"),
            cadre("H2", "U1", role="head"),
            cadre("D1", "U1", role="deputy"),
            cadre("D2", "U1", role="deputy"),
        ],
        enable=("head_deputy_apart",),
    )
    plan = _role_plan(s, H1=("U2", "head"), H2=("U2", "head"), D1=("U2", "deputy"))
    (v,) = measure(s, plan)["head_deputy_apart"]
    assert (v.person, v.unit, v.amount) == ("D1", "U1", 1)
    assert "干部H1 (H1), 干部H2 (H2)" in v.message and "干部H1 (H1)、干部H2 (H2)" in v.message_zh
    assert measure(s, _role_plan(s, D1=("U2", "deputy")))["head_deputy_apart"] == []


# ---------------------------------------------------------------------------
# at most a third of a team moves (rule 10)


def _two_teams(**turnover: Any) -> Scenario:
    """U2 needs two law holders: U1 has two (who wish to go), U3 has one (who does not)."""
    return scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5, needs={"law": 2}), unit("U3", 0, 5)],
        [
            cadre("P1", "U1", skills=LAW, prefs=["U2"]),
            cadre("P2", "U1", skills=LAW, prefs=["U2"]),
            cadre("P3", "U1"),
            cadre("P4", "U3", skills=LAW, prefs=["U1"]),
            cadre("P5", "U3"),
            cadre("P6", "U3"),
            cadre("P7", "U2"),
        ],
        enable=("team_turnover",),
        team_turnover=turnover,
    )


def test_team_turnover_takes_one_from_each_team():
    for s in (_two_teams(), _two_teams(weight=None)):
        r = assert_optimal(s)
        where = placed(r)
        assert where["P4"] == "U2"
        assert [where["P1"], where["P2"]].count("U2") == 1
        assert r.penalties.get("team_turnover", 0) == 0
    free = placed(assert_optimal(off(_two_teams(), "team_turnover")))
    assert free["P1"] == free["P2"] == "U2" and free["P4"] == "U3"


def test_team_turnover_infeasible_when_two_of_three_must_go():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5, needs={"law": 2})],
        [cadre("P1", "U1", skills=LAW), cadre("P2", "U1", skills=LAW), cadre("P3", "U1")],
        enable=("team_turnover",),
        team_turnover={"weight": None},
    )
    assert_infeasible(s, "team_turnover")


def test_team_turnover_soft_costs_each_one_over():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5, needs={"law": 3})],
        [
            cadre("P1", "U1", skills=LAW),
            cadre("P2", "U1", skills=LAW),
            cadre("P3", "U1", skills=LAW),
            cadre("P4", "U2"),
        ],
        enable=("team_turnover",),
        team_turnover={"weight": 7.0},
    )
    r = assert_penalty(s, "team_turnover", 2, 14 + 300)
    (v,) = measure(s, r.plan)["team_turnover"]
    assert (v.unit, v.amount) == ("U1", 2)
    assert "3 of the 3 people in 城关镇纪委 (U1) move away" in v.message
    assert "at most 1 may (1/3 of 3 is 1)" in v.message
    assert "现有3人，第1轮交流出3人" in v.message_zh and "最多1人" in v.message_zh


def test_team_turnover_forced_moves_raise_the_allowance_and_retirees_do_not_count():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [
            cadre("P1", "U1", 6),
            cadre("P2", "U1", 7),
            cadre("P3", "U1", prefs=["U2"]),
            cadre("P4", "U1", retire_date=dt.date(2026, 6, 1)),
            cadre("P5", "U2"),
        ],
        enable=("team_turnover", "retirement"),
        team_turnover={"weight": None},
    )
    spec = s.rules.team_turnover
    assert s.duties["P4"].duty is Duty.RETIRED
    assert spec.team(s, "U1") == ["P1", "P2", "P3"]
    assert spec.cap(3) == 1 and spec.allowance(s, "U1") == 2
    # the two forced moves alone break nothing (solved without the retiree: the
    # assignment encoder does not yet leave the retired out)
    here = s.replace(people=tuple(p for p in s.people if p.id != "P4"))
    r = assert_optimal(here)
    assert placed(r)["P1"] != "U1" and placed(r)["P2"] != "U1"
    plan = _role_plan(s, P1=("U2", "member"), P2=("U2", "member"), P3=("U2", "member"))
    (v,) = measure(s, plan)["team_turnover"]
    assert v.amount == 1
    assert "at most 2 may (1/3 of 3 is 1, 2 of them due to move)" in v.message
    assert "其中2人须交流" in v.message_zh
    assert "P4" not in v.message  # the retiree leaves but does not move


def test_team_turnover_cap_rounds_down():
    spec = _two_teams().rules.team_turnover
    assert [spec.cap(n) for n in (1, 2, 3, 5, 6, 9)] == [0, 0, 1, 1, 2, 3]
