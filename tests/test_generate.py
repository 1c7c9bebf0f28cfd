"""The generator: deterministic, shaped like a district, lawful now and feasible.

Feasibility is checked with a tiny CP-SAT model written here (not the real one in
``rotation.models``), so the generator is tested independently of the formulation.
"""

from __future__ import annotations

import collections
import datetime as dt
import random
from functools import cache
from pathlib import Path

import networkx as nx
import pytest
from ortools.sat.python import cp_model

from rotation.dates import add_months, full_years, served_at_least
from rotation.facts import (
    RANKS,
    Duty,
    is_frozen,
    level_start,
    months_in_unit,
    obligation,
    promotion_blockers,
    retire_date,
)
from rotation.generate import (
    PRESETS,
    chinese_number,
    generate,
    generate_preset,
    generate_preset_with_plan,
    generate_with_plan,
)
from rotation.plan import Plan
from rotation.scenario import EDUCATION, Scenario
from rotation.validate import validate


@cache
def district() -> Scenario:
    return generate_preset("district")


@cache
def city() -> Scenario:
    return generate_preset("city")


# ---------------------------------------------------------------------------
# determinism


def test_same_seed_same_scenario() -> None:
    assert generate(150, 30, 7) == generate(150, 30, 7)


def test_different_seed_different_scenario() -> None:
    a, b = generate(150, 30, 7), generate(150, 30, 8)
    assert a.people != b.people
    assert a.units != b.units


def test_presets() -> None:
    assert set(PRESETS) >= {"district", "city", "province", "district-5y"}
    assert PRESETS["district"][:2] == (150, 30)
    assert PRESETS["city"][:2] == (1500, 300)
    assert PRESETS["province"][:2] == (15000, 3000)
    five = generate_preset("district-5y")
    assert five.horizon == 5
    assert five.people == district().people
    with pytest.raises(ValueError, match="unknown preset"):
        generate_preset("planet")


def test_too_small_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least 8 units"):
        generate(20, 5, 1)
    with pytest.raises(ValueError, match="too few"):
        generate(30, 30, 1)


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (1, 10, 12, 20, 105, 300, 1010)] == [
        "一", "十", "十二", "二十", "一百零五", "三百", "一千零一十",
    ]  # fmt: skip


# ---------------------------------------------------------------------------
# shape


def test_district_shape() -> None:
    s = district()
    kinds = collections.Counter(u.kind for u in s.units)
    assert 140 <= len(s.people) <= 150
    assert len(s.units) == 30
    assert kinds["area"] == 3
    assert kinds["township"] >= 12
    assert kinds["department"] >= 6
    assert kinds["office"] >= 5
    assert len(s.relations) >= 10
    assert s.plan_date == dt.date(2027, 1, 1)
    assert s.name == "示例区纪委监委"
    assert 1 <= len(s.pins) <= 2
    assert any(u.name == "城关镇纪委" for u in s.units)
    assert len({u.name for u in s.units}) == len(s.units)


@pytest.mark.parametrize("people,units", [(150, 30), (400, 80), (1500, 300)])
def test_area_count_scales(people: int, units: int) -> None:
    s = generate(people, units, 3)
    areas = sum(u.kind == "area" for u in s.units)
    assert areas == max(3, round(units / 10))
    assert len({u.name for u in s.units}) == len(s.units)


@pytest.mark.parametrize("scenario", [district, city], ids=["district", "city"])
def test_bands_and_current_headcount(scenario) -> None:  # type: ignore[no-untyped-def]
    s = scenario()
    count = collections.Counter(p.unit for p in s.people)
    for u in s.units:
        assert u.min_staff <= count[u.id] <= u.max_staff, u
        if u.kind != "office":
            assert u.max_staff - u.min_staff >= 2
    # comfortable slack both ways
    assert sum(u.min_staff for u in s.units) <= 0.85 * len(s.people)
    assert sum(u.max_staff for u in s.units) >= 1.15 * len(s.people)


def test_district_bands_are_the_usual_ones() -> None:
    for u in district().units:
        if u.kind != "office":
            assert (u.min_staff, u.max_staff) == (3, 5)
        else:
            assert u.min_staff >= 2 and u.max_staff <= 15


