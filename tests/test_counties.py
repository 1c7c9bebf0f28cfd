"""Cities and provinces: units name their county; rotation stays inside a county (rule
``rotation_scope``), the per-county goals, and solving county by county."""

from __future__ import annotations

import dataclasses
import math

import pytest

from rotation.facts import Duty
from rotation.generate import generate
from rotation.models.build import build_model
from rotation.plan import Plan
from rotation.precheck import precheck
from rotation.reasons import explain_moves, move_reasons
from rotation.scenario import HistoryEntry, Scenario
from rotation.solvers import solve
from rotation.solvers.decompose import split
from rotation.validate import measure, validate
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


def two_counties(*, mover_prefers: str = "B1") -> Scenario:
    """A1, A2 in 东县 and B1 in 西县, bands 0–3. P1 (6 years in A1) must move and wishes
    for B1; everyone else stays (fewer than 5 years)."""
    units = [
        dataclasses.replace(unit("A1", 0, 3), county="东县"),
        dataclasses.replace(unit("A2", 0, 3), county="东县"),
        dataclasses.replace(unit("B1", 0, 3), county="西县"),
    ]
    people = [
        person("P1", "A1", 6, prefs=[mover_prefers]),
        person("P2", "A2", 2),
        person("P3", "B1", 2),
    ]
    return scenario(units, people, enable=("rotation_scope",))


def test_rotation_scope_keeps_the_mover_in_their_county():
    s = two_counties()
    r = assert_optimal(s)
    assert placed(r)["P1"] == "A2"  # B1, their wish, is in another county
    assert r.objective == pytest.approx(1)  # the unmet wish
    assert placed(assert_optimal(off(s, "rotation_scope")))["P1"] == "B1"


def test_rotation_scope_infeasible_when_only_another_county_is_open():
    s = two_counties()
    s = s.replace(units=tuple(u for u in s.units if u.id != "A2"), people=s.people[::2])
    assert_infeasible(s, "rotation_scope")


def test_rotation_scope_soft_costs_each_crossing():
    # soft, the scope is a tier-1 goal: P1 stays in 东县 while A2 has room; with A2
    # full (at most 1, P2 frozen there) P1 must cross to B1: one crossing at weight 0.5,
    # the wish met
    s = soft(two_counties(), "rotation_scope", 0.5)
    assert placed(assert_penalty(s, "rotation_scope", 0, 1))["P1"] == "A2"
    full = s.replace(
        units=tuple(dataclasses.replace(u, max_staff=1) if u.id == "A2" else u for u in s.units),
        people=tuple(
            dataclasses.replace(p, frozen="病休") if p.id == "P2" else p for p in s.people
        ),
    )
    assert placed(assert_penalty(full, "rotation_scope", 1, 0.5))["P1"] == "B1"


def test_rotation_scope_lets_listed_roles_cross():
    s = with_rules(two_counties(), rotation_scope={"across_roles": ("member",)})
    assert placed(assert_optimal(s))["P1"] == "B1"


def test_rotation_scope_checker_names_the_counties():
    s = two_counties()
    plan = Plan(s, {("P1", 1): "B1", ("P2", 1): "A2", ("P3", 1): "B1"})
    found = [v for v in validate(s, plan) if v.rule == "rotation_scope"]
    assert len(found) == 1 and found[0].person == "P1"
    assert "东县" in found[0].message_zh and "outside their county" in found[0].message


def test_rotation_scope_narrows_the_model_to_the_county():
    built = build_model(two_counties())
    assert {u for (p, u, _) in built.ctx.x if p == "P1"} == {"A2"}
    assert {u for (p, u, _) in built.ctx.x if p == "P3"} == {"B1"}


def status_quo(s: Scenario) -> Plan:
    """Everyone not retired stays where they are, in their role."""
    return Plan(s, {(p.id, 1): p.unit for p in s.people if s.duties[p.id].duty is not Duty.RETIRED})


def test_rotation_volume_and_workload_are_each_countys_own():
    s = generate(80, 16, 5, counties=2)
    found = measure(s, status_quo(s))
    # nobody moves: each county is short of its own target, ⌈0.2 × its leaders⌉
    for county in {u.county for u in s.units}:
        leaders = [
            p
            for p in s.people
            if s.unit[p.unit].county == county
            and p.role in ("head", "deputy")
            and s.duties[p.id].duty is not Duty.RETIRED
        ]
        short = [v for v in found["rotation_volume"] if county in v.message_zh]
        assert [v.amount for v in short] == [math.ceil(0.2 * len(leaders))]
    # one largest workload per county, each reached in a unit of that county
    assert sorted(s.unit[v.unit].county for v in found["workload"]) == sorted(
        {u.county for u in s.units}
    )


