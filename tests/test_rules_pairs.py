"""The rules that forbid (person, unit, role) placements — education, full term,
promotion eligibility, 15 years at a level, regional and business avoidance — on tiny
scenarios: what each forces, when it cannot hold, what it costs when soft, the checker's
sentences, and that a hard rule removes the placements from the model while a soft one
prices them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from rotation.errors import ScenarioError
from rotation.facts import promotion_blockers
from rotation.models.build import build_model
from rotation.plan import Plan
from rotation.rules import Education, RuleSet
from rotation.scenario import HistoryEntry, Person, Scenario
from rotation.validate import measure
from tests.helpers import (
    assert_infeasible,
    assert_optimal,
    assert_penalty,
    off,
    placed,
    scenario,
    soft,
    unit,
    with_rules,
)
from tests.test_rules_leadership import (
    LONG_AGO,
    cadre,
    eligible_deputy,
    lead_unit,
    roles,
)

SIMPLE = ("education", "full_term", "regional_avoidance", "business_interest")
"""The pair rules that keep someone out of a whole unit (U2, a township in 东街)."""

KEPT_OUT = {
    "education": {"education": "secondary"},
    "full_term": {"retire_date": dt.date(2030, 1, 1)},
    "regional_avoidance": {"role": "head", "growth_place": "东街"},
    "business_interest": {"interests": ("U2",)},
}


def kept_out(rule: str, pid: str, uid: str, years: float = 6, **fields: Any) -> Person:
    """Someone (due to move unless ``years`` < 5) whom ``rule`` keeps out of U2."""
    return cadre(pid, uid, years, **{**KEPT_OUT[rule], **fields})


def places(*ids: str) -> list:
    """U1 (township, 城关), U2 (township, 东街), O3 (office, 城关)."""
    regions = {"U1": "城关", "U2": "东街", "O3": "城关"}
    return [
        dataclasses.replace(
            unit(uid, 0, 5, kind="office" if uid.startswith("O") else "township"),
            region=regions[uid],
        )
        for uid in ids
    ]


def simple(rule: str, *people: Person, units: tuple[str, ...] = ("U1", "U2", "O3")) -> Scenario:
    return scenario(places(*units), people, enable=(rule,))


def one_plan(s: Scenario, **where: str) -> Plan:
    """Everyone stays except as ``where`` says (roles unchanged)."""
    units = {p.id: p.unit for p in s.people}
    units.update(where)
    return Plan(s, {(pid, 1): u for pid, u in units.items()})


# ---------------------------------------------------------------------------
# education, full term, regional and business avoidance


@pytest.mark.parametrize(
    "rule", ["education", "full_term", "regional_avoidance", "business_interest"]
)
def test_pair_rule_sends_the_mover_to_the_only_allowed_unit(rule: str):
    s = simple(rule, kept_out(rule, "P1", "U1", prefs=["U2"]), cadre("P2", "U2"), cadre("P3", "O3"))
    r = assert_optimal(s)
    assert placed(r)["P1"] == "O3"
    assert r.objective == pytest.approx(1)  # their wish for U2 is not met
    assert placed(assert_optimal(off(s, rule)))["P1"] == "U2"


@pytest.mark.parametrize(
    "rule", ["education", "full_term", "regional_avoidance", "business_interest"]
)
def test_pair_rule_infeasible_when_the_only_place_is_forbidden(rule: str):
    s = simple(rule, kept_out(rule, "P1", "U1"), cadre("P2", "U2"), units=("U1", "U2"))
    r = assert_infeasible(s, rule)
    assert "P1" in r.message and "P1" in r.message_zh


@pytest.mark.parametrize(
    "rule", ["education", "full_term", "regional_avoidance", "business_interest"]
)
def test_pair_rule_soft_costs_each_forbidden_placement(rule: str):
    s = simple(
        rule,
        kept_out(rule, "P1", "U1"),
        kept_out(rule, "P2", "U1", 7),
        cadre("P3", "U2"),
        units=("U1", "U2"),
    )
    r = assert_penalty(soft(s, rule), rule, 2, 14)  # the moves themselves are mandatory
    assert placed(r)["P1"] == placed(r)["P2"] == "U2"
    assert {v.person for v in measure(soft(s, rule), r.plan)[rule]} == {"P1", "P2"}


SENTENCES = {
    "education": (
        "干部P1 (P1) (secondary) is below the college education required in 东街道纪工委 (U2)",
        "干部P1 (P1) 学历（中专及以下）低于东街道纪工委 (U2)要求的大专",
    ),
    "full_term": (
        "干部P1 (P1) retires on 2030-01-01, before a full 5-year term in 东街道纪工委 (U2)",
        "干部P1 (P1) 将于2030-01-01退休，不能在东街道纪工委 (U2)干满5年一届",
    ),
    "regional_avoidance": (
        "干部P1 (P1) may not be head of 东街道纪工委 (U2): 东街 is where they grew up",
        "干部P1 (P1) 不得在成长地东街担任东街道纪工委 (U2)负责人",
    ),
    "business_interest": (
        "干部P1 (P1) may not work in 东街道纪工委 (U2): it supervises a business of their family",
        "干部P1 (P1) 配偶子女经商办企业受东街道纪工委 (U2)监管，应予回避",
    ),
}


@pytest.mark.parametrize(
    "rule", ["education", "full_term", "regional_avoidance", "business_interest"]
)
def test_pair_rule_checker_sentences(rule: str):
    s = simple(rule, kept_out(rule, "P1", "U1"), cadre("P2", "U2"))
    (v,) = measure(s, one_plan(s, P1="U2"))[rule]
    assert (v.rule, v.period, v.person, v.unit, v.amount) == (rule, 1, "P1", "U2", 1)
    assert (v.message, v.message_zh) == SENTENCES[rule]
    assert measure(s, one_plan(s, P1="O3"))[rule] == []


@pytest.mark.parametrize("rule", ["education", "full_term"])
def test_pair_rule_binds_only_those_moved_in(rule: str):
    # already in the township: they may stay
    s = simple(rule, kept_out(rule, "P1", "U2", 3), cadre("P2", "U1"))
    assert measure(s, one_plan(s))[rule] == []
    assert placed(assert_optimal(s))["P1"] == "U2"


@pytest.mark.parametrize("rule", ["regional_avoidance", "business_interest"])
def test_avoidance_binds_the_current_post_too(rule: str):
    # three years in U2, not due to move, but U2 is where the rule keeps them out of
    s = simple(rule, kept_out(rule, "P1", "U2", 3), cadre("P2", "U1"))
    assert len(measure(s, one_plan(s))[rule]) == 1
    r = assert_optimal(s)
    assert placed(r)["P1"] != "U2"
    assert r.objective == pytest.approx(100)  # a move nobody was due to make


def test_education_blank_and_equal_levels_meet_the_minimum():
    s = simple("education", cadre("P1", "U1"), cadre("P2", "U1", education="college"))
    assert measure(s, one_plan(s, P1="U2", P2="U2"))["education"] == []
    higher = with_rules(s, education={"min_level": "bachelor"})
    (v,) = measure(higher, one_plan(higher, P1="U2", P2="U2"))["education"]
    assert v.person == "P2" and "大学本科" in v.message_zh
    offices = with_rules(s, education={"min_level": "bachelor", "kinds": ("office",)})
    assert measure(offices, one_plan(offices, P2="U2"))["education"] == []


def test_education_min_level_must_be_a_known_level():
    with pytest.raises(ScenarioError, match="min_level '大专'"):
        Education(min_level="大专")
    with pytest.raises(ScenarioError, match="min_level"):
        RuleSet.from_dict({"education": {"min_level": "high school"}})


def test_full_term_retiring_exactly_at_the_term_end_is_allowed():
    s = simple("full_term", kept_out("full_term", "P1", "U1", retire_date=dt.date(2032, 1, 1)))
    assert measure(s, one_plan(s, P1="U2"))["full_term"] == []
    longer = with_rules(s, full_term={"term_years": 5.5})
    assert len(measure(longer, one_plan(longer, P1="U2"))["full_term"]) == 1


def test_regional_avoidance_covers_only_its_roles_and_kinds():
    member = simple("regional_avoidance", cadre("P1", "U1", growth_place="东街"))
    assert measure(member, one_plan(member, P1="U2"))["regional_avoidance"] == []
    head = simple("regional_avoidance", kept_out("regional_avoidance", "P1", "U1"))
    offices = with_rules(head, regional_avoidance={"kinds": ("office",)})
    assert measure(offices, one_plan(offices, P1="U2"))["regional_avoidance"] == []
    wider = with_rules(head, regional_avoidance={"roles": ("head", "member")})
    assert len(measure(wider, one_plan(wider, P1="U2"))["regional_avoidance"]) == 1


# ---------------------------------------------------------------------------
# promotion eligibility (rules 25, 26, 27, 30, 32)


def _vacancy(p1: dict[str, Any], p2: dict[str, Any]) -> Scenario:
    """U1's head post is empty; its deputies P1 and P2 may fill it."""
    return scenario(
        [lead_unit("U1", deputies=2), lead_unit("U2")],
        [
            eligible_deputy("P1", "U1", **p1),
            eligible_deputy("P2", "U1", **p2),
            cadre("P3", "U2", role="head", frozen="试用期"),
        ],
        enable=("leadership_slots", "promotion_eligibility"),
    )