@pytest.mark.parametrize("scenario", [district, city], ids=["district", "city"])
def test_people_shape(scenario) -> None:  # type: ignore[no-untyped-def]
    s = scenario()
    n = len(s.people)
    women = sum(p.gender == "F" for p in s.people) / n
    assert 0.3 <= women <= 0.5
    for skill in ("law", "finance", "audit"):
        share = sum(skill in p.skills for p in s.people) / n
        assert 0.15 <= share <= 0.25, skill
    assert any(len(p.skills) >= 2 for p in s.people)
    for p in s.people:
        assert 24 <= full_years(p.birth_date, s.plan_date) <= 62  # the retiring are 55–62
        assert full_years(p.post_start, s.plan_date) <= 15
        assert full_years(p.birth_date, p.post_start) >= 21
        assert p.retire_date is None
        assert s.unit[p.unit].id not in p.preferences
        assert len(p.preferences) <= 3
    tenure = [months_in_unit(s, p.id) for p in s.people]
    assert min(tenure) < 12
    assert max(tenure) >= 12 * 10
    grassroots = [
        months_in_unit(s, p.id) for p in s.people if s.unit[p.unit].kind in ("area", "township")
    ]
    assert sum(m >= 60 for m in grassroots) >= 0.15 * len(grassroots)
    frozen = sum(bool(is_frozen(p, s.plan_date)) for p in s.people) / n
    assert 0.01 <= frozen <= 0.08
    wishes = sum(bool(p.preferences) for p in s.people) / n
    assert 0.4 <= wishes <= 0.6
    assert len(s.history) >= 0.3 * n
    assert len(s.relations) >= max(10, n / 15)


@pytest.mark.parametrize("scenario", [district, city], ids=["district", "city"])
def test_roles_and_ranks(scenario) -> None:  # type: ignore[no-untyped-def]
    s = scenario()
    heads = collections.Counter(p.unit for p in s.people if p.role == "head")
    assert all(heads[u.id] == u.heads == 1 for u in s.units)
    deputies = collections.Counter(p.unit for p in s.people if p.role == "deputy")
    assert all(deputies[u.id] <= u.deputies for u in s.units)
    assert sum(deputies[u.id] >= 1 for u in s.units) >= 0.7 * len(s.units)
    assert any(deputies[u.id] < u.deputies for u in s.units)  # vacancies: promotions possible
    assert {u.deputies for u in s.units} == {1, 2}
    assert all(u.deputies == 1 for u in s.units if u.kind != "office")
    for p in s.people:
        assert p.rank in RANKS
        if p.role == "head":
            assert "科员" not in p.rank or "主任" in p.rank
        if p.role in ("head", "deputy"):
            assert p.level_start is not None and p.level_start <= s.plan_date
        else:
            assert p.level_start is None
        # today's heads do not head a unit of their growth place
        if p.role == "head":
            assert p.growth_place != s.unit[p.unit].region


def test_history_is_before_the_current_post() -> None:
    s = district()
    for h in s.history:
        p = s.person[h.person]
        assert h.unit != p.unit
        assert h.end < p.post_start
        assert full_years(p.birth_date, h.start) >= 21
    assert any(s.unit[h.unit].kind == "township" for h in s.history)


@pytest.mark.parametrize("scenario", [district, city], ids=["district", "city"])
def test_areas_supervise_contiguous_groups(scenario) -> None:  # type: ignore[no-untyped-def]
    s = scenario()
    roads = nx.Graph()
    roads.add_weighted_edges_from((d.a, d.b, d.km) for d in s.distances)
    places = {u.region for u in s.units}
    assert places <= set(roads.nodes)
    # each county's roads join all its places; no road joins two counties
    counties = {u.county for u in s.units}
    assert len(counties) == (10 if s is city() else 1)
    assert nx.number_connected_components(roads) == len(counties)
    for county in counties:
        assert nx.is_connected(roads.subgraph({u.region for u in s.units if u.county == county}))
    assert all(3 <= d.km <= 60 for d in s.distances)
    for area in (u for u in s.units if u.kind == "area"):
        assert area.area == ""
        towns = {u.region for u in s.units if u.area == area.id and u.kind == "township"}
        assert towns
        assert nx.is_connected(roads.subgraph(towns)), area.name
    for u in s.units:
        assert bool(u.area) == (u.kind in ("township", "department"))
        assert u.workload > 0
        if u.kind == "township":
            assert u.region and u.name.startswith(u.region)
        else:
            assert u.region == f"{u.county}城关"  # the county seat


