"""Team composition and goal rules on tiny scenarios: women in teams (36), age gradient
(37), rank quotas (29), grassroots (12), rotation volume (11), workload (人少事多) and
distance. The checker recomputes every amount from the plan alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from rotation.facts import RANKS, road_km
from rotation.plan import Plan
from rotation.report.kpis import compute_kpis
from rotation.rules import Objective
from rotation.scenario import Absence, Distance, Hire, HistoryEntry, Person, Scenario, Unit
from rotation.validate import measure, objective, penalties, tier_values
from tests.helpers import (
    PLAN_DATE,
    assert_infeasible,
    assert_optimal,
    assert_penalty,
    hard,
    off,
    person,
    placed,
    plan_of,
    unit,
    with_rules,
)
from tests.helpers import scenario as tiered_scenario

MINE = (
    "women_in_team",
    "age_gradient",
    "rank_quota",
    "grassroots",
    "rotation_volume",
    "workload",
    "distance",
)


def cadre(
    pid: str,
    unit_id: str,
    years: float = 3,
    *,
    gender: str = "M",
    age: int = 46,
    rank: str = "",
    home: str = "",
    growth: str = "",
    **kwargs: object,
) -> Person:
    """A person of ``age`` on the plan date (default 46: neither young nor old)."""
    p = person(pid, unit_id, years, **kwargs)  # type: ignore[arg-type]
    birth = dt.date(PLAN_DATE.year - age - 1, 6, 1)
    return dataclasses.replace(
        p, gender=gender, birth_date=birth, rank=rank, home=home, growth_place=growth
    )


def place(
    uid: str,
    lo: int = 0,
    hi: int = 10,
    *,
    region: str = "",
    workload: float = 0.0,
    **kwargs: object,
) -> Unit:
    """A unit with a region and a workload."""
    return dataclasses.replace(unit(uid, lo, hi, **kwargs), region=region, workload=workload)  # type: ignore[arg-type]


def weighted(s: Scenario) -> Scenario:
    return s.replace(objective=Objective(mode="weighted"))


def scenario(*args: object, **kwargs: object) -> Scenario:
    """A tiny scenario whose goals are one weighted sum (so weights trade off)."""
    return weighted(tiered_scenario(*args, **kwargs))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# women in the team (rule 36)


def _women_district(**rules: object) -> Scenario:
    return scenario(
        [unit("U1", 2, 3), unit("O1", 1, 3, kind="office")],
        [
            cadre("P1", "U1"),
            cadre("P2", "U1"),
            cadre("P3", "O1", gender="F"),
            cadre("P4", "O1"),
        ],
        enable=["women_in_team"],
        **rules,  # type: ignore[arg-type]
    )


def test_women_in_team_hard_sends_a_woman_to_the_township():
    s = hard(_women_district(), "women_in_team")
    r = assert_optimal(s)
    assert placed(r)["P3"] == "U1"  # the office is not a team of ``kinds``
    assert r.objective == pytest.approx(100)  # one move


def test_women_in_team_soft_by_default_weighs_against_moves():
    r = assert_penalty(_women_district(), "women_in_team", 1, 10)
    assert placed(r)["P3"] == "O1"
    # in tiers (the default), the team mix comes before fewest moves
    r = assert_optimal(_women_district().replace(objective=Objective()))
    assert placed(r)["P3"] == "U1"


def test_women_in_team_infeasible_without_women():
    s = hard(_women_district(), "women_in_team")
    s = s.replace(people=tuple(dataclasses.replace(p, gender="M") for p in s.people))
    assert_infeasible(s, "women_in_team")


def test_women_in_team_exact_penalty():
    s = scenario(
        [unit("U1"), unit("U2"), unit("U3"), unit("O1", kind="office")],
        [cadre("P1", "U1"), cadre("P2", "U2"), cadre("P3", "U3", gender="F"), cadre("P4", "O1")],
        enable=["women_in_team"],
        women_in_team={"weight": 7.0, "min_women": 1},
    )
    r = assert_penalty(s, "women_in_team", 2, 14)
    assert {v.unit for v in measure(s, r.plan)["women_in_team"]} == {"U1", "U2"}


def test_women_in_team_checker_sentences():
    s = _women_district(women_in_team={"min_women": 2})
    found = measure(s, plan_of(s, {"P3": "U1"}))["women_in_team"]
    assert len(found) == 1
    v = found[0]
    assert (v.rule, v.unit, v.amount) == ("women_in_team", "U1", 1)
    assert "城关镇纪委 (U1)" in v.message and "1 women among 3" in v.message and "2" in v.message
    assert "共3人" in v.message_zh and "女干部1名" in v.message_zh and "2名" in v.message_zh


# ---------------------------------------------------------------------------
# age gradient (rule 37)


def _area_units() -> list[Unit]:
    return [
        unit("A1", 1, 4, kind="area", name="第一派驻纪检监察室"),
        unit("U1", 3, 4, area="A1"),
        unit("O1", 1, 3, kind="office"),
    ]


def test_age_gradient_hard_brings_a_young_cadre_into_the_group():
    s = scenario(
        _area_units(),
        [cadre(f"P{i}", "A1" if i == 1 else "U1") for i in range(1, 5)]
        + [cadre("P6", "O1", age=30), cadre("P7", "O1")],
        enable=["age_gradient"],
        age_gradient={"weight": None},
    )
    r = assert_optimal(s)
    # the group of 4 gets its one young cadre: 5 people, ⌈0.2 × 5⌉ = 1
    assert placed(r)["P6"] in {"A1", "U1"}
    assert r.objective == pytest.approx(100)


def test_age_gradient_infeasible_without_young_cadres():
    s = scenario(
        _area_units(),
        [cadre(f"P{i}", "A1" if i == 1 else "U1") for i in range(1, 5)] + [cadre("P6", "O1")],
        enable=["age_gradient"],
        age_gradient={"weight": None},
    )
    assert_infeasible(s, "age_gradient")


def test_age_gradient_exact_penalty_young_short_and_old_over():
    # 5 in the group, none young (⌈0.2·5⌉ = 1 short), 3 old (⌊0.4·5⌋ = 2: 1 over)
    s = scenario(
        [unit("A1", 0, 10, kind="area"), unit("O1", 0, 5, kind="office")],
        [
            cadre("P1", "A1", age=55),
            cadre("P2", "A1", age=56),
            cadre("P3", "A1", age=57),
            cadre("P4", "A1"),
            cadre("P5", "A1"),
        ],
        enable=["age_gradient"],
        age_gradient={"weight": 7.0},
    )
    r = assert_penalty(s, "age_gradient", 2, 14)
    found = measure(s, r.plan)["age_gradient"]
    assert [v.amount for v in found] == [1, 1] and {v.unit for v in found} == {"A1"}


def test_age_gradient_uneven_shares_round_alike():
    # young_share 1/3 of 7 → ⌈7/3⌉ = 3 young; old_share 0.45 of 7 → ⌊3.15⌋ = 3 old
    s = scenario(
        [unit("A1", 0, 10, kind="area"), unit("U1", 0, 10, area="A1")],
        [cadre("P1", "A1", age=30)]
        + [cadre(f"P{i}", "U1", age=60) for i in range(2, 7)]
        + [cadre("P7", "U1")],
        enable=["age_gradient"],
        age_gradient={"weight": 7.0, "young_share": 1 / 3, "old_share": 0.45},
    )
    assert s.rules.age_gradient.band(7) == (3, 3)
    assert_penalty(s, "age_gradient", 2 + 2, 28)


def test_age_gradient_checker_sentences():
    s = scenario(
        _area_units(),
        [
            cadre("P1", "A1", age=55),
            cadre("P2", "A1", age=55),
            cadre("P3", "U1", age=55),
            cadre("P4", "U1"),
            cadre("P5", "O1", age=30),
        ],
        enable=["age_gradient"],
    )
    found = measure(s, plan_of(s, {}))["age_gradient"]
    assert [(v.unit, v.amount) for v in found] == [("A1", 1), ("A1", 2)]
    short, over = found
    assert "第一派驻纪检监察室 (A1)" in short.message and "0 under 35" in short.message
    assert "1 that a share of 20%" in short.message
    assert "35岁以下干部0名" in short.message_zh and "应有的1名" in short.message_zh
    assert "3 over 50" in over.message and "1 that a share of 40%" in over.message
    assert "50岁以上干部3名" in over.message_zh and "允许的1名" in over.message_zh
    assert "4 people" in short.message and "共4人" in short.message_zh


# ---------------------------------------------------------------------------
# rank quotas (rule 29)


def _quota_district(**changes: object) -> Scenario:
    rank = "四级调研员"
    return scenario(
        [unit("O1", 0, 10, kind="office"), unit("O2", 0, 10, kind="office"), unit("T1", 0, 5)],
        [cadre(f"P{i}", "O1", rank=rank) for i in range(1, 4)] + [cadre("P4", "T1")],
        enable=["rank_quota"],
        rank_quota={"scope": ("office",), "quotas": {"三级调研员|四级调研员": 0.1}, **changes},
    )


def test_rank_quota_hard_moves_one_out_of_scope():
    r = assert_optimal(_quota_district(weight=None))  # cap ⌊0.1 × 20⌋ = 2
    where = placed(r)
    assert sorted(where[p] for p in ("P1", "P2", "P3")).count("T1") == 1


def test_rank_quota_infeasible_when_all_units_are_in_scope():
    s = _quota_district(weight=None, scope=("office", "township"))  # cap ⌊0.1 × 25⌋ = 2
    assert_infeasible(s, "rank_quota")


def test_rank_quota_exact_penalty():
    r = assert_penalty(_quota_district(weight=7.0), "rank_quota", 1, 7)
    assert all(placed(r)[p] == "O1" for p in ("P1", "P2", "P3"))


def test_rank_quota_checker_sentences():
    s = _quota_district(
        quotas={"三级调研员|四级调研员": 0.1, "四级调研员": 0.05, "二级调研员": 0.02}
    )
    found = measure(s, plan_of(s, {}))["rank_quota"]
    assert [v.amount for v in found] == [1, 2]  # caps 2 and 1; nobody at 二级调研员
    v = found[0]
    assert "3 people at 三级调研员 or 四级调研员" in v.message
    assert "quota of 2 (10% of 20 posts)" in v.message
    assert "三级调研员、四级调研员3名" in v.message_zh and "上限2名" in v.message_zh
    assert "编制20名的10%" in v.message_zh


# ---------------------------------------------------------------------------
# grassroots (rule 12)


def _grassroots_district(**rules: object) -> Scenario:
    # P1, aged 30, 11 years in an office, never at the grassroots: must move; wishes O2
    return scenario(
        [unit("O1", 0, 5, kind="office"), unit("O2", 0, 5, kind="office"), unit("T1", 0, 2)],
        [
            cadre("P1", "O1", 11, age=30, prefs=["O2"]),
            cadre("P2", "O1"),
            cadre("P3", "T1", frozen="试用期"),
            cadre("P4", "O2"),
        ],
        enable=["grassroots"],
        **rules,  # type: ignore[arg-type]
    )


def test_grassroots_hard_sends_the_young_mover_to_a_township():
    assert placed(assert_optimal(off(_grassroots_district(), "grassroots")))["P1"] == "O2"
    assert placed(assert_optimal(_grassroots_district()))["P1"] == "T1"  # 5 > a wish (1)
    r = assert_optimal(_grassroots_district(grassroots={"weight": None}))
    assert placed(r)["P1"] == "T1"
    assert r.penalties["preferences"] == 1


def test_grassroots_infeasible_when_the_township_is_full():
    s = _grassroots_district(grassroots={"weight": None})
    s = s.replace(units=(*s.units[:2], unit("T1", 0, 1)))
    assert_infeasible(s, "grassroots")


def test_grassroots_exact_penalty():
    s = _grassroots_district(grassroots={"weight": 7.0})
    s = s.replace(units=(*s.units[:2], unit("T1", 0, 1)))
    r = assert_penalty(s, "grassroots", 1, 7)  # the move itself is mandatory, the wish met
    assert placed(r)["P1"] == "O2"


def test_grassroots_stayers_count_and_move_when_hard():
    s = _grassroots_district(grassroots={"weight": 7.0, "stayers": True})
    s = s.replace(
        people=(dataclasses.replace(s.people[0], post_start=dt.date(2024, 1, 1)), *s.people[1:])
    )
    assert_penalty(s, "grassroots", 1, 7)  # staying in the office costs 7 < a move (100)
    r = assert_optimal(hard(s, "grassroots"))
    assert placed(r)["P1"] == "T1"


def test_grassroots_experience_and_age_exempt():
    s = _grassroots_district()
    # P1 has served in T1 before: not bound
    with_history = s.replace(
        history=(HistoryEntry("P1", "T1", dt.date(2012, 1, 1), dt.date(2014, 1, 1)),)
    )
    assert measure(with_history, plan_of(with_history, {"P1": "O2"}))["grassroots"] == []
    older = s.replace(
        people=(dataclasses.replace(s.people[0], birth_date=dt.date(1980, 1, 1)), *s.people[1:])
    )
    assert measure(older, plan_of(older, {"P1": "O2"}))["grassroots"] == []


def test_grassroots_checker_sentences():
    s = _grassroots_district()
    found = measure(s, plan_of(s, {"P1": "O2"}))["grassroots"]
    assert len(found) == 1
    v = found[0]
    assert (v.person, v.unit, v.amount) == ("P1", "O2", 1)
    assert "干部P1 (P1), aged 30" in v.message and "up to 35" in v.message
    assert "0 months at the grassroots" in v.message and "moves to 单位O2 (O2)" in v.message
    assert (
        "30岁" in v.message_zh
        and "35岁及以下" in v.message_zh
        and "调往单位O2 (O2)" in v.message_zh
    )


# ---------------------------------------------------------------------------
# rotation volume (rule 11)


def _volume_district(**rules: object) -> Scenario:
    # four heads, share 0.5: two should move
    return scenario(
        [unit(f"U{i}", 1, 3) for i in range(1, 5)],
        [cadre(f"P{i}", f"U{i}", role="head") for i in range(1, 5)]
        + [cadre(f"M{i}", f"U{i}") for i in range(1, 5)],
        enable=["rotation_volume"],
        rotation_volume={"share": 0.5, "roles": ("head",), **rules},
    )


def test_rotation_volume_hard_moves_the_target():
    r = assert_optimal(_volume_district(weight=None))
    moved = [m.person for m in r.plan.iter_moves()]
    assert len(moved) == 2 and all(p.startswith("P") for p in moved)
    assert r.objective == pytest.approx(200)


def test_rotation_volume_infeasible_when_heads_are_frozen():
    s = _volume_district(weight=None)
    s = s.replace(
        people=tuple(
            dataclasses.replace(p, frozen="试用期") if p.role == "head" else p for p in s.people
        )
    )
    assert_infeasible(s, "rotation_volume")


def test_rotation_volume_exact_penalty():
    r = assert_penalty(_volume_district(weight=7.0), "rotation_volume", 2, 14)
    assert list(r.plan.iter_moves()) == []


def test_rotation_volume_target_rounds_up_and_skips_the_retired():
    s = _volume_district(share=0.2)
    assert [s.rules.rotation_volume.target(n) for n in (0, 1, 5, 6)] == [0, 1, 1, 2]
    gone = s.replace(
        people=(dataclasses.replace(s.people[0], retire_date=dt.date(2026, 6, 1)), *s.people[1:]),
        rules=dataclasses.replace(
            s.rules, retirement=dataclasses.replace(s.rules.retirement, enabled=True)
        ),
    )
    plan = Plan(gone, {k: v for k, v in plan_of(gone, {}).assignments.items() if k[0] != "P1"})
    found = measure(gone, plan)["rotation_volume"]
    assert len(found) == 1 and found[0].amount == 1  # ⌈0.2 × 3⌉ = 1
    assert "0 of the 3 people in head posts" in found[0].message
    assert "3名负责人中交流0名" in found[0].message_zh and "1名" in found[0].message_zh


# ---------------------------------------------------------------------------
# workload (人少事多)


def _workload_district() -> Scenario:
    # U1 has 12 units of work on one person, U2 3 on three
    return scenario(
        [place("U1", 1, 5, workload=12), place("U2", 1, 5, workload=3)],
        [cadre("P1", "U1")] + [cadre(f"P{i}", "U2") for i in range(2, 5)],
        enable=["workload"],
    )


def test_workload_weighted_spreads_the_people():
    s = weighted(with_rules(_workload_district(), workload={"weight": 10.0}))
    # stay: 120 steps × 10; one move: 60 × 10 + 100; two moves: max(40, 30) × 10 + 200
    r = assert_penalty(s, "workload", 40, 600)
    assert placed(r)["P1"] == "U1"
    assert len(r.plan.members("U1", 1)) == 3


def test_workload_first_tier_before_fewest_moves():
    s = _workload_district()
    s = s.replace(
        objective=Objective(mode="tiers", tiers=(("workload",), ("fewest_moves", "preferences")))
    )
    r = assert_optimal(s)
    assert len(r.plan.members("U1", 1)) == 3  # the max 40 needs U1 3 (4.0) and U2 1 (3.0)
    assert r.tiers[0].value == 40 and r.tiers[1].value == 200


def test_workload_exact_penalty_rounds_up_and_counts_an_empty_unit():
    s = scenario(
        [
            place("U1", 0, 5, workload=10),
            place("U2", 0, 5, workload=7),
            place("U3", 0, 5, workload=2.5),
        ],
        [cadre(f"P{i}", "U1", frozen="试用期") for i in range(1, 5)]
        + [cadre(f"P{i}", "U2", frozen="试用期") for i in range(5, 8)],
        enable=["workload"],
        workload={"weight": 7.0},
    )
    assert s.rules.workload.steps(7, 3) == 24  # 2.33… → 24 steps of 0.1
    r = assert_penalty(s, "workload", 25, 175)  # U3 empty: 2.5 on nobody = 25 steps
    (v,) = measure(s, r.plan)["workload"]
    assert v.unit == "U1"  # 10 / 4 = 2.5, the first unit at the max
    s2 = with_rules(s, workload={"weight": 7.0, "precision": 0.5})
    assert_penalty(s2, "workload", 5, 35)  # U1 2.5/0.5 = 5; U2 7/3/0.5 = 4.67 → 5; U3 5


def test_workload_is_shared_with_a_planned_hire():
    # U1 (band 2–5, work 12) and U2 (band 1–5, work 3) hold frozen people, two and one;
    # H1 joins in round 1. In U1 the max is max(12/3, 3/1) = 4.0; in U2 max(12/2, 3/2)
    # = 6.0: the hire goes to U1 and is counted there by the model and the checker alike
    frozen = "试用期"
    s = scenario(
        [place("U1", 2, 5, workload=12), place("U2", 1, 5, workload=3)],
        [cadre(pid, uid, frozen=frozen) for pid, uid in (("P1", "U1"), ("P2", "U1"), ("P3", "U2"))],
        enable=["workload"],
    ).replace(hires=(Hire("H1", 1),))
    r = assert_penalty(s, "workload", 40, 40)
    assert r.plan.hires_in("U1", 1) == ["H1"]
    assert r.plan.at_work("U1", 1) == ["P1", "P2", "H1"]
    (v,) = measure(s, r.plan)["workload"]
    assert "12 on 3 people" in v.message
    assert compute_kpis(r.plan).workload.set_index("unit").loc["U1", "people"] == 3


def test_workload_is_not_shared_by_someone_away():
    # U1 (work 12) has P1–P3 over two rounds, H1 joining in round 2. P3's training (one
    # round, in round 1 or 2) takes them out of the unit's work: away in round 1 the
    # rounds cost 12/2 + 12/4 = 6.0 + 3.0, away in round 2 12/3 + 12/3 = 4.0 + 4.0; the
    # plan sends P3 in round 2 for 80 steps of 0.1
    s = scenario(
        [place("U1", 1, 5, workload=12)],
        [cadre(f"P{i}", "U1") for i in (1, 2, 3)],
        enable=["workload", "training"],
    ).replace(horizon=2, hires=(Hire("H1", 2),), absences=(Absence("P3", "training", 1, 1, 2),))
    r = assert_penalty(s, "workload", 80, 80)
    (leave,) = r.plan.leaves
    assert (leave.person, leave.start) == ("P3", 2)
    assert r.plan.at_work("U1", 2) == ["P1", "P2", "H1"]
    assert [v.amount for v in measure(s, r.plan)["workload"]] == [40, 40]


def test_workload_checker_sentences():
    s = _workload_district()
    (v,) = measure(s, plan_of(s, {}))["workload"]
    assert (v.rule, v.unit, v.amount) == ("workload", "U1", 120)
    assert "largest workload per person is 12 in 城关镇纪委 (U1)" in v.message
    assert "12 on 1 person" in v.message and "120 steps of 0.1" in v.message
    assert "人均工作量最大为12" in v.message_zh and "由1人承担" in v.message_zh
    assert "120档" in v.message_zh


# ---------------------------------------------------------------------------
# distance


ROADS = (Distance("城关", "东街", 10), Distance("东街", "西乡", 15), Distance("城关", "西乡", 40))


def _distance_district() -> Scenario:
    # P1 lives in 城关 and must leave U1; wishes 西乡 (25 km by road) before 东街 (10 km)
    s = scenario(
        [
            place("U1", 0, 5, region="城关"),
            place("U2", 0, 5, region="东街"),
            place("U3", 0, 5, region="西乡"),
            place("U4", 0, 5, region="北山"),
        ],
        [cadre("P1", "U1", 6, home="城关", prefs=["U3", "U2"]), cadre("P2", "U2")],
        enable=["distance"],
    )
    return s.replace(distances=ROADS)


def test_distance_roads_are_shortest_paths():
    s = _distance_district()
    km = road_km(s)
    assert km[("城关", "西乡")] == 25 and km[("西乡", "城关")] == 25
    assert ("城关", "北山") not in km
    assert road_km(s) is km  # computed once per scenario
    spec, p1 = s.rules.distance, s.person["P1"]
    assert [spec.km(s, p1, s.unit[u]) for u in ("U1", "U2", "U3", "U4")] == [0, 10, 25, 100]
    # home, else growth place, else the current unit's place
    p2 = s.person["P2"]
    assert spec.origin(s, p2) == "东街"
    assert spec.origin(s, dataclasses.replace(p2, growth_place="西乡")) == "西乡"
    # km are whole: 12.6 → 13
    bent = s.replace(distances=(Distance("城关", "东街", 12.6),))
    assert spec.km(bent, p1, bent.unit["U2"]) == 13


def test_distance_weighs_against_wishes():
    s = _distance_district()
    r = assert_optimal(s)
    # 东街: 2nd wish (1) + 10 km × 0.1 = 2; 西乡: 1st wish (0) + 25 × 0.1 = 2.5
    assert placed(r)["P1"] == "U2"
    assert r.objective == pytest.approx(2)
    assert r.penalties["distance"] == 10


def test_distance_exact_penalty_unreachable():
    s = _distance_district()
    s = with_rules(s, distance={"weight": 7.0, "unreachable_km": 30.0})
    frozen = dataclasses.replace(s.people[1], frozen="试用期")
    s = s.replace(
        units=tuple(dataclasses.replace(u, max_staff=1) if u.id != "U4" else u for u in s.units),
        people=(s.people[0], frozen, cadre("P3", "U3", frozen="试用期")),
    )
    # U2 and U3 are full: the only place left is off the roads (30 km); no wish met (2)
    r = assert_penalty(s, "distance", 30, 210 + 2)
    assert placed(r)["P1"] == "U4"


def test_distance_checker_sentences():
    s = _distance_district()
    (v,) = measure(s, plan_of(s, {"P1": "U3"}))["distance"]
    assert (v.person, v.unit, v.amount) == ("P1", "U3", 25)
    assert "moves 25 km from 城关 to 西乡纪委 (U3) in 西乡" in v.message
    assert "由城关调往西乡的西乡纪委 (U3)" in v.message_zh and "25公里" in v.message_zh


# ---------------------------------------------------------------------------
# the objective recomputed from the plan: weighted and per tier


def _goals_district() -> Scenario:
    s = scenario(
        [
            place("U1", 1, 4, region="城关", workload=12),
            place("U2", 1, 4, region="东街", workload=4),
            place("U3", 1, 4, region="西乡", workload=6),
        ],
        [
            cadre("P1", "U1", 6, home="城关", prefs=["U3"]),
            cadre("P2", "U2", home="东街"),
            cadre("P3", "U2", home="西乡", prefs=["U1"]),
            cadre("P4", "U3", home="城关"),
            cadre("P5", "U2", 7, home="东街"),
        ],
        enable=["workload", "distance"],
    )
    return s.replace(distances=ROADS)


def test_weighted_goals_objective_is_recomputed_from_the_plan():
    s = weighted(_goals_district())
    r = assert_optimal(s)
    assert len(r.tiers) == 1
    assert r.tiers[0].value == pytest.approx(objective(s, r.plan))
    assert tier_values(s, r.plan) == [pytest.approx(r.objective)]


def test_tier_values_are_recomputed_from_the_plan():
    s = _goals_district().replace(objective=Objective())
    r = assert_optimal(s)
    tiers = s.objective.tiers_for(s.rules)
    values = tier_values(s, r.plan)
    assert len(values) == len(tiers)
    names = [tuple(spec.name for spec in tier) for tier in tiers]
    assert [t.rules for t in r.tiers] == [n for n in names if n in {t.rules for t in r.tiers}]
    for t in r.tiers:
        assert t.value == pytest.approx(values[names.index(t.rules)]), t.rules
    assert sum(values) == pytest.approx(r.objective)


# ---------------------------------------------------------------------------
# the model's amounts equal the checker's on arbitrary (pinned) plans


def _random_pinned(seed: int, banded: bool) -> Scenario:
    rng = random.Random(seed)
    places = ["城关", "东街", "西乡", "北山"]
    units = [
        place("A1", 0, 10, kind="area", region=rng.choice(places), workload=rng.choice([0, 7.5])),
        place("T1", 0, 10, area="A1", region=rng.choice(places), workload=rng.choice([0, 9])),
        place("T2", 0, 10, area="A1", region=rng.choice(places), workload=11),
        place("O1", 0, 10, kind="office", region=rng.choice(places), workload=4),
        place("D1", 0, 10, kind="department", region=rng.choice(places)),
    ]
    ids = [u.id for u in units]
    people = [
        cadre(
            f"P{i}",
            rng.choice(ids),
            rng.randint(2, 12),
            gender=rng.choice("MF"),
            age=rng.randint(26, 58),
            rank=rng.choice(["", *RANKS[2:8]]),
            home=rng.choice(["", *places]),
            role=rng.choice(["member", "member", "deputy", "head"]),
        )
        for i in range(1, 13)
    ]
    pins = [(p.id, rng.choice(ids[: rng.randint(2, 5)])) for p in people]
    if banded:  # tight bands around the pinned headcounts: the workload model uses them
        count = {uid: sum(u == uid for _, u in pins) for uid in ids}
        units = [
            dataclasses.replace(
                u, min_staff=max(0, count[u.id] - 1), max_staff=count[u.id] + rng.randint(0, 2)
            )
            for u in units
        ]
    s = scenario(
        units,
        people,
        pins=pins,
        enable=MINE,
        women_in_team={"weight": 3.0, "min_women": 2, "kinds": ("township", "area", "office")},
        age_gradient={"weight": 7.0, "young_share": 0.3, "old_share": 0.45, "young_age": 38},
        rank_quota={
            "weight": 5.0,
            "scope": ("office", "area", "township"),
            "quotas": {"四级主任科员|三级主任科员": 0.15, "四级调研员": 0.05},
        },
        grassroots={"weight": 11.0, "stayers": rng.random() < 0.5, "max_age": 40},
        rotation_volume={"weight": 13.0, "share": 0.85, "roles": ("head", "deputy")},
        workload={"weight": 0.5, "precision": 0.25},
        distance={"weight": 0.2, "unreachable_km": 33.0},
    )
    s = s.replace(distances=ROADS, objective=Objective(mode="weighted"))
    s = off(s, "skill_cover")
    return s if banded else off(s, "headcount")


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("banded", [True, False])
def test_amounts_equal_the_checker_on_pinned_plans(seed: int, banded: bool):
    s = _random_pinned(seed, banded)
    r = assert_optimal(s)
    assert placed(r) == {pin.person: pin.unit for pin in s.pins}
    found = penalties(s, r.plan)
    for name in MINE:
        assert r.penalties.get(name, 0) == found[name], name
    assert any(found[name] for name in MINE)


def test_age_gradient_brackets_are_strict():
    spec = scenario([unit("U1")], [cadre("P1", "U1")], enable=["age_gradient"]).rules.age_gradient
    ages = {age: spec.bracket(cadre("P", "U1", age=age), PLAN_DATE) for age in (34, 35, 50, 51)}
    assert ages == {34: "young", 35: "", 50: "", 51: "old"}