def test_promotion_eligibility_the_eligible_deputy_becomes_head():
    recent = {"level_start": dt.date(2026, 3, 1)}  # deputy under 2 years
    r = assert_optimal(_vacancy(recent, {}))
    assert roles(r)["P1"] == "deputy" and roles(r)["P2"] == "head"
    r = assert_optimal(_vacancy({}, recent))
    assert roles(r)["P1"] == "head" and roles(r)["P2"] == "deputy"


def test_promotion_eligibility_infeasible_when_no_deputy_may_be_head():
    punished = {"punishment": "记过", "punishment_date": dt.date(2026, 6, 1)}
    s = _vacancy(punished, {"probation_end": dt.date(2027, 6, 1)})
    r = assert_infeasible(s, "promotion_eligibility")
    assert "U1" in r.message


def test_promotion_eligibility_soft_costs_each_ineligible_promotion():
    s = scenario(
        [lead_unit("U1"), lead_unit("U2")],
        [
            eligible_deputy("P1", "U1", level_start=dt.date(2025, 6, 1)),  # deputy 1.5 years
            cadre("P2", "U2", role="deputy"),  # 3 years of work only
        ],
        enable=("leadership_slots", "promotion_eligibility"),
        promotion_eligibility={"weight": 7.0},
    )
    r = assert_penalty(s, "promotion_eligibility", 2, 14)
    assert roles(r) == {"P1": "head", "P2": "head"}
    found = {v.person: v for v in measure(s, r.plan)["promotion_eligibility"]}
    assert found["P1"].message == (
        "干部P1 (P1) may not be promoted to head of 城关镇纪委 (U1): fewer than 2 years as deputy"
    )
    assert (
        found["P1"].message_zh == "干部P1 (P1) 不具备提任城关镇纪委 (U1)负责人的资格：任副职不满2年"
    )
    assert found["P2"].message.endswith("fewer than 5 years of work")
    assert found["P2"].message_zh.endswith("工作年限不满5年")