@pytest.mark.parametrize("scenario", [district, city], ids=["district", "city"])
def test_current_state_respects_kin_avoidance(scenario) -> None:  # type: ignore[no-untyped-def]
    s = scenario()
    for r in s.relations:
        ua, ub = s.unit[s.person[r.a].unit], s.unit[s.person[r.b].unit]
        assert ua.id != ub.id
        assert ub.area != ua.id and ua.area != ub.id


@pytest.mark.parametrize("scenario", [district, city], ids=["district", "city"])
def test_specialists_are_scarce(scenario) -> None:  # type: ignore[no-untyped-def]
    s = scenario()
    for skill in ("law", "finance", "audit"):
        holders = sum(skill in p.skills for p in s.people)
        need = sum(u.needs_map.get(skill, 0) for u in s.units)
        assert 0.65 * holders <= need <= 0.9 * holders, skill
    towns = [u for u in s.units if u.kind in ("township", "area")]
    assert sum("law" in u.needs_map for u in towns) >= 0.7 * len(towns)
    money = sum("finance" in u.needs_map or "audit" in u.needs_map for u in towns)
    assert money >= 0.7 * len(towns)


def test_mandatory_rotation_bites() -> None:
    s = district()
    duties = collections.Counter(obligation(s, p.id).duty for p in s.people)
    assert duties[Duty.MUST_MOVE] >= 0.1 * len(s.people)
    assert duties[Duty.STAY_MINIMUM] >= 1
    assert duties[Duty.STAY_FROZEN] >= 1


def test_key_posts_and_posts() -> None:
    s = district()
    key = {u.name for u in s.units if u.key}
    assert key == {"第一纪检监察室", "第二纪检监察室", "案件审理室"}
    assert all(u.kind == "office" for u in s.units if u.key)
    assert all(u.heads == 1 for u in s.units)


@pytest.mark.parametrize("scenario", [district, city], ids=["district", "city"])
def test_new_person_fields(scenario) -> None:  # type: ignore[no-untyped-def]
    s = scenario()
    on, n = s.plan_date, len(s.people)
    education = collections.Counter(p.education for p in s.people)
    assert set(education) <= set(EDUCATION)
    assert education["bachelor"] >= 0.55 * n
    assert 0.08 * n <= education["master"] <= 0.3 * n
    assert 0.03 * n <= education["college"] <= 0.2 * n
    assert 1 <= education["secondary"] <= 0.05 * n
    ranks_recent = sum(
        p.rank_since is not None and 12 <= _months(p.rank_since, on) <= 72 for p in s.people
    )
    assert ranks_recent >= 0.85 * n
    for p in s.people:
        assert p.work_start is not None and p.rank_since is not None
        assert 18 <= full_years(p.birth_date, p.work_start) <= 26
        assert p.work_start <= p.post_start and p.work_start <= p.rank_since
        if p.level_start is not None:
            assert p.work_start <= p.level_start
        for h in s.history:
            if h.person == p.id:
                assert p.work_start <= h.start
        assert bool(p.punishment) == (p.punishment_date is not None)
        assert not set(p.interests) & {p.unit} or s.duties[p.id].duty is not Duty.STAY_FROZEN
    # home: mostly the growth place, else the seat
    assert sum(p.home == p.growth_place for p in s.people) >= 0.7 * n
    assert all(p.home in (p.growth_place, f"{s.unit[p.unit].county}城关") for p in s.people)
    # a few punishments, some still blocking promotion (rule 32)
    spec = s.rules.promotion_eligibility
    punished = [p for p in s.people if p.punishment]
    assert 2 <= len(punished) <= 0.05 * n
    assert {p.punishment for p in punished} <= set(spec.punishment_months)
    active = [
        p
        for p in punished
        if p.punishment_date is not None
        and add_months(p.punishment_date, round(spec.punishment_months[p.punishment])) > on
    ]
    assert 1 <= len(active) < len(punished)
    # business interests for about 2 %: department units
    with_interests = [p for p in s.people if p.interests]
    assert 1 <= len(with_interests) <= 0.03 * n
    assert all(s.unit[u].kind == "department" for p in with_interests for u in p.interests)
    # probation: a few recently promoted leaders and new recruits, frozen by it
    in_probation = [p for p in s.people if p.probation_end is not None and p.probation_end > on]
    assert any(p.role in ("head", "deputy") for p in in_probation)
    assert all(s.duties[p.id].duty in (Duty.STAY_FROZEN, Duty.RETIRED) for p in in_probation)


