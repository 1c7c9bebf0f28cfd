"""Vacancies and recruitment (issue 4, item 3): where the people available cannot meet a
unit's band or skill needs in a round, the plan names the posts it leaves to recruitment
(unit, round, skills) at a cost instead of failing; a move that fills the need is
preferred, and a vacancy is a post within the band."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from rotation.plan import Plan, Vacancy
from rotation.scenario import Scenario
from rotation.validate import measure, validate
from tests.helpers import (
    assert_infeasible,
    assert_optimal,
    assert_penalty,
    off,
    person,
    scenario,
    unit,
    with_rules,
)

LAW = ("law",)


def _lawyer_retires(spare: bool = False) -> Scenario:
    """U1 needs law; its only law holder P1 retires on 2027-06-01 (in the plan in round
    1 only). With ``spare``, P3 (law, 3 years in U2) could move there."""
    people = [
        dataclasses.replace(person("P1", "U1", 2, skills=LAW), retire_date=dt.date(2027, 6, 1)),
        person("P2", "U1", 2),
        person("P3", "U2", 3, skills=LAW if spare else ()),
    ]
    s = scenario(
        [unit("U1", needs={"law": 1}), unit("U2")],
        people,
        enable=("retirement", "vacancies"),
    )
    return s.replace(horizon=3)


def test_vacancies_name_the_posts_and_skills_left_to_recruit_for():
    # rounds 2 and 3: no law holder for U1 anywhere: one post with law each round,
    # 1000 each; without the rule there is no plan
    r = assert_penalty(_lawyer_retires(), "vacancies", 2, 2000)
    assert r.plan is not None
    assert r.plan.vacancies == (
        Vacancy("U1", 2, 1, (("law", 1),)),
        Vacancy("U1", 3, 1, (("law", 1),)),
    )
    frame = r.plan.vacancy_frame("zh")
    assert list(frame.itertuples(index=False, name=None)) == [
        ("U1", "城关镇纪委", 2, 2028, 1, "法律 1"),
        ("U1", "城关镇纪委", 3, 2029, 1, "法律 1"),
    ]
    found = measure(r.plan.scenario, r.plan)["vacancies"]
    assert (
        found[0].message
        == "城关镇纪委 (U1) leaves 1 post(s) to recruit for in round 2 (2028) (1 with law)"
    )
    assert (
        found[0].message_zh
        == "城关镇纪委 (U1) 第2轮（2028年）空缺1个岗位，需招录补充（其中法律专业1名）"
    )
    assert_infeasible(off(_lawyer_retires(), "vacancies"), "skill_cover")


def test_a_move_is_preferred_to_a_vacancy():
    # P3 (law) can move to U1 in round 2 for 100 rather than a post left open (1000)
    r = assert_optimal(_lawyer_retires(spare=True))
    assert r.plan is not None and r.plan.vacancies == ()
    assert r.plan.unit_of("P3", 2) == "U1"
    assert r.objective == 100


def test_a_headcount_below_the_band_is_a_vacancy_each_round():
    # U1 needs 3 people, 2 are there and nobody else may come (P3 frozen in U2): one post
    # in each of the 2 rounds
    s = scenario(
        [unit("U1", 3, 5), unit("U2", 0, 5)],
        [person("P1", "U1"), person("P2", "U1"), person("P3", "U2", frozen="正在接受审查调查")],
        enable=("vacancies",),
    ).replace(horizon=2)
    r = assert_penalty(s, "vacancies", 2, 2000)
    assert [(v.unit, v.period, v.posts, v.skills) for v in r.plan.vacancies] == [
        ("U1", 1, 1, ()),
        ("U1", 2, 1, ()),
    ]


def test_a_vacancy_is_a_post_within_the_band():
    # U1 is full (2 of 2) and needs law, which nobody has: someone must leave to make
    # room for the recruit (a move by choice, 100) before the post can be left open
    s = scenario(
        [unit("U1", 0, 2, needs={"law": 1}), unit("U2")],
        [person("P1", "U1"), person("P2", "U1"), person("P3", "U2")],
        enable=("vacancies",),
    )
    r = assert_penalty(s, "vacancies", 1, 1100)
    assert r.plan is not None
    assert len(r.plan.members("U1", 1)) == 1
    assert r.plan.vacancies == (Vacancy("U1", 1, 1, (("law", 1),)),)


def test_the_checker_counts_the_vacancies_in_the_band_and_the_cover():
    s = scenario(
        [unit("U1", 2, 2, needs={"law": 1}), unit("U2")],
        [person("P1", "U1"), person("P2", "U2")],
        enable=("vacancies",),
    )
    staffed = {("P1", 1): "U1", ("P2", 1): "U2"}
    assert validate(s, Plan(s, staffed, {}, (Vacancy("U1", 1, 1, (("law", 1),)),))) == []
    short = validate(s, Plan(s, staffed, {}, (Vacancy("U1", 1, 1),)))
    assert [v.rule for v in short] == ["skill_cover"]
    over = validate(s, Plan(s, staffed, {}, (Vacancy("U1", 1, 2, (("law", 1),)),)))
    assert [(v.rule, v.amount) for v in over] == [("headcount", 1)]
    # with the rule off, a plan's vacancies count for nothing
    off_rule = with_rules(s, vacancies={"enabled": False})
    assert {v.rule for v in validate(off_rule, Plan(s, staffed, {}, (Vacancy("U1", 1, 1),)))} == {
        "headcount",
        "skill_cover",
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_vacancies_are_written_as_a_recruitment_plan(tmp_path: Path, lang: str) -> None:
    from rotation.report.outputs import write_outputs

    s = _lawyer_retires()
    r = assert_optimal(s)
    write_outputs(s, r, tmp_path, input_hash="-", lang=lang)
    frame = pd.read_csv(tmp_path / "vacancies.csv", encoding="utf-8-sig")
    assert list(frame["round"]) == [2, 3] and list(frame["posts"]) == [1, 1]
    sheets = pd.read_excel(tmp_path / "plan.xlsx", sheet_name=None)
    assert list(sheets["招录需求"]["空缺岗位数"]) == [1, 1]
    by_year = sheets["逐年指标"].set_index("指标")
    assert list(by_year.loc["空缺岗位（招录需求）"].astype(int)) == [0, 1, 1, 2]