def _blockers(to_role: str = "head", office: bool = False, history=(), **fields: Any):
    """(English, Chinese) blockers of P1 (3 years a deputy in a township, working since
    2010, unless ``fields`` say otherwise)."""
    uid = "O1" if office else "U1"
    units = [unit("U1"), unit("O1", kind="office")]
    p = cadre("P1", uid, 3, **{"role": "deputy", "work_start": LONG_AGO, **fields})
    s = scenario(units, [p], enable=("promotion_eligibility",)).replace(history=tuple(history))
    spec = s.rules.promotion_eligibility
    return (
        promotion_blockers(s, "P1", to_role, spec),
        promotion_blockers(s, "P1", to_role, spec, "zh"),
    )


def test_promotion_blockers_each_condition():
    assert _blockers() == ([], [])
    # rule 26: one level at a time
    assert _blockers(role="member") == (
        ["member to head skips a level"],
        ["由一般干部提任负责人属越级提拔"],
    )
    # rule 25: 2 years as deputy before head (任同级职务时间, else the post start)
    assert _blockers(level_start=dt.date(2025, 2, 1)) == (
        ["fewer than 2 years as deputy"],
        ["任副职不满2年"],
    )
    assert _blockers(level_start=dt.date(2025, 1, 1)) == ([], [])  # exactly 2 years
    # rule 25: 5 years of work, 2 at the grassroots
    assert _blockers(work_start=dt.date(2022, 6, 1)) == (
        ["fewer than 5 years of work"],
        ["工作年限不满5年"],
    )
    assert _blockers(office=True) == (
        ["fewer than 2 years at the grassroots"],
        ["基层工作经历不满2年"],
    )
    township = [HistoryEntry("P1", "U1", dt.date(2018, 1, 1), dt.date(2020, 1, 1))]
    assert _blockers(office=True, history=township) == ([], [])
    # rule 27: member → deputy after the ladder's years at the rank
    member = {"role": "member", "rank": "四级主任科员"}
    assert _blockers("deputy", **member, rank_since=dt.date(2026, 1, 1)) == (
        ["fewer than 2 years at rank 四级主任科员"],
        ["任四级主任科员不满2年"],
    )
    assert _blockers("deputy", **member, rank_since=dt.date(2025, 1, 1)) == ([], [])
    senior = {"role": "member", "rank": "二级调研员", "rank_since": dt.date(2024, 6, 1)}
    assert _blockers("deputy", **senior)[0] == ["fewer than 3 years at rank 二级调研员"]
    assert _blockers("deputy", role="member", rank="自定职级") == ([], [])  # not on the ladder
    # rule 30: not in probation
    assert _blockers(probation_end=dt.date(2027, 3, 1)) == (
        ["in probation until 2027-03-01"],
        ["试用期至2027-03-01未满"],
    )
    assert _blockers(probation_end=dt.date(2027, 1, 1)) == ([], [])
    # rule 26: a year since the last promotion, the later of rank and level
    recent = {
        "role": "member",
        "rank_since": dt.date(2020, 1, 1),
        "level_start": dt.date(2026, 6, 1),
    }
    assert _blockers("deputy", **recent) == (
        ["promoted fewer than 1 years ago"],
        ["提拔任职不满1年"],
    )
    assert _blockers("deputy", role="member", rank_since=dt.date(2026, 6, 1))[0] == [
        "promoted fewer than 1 years ago"
    ]
    # rule 32: not within a punishment's influence period
    assert _blockers(punishment="记过", punishment_date=dt.date(2026, 6, 1)) == (
        ["记过 until 2027-06-01"],
        ["受记过处分，影响期至2027-06-01"],
    )
    assert _blockers(punishment="警告", punishment_date=dt.date(2026, 7, 1)) == ([], [])  # ended
    assert _blockers(punishment="党内严重警告", punishment_date=dt.date(2025, 8, 1))[0] == [
        "党内严重警告 until 2027-02-01"
    ]


