"""The solver-free checker on hand-made plans: which rule, who, where, how much, and the
sentences in English and Chinese."""

from __future__ import annotations

import pytest

from rotation.facts import Duty, obligation
from rotation.plan import Plan
from rotation.scenario import Pin, Relation, Scenario
from rotation.validate import (
    CHECKERS,
    Violation,
    measure,
    objective,
    penalties,
    tenure_text,
    validate,
)
from tests.helpers import off, person, plan_of, scenario, soft, unit, with_rules


def district(**rules: object) -> Scenario:
    """Four units, seven people; moving 张三 (P1, due to move) to O1 is a clean plan."""
    units = [
        unit("U1", 1, 3, needs={"law": 1}, name="城关镇纪委"),
        unit("U2", 1, 3, area="A1", name="东街道纪工委"),
        unit("A1", 1, 3, kind="area", name="第一片区"),
        unit("O1", 1, 4, kind="office", needs={"finance": 1}, name="案件审理室"),
    ]
    people = [
        person("P1", "U1", 6 + 2 / 12, skills=["law"], name="张三"),
        person("P2", "U1", 0.5, skills=["law"], name="李四"),
        person("P3", "U2", frozen="试用期", name="王五"),
        person("P4", "A1", name="赵六"),
        person("P5", "O1", skills=["finance"], name="钱七"),
        person("P6", "O1", 2, prefs=["U2", "A1"], name="孙八"),
        person("P7", "U2", 2, name="周九"),
    ]
    return scenario(
        units,
        people,
        relations=[Relation("P1", "P7", "spouse")],
        pins=[Pin("P5", "O1")],
        **rules,
    )


def only(found: list[Violation], rule: str) -> list[Violation]:
    return [v for v in found if v.rule == rule]


def test_the_duties_in_the_district_are_as_intended():
    s = district()
    assert obligation(s, "P1").duty is Duty.MUST_MOVE
    assert obligation(s, "P2").duty is Duty.STAY_MINIMUM
    assert obligation(s, "P3").duty is Duty.STAY_FROZEN
    assert obligation(s, "P5").duty is Duty.PINNED
    assert obligation(s, "P6").duty is Duty.FREE


def test_a_clean_plan_has_no_violations_and_costs_nothing():
    s = district()
    plan = plan_of(s, {"P1": "O1"})
    assert validate(s, plan) == []
    assert penalties(s, plan) == {"fewest_moves": 0, "preferences": 0}
    assert objective(s, plan) == 0


def test_every_checker_finds_nothing_in_the_clean_plan():
    s = district()
    plan = plan_of(s, {"P1": "O1"})
    for spec in s.rules.active():
        assert CHECKERS[spec.name](s, plan, spec) == [], spec.name


# ---------------------------------------------------------------------------
# assignment


def test_a_missing_person_is_an_assignment_violation():
    s = district()
    assignments = {(p.id, 1): p.unit for p in s.people if p.id != "P3"}
    assignments[("P1", 1)] = "O1"
    found = validate(s, Plan(s, assignments))
    assert [(v.rule, v.person, v.period) for v in found] == [("assignment", "P3", 1)]
    assert "王五 (P3)" in found[0].message and "no unit" in found[0].message
    assert "王五 (P3)" in found[0].text("zh") and "没有安排单位" in found[0].text("zh")


def test_an_unknown_unit_or_person_is_an_assignment_violation():
    s = district()
    plan = Plan(s, {**plan_of(s, {"P1": "O1", "P6": "U9"}).assignments, ("P99", 1): "U1"})
    found = only(validate(s, plan), "assignment")
    assert [(v.person, v.unit) for v in found] == [("P6", "U9"), ("P99", None)]
    assert "U9" in found[0].message and "U9" in found[0].message_zh
    assert "P99" in found[1].message and "P99" in found[1].message_zh


def test_a_period_beyond_the_horizon_is_an_assignment_violation():
    s = district()
    plan = Plan(s, {**plan_of(s, {"P1": "O1"}).assignments, ("P1", 2): "U2"})
    found = validate(s, plan)
    assert [(v.rule, v.person, v.period) for v in found] == [("assignment", "P1", 2)]


# ---------------------------------------------------------------------------
# headcount and skill cover