def test_rank_quotas_are_each_countys_own():
    # 职数 belong to each county's 机关: 东县's office O1 and 西县's office O2 have 10 posts
    # each, so each may hold ⌊10% × 10⌋ = 1 person at 三级/四级调研员. 东县 has two
    # (one over), 西县 none. Counted over the city together (20 posts, cap 2) nobody
    # would be over; each county's own, 东县 is one over, and the decomposed solve and
    # the whole model agree on it
    units = [
        dataclasses.replace(unit("O1", 2, 10, kind="office"), county="东县"),
        dataclasses.replace(unit("O2", 2, 10, kind="office"), county="西县"),
    ]
    rank = "四级调研员"
    people = [
        dataclasses.replace(person("P1", "O1", 2), rank=rank),
        dataclasses.replace(person("P2", "O1", 2), rank=rank),
        person("P3", "O2", 2),
        person("P4", "O2", 2),
    ]
    s = scenario(units, people, enable=("rotation_scope", "rank_quota"))
    (limit,) = [q for q in s.rules.rank_quota.limits(s) if q.county == "东县" and rank in q.ranks]
    assert (limit.units, limit.posts, limit.cap) == (("O1",), 10, 1)
    (v,) = measure(s, status_quo(s))["rank_quota"]
    assert v.amount == 1 and "东县" in v.message and "东县" in v.message_zh
    whole = assert_penalty(s, "rank_quota", 1, 10)
    parts = solve(s, decompose=True, jobs=1)
    assert parts.status == "OPTIMAL" and parts.objective == pytest.approx(whole.objective)


def test_the_reasons_count_rotation_volume_and_workload_county_by_county():
    # 东县: heads H1 (A1) and H2 (A2), H1 moves to A2; 西县: heads H3, H4, H5 (B1–B3), two
    # move. 东县's share is 1 of 2 with a target of ⌈0.2 × 2⌉ = 1, so H1's move counts
    # towards it; over both counties it would be 3 of 5 against a target of 1.
    # Workloads: A2 carries 10 (5 per person with H1, 10 alone), B1 carries 30 alone:
    # H1 eases 东县's largest load (10 → 5), which the city's largest (B1's 30) would hide.
    east = [dataclasses.replace(unit(u), county="东县") for u in ("A1", "A2")]
    west = [dataclasses.replace(unit(u), county="西县") for u in ("B1", "B2", "B3")]
    units = [*east, *west]
    units[1] = dataclasses.replace(units[1], workload=10.0)
    units[2] = dataclasses.replace(units[2], workload=30.0)
    heads = [person(f"H{k}", u.id, 2, role="head") for k, u in enumerate(units, start=1)]
    s = scenario(units, heads, enable=("rotation_volume", "workload"))
    plan = Plan(
        s, {("H1", 1): "A2", ("H2", 1): "A2", ("H3", 1): "B2", ("H4", 1): "B3", ("H5", 1): "B3"}
    )
    reasons = {m.person: [r.kind for r in rs] for m, rs in explain_moves(plan)}
    assert "rotation_volume" in reasons["H1"] and "workload" in reasons["H1"]
    assert "rotation_volume" not in reasons["H3"]  # 西县: 2 of 3 against a target of 1
    texts = move_reasons(plan, next(m for m in plan.iter_moves() if m.person == "H1"))
    assert "(1 of 2, target 1, rule 11)" in " ".join(texts)


def test_kin_organ_leader_is_per_county():
    # the deputy of office O1 and their spouse in office O2: a breach in one county's
    # 机关, none when the offices belong to two counties
    units = [unit("O1", 0, 3, kind="office"), unit("O2", 0, 3, kind="office")]
    people = [person("P1", "O1", 2, role="deputy"), person("P2", "O2", 2)]
    one = scenario(units, people, relations=[("P1", "P2")])
    apart = one.replace(
        units=(
            dataclasses.replace(units[0], county="东县"),
            dataclasses.replace(units[1], county="西县"),
        )
    )
    for s, breaches in ((one, 1), (apart, 0)):
        found = [v for v in validate(s, status_quo(s)) if v.rule == "kin_avoidance"]
        assert len(found) == breaches
    assert_infeasible(one, "kin_avoidance")  # nobody may move (under 5 years)
    assert_optimal(apart)


# ---------------------------------------------------------------------------
# solving county by county


def test_split_by_county_only_when_nobody_may_cross():
    s = generate(80, 16, 5, counties=2)
    parts = split(s)
    assert len(parts) == 2
    assert sorted(len(p.people) for p in parts) == [40, 40]
    assert {u.county for p in parts for u in p.units} == {u.county for u in s.units}
    assert len(split(soft(s, "rotation_scope", 5))) == 1
    assert len(split(with_rules(s, rotation_scope={"across_roles": ("head",)}))) == 1