def test_promotion_eligibility_is_only_about_promotions():
    s = _vacancy({"level_start": dt.date(2026, 3, 1)}, {})
    spec, p1 = s.rules.promotion_eligibility, s.person["P1"]
    assert spec.breach(s, p1, s.unit["U1"], "deputy") is None  # keeps their level
    assert spec.breach(s, p1, s.unit["U1"], "member") is None
    assert spec.breach(s, p1, s.unit["U1"], "head") is not None


# ---------------------------------------------------------------------------
# 15 years at one level (rule 4)

LONG_LEVEL = {"role": "head", "level_start": dt.date(2011, 1, 1)}


def test_level_limit_head_steps_down_to_a_member_post_elsewhere():
    s = scenario(
        [lead_unit("U1"), lead_unit("U2")],
        [
            cadre("P1", "U1", 6, **LONG_LEVEL),
            eligible_deputy("P2", "U1"),
            eligible_deputy("P4", "U2"),
            cadre("P5", "U2"),
        ],
        enable=("leadership_slots", "level_limit", "promotions"),
    )
    r = assert_penalty(s, "promotions", 2, 40)
    assert placed(r)["P1"] == "U2"
    assert roles(r) == {"P1": "member", "P2": "head", "P4": "head", "P5": "member"}
    r = assert_optimal(off(s, "level_limit"))
    assert roles(r)["P1"] == "head" and roles(r)["P4"] == "deputy"
    assert r.penalties["promotions"] == 1