def test_headcount_below_and_above_the_band():
    s = district(kin_avoidance={"enabled": False})
    plan = plan_of(s, {"P1": "O1", "P4": "O1", "P7": "O1"})  # A1 empty, O1 holds 5
    found = validate(s, plan)
    assert [(v.rule, v.unit, v.amount) for v in found] == [
        ("headcount", "A1", 1),
        ("headcount", "O1", 1),
    ]
    low, high = found
    assert "第一片区 (A1)" in low.message and "0 people" in low.message
    assert "minimum of 1" in low.message
    assert "只有0人" in low.message_zh and "最少人数1人" in low.message_zh
    assert "5 people" in high.message and "maximum of 4" in high.message
    assert "有5人" in high.message_zh and "最多人数4人" in high.message_zh


def test_headcount_amount_is_the_number_short():
    s = district()
    s = s.replace(units=[unit("U1", 3, 4) if u.id == "U1" else u for u in s.units])
    found = only(validate(s, plan_of(s, {"P1": "O1"})), "headcount")
    assert [(v.unit, v.amount) for v in found] == [("U1", 2)]


def test_skill_cover_short():
    s = district(minimum_stay={"enabled": False})
    found = validate(s, plan_of(s, {"P1": "O1", "P2": "O1"}))
    assert [(v.rule, v.unit) for v in found] == [("headcount", "U1"), ("skill_cover", "U1")]
    found = only(found, "skill_cover")
    assert found[0].amount == 1
    v = found[0]
    assert "城关镇纪委 (U1)" in v.message
    assert "needs 1 with law" in v.message and "has 0" in v.message
    assert "需要1名法律专业人员" in v.message_zh and "实有0名" in v.message_zh


def test_skill_cover_amount_counts_every_holder_short():
    s = district()
    s = s.replace(
        units=[
            unit("U1", 1, 3, needs={"law": 3, "audit": 1}) if u.id == "U1" else u for u in s.units
        ]
    )
    found = only(validate(s, plan_of(s, {"P1": "O1"})), "skill_cover")
    assert sorted((v.unit, v.amount) for v in found) == [("U1", 1), ("U1", 2)]
    assert any("审计" in v.message_zh for v in found)


# ---------------------------------------------------------------------------
# person-level rules


def test_mandatory_rotation_names_the_tenure_and_the_limit():
    s = district()
    found = validate(s, Plan.current(s))
    assert [(v.rule, v.person, v.unit, v.amount) for v in found] == [
        ("mandatory_rotation", "P1", "U1", 1)
    ]
    v = found[0]
    assert "张三 (P1)" in v.message and "城关镇纪委 (U1)" in v.message
    assert "6 years 2 months" in v.message and "limit 5 years" in v.message
    assert "6年2个月" in v.message_zh and "满5年" in v.message_zh


def test_mandatory_rotation_limit_by_kind_and_role():
    s = scenario(
        [unit("O1", kind="office"), unit("D1", kind="department"), unit("U1")],
        [
            person("P1", "O1", 9.9),
            person("P2", "O1", 10),
            person("P3", "D1", 9, role="head"),
            person("P4", "U1", 4.9, role="head"),
            person("P5", "U1", 5),
        ],
        mandatory_rotation={"head_years": 8.0},
    )
    found = validate(s, Plan.current(s))
    assert [v.person for v in found] == ["P2", "P3", "P5"]
    assert "limit 10 years" in found[0].message
    assert "limit 8 years" in found[1].message and "满8年" in found[1].message_zh


def test_minimum_stay_names_the_short_tenure():
    s = district()
    found = only(validate(s, plan_of(s, {"P1": "O1", "P2": "A1"})), "minimum_stay")
    assert [(v.rule, v.person, v.unit) for v in found] == [("minimum_stay", "P2", "U1")]
    v = found[0]
    assert "李四 (P2)" in v.message and "only 6 months" in v.message
    assert "minimum 1 year)" in v.message and "第一片区 (A1)" in v.message
    assert "仅6个月" in v.message_zh and "未满1年" in v.message_zh


