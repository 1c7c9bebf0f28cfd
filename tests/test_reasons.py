"""Reasons for every move and every stay past a limit, in English and Chinese.

Reasons are solver-free, so most tests build the plan by hand (``plan_of``); a few
solve a tiny scenario to see the reasons of a real plan, and one checks every row of the
default district's rotation list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from rotation.plan import Move, Plan
from rotation.reasons import explain_move, explain_stays, move_reasons
from rotation.scenario import Unit
from tests.helpers import person, plan_of, run, scenario, soft, unit

LAW, AUDIT = ("law",), ("audit",)


def office(uid: str, lo: int = 0, hi: int = 10, **kw: object) -> Unit:
    return unit(uid, lo, hi, kind="office", **kw)  # type: ignore[arg-type]


def reasons_of(plan: Plan, pid: str, lang: str = "en") -> list[str]:
    move = next(m for m in plan.iter_moves() if m.person == pid)
    return move_reasons(plan, move, lang)


def kinds_of(plan: Plan, pid: str) -> list[str]:
    move = next(m for m in plan.iter_moves() if m.person == pid)
    return [r.kind for r in explain_move(plan, move)]


def stay_of(plan: Plan, pid: str, lang: str = "en") -> str:
    frame = plan.stays_past_limit(lang)
    rows = frame[frame["person"] == pid]
    assert len(rows) == 1, frame
    return str(rows["reason"].iloc[0])


# ---------------------------------------------------------------------------
# moves


def test_mandatory_rotation_reason_names_years_unit_and_limit():
    s = scenario([unit("U1"), unit("U2")], [person("P1", "U1", 9), person("P2", "U2")])
    plan = plan_of(s, {"P1": "U2"})
    assert reasons_of(plan, "P1") == ["9 years in 城关镇纪委 (limit 5)"]
    assert reasons_of(plan, "P1", "zh") == ["在城关镇纪委任职9年（满5年须交流）"]


def test_pin_comes_first_then_the_tenure_it_overrides():
    s = scenario(
        [unit("U1"), unit("U2")],
        [person("P1", "U1", 6), person("P2", "U2")],
        pins=[("P1", "U2")],
    )
    plan = plan_of(s, {"P1": "U2"})
    assert reasons_of(plan, "P1") == [
        "placement decided by the department (pin)",
        "6 years in 城关镇纪委 (limit 5)",
    ]
    assert reasons_of(plan, "P1", "zh")[0] == "组织指定安排"


def test_skill_need_and_preference_in_order_of_binding():
    s = scenario(
        [unit("U1"), unit("U2", needs={"audit": 1}), unit("U3")],
        [person("P1", "U1", 6, skills=AUDIT, prefs=["U3", "U2"]), person("P2", "U2")],
    )
    r = run(s)
    assert r.plan is not None and r.plan.unit_of("P1", 1) == "U2"
    assert reasons_of(r.plan, "P1") == [
        "6 years in 城关镇纪委 (limit 5)",
        "fills the audit need of 东街道纪工委",
        "second preference",
    ]
    assert reasons_of(r.plan, "P1", "zh") == [
        "在城关镇纪委任职6年（满5年须交流）",
        "补充东街道纪工委的审计专业力量",
        "第二意向",
    ]


def test_first_preference_and_minimum_headcount():
    s = scenario(
        [unit("U1"), unit("U2", 2, 5)],
        [person("P1", "U1", 6, prefs=["U2"]), person("P2", "U2")],
    )
    plan = plan_of(s, {"P1": "U2"})
    assert reasons_of(plan, "P1")[1:] == [
        "brings 东街道纪工委 up to its minimum of 2",
        "first preference",
    ]


def test_relative_in_the_unit_is_a_reason_to_leave():
    s = scenario(
        [unit("U1"), unit("U2")],
        [person("P1", "U1", name="张三"), person("P2", "U1", name="李四"), person("P3", "U2")],
        relations=[("P1", "P2")],
    )
    plan = plan_of(s, {"P1": "U2"})
    assert reasons_of(plan, "P1") == ["relative 李四 in 城关镇纪委"]
    assert reasons_of(plan, "P1", "zh") == ["亲属李四在城关镇纪委，需回避"]


def test_promotion_names_the_post_and_the_eligibility_in_numbers():
    base = person("P2", "U2", 3)
    p2 = dataclasses.replace(
        base,
        rank="四级主任科员",
        rank_since=dt.date(2024, 1, 1),
        work_start=dt.date(2015, 1, 1),
    )
    s = scenario(
        [unit("U1"), unit("U2")],
        [person("P1", "U1", 6, role="deputy"), p2],
        enable=("promotion_eligibility",),
    )
    plan = Plan(s, {("P1", 1): "U2", ("P2", 1): "U1"}, roles={("P2", 1): "deputy"})
    assert reasons_of(plan, "P2") == [
        "promoted to deputy of 城关镇纪委 (eligible: 3 years at rank 四级主任科员 (min 2), "
        "12 years of work (min 5), 3 years at the grassroots (min 2))"
    ]
    assert reasons_of(plan, "P2", "zh") == [
        "提任城关镇纪委副职（符合资格：任四级主任科员3年（需2年），工作12年（需5年），"
        "基层工作3年（需2年））"
    ]


def test_head_post_filled_by_a_lateral_move():
    s = scenario(
        [unit("U1"), unit("U2")],
        [person("P1", "U1", 6, role="head"), person("P2", "U2", role="head")],
        enable=("leadership_slots",),
    )
    plan = Plan(s, {("P1", 1): "U2", ("P2", 1): "U1"})
    assert reasons_of(plan, "P2") == ["fills the head post of 城关镇纪委"]
    assert reasons_of(plan, "P2", "zh") == ["补齐城关镇纪委负责人职位"]


def test_young_cadre_sent_to_the_grassroots():
    young = dataclasses.replace(person("P1", "O1", 2), birth_date=dt.date(1996, 3, 1))
    s = scenario(
        [office("O1"), unit("U2")],
        [young, person("P2", "O1")],
        enable=("grassroots",),
    )
    plan = plan_of(s, {"P1": "U2"})
    assert reasons_of(plan, "P1") == ["young cadre sent to the grassroots (rule 12)"]
    assert reasons_of(plan, "P1", "zh") == ["年轻干部到基层锻炼（第12条）"]


def test_makes_room_in_a_full_unit():
    s = scenario(
        [unit("U1"), unit("U2", 0, 2), unit("U3")],
        [person("P1", "U1", 6, name="张三"), person("P2", "U2"), person("P3", "U2")],
    )
    plan = plan_of(s, {"P1": "U2", "P2": "U3"})
    assert reasons_of(plan, "P2") == ["makes room in 东街道纪工委 (maximum 2) for 张三 moving in"]
    assert reasons_of(plan, "P2", "zh") == ["为张三调入东街道纪工委腾出编制（最多2人）"]


def test_frees_a_place_only_when_someone_moves_in():
    s = scenario(
        [unit("U1"), unit("U2"), unit("U3")],
        [person("P1", "U1", 6, name="张三"), person("P2", "U2"), person("P3", "U3")],
    )
    plan = plan_of(s, {"P1": "U2", "P2": "U3"})
    assert reasons_of(plan, "P2") == ["frees a place in 东街道纪工委 for 张三 moving in"]
    assert kinds_of(plan, "P2") == ["frees_place"]


def test_a_move_no_rule_asks_for_says_so():
    s = scenario([unit("U1"), unit("U2")], [person("P1", "U1"), person("P2", "U2")])
    plan = plan_of(s, {"P1": "U2"})
    assert reasons_of(plan, "P1") == [
        "no rule requires this move (the plan would be no worse without it)"
    ]
    assert reasons_of(plan, "P1", "zh") == ["此交流非规则所必需（不作此交流方案亦不变差）"]


def test_otherwise_the_rule_that_would_be_worse_without_the_move():
    # too many senior ranks in the offices: moving one to a township eases the quota
    senior = [dataclasses.replace(person(f"P{i}", "O1"), rank="二级调研员") for i in range(1, 3)]
    s = scenario(
        [office("O1", 0, 10), unit("U2")],
        [*senior, person("P3", "U2")],
        enable=("rank_quota",),
        rank_quota={"quotas": {"二级调研员": 0.1}},
    )
    plan = plan_of(s, {"P1": "U2"})
    assert kinds_of(plan, "P1") == ["rank_quota"]
    assert reasons_of(plan, "P1") == [
        "without this move the goal 'rank quotas' would be worse (+1)"
    ]
    assert reasons_of(plan, "P1", "zh") == ["不作此交流则“职级职数比例”目标变差（+1）"]


def test_retiree_is_a_row_with_no_destination():
    retiring = dataclasses.replace(person("P1", "U1", name="王五"), retire_date=dt.date(2026, 8, 1))
    s = scenario([unit("U1"), unit("U2")], [retiring, person("P2", "U2")], enable=("retirement",))
    plan = Plan.current(s)
    assert [(m.person, m.to_unit, m.retires) for m in plan.iter_moves()] == [("P1", None, True)]
    assert list(plan.iter_moves(retirements=False)) == []
    frame = plan.moves()
    assert list(frame["to_unit"]) == [""] and list(frame["to_name"]) == [""]
    assert list(frame["reasons"]) == ["retires on 2026-08-01"]
    assert list(plan.moves("zh")["reasons"]) == ["于2026-08-01退休"]
    assert plan.stays_past_limit().empty


def test_move_reasons_in_later_rounds_use_the_time_since_arrival():
    s = scenario([unit("U1"), unit("U2")], [person("P1", "U1", 4), person("P2", "U2")])
    s = s.replace(horizon=3)
    plan = Plan(
        s,
        {("P1", 1): "U1", ("P1", 2): "U1", ("P1", 3): "U2", **{("P2", t): "U2" for t in (1, 2, 3)}},
    )
    move = next(plan.iter_moves())
    assert move == Move("P1", 3, "U1", "U2")
    assert move_reasons(plan, move)[0] == "6 years in 城关镇纪委 (limit 5)"


# ---------------------------------------------------------------------------
# stays past a limit


def test_frozen_stay_with_the_stated_reason():
    s = scenario(
        [unit("U1"), unit("U2")],
        [person("P1", "U1", 7, frozen="正在接受审查调查"), person("P2", "U2")],
    )
    plan = Plan.current(s)
    assert stay_of(plan, "P1") == "7 years in 城关镇纪委 (limit 5); frozen: 正在接受审查调查"
    assert (
        stay_of(plan, "P1", "zh")
        == "在城关镇纪委任职7年（满5年须交流）；暂不交流：正在接受审查调查"
    )


def test_probation_stay_says_until_when():
    p1 = dataclasses.replace(person("P1", "U1", 6), probation_end=dt.date(2027, 6, 1))
    s = scenario([unit("U1"), unit("U2")], [p1, person("P2", "U2")])
    plan = Plan.current(s)
    assert stay_of(plan, "P1").endswith("frozen: in probation until 2027-06-01")
    assert stay_of(plan, "P1", "zh").endswith("暂不交流：试用期至2027-06-01")


def test_near_retirement_stay():
    p1 = dataclasses.replace(person("P1", "U1", 6), retire_date=dt.date(2028, 6, 1))
    s = scenario(
        [unit("U1"), unit("U2")], [p1, person("P2", "U2")], enable=("retirement", "near_retirement")
    )
    plan = Plan.current(s)
    assert stay_of(plan, "P1").endswith("retires on 2028-06-01, within 3 years (not rotated)")
    assert stay_of(plan, "P1", "zh").endswith("将于2028-06-01退休，距退休不满3年，不再交流")


def test_minimum_service_stay_under_rule_7():
    p1 = dataclasses.replace(person("P1", "O1", 3.5), work_start=dt.date(2023, 7, 1))
    s = scenario(
        [office("O1"), office("O2")],
        [p1, person("P2", "O2", 1)],
        enable=("minimum_service", "long_tenure"),
    )
    frame = Plan.current(s).stays_past_limit()
    assert list(frame["rule"]) == ["long_tenure"]
    assert list(frame["reason"]) == [
        "3 years 6 months in 单位O1 (rule 7: should move after 3 years); new recruit "
        "(since 2023-07-01) within the minimum service of 5 years"
    ]


def test_pinned_stay():
    s = scenario(
        [unit("U1"), unit("U2")], [person("P1", "U1", 7), person("P2", "U2")], pins=[("P1", "U1")]
    )
    assert stay_of(Plan.current(s), "P1").endswith("; kept by the department (pin)")
    assert stay_of(Plan.current(s), "P1", "zh").endswith("；组织指定留任")


def test_team_turnover_keeps_the_rest_of_the_team():
    s = scenario(
        [office("O1"), office("O2")],
        [person(f"P{i}", "O1", 6) for i in range(1, 4)] + [person("P4", "O2")],
        enable=("long_tenure", "team_turnover"),
    )
    plan = plan_of(s, {"P1": "O2"})
    assert stay_of(plan, "P2") == (
        "6 years in 单位O1 (rule 7: should move after 5 years); keeps the team turnover of "
        "单位O1 within one third (1 of 3 leave, at most 1)"
    )
    assert "单位O1交流人数不超过三分之一（3人中已交流1人，最多1人）" in stay_of(plan, "P2", "zh")
    over = plan_of(s, {"P1": "O2", "P2": "O2"})
    assert stay_of(over, "P3").endswith(
        "单位O1 already loses more than rule 10 allows (2 of 3 leave, at most 1 should)"
    )


def test_head_and_deputy_not_moved_together():
    deputy = dataclasses.replace(
        person("P2", "O1", 6, role="deputy", name="李四"), level_start=dt.date(2015, 1, 1)
    )
    s = scenario(
        [office("O1"), office("O2")],
        [person("P1", "O1", 6, role="head", name="张三"), deputy, person("P3", "O2")],
        enable=("same_level", "head_deputy_apart"),
    )
    plan = plan_of(s, {"P1": "O2"})
    assert stay_of(plan, "P2") == (
        "12 years at the same level (rule 2: should move after 10); the head 张三 of 单位O1 "
        "moves this round (head and deputy are not moved together)"
    )
    assert stay_of(plan, "P2", "zh").endswith("单位O1负责人张三本轮交流，正副职不同时交流")


def test_no_eligible_replacement_for_a_head():
    head = dataclasses.replace(person("P1", "O1", 6, role="head"), level_start=dt.date(2014, 1, 1))
    s = scenario(
        [office("O1"), office("O2")],
        [
            head,
            person("P2", "O1"),
            person("P3", "O2", role="head", frozen="正在接受审查调查"),
            person("P4", "O2"),
        ],
        enable=("same_level", "leadership_slots"),
    )
    plan = Plan.current(s)
    assert stay_of(plan, "P1") == (
        "13 years at the same level (rule 2: should move after 10); no eligible replacement "
        "for the head post of 单位O1"
    )
    assert stay_of(plan, "P1", "zh").endswith("单位O1负责人职位无符合条件的接替人选")
    # with a free head elsewhere there is a replacement, and the stay is the goal's choice
    people = list(s.people)
    people[2] = dataclasses.replace(people[2], frozen="")
    free = s.replace(people=tuple(people))
    assert "is a goal here (weight 50)" in stay_of(Plan.current(free), "P1")


def test_needed_for_the_cover_and_the_band():
    s = scenario(
        [office("O1", 2, 10, needs={"law": 1}), office("O2")],
        [person("P1", "O1", 6, skills=LAW), person("P2", "O1"), person("P3", "O2")],
        enable=("long_tenure",),
    )
    assert stay_of(Plan.current(s), "P1") == (
        "6 years in 单位O1 (rule 7: should move after 5 years); 单位O1 would fall below its "
        "minimum of 2; needed for the law cover of 单位O1"
    )


def test_soft_mandatory_rotation_stay_is_the_goals_choice():
    s = soft(
        scenario([unit("U1"), unit("U2")], [person("P1", "U1", 6), person("P2", "U2")]),
        "mandatory_rotation",
        7,
    )
    assert stay_of(Plan.current(s), "P1") == (
        "6 years in 城关镇纪委 (limit 5); 'mandatory rotation' is a goal here (weight 7), "
        "not a duty"
    )
    hard = scenario([unit("U1"), unit("U2")], [person("P1", "U1", 6), person("P2", "U2")])
    assert stay_of(Plan.current(hard), "P1").endswith(
        "due to move, but the plan does not move them"
    )


def test_explain_stays_leaves_out_movers_and_people_within_limits():
    s = scenario(
        [unit("U1"), unit("U2")],
        [person("P1", "U1", 6), person("P2", "U1", 7, frozen="试用期"), person("P3", "U2")],
    )
    plan = plan_of(s, {"P1": "U2"})
    assert [st.person for st in explain_stays(plan)] == ["P2"]


# ---------------------------------------------------------------------------
# the default district


def test_every_row_of_the_districts_rotation_list_has_reasons_in_both_languages():
    from rotation.io import read_scenario
    from rotation.solvers import solve

    s = read_scenario("scenarios/district")
    r = solve(s, time_limit=30)
    if r.plan is None:
        pytest.skip(f"the default district has no plan yet ({r.status}): {r.message}")
    for lang in ("en", "zh"):
        moves = r.plan.moves(lang)
        assert len(moves) > 0
        assert (moves["reasons"].str.len() > 0).all(), moves
        stays = r.plan.stays_past_limit(lang)
        assert (stays["reason"].str.len() > 0).all()
    en, zh = r.plan.moves("en"), r.plan.moves("zh")
    assert list(en["person"]) == list(zh["person"])
    assert sum(1 for _ in r.plan.iter_moves()) == len(en)