def test_decomposition_gives_the_monolithic_optimum():
    s = generate(80, 16, 5, counties=2)
    whole = solve(s, decompose=False, time_limit=60)
    apart = solve(s, decompose=True, jobs=1, time_limit=60)
    assert whole.status == apart.status == "OPTIMAL"
    assert apart.objective == pytest.approx(whole.objective)
    assert [t.value for t in apart.tiers] == pytest.approx([t.value for t in whole.tiers])
    assert [t.bound for t in apart.tiers] == pytest.approx([t.value for t in whole.tiers])
    assert apart.plan is not None and validate(s, apart.plan) == []


def test_decomposition_in_processes_and_with_highs():
    s = generate(80, 16, 5, counties=2)
    cpsat = solve(s, jobs=2, time_limit=60)
    highs = solve(s, solver="highs", jobs=2, time_limit=60)
    assert cpsat.status == highs.status == "OPTIMAL"
    assert highs.objective == pytest.approx(cpsat.objective)
    assert highs.plan is not None and validate(s, highs.plan) == []


def one_county_short(vacancies: bool = False) -> tuple[Scenario, str]:
    """Two counties, one of whose units all want their maximum: more people than that
    county has (``vacancies``: the rule that leaves such posts to recruitment, on)."""
    s = generate(80, 16, 5, counties=2)
    county = s.units[0].county
    rules = s.rules.with_changes(headcount={"bands": {}}, vacancies={"enabled": vacancies})
    units = tuple(
        dataclasses.replace(u, min_staff=u.max_staff) if u.county == county else u for u in s.units
    )
    return s.replace(units=units, rules=rules), county


def test_decomposition_reports_the_failing_county():
    s, county = one_county_short()
    r = solve(s, jobs=1, time_limit=30)
    assert r.status == "INFEASIBLE" and r.plan is None
    assert county in r.message and county in r.message_zh
    # the checks before solving see it too, county by county: every finding is about
    # the short county's units
    findings = precheck(s)
    assert findings
    assert all(s.unit[u].county == county for f in findings for u in f.units)


def test_cli_generates_and_solves_a_two_county_city(tmp_path, capsys):  # type: ignore[no-untyped-def]
    from rotation.cli import main
    from rotation.io import read_plan, read_scenario

    folder, out = tmp_path / "city", tmp_path / "out"
    args = ["generate", "--people", "80", "--units", "16", "--seed", "5", "--counties", "2"]
    assert main([*args, "--out", str(folder)]) == 0
    s = read_scenario(folder)
    assert len({u.county for u in s.units}) == 2
    assert main(["solve", str(folder), "--out", str(out), "--jobs", "2", "--lang", "en"]) == 0
    assert "OPTIMAL" in capsys.readouterr().out
    plan = read_plan(s, out / "assignments.csv")
    assert validate(s, plan) == []
    assert main(["check", str(folder), str(out / "assignments.csv"), "--no-compare"]) == 0


def test_decomposition_on_a_dask_cluster_gives_the_same_plan_cost():
    from distributed import LocalCluster

    s = generate(80, 16, 5, counties=2)
    local = solve(s, jobs=1, time_limit=60)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        remote = solve(s, time_limit=60, scheduler=cluster.scheduler_address)
    assert remote.status == local.status == "OPTIMAL"
    assert remote.workers == 2  # the cluster's threads
    assert remote.objective == pytest.approx(local.objective)
    assert remote.plan is not None and validate(s, remote.plan) == []


def test_decomposition_keeps_each_countys_vacancies():
    # with vacancies allowed, the posts the short county cannot fill are left to
    # recruitment there, and the joined plan keeps them
    s, county = one_county_short(vacancies=True)
    assert len(split(s)) == 2
    r = solve(s, jobs=1, time_limit=60)
    assert r.plan is not None and validate(s, r.plan) == []
    assert r.plan.vacancies
    assert {s.unit[v.unit].county for v in r.plan.vacancies} == {county}


def test_split_keeps_a_person_with_the_units_their_records_name():
    # someone who once worked in the other county (history) joins the two counties into
    # one part: the part must hold that unit (cooling-off reads it)
    s = generate(80, 16, 5, counties=2)
    person = s.people[0]
    other = next(u for u in s.units if u.county != s.unit[person.unit].county)
    start = person.post_start
    moved = s.replace(
        history=(
            *s.history,
            HistoryEntry(
                person.id,
                other.id,
                start.replace(year=start.year - 6),
                start.replace(year=start.year - 3),
            ),
        ),
    )
    assert len(split(moved)) == 1
    assert len(split(s)) == 2