def _months(start: dt.date, on: dt.date) -> int:
    return (on.year - start.year) * 12 + on.month - start.month


@pytest.mark.parametrize("scenario", [district, city], ids=["district", "city"])
def test_retirement_and_levels_bite(scenario) -> None:  # type: ignore[no-untyped-def]
    s = scenario()
    on, n = s.plan_date, len(s.people)
    duties = collections.Counter(d.duty for d in s.duties.values())
    assert 1 <= duties[Duty.RETIRED] <= max(5, 0.04 * n)  # a handful retire by the plan date
    assert duties[Duty.STAY_NEAR_RETIREMENT] >= 1
    retiring = [p for p in s.people if s.duties[p.id].duty is Duty.RETIRED]
    assert any(p.role == "head" for p in retiring)  # a successor must be promoted
    assert all(p.retire_date is None for p in s.people)  # statutory dates (rule 40)
    assert all(add_months(retire_date(p, s.rules.retirement), 12) > on for p in retiring)
    heads = [p for p in s.people if p.role == "head"]
    ten = [p for p in heads if served_at_least(level_start(p), on, 10)]
    fifteen = [p for p in heads if served_at_least(level_start(p), on, 15)]
    assert 0.15 * len(heads) <= len(ten) <= 0.6 * len(heads)  # rule 2 bites
    assert 1 <= len(fifteen) <= 0.25 * len(heads)  # rule 4 bites
    # nobody must move as a head after 15 years at the level: rule 4 would forbid it
    assert all(s.duties[p.id].duty is not Duty.MUST_MOVE for p in fifteen)
    eligible = [
        p
        for p in s.people
        if p.role == "member"
        and not promotion_blockers(s, p.id, "deputy", s.rules.promotion_eligibility)
    ]
    assert len(eligible) >= 0.1 * n


# ---------------------------------------------------------------------------
# the target plan: a witness that every hard rule at its default can be met


@cache
def witness(people: int, units: int, seed: int) -> tuple[Scenario, Plan]:
    return generate_with_plan(people, units, seed)


WITNESSES = [(60, 14, 3), (120, 26, 1), (140, 28, 2), (200, 40, 5), (400, 80, 9)]


def _check_witness(s: Scenario, plan: Plan) -> None:
    # every rule on, but those off unless asked for (vacancies: a plan never fails for them)
    assert all(spec.enabled == type(spec)().enabled for spec in s.rules)
    assert validate(s, plan) == []
    on = s.plan_date
    # checks of our own, independent of the checkers
    for p in s.people:
        unit, role = plan.unit_of(p.id, 1), plan.role_of(p.id, 1)
        if s.duties[p.id].duty is Duty.RETIRED:
            assert unit is None
            continue
        assert unit is not None and role is not None
        u = s.unit[unit]
        if role == "head":
            assert p.growth_place != u.region  # whatever kinds regional avoidance covers
        if unit != p.unit:
            assert role == p.role  # movers keep their level
            assert on < add_months(on, 60) <= retire_date(p, s.rules.retirement)
            assert p.education != "secondary" or u.kind != "township"
        assert unit not in p.interests
    for r in s.relations:
        ua, ub = plan.unit_of(r.a, 1), plan.unit_of(r.b, 1)
        if ua is None or ub is None:
            continue
        assert ua != ub
        assert not (s.unit[ua].kind == "office" and s.unit[ub].kind == "office")
        assert s.unit[ua].area != ub and s.unit[ub].area != ua
    moves = list(plan.iter_moves())
    assert len(moves) >= 0.25 * len(s.people)
    promoted = [p for p in s.people if plan.role_of(p.id, 1) not in (None, p.role)]
    assert promoted and all(p.role == "deputy" for p in promoted)


def test_district_witness_meets_every_hard_rule() -> None:
    s, plan = generate_preset_with_plan("district")
    assert s == district()
    _check_witness(s, plan)


@pytest.mark.parametrize(("people", "units", "seed"), WITNESSES)
def test_random_witnesses_meet_every_hard_rule(people: int, units: int, seed: int) -> None:
    _check_witness(*witness(people, units, seed))


def test_city_witness_meets_every_hard_rule() -> None:
    s, plan = generate_preset_with_plan("city")
    _check_witness(s, plan)


def test_witness_changes_nothing_in_the_scenario() -> None:
    s, _ = witness(140, 28, 2)
    assert s == generate(140, 28, 2)


# ---------------------------------------------------------------------------
# feasibility under the core rules, with a small model of our own