def test_frozen_names_the_reason():
    s = district()
    found = validate(s, plan_of(s, {"P1": "O1", "P3": "U1"}))
    assert [(v.rule, v.person, v.unit) for v in found] == [("frozen", "P3", "U2")]
    v = found[0]
    assert "王五 (P3)" in v.message and "试用期" in v.message and "城关镇纪委 (U1)" in v.message
    assert "暂不交流（试用期）" in v.message_zh


def test_pins_name_the_pinned_and_the_given_unit():
    s = district()
    found = validate(s, plan_of(s, {"P1": "O1", "P5": "U1"}))
    assert [(v.rule, v.unit) for v in found] == [("skill_cover", "O1"), ("pins", "U1")]
    found = only(found, "pins")
    assert found[0].person == "P5"
    v = found[0]
    assert "pinned to 案件审理室 (O1)" in v.message and "placed in 城关镇纪委 (U1)" in v.message
    assert "钱七 (P5)" in v.message_zh


def test_a_pin_exempts_from_the_rules_it_overrides():
    s = district()
    s = s.replace(pins=[Pin("P5", "O1"), Pin("P1", "U1"), Pin("P2", "U2"), Pin("P3", "A1")])
    plan = plan_of(s, {"P2": "U2", "P3": "A1"})
    assert validate(s, plan) == []
    unpinned = off(s, "pins")
    assert [(v.rule, v.person) for v in validate(unpinned, plan)] == [
        ("mandatory_rotation", "P1"),
        ("minimum_stay", "P2"),
        ("frozen", "P3"),
    ]


def test_disabled_person_rules_are_not_checked():
    s = district()
    plan = plan_of(s, {"P2": "A1", "P3": "U1"})  # P1 stays
    assert {v.rule for v in validate(s, plan)} == {
        "mandatory_rotation",
        "minimum_stay",
        "frozen",
    }
    bare = off(off(off(s, "mandatory_rotation"), "minimum_stay"), "frozen")
    assert validate(bare, plan) == []


# ---------------------------------------------------------------------------
# kin avoidance


def test_kin_in_the_same_unit():
    s = district()
    found = validate(s, plan_of(s, {"P1": "O1", "P7": "O1"}))
    assert [(v.rule, v.person, v.unit, v.amount) for v in found] == [
        ("kin_avoidance", "P1", "O1", 1)
    ]
    v = found[0]
    assert "张三 (P1)" in v.message and "周九 (P7)" in v.message
    assert "relatives (spouse)" in v.message and "案件审理室 (O1)" in v.message
    assert "有亲属关系" in v.message_zh and "同在案件审理室 (O1)" in v.message_zh
    relaxed = with_rules(s, kin_avoidance={"same_unit": False})
    assert validate(relaxed, plan_of(relaxed, {"P1": "O1", "P7": "O1"})) == []


def test_kin_in_an_area_office_over_a_supervised_unit():
    s = district()
    found = validate(s, plan_of(s, {"P1": "A1"}))
    assert [(v.rule, v.person, v.unit) for v in found] == [("kin_avoidance", "P1", "A1")]
    v = found[0]
    assert "area office 第一片区 (A1)" in v.message
    assert "supervises 东街道纪工委 (U2)" in v.message and "周九 (P7)" in v.message
    assert "联系监督的东街道纪工委 (U2)" in v.message_zh
    relaxed = with_rules(s, kin_avoidance={"supervision": False})
    assert validate(relaxed, plan_of(relaxed, {"P1": "A1"})) == []


def test_kin_supervision_the_other_way_round():
    s = district()
    # the relative is the one in the area office; 张三 in U2 is supervised by it
    found = validate(s, plan_of(s, {"P1": "U2", "P7": "A1"}))
    assert [(v.rule, v.person, v.unit) for v in found] == [("kin_avoidance", "P7", "A1")]


def test_kin_in_an_unrelated_area_is_fine():
    s = district()
    assert validate(s, plan_of(s, {"P1": "A1", "P7": "U1"})) == []


# ---------------------------------------------------------------------------
# goals