def test_level_limit_infeasible_when_only_they_can_head_the_other_unit():
    s = scenario(
        [lead_unit("U1"), lead_unit("U2", deputies=0)],
        [cadre("P1", "U1", 6, **LONG_LEVEL), eligible_deputy("P2", "U1")],
        enable=("leadership_slots", "level_limit"),
    )
    assert_infeasible(s, "level_limit")
    assert roles(assert_optimal(off(s, "level_limit"))) == {"P1": "head", "P2": "head"}


def test_level_limit_soft_costs_each_new_head_post():
    s = scenario(
        [lead_unit("U1", deputies=0), lead_unit("U2", deputies=0)],
        [
            cadre("P1", "U1", 6, **LONG_LEVEL),
            cadre("P2", "U1"),
            cadre("P3", "U2", 7, **LONG_LEVEL),
            cadre("P4", "U2"),
        ],
        enable=("leadership_slots", "level_limit"),
        level_limit={"weight": 7.0},
    )
    r = assert_penalty(s, "level_limit", 2, 14)
    assert placed(r)["P1"] == "U2" and placed(r)["P3"] == "U1"
    found = {v.person: v for v in measure(s, r.plan)["level_limit"]}
    assert found["P1"].unit == "U2"
    assert found["P1"].message == (
        "干部P1 (P1) has been 15 years or more at the same level and may not take a new "
        "head post in 东街道纪工委 (U2)"
    )
    assert found["P1"].message_zh == (
        "干部P1 (P1) 在同一层次任职累计满15年，不得在东街道纪工委 (U2)担任同层次正职"
    )


# ---------------------------------------------------------------------------
# hard rules narrow the model's domains; soft ones price the placements


def _narrowing_case(rule: str) -> tuple[Scenario, str, str, str]:
    """A scenario and the (person, unit, role) placement ``rule`` forbids."""
    if rule in SIMPLE:
        s = simple(rule, kept_out(rule, "P1", "U1"), cadre("P2", "U2"))
        return s, "P1", "U2", s.person["P1"].role
    if rule == "promotion_eligibility":
        return _vacancy({"level_start": dt.date(2026, 3, 1)}, {}), "P1", "U1", "head"
    s = scenario(
        [lead_unit("U1"), lead_unit("U2")],
        [cadre("P1", "U1", 6, **LONG_LEVEL), eligible_deputy("P2", "U1"), cadre("P3", "U2")],
        enable=("leadership_slots", "level_limit"),
    )
    return s, "P1", "U2", "head"


@pytest.mark.parametrize(
    "rule",
    [
        "education",
        "full_term",
        "regional_avoidance",
        "business_interest",
        "promotion_eligibility",
        "level_limit",
    ],
)
def test_hard_pair_rule_narrows_soft_prices(rule: str):
    s, pid, uid, role = _narrowing_case(rule)
    spec = getattr(s.rules, rule)
    assert spec.breach(s, s.person[pid], s.unit[uid], role) is not None

    hard = build_model(s)
    assert isinstance(hard.ctx.role(pid, uid, 1, role), int)  # no variable for it
    if rule in SIMPLE:
        assert hard.ctx.var(pid, uid, 1) is None  # nor for the pair at all
    assert not [p for p in hard.penalties if p.rule == rule]

    priced = build_model(soft(s, rule))
    assert not isinstance(priced.ctx.role(pid, uid, 1, role), int)
    (penalty,) = [p for p in priced.penalties if p.rule == rule]
    assert penalty.weight == 7.0

    switchable = build_model(s, switchable=True)  # for explanations: kept, posted under a switch
    assert not isinstance(switchable.ctx.role(pid, uid, 1, role), int)
    assert any(name == rule for name, _ in switchable.ctx.switches)
