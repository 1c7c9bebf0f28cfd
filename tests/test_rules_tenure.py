"""Tenure goals (rules 2, 3, 7), near retirement and minimum service (rules 8, 30),
retirement (rules 40, 41), and the kinship additions (rule 15's organ leader, rule 18):
solved on tiny scenarios, and checked on hand-built plans."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from rotation.facts import Duty, obligation, statutory_retirement
from rotation.plan import Plan
from rotation.rules import KinLowerMoves, Retirement
from rotation.scenario import Person, Relation, Scenario
from rotation.validate import measure, validate
from tests.helpers import (
    PLAN_DATE,
    assert_infeasible,
    assert_optimal,
    assert_penalty,
    hard,
    off,
    person,
    placed,
    scenario,
    soft,
    unit,
    with_rules,
)

LAW = ("law",)
FIN = ("finance",)
LONG_AGO = dt.date(2000, 1, 1)


def who(pid: str, unit_id: str, years: float = 3, **changes: Any) -> Person:
    """:func:`tests.helpers.person` with more fields (rank, level_start, birth_date …);
    ``level_years`` sets the level start that many years before the plan date."""
    base = {
        k: changes.pop(k) for k in ("skills", "role", "frozen", "prefs", "name") if k in changes
    }
    level_years = changes.pop("level_years", None)
    p = person(pid, unit_id, years, **base)
    if level_years is not None:
        changes["level_start"] = ago(level_years)
    return dataclasses.replace(p, **changes) if changes else p


def ago(years: float) -> dt.date:
    """The date ``years`` (rounded to months) before the plan date."""
    from rotation.dates import add_months

    return add_months(PLAN_DATE, -round(years * 12))


def plan(s: Scenario, where: dict[str, str], roles: dict[str, str] | None = None) -> Plan:
    """A period-1 plan: everyone present stays except as ``where`` says."""
    units = {p.id: p.unit for p in s.people if s.duties[p.id].duty is not Duty.RETIRED}
    units.update(where)
    return Plan(
        s, {(p, 1): u for p, u in units.items()}, {(p, 1): r for p, r in (roles or {}).items()}
    )


# ---------------------------------------------------------------------------
# same_level (rule 2)


def _same_level() -> Scenario:
    # 张三 (P1) has headed for 11 years (3 of them in U1); 李四 (P2) only 2
    return scenario(
        [unit("U1", 1, 5), unit("U2", 1, 5)],
        [
            who("P1", "U1", 3, role="head", level_years=11, name="张三"),
            who("P2", "U2", 2, role="head", name="李四"),
            who("P3", "U1"),
            who("P4", "U2"),
        ],
        enable=("same_level",),
    )


def test_same_level_moves_the_leader_long_at_the_level():
    s = _same_level()
    r = assert_optimal(s)
    assert placed(r)["P1"] == "U2" and placed(r)["P2"] == "U2"
    assert r.penalties["same_level"] == 0
    assert r.objective == pytest.approx(100)  # one move
    assert placed(assert_optimal(hard(s, "same_level")))["P1"] == "U2"
    assert placed(assert_optimal(off(s, "same_level")))["P1"] == "U1"


def test_same_level_counts_from_the_level_start_not_the_unit():
    s = _same_level()
    assert s.rules.same_level.binds(s, "P1")
    assert not s.rules.same_level.binds(s, "P2")
    exactly = with_rules(s, same_level={"years": 11})
    assert exactly.rules.same_level.binds(exactly, "P1")  # at the limit counts
    assert not with_rules(s, same_level={"years": 11.5}).rules.same_level.binds(s, "P1")
    members_only = with_rules(s, same_level={"roles": ("member",)})
    assert not members_only.rules.same_level.binds(members_only, "P1")


def test_same_level_infeasible_when_hard_and_the_leader_holds_the_only_skill():
    s = scenario(
        [unit("U1", 1, 5, needs={"law": 1}), unit("U2", 1, 5)],
        [
            who("P1", "U1", 3, role="head", level_years=12, skills=LAW),
            who("P2", "U1"),
            who("P3", "U2"),
        ],
        enable=("same_level",),
    )
    assert_infeasible(hard(s, "same_level"), "same_level")


def test_same_level_hard_yields_to_a_duty_that_keeps_the_leader():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [who("P1", "U1", 3, role="head", level_years=12, frozen="在查"), who("P2", "U2")],
        enable=("same_level",),
    )
    r = assert_optimal(hard(s, "same_level"))
    assert placed(r)["P1"] == "U1"
    # soft, the stay is still counted (the rule's text: such a leader stays)
    assert_penalty(soft(s, "same_level"), "same_level", 1, 7)


def test_same_level_soft_costs_each_leader_who_stays():
    s = scenario(
        [unit("U1", 1, 5, needs={"law": 1}), unit("U2", 1, 5), unit("U3", 0, 5)],
        [
            who("P1", "U1", 3, role="head", level_years=12, skills=LAW),  # the law holder
            who("P2", "U2", 3, role="deputy", level_years=10, frozen="试用期"),  # frozen
            who("P3", "U3", 3, role="deputy", level_years=15),  # free to move: moves
            who("P4", "U1", 3, level_years=20),  # a member: not covered
            who("P5", "U2"),
        ],
        enable=("same_level",),
    )
    r = assert_penalty(soft(s, "same_level"), "same_level", 2, 2 * 7 + 100)
    assert placed(r)["P3"] != "U3"
    assert {v.person for v in measure(s, r.plan)["same_level"]} == {"P1", "P2"}


def test_same_level_checker_names_the_years_and_the_limit():
    s = _same_level()
    found = measure(s, plan(s, {}))["same_level"]
    assert [(v.rule, v.person, v.unit, v.amount, v.period) for v in found] == [
        ("same_level", "P1", "U1", 1, 1)
    ]
    v = found[0]
    assert "张三 (P1)" in v.message and "11 years" in v.message and "10 years" in v.message
    assert "城关镇纪委 (U1)" in v.message and "2016-01-01" in v.message
    assert "11年" in v.message_zh and "满10年应交流" in v.message_zh
    assert "城关镇纪委 (U1)" in v.message_zh and "负责人" in v.message_zh
    assert measure(s, plan(s, {"P1": "U2"}))["same_level"] == []
    # soft by default: a cost, not a violation
    assert validate(s, plan(s, {})) == []
    assert [v.person for v in validate(hard(s, "same_level"), plan(s, {}))] == ["P1"]


def test_same_level_leaves_out_the_retired():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [
            who("P1", "U1", 3, role="head", level_years=12, birth_date=dt.date(1960, 1, 1)),
            who("P2", "U2"),
        ],
        enable=("same_level", "retirement"),
    )
    assert obligation(s, "P1").duty is Duty.RETIRED
    assert not s.rules.same_level.binds(s, "P1")
    assert_penalty(s, "same_level", 0, 0)


# ---------------------------------------------------------------------------
# term_stability (rule 3)


def _term(**p1: Any) -> Scenario:
    # U2 needs one more person: 张三 (P1, head 2 years in U1) wants to go, 王五 (P2) does not
    return scenario(
        [unit("U1", 0, 5), unit("U2", 2, 5), unit("U3", 0, 5)],
        [
            who("P1", "U1", 2, role="head", prefs=["U2"], name="张三", **p1),
            who("P2", "U1", 3, prefs=["U3"], name="王五"),
            who("P3", "U2"),
        ],
        enable=("term_stability",),
    )


def test_term_stability_keeps_the_leader_and_moves_someone_else():
    s = _term()
    r = assert_optimal(s)
    assert placed(r) == {"P1": "U1", "P2": "U2", "P3": "U2"}
    assert r.objective == pytest.approx(100 + 1)  # one move, second-best wish
    assert placed(assert_optimal(hard(s, "term_stability")))["P1"] == "U1"
    assert placed(assert_optimal(off(s, "term_stability")))["P1"] == "U2"


def test_term_stability_infeasible_when_hard_and_the_leader_must_fill_a_need():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 1, 5, needs={"law": 1})],
        [who("P1", "U1", 2, role="deputy", skills=LAW), who("P2", "U1"), who("P3", "U2")],
        enable=("term_stability",),
    )
    assert_infeasible(hard(s, "term_stability"), "term_stability")


def test_term_stability_exempts_forced_moves():
    # pinned elsewhere: a decided move, no cost
    s = _term()
    pinned = scenario(
        list(s.units), list(s.people), pins=[("P1", "U2")], enable=("term_stability",)
    )
    assert not pinned.rules.term_stability.binds(pinned, "P1")
    assert_penalty(soft(pinned, "term_stability"), "term_stability", 0, 0)
    # past the mandatory limit (5 years in a township) but within a longer term: exempt
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [who("P1", "U1", 6, role="head"), who("P2", "U2")],
        enable=("term_stability",),
        term_stability={"term_years": 8, "weight": 7},
    )
    assert obligation(s, "P1").duty is Duty.MUST_MOVE
    r = assert_penalty(s, "term_stability", 0, 0)
    assert placed(r)["P1"] == "U2"
    assert not s.rules.term_stability.binds(s, "P1")
    # a member is not covered; 5 years or more in the unit is a full term
    s = _term()
    assert not s.rules.term_stability.binds(s, "P2")
    assert not with_rules(s, term_stability={"term_years": 2}).rules.term_stability.binds(s, "P1")


def test_term_stability_soft_costs_each_leader_moved_early():
    s = scenario(
        [
            unit("U1", 0, 5),
            unit("U2", 1, 5, needs={"law": 1}),
            unit("U3", 1, 5, needs={"finance": 1}),
        ],
        [
            who("P1", "U1", 2, role="deputy", skills=LAW),
            who("P2", "U1", 1, role="head", skills=FIN),
            who("P3", "U2"),
            who("P4", "U3"),
        ],
        enable=("term_stability",),
    )
    r = assert_penalty(soft(s, "term_stability"), "term_stability", 2, 2 * 7 + 2 * 100)
    assert placed(r)["P1"] == "U2" and placed(r)["P2"] == "U3"


def test_term_stability_checker_names_the_time_in_post():
    s = _term()
    found = measure(s, plan(s, {"P1": "U2"}))["term_stability"]
    assert [(v.rule, v.person, v.unit, v.amount) for v in found] == [
        ("term_stability", "P1", "U1", 1)
    ]
    v = found[0]
    assert "张三 (P1)" in v.message and "2 years" in v.message and "5-year term" in v.message
    assert "东街道纪工委 (U2)" in v.message
    assert "任职仅2年" in v.message_zh and "未满5年任期" in v.message_zh
    assert "调往东街道纪工委 (U2)" in v.message_zh
    assert measure(s, plan(s, {"P2": "U2"}))["term_stability"] == []


# ---------------------------------------------------------------------------
# long_tenure (rule 7)


def _long(**rules: Any) -> Scenario:
    # U2 needs one more; 张三 (P1) 8 years in office O1 (tier value 4), 李四 (P2) 3 years (1)
    return scenario(
        [unit("O1", 0, 5, kind="office", name="案件审理室"), unit("U2", 3, 5), unit("U3", 0, 5)],
        [
            who("P1", "O1", 8, prefs=["U3"], name="张三"),
            who("P2", "O1", 3, prefs=["U2"], name="李四"),
            who("P3", "U2", 2),
            who("P4", "U2", 2),
        ],
        enable=("long_tenure",),
        **rules,
    )


def test_long_tenure_moves_the_longest_serving_member():
    s = _long()
    r = assert_optimal(s)
    assert placed(r)["P1"] == "U2" and placed(r)["P2"] == "O1"
    assert r.penalties["long_tenure"] == 1  # 李四 stays: tier 3 years
    assert r.objective == pytest.approx(100 + 1 + 1)  # a move, 李四's tier, 张三's wish
    assert placed(assert_optimal(off(s, "long_tenure")))["P2"] == "U2"


def test_long_tenure_hard_moves_everyone_with_a_cost():
    s = hard(_long(), "long_tenure")
    r = assert_optimal(s)
    assert placed(r)["P1"] != "O1" and placed(r)["P2"] != "O1"
    assert placed(r)["P4"] == "U2"  # 2 years: below the first tier


def test_long_tenure_infeasible_when_hard_and_the_member_holds_the_only_skill():
    s = scenario(
        [unit("O1", 1, 5, kind="office", needs={"finance": 1}), unit("U2", 0, 5)],
        [who("P1", "O1", 4, skills=FIN), who("P2", "O1", 2), who("P3", "U2")],
        enable=("long_tenure",),
    )
    assert_infeasible(hard(s, "long_tenure"), "long_tenure")


def test_long_tenure_exempts_people_whose_duty_keeps_them():
    s = scenario(
        [unit("O1", 0, 5, kind="office"), unit("U2", 0, 5)],
        [who("P1", "O1", 9, frozen="在查"), who("P2", "U2")],
        enable=("long_tenure",),
    )
    assert s.rules.long_tenure.stay_cost(s, "P1") == 0
    assert placed(assert_optimal(hard(s, "long_tenure")))["P1"] == "O1"
    unfrozen = off(s, "frozen")
    assert unfrozen.rules.long_tenure.stay_cost(unfrozen, "P1") == 4
    # pinned to stay: exempt too
    pinned = scenario(
        list(s.units),
        [who("P1", "O1", 9), who("P2", "U2")],
        pins=[("P1", "O1")],
        enable=("long_tenure",),
    )
    assert pinned.rules.long_tenure.stay_cost(pinned, "P1") == 0


def test_long_tenure_soft_costs_each_tier_value():
    s = scenario(
        [
            unit("O1", 1, 5, kind="office", needs={"law": 1, "finance": 1}),
            unit("U2", 0, 5),
        ],
        [
            who("P1", "O1", 8, skills=LAW),  # 4
            who("P2", "O1", 5, skills=FIN),  # 2
            who("P3", "O1", 9, frozen="试用期"),  # exempt
            who("P4", "O1", 2),  # below the first tier
            who("P5", "U2", 3, role="head"),  # not a member
        ],
        enable=("long_tenure",),
    )
    r = assert_penalty(soft(s, "long_tenure"), "long_tenure", 6, 6 * 7)
    assert sorted(v.amount for v in measure(s, r.plan)["long_tenure"]) == [2, 4]


def test_long_tenure_checker_names_the_tier_and_the_cost():
    s = _long()
    found = measure(s, plan(s, {}))["long_tenure"]
    assert [(v.person, v.unit, v.amount) for v in found] == [("P1", "O1", 4), ("P2", "O1", 1)]
    v = found[0]
    assert "张三 (P1)" in v.message and "8 years" in v.message and "案件审理室 (O1)" in v.message
    assert "cost 4" in v.message
    assert "8年" in v.message_zh and "计4分" in v.message_zh
    assert validate(s, plan(s, {"P1": "U2"})) == []  # soft
    assert measure(s, plan(s, {"P1": "U2", "P2": "U3"}))["long_tenure"] == []


# ---------------------------------------------------------------------------
# near retirement (rule 8) and minimum service (rule 30)


def _near(**p1: Any) -> Scenario:
    # 张三 (P1) has been 6 years in U1 (limit 5) and retires on 2028-06-01
    return scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [who("P1", "U1", 6, retire_date=dt.date(2028, 6, 1), name="张三", **p1), who("P2", "U2")],
        enable=("near_retirement", "retirement"),
    )


def test_near_retirement_past_the_limit_stays_and_is_listed_with_the_reason():
    s = _near()
    ob = obligation(s, "P1")
    assert (ob.duty, ob.overridden) == (Duty.STAY_NEAR_RETIREMENT, ("mandatory_rotation",))
    r = assert_optimal(s)
    assert placed(r)["P1"] == "U1"
    stays = r.plan.stays_past_limit()
    assert list(stays["person"]) == ["P1"]
    reason = stays["reason"].iloc[0]
    assert "2028-06-01" in reason and "6 years" in reason and "limit 5" in reason
    assert "2028-06-01退休" in r.plan.stays_past_limit("zh")["reason"].iloc[0]
    assert placed(assert_optimal(off(s, "near_retirement")))["P1"] == "U2"


def test_near_retirement_uses_the_years_parameter():
    s = _near()
    assert obligation(with_rules(s, near_retirement={"years": 1}), "P1").duty is Duty.MUST_MOVE
    # without the retirement rule there is no retirement date to be near
    assert obligation(off(s, "retirement"), "P1").duty is Duty.MUST_MOVE


def test_near_retirement_infeasible_when_the_only_law_holder_is_needed_elsewhere():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 1, 5, needs={"law": 1})],
        [who("P1", "U1", 2, retire_date=dt.date(2029, 1, 1), skills=LAW), who("P2", "U2")],
        enable=("near_retirement", "retirement"),
    )
    r = assert_infeasible(s, "near_retirement")
    assert "law" in r.message


def test_near_retirement_soft_costs_each_person_moved():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 1, 5, needs={"law": 1})],
        [
            who("P1", "U1", 2, retire_date=dt.date(2029, 1, 1), skills=LAW),
            who("P2", "U1", 2, retire_date=dt.date(2028, 1, 1)),
            who("P3", "U2"),
        ],
        enable=("near_retirement", "retirement"),
    )
    r = assert_penalty(soft(s, "near_retirement"), "near_retirement", 1, 7 + 100)
    assert placed(r) == {"P1": "U2", "P2": "U1", "P3": "U2"}
    (v,) = measure(s, r.plan)["near_retirement"]
    assert v.person == "P1" and "2029-01-01" in v.message and "3 years" in v.message
    assert "2029-01-01退休" in v.message_zh and "不满3年" in v.message_zh


def _recruit(**rules: Any) -> Scenario:
    # 李四 (P1) started work 2 years ago: a new recruit; the others are veterans
    return scenario(
        [unit("U1", 0, 5), unit("U2", 1, 5, needs={"law": 1}), unit("O1", 0, 5, kind="office")],
        [
            who("P1", "U1", 2, work_start=ago(2), skills=LAW, name="李四"),
            who("P2", "U1", 3, work_start=LONG_AGO, skills=LAW),
            who("P3", "U2", 3, work_start=LONG_AGO),
        ],
        enable=("minimum_service",),
        **rules,
    )


def test_minimum_service_keeps_the_new_recruit():
    s = _recruit()
    assert obligation(s, "P1").duty is Duty.STAY_SERVICE
    assert obligation(s, "P2").duty is Duty.FREE
    r = assert_optimal(s)
    assert placed(r) == {"P1": "U1", "P2": "U2", "P3": "U2"}


def test_minimum_service_township_years():
    # six years of work, all of it in the township: a recruit there under an 8-year rule
    s = scenario(
        [unit("U1", 0, 5), unit("O1", 0, 5, kind="office"), unit("U2", 0, 5)],
        [
            who("P1", "U1", 6, work_start=ago(6)),
            who("P2", "O1", 6, work_start=ago(6)),
            who("P3", "U2", 3, work_start=LONG_AGO),
        ],
        enable=("minimum_service",),
        minimum_service={"township_years": 8},
    )
    ob = obligation(s, "P1")
    assert (ob.duty, ob.overridden) == (Duty.STAY_SERVICE, ("mandatory_rotation",))
    assert obligation(s, "P2").duty is Duty.FREE
    r = assert_optimal(s)
    assert placed(r)["P1"] == "U1"
    reason = r.plan.stays_past_limit()["reason"].iloc[0]
    assert "minimum service" in reason
    assert "最低服务年限" in r.plan.stays_past_limit("zh")["reason"].iloc[0]


def test_minimum_service_infeasible_when_the_recruit_is_the_only_law_holder():
    s = _recruit()
    s = s.replace(
        people=(s.people[0], dataclasses.replace(s.people[1], skills=frozenset()), s.people[2])
    )
    assert_infeasible(s, "minimum_service")


def test_minimum_service_soft_costs_each_recruit_moved():
    s = _recruit()
    s = s.replace(
        people=(s.people[0], dataclasses.replace(s.people[1], skills=frozenset()), s.people[2])
    )
    r = assert_penalty(soft(s, "minimum_service"), "minimum_service", 1, 7 + 100)
    assert placed(r)["P1"] == "U2"
    (v,) = measure(s, r.plan)["minimum_service"]
    assert v.person == "P1" and "李四 (P1)" in v.message and "新录用人员" in v.message_zh


def test_precedence_pin_frozen_near_retirement_service_stay_mandatory():
    # 张三 qualifies for all the stays: pinned, frozen, near retirement, new recruit, new
    s = scenario(
        [unit("U1"), unit("U2")],
        [
            who(
                "P1",
                "U1",
                0.5,
                frozen="在查",
                retire_date=dt.date(2028, 1, 1),
                work_start=ago(0.5),
            ),
            who("P2", "U2", 3, work_start=LONG_AGO),
        ],
        pins=[("P1", "U2")],
        enable=("near_retirement", "minimum_service", "retirement"),
    )
    chain = [
        (Duty.PINNED, ("frozen", "near_retirement", "minimum_service", "minimum_stay")),
        (Duty.STAY_FROZEN, ("near_retirement", "minimum_service", "minimum_stay")),
        (Duty.STAY_NEAR_RETIREMENT, ("minimum_service", "minimum_stay")),
        (Duty.STAY_SERVICE, ("minimum_stay",)),
        (Duty.STAY_MINIMUM, ()),
        (Duty.FREE, ()),
    ]
    for (duty, overridden), rule in zip(
        chain,
        ("pins", "frozen", "near_retirement", "minimum_service", "minimum_stay", None),
        strict=True,
    ):
        ob = obligation(s, "P1")
        assert (ob.duty, ob.overridden) == (duty, overridden), rule
        if rule is not None:
            s = off(s, rule)
    # and every stay comes before mandatory rotation
    s = scenario(
        [unit("U1"), unit("U2")],
        [who("P1", "U1", 7, frozen="在查", retire_date=dt.date(2028, 1, 1)), who("P2", "U2")],
        enable=("near_retirement", "retirement"),
    )
    assert obligation(s, "P1").overridden == ("near_retirement", "mandatory_rotation")
    assert obligation(off(s, "frozen"), "P1").overridden == ("mandatory_rotation",)
    assert obligation(off(off(s, "frozen"), "near_retirement"), "P1").duty is Duty.MUST_MOVE


def test_retirement_comes_before_a_pin():
    s = scenario(
        [unit("U1"), unit("U2")],
        [who("P1", "U1", retire_date=dt.date(2026, 6, 1)), who("P2", "U2")],
        pins=[("P1", "U2")],
        enable=("retirement",),
    )
    assert obligation(s, "P1").duty is Duty.RETIRED


# ---------------------------------------------------------------------------
# retirement (rules 40, 41)


@pytest.mark.parametrize(
    ("gender", "born", "retires"),
    [
        ("M", dt.date(1964, 12, 1), dt.date(2024, 12, 1)),  # before the reform: 60
        ("M", dt.date(1965, 1, 1), dt.date(2025, 2, 1)),  # 60 years 1 month
        ("M", dt.date(1965, 4, 1), dt.date(2025, 5, 1)),  # still 1 month
        ("M", dt.date(1965, 5, 1), dt.date(2025, 7, 1)),  # 60 years 2 months
        ("M", dt.date(1976, 8, 1), dt.date(2039, 7, 1)),  # 62 years 11 months
        ("M", dt.date(1976, 9, 1), dt.date(2039, 9, 1)),  # 63
        ("M", dt.date(1985, 3, 1), dt.date(2048, 3, 1)),  # 63, the final age
        ("F", dt.date(1969, 12, 1), dt.date(2024, 12, 1)),  # before the reform: 55
        ("F", dt.date(1970, 1, 1), dt.date(2025, 2, 1)),  # 55 years 1 month
        ("F", dt.date(1981, 9, 1), dt.date(2039, 9, 1)),  # 58
    ],
)
def test_statutory_retirement_under_the_2024_reform(gender, born, retires):
    p = who("P1", "U1", gender=gender, birth_date=born)
    assert statutory_retirement(p, Retirement()) == retires


def test_rule_41_women_leaders_retire_at_60():
    p = who("P1", "U1", gender="F", birth_date=dt.date(1970, 1, 1), rank="四级调研员")
    assert statutory_retirement(p, Retirement()) == dt.date(2025, 2, 1)
    spec = Retirement(women_leader_ranks=("四级调研员", "三级调研员"))
    assert statutory_retirement(p, spec) == dt.date(2030, 1, 1)
    man = dataclasses.replace(p, gender="M")
    assert statutory_retirement(man, spec) == dt.date(2031, 5, 1)  # 60y4m: not covered


def _retiring(*frozen_others: bool) -> Scenario:
    # 张三 (P1, born 1964-06) retired in 2024; U1 must keep 2 people
    return scenario(
        [unit("U1", 2, 5), unit("U2", 0, 5)],
        [
            who("P1", "U1", birth_date=dt.date(1964, 6, 1), name="张三"),
            who("P2", "U1"),
            who("P3", "U2", frozen="试用期" if frozen_others else ""),
            who("P4", "U2", frozen="试用期" if frozen_others else ""),
        ],
        enable=("retirement",),
    )


def test_retirement_the_retired_leave_and_the_unit_is_refilled():
    s = _retiring()
    assert obligation(s, "P1").duty is Duty.RETIRED
    r = assert_optimal(s)
    assert r.plan.unit_of("P1", 1) is None
    assert ("P1", 1) not in r.plan.assignments
    assert len(r.plan.members("U1", 1)) == 2 and "P1" not in r.plan.members("U1", 1)
    assert r.objective == pytest.approx(100)  # one move in
    assert all(m.to_unit is None for m in r.plan.iter_moves() if m.person == "P1")
    assert not r.plan.moved("P1", 1)
    # without the rule 张三 stays and nobody moves
    relaxed = assert_optimal(off(s, "retirement"))
    assert placed(relaxed)["P1"] == "U1" and relaxed.objective == pytest.approx(0)


def test_retirement_infeasible_when_it_empties_a_unit_nobody_may_join():
    r = assert_infeasible(_retiring(True), "retirement")
    assert "U1" in r.message or "城关镇纪委" in r.message


def test_retirement_checker_flags_a_retired_person_left_in_a_unit():
    s = _retiring()
    left = Plan(s, {("P1", 1): "U1", ("P2", 1): "U1", ("P3", 1): "U2", ("P4", 1): "U1"})
    found = validate(s, left)
    assert [(v.rule, v.person, v.unit, v.period) for v in found] == [("retirement", "P1", "U1", 1)]
    v = found[0]
    assert "张三 (P1)" in v.message and "2024-06-01" in v.message
    assert "城关镇纪委 (U1)" in v.message
    assert "于2024-06-01退休" in v.message_zh and "城关镇纪委 (U1)" in v.message_zh
    assert validate(off(s, "retirement"), left) == []


def test_retirement_date_given_overrides_the_statutory_one():
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [
            # statutory 2024-06, but kept on until 2028
            who("P1", "U1", birth_date=dt.date(1964, 6, 1), retire_date=dt.date(2028, 1, 1)),
            # statutory 2043, but leaves early in 2026
            who("P2", "U1", retire_date=dt.date(2026, 12, 1)),
            who("P3", "U2"),
        ],
        enable=("retirement",),
    )
    assert obligation(s, "P1").duty is not Duty.RETIRED
    assert obligation(s, "P2").duty is Duty.RETIRED
    r = assert_optimal(s)
    assert placed(r) == {"P1": "U1", "P3": "U2"}
    found = validate(s, Plan(s, {("P1", 1): "U1", ("P2", 1): "U1", ("P3", 1): "U2"}))
    assert [(v.person, "2026-12-01" in v.message) for v in found] == [("P2", True)]


def test_retirement_rule_41_keeps_a_woman_leader_in_the_plan():
    woman = who("P1", "U1", gender="F", birth_date=dt.date(1968, 3, 1), rank="四级调研员")
    s = scenario(
        [unit("U1", 0, 5), unit("U2", 0, 5)],
        [woman, who("P2", "U2")],
        enable=("retirement",),
    )
    assert obligation(s, "P1").duty is Duty.RETIRED  # 55 in 2023
    s41 = with_rules(s, retirement={"women_leader_ranks": ("四级调研员",)})
    assert obligation(s41, "P1").duty is not Duty.RETIRED  # 60 in 2028
    assert placed(assert_optimal(s41))["P1"] == "U1"
    assert placed(assert_optimal(s)).get("P1") is None


def test_retirement_cannot_be_soft():
    from rotation.errors import ScenarioError

    with pytest.raises(ScenarioError, match="cannot be soft"):
        Retirement(weight=7.0)


# ---------------------------------------------------------------------------
# kin avoidance: the organ-leader part (rule 15)


def _organ(p1_role: str = "head", p2_role: str = "member", **frozen: str) -> Scenario:
    # 张三 (P1) in office O1 and relative 李四 (P2) in office O2; township U1 is open
    return scenario(
        [
            unit("O1", 0, 5, kind="office", name="案件审理室"),
            unit("O2", 0, 5, kind="office", name="信访室"),
            unit("U1", 0, 5),
        ],
        [
            who("P1", "O1", role=p1_role, frozen=frozen.get("P1", ""), name="张三"),
            who("P2", "O2", role=p2_role, frozen=frozen.get("P2", ""), name="李四"),
            who("P3", "U1"),
        ],
        relations=[Relation("P1", "P2", "spouse")],
    )


def test_kin_organ_leader_sends_the_relative_out_of_the_offices():
    s = _organ(P1="试用期")
    r = assert_optimal(s)
    assert placed(r)["P2"] == "U1"
    assert r.objective == pytest.approx(100)
    assert (
        placed(assert_optimal(with_rules(s, kin_avoidance={"organ_leader": False})))["P2"] == "O2"
    )


def test_kin_organ_leader_either_way_round():
    # the relative is the deputy of an office; the frozen member in the other office
    # stays, so the deputy leaves the internal offices
    s = _organ("member", "deputy", P1="试用期")
    assert placed(assert_optimal(s))["P2"] == "U1"
    # two members in two offices are fine
    assert placed(assert_optimal(_organ("member", "member", P1="试用期")))["P2"] == "O2"


def test_kin_organ_leader_with_leadership_posts():
    # O2 has no head: its deputy 李四 (P2) would be promoted, but a relative heads O1, so
    # 李四 swaps with the deputy of U1 (a unit without a head post), who heads O2 instead
    s = scenario(
        [
            unit("O1", 0, 5, kind="office"),
            unit("O2", 0, 5, kind="office"),
            dataclasses.replace(unit("U1", 0, 5), heads=0),
        ],
        [
            who("P1", "O1", role="head", frozen="在查"),
            who("P2", "O2", role="deputy"),
            who("P3", "U1", role="deputy"),
        ],
        relations=[Relation("P1", "P2", "spouse")],
        enable=("leadership_slots",),
    )
    r = assert_optimal(s)
    assert placed(r) == {"P1": "O1", "P2": "U1", "P3": "O2"}
    assert r.plan.role_of("P3", 1) == "head"
    relaxed = assert_optimal(with_rules(s, kin_avoidance={"organ_leader": False}))
    assert placed(relaxed)["P2"] == "O2" and relaxed.plan.role_of("P2", 1) == "head"


def test_hard_versions_post_one_switch_per_instance():
    from rotation.models.build import build_model

    s = hard(_same_level(), "same_level")
    assert ("same_level", ("P1",)) in build_model(s, switchable=True).ctx.switches
    s = hard(_term(), "term_stability")
    assert ("term_stability", ("P1",)) in build_model(s, switchable=True).ctx.switches
    s = hard(_long(), "long_tenure")
    switches = build_model(s, switchable=True).ctx.switches
    assert {k for k in switches if k[0] == "long_tenure"} == {
        ("long_tenure", ("P1",)),
        ("long_tenure", ("P2",)),
    }
    s = hard(_kin_pair(), "kin_lower_moves")
    assert ("kin_lower_moves", ("P1", "P2")) in build_model(s, switchable=True).ctx.switches
    s = _organ(P1="试用期")
    keys = {k for k in build_model(s, switchable=True).ctx.switches if "organ" in k[1]}
    assert keys == {("kin_avoidance", ("P1", "P2", 1, "organ", "P1"))}


def test_kin_organ_leader_infeasible():
    s = _organ(P1="试用期", P2="在查")
    assert_infeasible(s, "kin_avoidance")
    assert_optimal(with_rules(s, kin_avoidance={"organ_leader": False}))


def test_kin_organ_leader_soft_counts_once_per_pair_and_period():
    s = scenario(
        [
            unit("O1", 0, 5, kind="office"),
            unit("O2", 0, 5, kind="office"),
            unit("O3", 0, 5, kind="office"),
        ],
        [
            who("P1", "O1", role="head", frozen="试用期"),
            who("P2", "O2", frozen="试用期"),  # 1: P1 leads, P2 in an office
            who("P3", "O2", role="head", frozen="试用期"),
            who("P4", "O3", role="deputy", frozen="试用期"),  # 1: both lead offices
            who("P5", "O3", role="head", frozen="试用期"),
            who("P6", "O3", frozen="试用期"),  # 2: same unit, and P5 leads it
        ],
        relations=[("P1", "P2"), ("P3", "P4"), ("P5", "P6")],
    )
    r = assert_penalty(soft(s, "kin_avoidance"), "kin_avoidance", 4, 4 * 7)
    found = measure(s, r.plan)["kin_avoidance"]
    assert sorted(v.person for v in found) == ["P1", "P3", "P5", "P5"]


def test_kin_organ_leader_checker_uses_the_plan_roles():
    s = _organ("member", "member")
    stay = plan(s, {})
    assert validate(s, stay) == []
    # the plan promotes 李四 (P2) to deputy of 信访室 while 张三 works in 案件审理室
    found = validate(s, plan(s, {}, {"P2": "deputy"}))
    assert [(v.rule, v.person, v.unit, v.period) for v in found] == [
        ("kin_avoidance", "P2", "O2", 1)
    ]
    v = found[0]
    assert "李四 (P2) is deputy of internal office 信访室 (O2)" in v.message
    assert "张三 (P1) works in internal office 案件审理室 (O1)" in v.message
    assert "信访室 (O2)副职" in v.message_zh and "张三 (P1)" in v.message_zh
    # both lead: one record
    found = validate(s, plan(s, {}, {"P1": "head", "P2": "deputy"}))
    assert [v.person for v in found] == ["P1"]
    # outside the offices: fine
    assert validate(s, plan(s, {"P2": "U1"}, {"P1": "head"})) == []
    assert (
        validate(
            with_rules(s, kin_avoidance={"organ_leader": False}), plan(s, {}, {"P2": "deputy"})
        )
        == []
    )


# ---------------------------------------------------------------------------
# kin_lower_moves (rule 18)

HIGH, LOW = "一级主任科员", "一级科员"


def _kin_pair(**extra: Any) -> Scenario:
    # 张三 (P1, higher rank) wants to go to U2; 李四 (P2, lower) wishes for the full U3:
    # preferences alone would move 张三, rule 18 moves 李四
    low = extra.pop("low", {})
    return scenario(
        [unit("U1", 0, 5, **extra.pop("u1", {})), unit("U2", 0, 5), unit("U3", 0, 0)],
        [
            who("P1", "U1", rank=HIGH, prefs=["U2"], name="张三"),
            who("P2", "U1", rank=LOW, prefs=["U3"], name="李四", **low),
            who("P3", "U2"),
        ],
        relations=[Relation("P1", "P2", "blood")],
        enable=("kin_lower_moves",),
        **extra,
    )


def test_kin_lower_moves_moves_the_lower_ranked_relative():
    s = _kin_pair()
    assert s.rules.kin_lower_moves.pairs(s) == (("P1", "P2"),)
    r = assert_optimal(s)
    assert placed(r)["P1"] == "U1" and placed(r)["P2"] == "U2"
    assert r.objective == pytest.approx(100 + 1)  # a move, not a wish
    assert placed(assert_optimal(hard(s, "kin_lower_moves")))["P2"] == "U2"
    off_ = assert_optimal(off(s, "kin_lower_moves"))
    assert placed(off_)["P1"] == "U2" and placed(off_)["P2"] == "U1"


def test_kin_lower_moves_infeasible_when_the_lower_ranked_holds_the_only_skill():
    s = _kin_pair(u1={"needs": {"law": 1}}, low={"skills": LAW})
    assert_infeasible(hard(s, "kin_lower_moves"), "kin_lower_moves")


def test_kin_lower_moves_soft_costs_each_pair():
    s = scenario(
        [unit("U1", 0, 5, needs={"law": 1}), unit("U2", 0, 5, needs={"finance": 1}), unit("U3")],
        [
            who("P1", "U1", rank=HIGH),
            who("P2", "U1", rank=LOW, skills=LAW),
            who("P3", "U2", rank="四级调研员"),
            who("P4", "U2", rank="二级科员", skills=FIN),
            who("P5", "U3"),
        ],
        relations=[("P1", "P2"), ("P3", "P4")],
        enable=("kin_lower_moves",),
    )
    r = assert_penalty(soft(s, "kin_lower_moves"), "kin_lower_moves", 2, 2 * 7 + 2 * 100)
    assert placed(r)["P2"] == "U1" and placed(r)["P4"] == "U2"


def test_kin_lower_moves_pairs_in_the_way_today():
    units = [
        unit("A1", 0, 5, kind="area"),
        unit("U1", 0, 5, area="A1"),
        unit("O1", 0, 5, kind="office"),
        unit("O2", 0, 5, kind="office"),
        unit("U2", 0, 5),
    ]
    people = [
        who("P1", "A1", rank=LOW),
        who("P2", "U1", rank=HIGH),  # supervised by P1's area office
        who("P3", "O1", rank=HIGH, role="deputy"),
        who("P4", "O2", rank=LOW),  # P3 leads an office
        who("P5", "O1", rank=LOW),
        who("P6", "O2", rank=HIGH),  # two members of offices: not in the way
        who("P7", "U2", rank=HIGH),
        who("P8", "U2", rank=HIGH),  # equal ranks: no preference
        who("P9", "U2", rank=""),
        who("P10", "U2", rank=LOW),  # unknown rank: no preference
        who("P11", "U2", 6, rank=HIGH),
        who("P12", "U2", rank=LOW),  # the higher one must move anyway: left out
    ]
    pairs = [
        ("P1", "P2"),
        ("P3", "P4"),
        ("P5", "P6"),
        ("P7", "P8"),
        ("P9", "P10"),
        ("P11", "P12"),
    ]
    s = scenario(units, people, relations=pairs, enable=("kin_lower_moves",))
    assert KinLowerMoves.pairs(s) == (("P2", "P1"), ("P3", "P4"))
    # each scenario computes its own (a changed rule set is a new scenario)
    assert KinLowerMoves.pairs(with_rules(s, kin_avoidance={"supervision": False})) == (
        ("P3", "P4"),
    )
    assert KinLowerMoves.pairs(with_rules(s, kin_avoidance={"organ_leader": False})) == (
        ("P2", "P1"),
    )
    assert KinLowerMoves.pairs(off(s, "kin_avoidance")) == ()


def test_kin_lower_moves_checker():
    s = _kin_pair()
    found = measure(s, plan(s, {"P1": "U2"}))["kin_lower_moves"]
    assert [(v.rule, v.person, v.unit, v.amount) for v in found] == [
        ("kin_lower_moves", "P1", "U1", 1)
    ]
    v = found[0]
    assert "张三 (P1) (一级主任科员)" in v.message and "李四 (P2) (一级科员)" in v.message
    assert "东街道纪工委 (U2)" in v.message and "lower-ranked" in v.message
    assert "职级较低的亲属 李四 (P2)（一级科员）" in v.message_zh
    assert "应由职级较低一方回避" in v.message_zh
    assert measure(s, plan(s, {"P2": "U2"}))["kin_lower_moves"] == []
    assert measure(s, plan(s, {"P1": "U2", "P2": "U2"}))["kin_lower_moves"] == []
    assert measure(s, plan(s, {}))["kin_lower_moves"] == []
    assert validate(s, plan(s, {"P1": "U2"})) == []  # soft by default
    assert [v.rule for v in validate(hard(s, "kin_lower_moves"), plan(s, {"P1": "U2"}))] == [
        "kin_lower_moves"
    ]