def test_fewest_moves_counts_only_moves_nobody_is_due_to_make():
    s = district()
    s = s.replace(pins=[Pin("P5", "U1")])
    plan = plan_of(s, {"P1": "O1", "P5": "U1", "P6": "A1", "P7": "U1"})
    found = measure(s, plan)["fewest_moves"]
    assert sorted(v.person for v in found) == ["P6", "P7"]  # not P1 (due) nor P5 (pinned)
    assert penalties(s, plan)["fewest_moves"] == 2
    v = next(v for v in found if v.person == "P7")
    assert v.unit == "U1" and "周九 (P7)" in v.message and "城关镇纪委 (U1)" in v.message
    assert "非必需交流" in v.message_zh


def test_fewest_moves_counts_a_frozen_person_moved_when_frozen_is_soft():
    s = soft(district(), "frozen", 7.0)
    plan = plan_of(s, {"P1": "O1", "P3": "U1"})
    assert validate(s, plan) == []
    assert penalties(s, plan) == {"frozen": 1, "fewest_moves": 1, "preferences": 0}
    assert objective(s, plan) == pytest.approx(7 + 100)


@pytest.mark.parametrize(
    ("unit_id", "cost", "words", "words_zh"),
    [
        ("U2", 0, None, None),
        ("A1", 1, "choice 2", "第2意向"),
        ("U1", 2, "not among their wishes", "不在其意向内"),
        ("O1", 0, None, None),  # stays
    ],
)
def test_preferences_cost_is_the_rank(unit_id, cost, words, words_zh):
    s = district(kin_avoidance={"enabled": False}, headcount={"enabled": False})
    plan = plan_of(s, {"P1": "O1", "P6": unit_id})
    found = measure(s, plan)["preferences"]
    assert penalties(s, plan)["preferences"] == cost
    if cost == 0:
        assert found == []
        return
    assert [(v.person, v.unit, v.amount) for v in found] == [("P6", unit_id, cost)]
    assert words in found[0].message and "孙八 (P6)" in found[0].message
    assert words_zh in found[0].message_zh


def test_preferences_cost_nothing_for_stayers_even_with_wishes():
    s = district()
    s = s.replace(
        people=[p if p.id != "P4" else person("P4", "A1", prefs=["U1"]) for p in s.people]
    )
    assert penalties(s, plan_of(s, {"P1": "O1"}))["preferences"] == 0


# ---------------------------------------------------------------------------
# hard, soft and off


def test_soft_rules_are_costs_not_violations():
    s = soft(district(kin_avoidance={"enabled": False}), "headcount", 7.0)
    plan = plan_of(s, {"P1": "O1", "P4": "O1", "P7": "O1"})
    assert validate(s, plan) == []
    assert penalties(s, plan) == {"headcount": 2, "fewest_moves": 2, "preferences": 0}
    assert objective(s, plan) == pytest.approx(7 * 2 + 100 * 2)


def test_objective_uses_each_weight():
    s = district(fewest_moves={"weight": 3.5}, preferences={"weight": 0.25})
    plan = plan_of(s, {"P1": "O1", "P6": "U1", "P7": "U1"})
    assert penalties(s, plan) == {"fewest_moves": 2, "preferences": 2}
    assert objective(s, plan) == pytest.approx(3.5 * 2 + 0.25 * 2)


def test_disabled_goals_cost_nothing():
    s = off(off(district(), "fewest_moves"), "preferences")
    plan = plan_of(s, {"P1": "O1", "P6": "U1", "P7": "U1"})
    assert penalties(s, plan) == {}
    assert objective(s, plan) == 0
    assert set(measure(s, plan)) == {spec.name for spec in s.rules.active()}


def test_violation_text_picks_the_language():
    v = Violation("frozen", 1, "english", "中文", person="P1")
    assert v.text() == "english" and v.text("en") == "english" and v.text("zh") == "中文"


# ---------------------------------------------------------------------------
# tenure in words


@pytest.mark.parametrize(
    ("months", "en", "zh"),
    [
        (0, "0 years", "0年"),
        (1, "1 month", "1个月"),
        (6, "6 months", "6个月"),
        (12, "1 year", "1年"),
        (13, "1 year 1 month", "1年1个月"),
        (24, "2 years", "2年"),
        (74, "6 years 2 months", "6年2个月"),
        (121, "10 years 1 month", "10年1个月"),
    ],
)
def test_tenure_text(months, en, zh):
    assert tenure_text(months) == en
    assert tenure_text(months, "en") == en
    assert tenure_text(months, "zh") == zh