def feasible(
    s: Scenario, time_limit: float = 30, candidates: int | None = None, linearization: int = 2
) -> bool:
    """Whether period 1 has a plan meeting assignment, bands, cover, person duties, kin.

    With ``candidates``, each person who may move is offered only that many random units
    besides their own: a plan found then is a plan of the full problem too (the check
    stays sound for feasibility), and the model is small enough for one worker at city
    size, where 400,000 dense booleans leave CP-SAT no time to find a first plan.
    ``linearization`` 0 suits that pure feasibility search: with no objective the LP
    has nothing to guide and only slows each node (lin 2 needs over 30 s there, lin 0
    about 2 s).
    """
    model = cp_model.CpModel()
    unit_ids = [u.id for u in s.units]
    pick = random.Random(0)
    x: dict[tuple[str, str], cp_model.IntVar | int] = {}
    for p in s.people:
        duty = obligation(s, p.id)
        if duty.duty is Duty.RETIRED:
            continue  # leaves: no place in the plan
        if duty.duty in (Duty.STAY_FROZEN, Duty.STAY_MINIMUM, Duty.PINNED):
            assert duty.unit is not None
            x[p.id, duty.unit] = 1  # fixed: no variable needed
            continue
        offered = unit_ids
        if candidates is not None and candidates < len(unit_ids):
            offered = sorted({p.unit, *pick.sample(unit_ids, candidates)})
        allowed = [u for u in offered if not (duty.duty is Duty.MUST_MOVE and u == p.unit)]
        row = [model.new_bool_var(f"x[{p.id},{u}]") for u in allowed]
        x.update(zip(((p.id, u) for u in allowed), row, strict=True))
        model.add_exactly_one(row)

    by_unit: dict[str, list[tuple[str, cp_model.IntVar | int]]] = collections.defaultdict(list)
    for (pid, u), var in x.items():
        by_unit[u].append((pid, var))
    for u in s.units:
        members = by_unit[u.id]
        model.add_linear_constraint(sum(v for _, v in members), u.min_staff, u.max_staff)
        for skill, k in u.needs:
            model.add(sum(v for pid, v in members if skill in s.person[pid].skills) >= k)

    group = collections.defaultdict(list)
    for u in s.units:
        if u.area:
            group[u.area].append(u.id)

    def at(pid: str, u: str) -> cp_model.IntVar | int:
        return x.get((pid, u), 0)

    for r in s.relations:
        for u in unit_ids:
            if (r.a, u) in x and (r.b, u) in x:
                model.add(at(r.a, u) + at(r.b, u) <= 1)
        for area, units in group.items():
            for a, b in ((r.a, r.b), (r.b, r.a)):
                model.add(at(a, area) + sum(at(b, v) for v in units) <= 1)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = linearization
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(model)
    assert status != cp_model.UNKNOWN, "no answer within the time limit"
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_feasibility_model_sees_infeasibility() -> None:
    """The checking model itself: a need nobody can meet is infeasible."""
    s = district()
    first = s.units[0]
    impossible = first.__class__(**{**first.__dict__, "needs": (("law", len(s.people)),)})
    assert not feasible(s.replace(units=(impossible, *s.units[1:])))


def test_district_is_feasible() -> None:
    assert feasible(district())


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_districts_are_feasible(seed: int) -> None:
    assert feasible(generate(120 + 10 * seed, 24 + 2 * seed, seed))


def test_bundled_default_is_the_district_preset(tmp_path: Path) -> None:
    """scenarios/district is written by scripts/make_default_scenario.py; keep them equal,
    file by file: the bundled scenario.toml is the template users copy, so a setting added
    since it was written must show there too, not only read back to its default."""
    from rotation.io import read_scenario, write_scenario

    folder = Path(__file__).resolve().parent.parent / "scenarios" / "district"
    if not folder.exists():
        pytest.skip("scenarios/district not written yet")
    assert read_scenario(folder) == district()
    write_scenario(district(), tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert sorted(p.name for p in folder.iterdir()) == written
    for name in written:
        assert (folder / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"scenarios/district/{name} is stale: run python scripts/make_default_scenario.py"
        )


@pytest.mark.parametrize("seed", range(12))
def test_tiny_districts_generate(seed: int) -> None:
    # regression: small districts once looped for ever (no growth place left) or drew
    # from an empty set of townships
    s = generate(36 + seed % 5, 8, seed)
    assert len(s.units) == 8
