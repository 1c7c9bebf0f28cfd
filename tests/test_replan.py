"""Re-planning without disruption (issue 4, items 6 and 7): last year's published plan is
kept where the rules allow (rule ``keep_published``: one unit of cost per published
decision changed), and what changed is reported with the reason.

The hand-made case (plan date 2027-01-01, two rounds, the core rules and
``keep_published``):

    U1 band 2–3, needs one law    P1 (law), P2
    U2 band 2–3                   P3 (law), P4
    U3 band 1–4                   P5 (law), P6, P7

Everyone has been one year in their unit (no tenure limit is near). The published plan
keeps everyone in place, except that P6 moves to U2 in round 2 (U2: 3, U3: 2; valid).
Then P1 resigns. U1 is left with P2 alone: below its band and without law, in both
rounds, so someone holding law must be in U1 in rounds 1 and 2. The holders are P3 and
P5. P3 leaving U2 would leave U2 with P4 alone in round 1 (P6 only comes in round 2), so
a second person would have to move into U2: at least 3 changed decisions. P5 leaving U3
keeps U3 within its band (P6, P7 in round 1; P7 in round 2 ≥ 1). So the fewest changed
decisions is 2 — (P5, round 1) and (P5, round 2), both to U1 — and nothing else changes:
P6's published move to U2 in round 2 stays. Planned from scratch instead, the fewest
moves is the same single move of P5, and nobody else moves, so P6 stays in U3: 3 published
decisions changed. P1's two published placements are reported (they left) but not
priced: no plan can keep them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from ortools.sat.python import cp_model

from rotation.errors import ScenarioError
from rotation.generate import generate
from rotation.io import read_published, write_scenario
from rotation.models import build_model
from rotation.plan import Plan
from rotation.replan import changes, kept_count, published_from_plan, summary
from rotation.report.outputs import write_outputs
from rotation.scenario import Published, Scenario, SolverSettings
from rotation.solvers import solve
from rotation.solvers.cpsat import better_start, fix_rounds, nearest_published
from rotation.validate import measure, penalties, validate
from tests.helpers import assert_optimal, person, scenario, unit, with_rules


def _district(horizon: int = 2) -> Scenario:
    """The hand-made district of the module docstring, before the resignation."""
    return scenario(
        [unit("U1", 2, 3, needs={"law": 1}), unit("U2", 2, 3), unit("U3", 1, 4)],
        [
            person("P1", "U1", 1, skills=["law"]),
            person("P2", "U1", 1),
            person("P3", "U2", 1, skills=["law"]),
            person("P4", "U2", 1),
            person("P5", "U3", 1, skills=["law"]),
            person("P6", "U3", 1),
            person("P7", "U3", 1),
        ],
        enable=["keep_published"],
    ).replace(horizon=horizon)


def _published(s: Scenario) -> Plan:
    """Everyone stays, except P6 who moves to U2 in round 2 (and stays there after)."""
    assignments = {(p.id, t): p.unit for p in s.people for t in s.periods}
    for t in range(2, s.horizon + 1):
        assignments[("P6", t)] = "U2"
    return Plan(s, assignments)


def resign(s: Scenario, pid: str) -> Scenario:
    """``s`` after ``pid`` resigned: gone from the people and every table naming them."""
    return s.replace(
        people=tuple(p for p in s.people if p.id != pid),
        relations=tuple(r for r in s.relations if pid not in (r.a, r.b)),
        history=tuple(h for h in s.history if h.person != pid),
        pins=tuple(p for p in s.pins if p.person != pid),
    )


def changed(s: Scenario, plan: Plan) -> set[tuple[str, int, str | None]]:
    """The published decisions ``plan`` changes, by the checker: (person, round, unit now)."""
    return {(v.person or "", v.period, v.unit) for v in measure(s, plan)["keep_published"]}


def model_count(s: Scenario, plan: Plan) -> int:
    """The keep_published penalty of the CP-SAT model with every decision fixed to ``plan``."""
    built = build_model(s)
    fix_rounds(built, plan, before=s.horizon + 1)
    amount = sum(p.amount for p in built.penalties if p.rule == "keep_published")
    built.ctx.model.minimize(amount)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(built.ctx.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


# ---------------------------------------------------------------------------
# the hand-made case


def test_keep_published_after_a_resignation_changes_only_what_it_must() -> None:
    before = _district()
    published = _published(before)
    assert validate(before, published) == []
    after = resign(before, "P1")
    r = solve(after, previous=published, time_limit=10)
    s = r.plan.scenario if r.plan else after
    assert r.status == "OPTIMAL" and r.plan is not None
    assert validate(s, r.plan) == []
    # exactly the two decisions derived in the module docstring change
    assert changed(s, r.plan) == {("P5", 1, "U1"), ("P5", 2, "U1")}
    assert r.plan.unit_of("P6", 2) == "U2"  # the published move is kept
    # the solver's proven optimum of the tier is the checker's count (2 changes × 200)
    tier = next(t for t in r.tiers if t.rules == ("keep_published",))
    assert tier.value == tier.bound == 2 * 200
    assert r.penalties["keep_published"] == 2
    # from scratch: P5 alone moves and P6 stays in U3, so 3 published decisions change
    scratch = assert_optimal(after)
    assert scratch.plan is not None
    assert changed(s, scratch.plan) == {("P5", 1, "U1"), ("P5", 2, "U1"), ("P6", 2, "U3")}


def test_keep_published_highs_solves_the_same_model_to_the_same_changes() -> None:
    before = _district()
    r = solve(resign(before, "P1"), previous=_published(before), solver="highs", time_limit=10)
    assert r.status == "OPTIMAL" and r.plan is not None
    assert changed(r.plan.scenario, r.plan) == {("P5", 1, "U1"), ("P5", 2, "U1")}


def test_keep_published_checker_count_equals_the_model_penalty() -> None:
    after = resign(_district(), "P1")
    s = after.replace(published=published_from_plan(after, _published(_district())))
    scratch = solve(after, time_limit=10).plan
    assert scratch is not None
    # another valid plan: P5 to U1, P6 stays in U3 and P7 goes to U2 in round 2 instead
    other = {(p.id, t): p.unit for p in after.people for t in after.periods}
    other |= {("P5", 1): "U1", ("P5", 2): "U1", ("P7", 2): "U2"}
    moved = Plan(s, other)
    assert validate(s, moved) == []
    for plan, count in ((scratch, 3), (moved, 4)):
        assert penalties(s, plan)["keep_published"] == count
        assert model_count(s, plan) == count


def test_changes_name_who_left_and_the_rule_the_published_plan_breaks() -> None:
    before = _district()
    r = solve(resign(before, "P1"), previous=_published(before), time_limit=10)
    assert r.plan is not None
    found = [(c.person, c.period, c.published, c.unit, c.kind) for c in changes(r.plan)]
    assert found == [
        ("P1", 1, "U1", None, "left"),
        ("P5", 1, "U3", "U1", "rule"),
        ("P1", 2, "U1", None, "left"),
        ("P5", 2, "U3", "U1", "rule"),
    ]
    five = next(c for c in changes(r.plan) if c.person == "P5")
    assert "headcount band" in five.en and "U1" in five.en
    assert "编制人数" in five.zh
    assert kept_count(r.plan) == (10, 14)  # 7 people × 2 rounds, less P1's 2 and P5's 2
    assert summary(r.plan).startswith("10 of 14 published decisions kept")
    assert summary(r.plan, "zh").startswith("已公布的14项安排保留10项")
    # P6's move is explained by the published plan
    moves = r.plan.moves("en").set_index("person")
    assert "as in the published plan" in moves.loc["P6", "reasons"]


def test_published_years_are_aligned_with_the_rounds_of_the_new_plan() -> None:
    # Published a year ago for 2027–2029; re-planned from 2028 for 2028–2030: the
    # published 2028 and 2029 are rounds 1 and 2, 2027 is past, 2030 was never published.
    before = _district(horizon=3)
    published = _published(before)
    after = resign(before, "P1").replace(plan_date=dt.date(2028, 1, 1))
    placed = published_from_plan(after, published)
    assert {(p.period, p.unit) for p in placed if p.person == "P6"} == {(1, "U2"), (2, "U2")}
    assert {p.period for p in placed} == {1, 2}
    assert next(p for p in placed if p.person == "P1").name == "干部P1"
    r = solve(after, previous=published, time_limit=10)
    assert r.status == "OPTIMAL" and r.plan is not None
    s = r.plan.scenario
    assert validate(s, r.plan) == []
    # From 2028 P6 is in U2 from round 1 on (published for 2028), so U2 (P3, P4, P6) can
    # spare P3 as U3 can spare P5: either law holder goes to U1 in both rounds, 2 changes.
    assert changed(s, r.plan) in (
        {("P5", 1, "U1"), ("P5", 2, "U1")},
        {("P3", 1, "U1"), ("P3", 2, "U1")},
    )
    assert r.plan.unit_of("P6", 1) == "U2"  # published for 2028, now round 1
    assert {c.period for c in changes(r.plan)} == {1, 2}  # round 3 (2030) is new ground
    assert kept_count(r.plan) == (10, 14)


def test_replanning_starts_from_the_nearest_plan_and_never_ends_worse() -> None:
    # the start of a re-plan: the fewest changes the hard rules allow (2, as derived)
    before = _district()
    after = resign(before, "P1")
    s = after.replace(published=published_from_plan(after, _published(before)))
    near = nearest_published(s, SolverSettings(time_limit=5))
    assert near is not None and validate(s, near) == []
    assert changed(s, near) == {("P5", 1, "U1"), ("P5", 2, "U1")}
    # a staged result that ended on a worse plan (here: the one from scratch, 3 changes
    # at the same tier 1) gives way to the start; its tier values are the checker's
    scratch = solve(after, time_limit=10)
    assert scratch.plan is not None
    worse = dataclasses.replace(scratch, plan=Plan(s, scratch.plan.assignments))
    kept = better_start(s, near, worse)
    assert kept.plan is near and kept.penalties["keep_published"] == 2
    assert better_start(s, near, kept) is kept  # not better than itself: unchanged


def test_the_start_of_a_replan_betters_the_first_tier_within_a_few_more_changes() -> None:
    # the hand-made case with women in the team (rule 36, tier 1) in U1 only, where P3
    # (law, in U2) is the only woman. The nearest plan moves P5 to U1 in both rounds (2
    # changes) and leaves U1 without a woman: 10 a round. P3 instead, with P6 coming to
    # U2 a round early (or P5 for that round) so that U2 keeps its two: 3 changes and no
    # woman missing. Within
    # one more change than the fewest the start finds it; without the repair it is the
    # nearest plan
    before = _district()
    woman = dataclasses.replace(before.person["P3"], gender="F")
    offices = [u if u.id == "U1" else dataclasses.replace(u, kind="office") for u in before.units]
    before = with_rules(
        before.replace(
            people=tuple(woman if p.id == "P3" else p for p in before.people), units=tuple(offices)
        ),
        women_in_team={"enabled": True, "kinds": ("township",)},
    )
    after = resign(before, "P1")
    s = after.replace(published=published_from_plan(after, _published(before)))
    near = nearest_published(s, SolverSettings(time_limit=5, repair_changes=0))
    assert near is not None and changed(s, near) == {("P5", 1, "U1"), ("P5", 2, "U1")}
    assert penalties(s, near)["women_in_team"] == 2
    for allowed in (1, 5):
        start = nearest_published(s, SolverSettings(time_limit=5, repair_changes=allowed))
        assert start is not None and validate(s, start) == []
        moved = changed(s, start)  # someone else fills U2 in round 1: P6 or P5
        assert {("P3", 1, "U1"), ("P3", 2, "U1")} < moved and len(moved) == 3
        assert penalties(s, start).get("women_in_team", 0) == 0
    with pytest.raises(ScenarioError, match="repair_changes"):
        SolverSettings(repair_changes=-1)


def test_keep_published_is_inert_without_a_published_plan() -> None:
    s = _district()
    assert all(p.rule != "keep_published" for p in build_model(s).penalties)
    r = assert_optimal(s)
    assert r.penalties["keep_published"] == 0
    assert r.plan is not None and changes(r.plan) == ()


def test_new_people_are_listed_and_a_retirement_is_not_priced() -> None:
    # P8 joins U3 (4 there, its maximum) and P7 now retires in mid-2027, before round 2:
    # P5 must still go to U1 (the only law holder U3 can spare), so the priced changes
    # stay those two; P7's round-2 placement changes by retirement, not by the plan.
    before = _district()
    after = resign(before, "P1")
    people = [
        dataclasses.replace(p, retire_date=dt.date(2027, 6, 1)) if p.id == "P7" else p
        for p in after.people
    ]
    after = with_rules(
        after.replace(people=(*people, person("P8", "U3", 1, name="新人"))),
        retirement={"enabled": True},
    )
    r = solve(after, previous=_published(before), time_limit=10)
    assert r.status == "OPTIMAL" and r.plan is not None
    s = r.plan.scenario
    assert validate(s, r.plan) == []
    assert changed(s, r.plan) == {("P5", 1, "U1"), ("P5", 2, "U1")}
    assert r.penalties["keep_published"] == 2
    kinds = {(c.person, c.period): (c.kind, c.published, c.unit) for c in changes(r.plan)}
    assert kinds[("P7", 2)] == ("retired", "U3", None)
    assert [kinds[("P8", t)][:2] for t in (1, 2)] == [("new", None), ("new", None)]
    assert summary(r.plan).endswith("; 2 placements not in the published plan")
    assert "1 by retirement" in summary(r.plan)


# ---------------------------------------------------------------------------
# a generated district


def test_keep_published_on_a_generated_district_changes_fewer_than_from_scratch() -> None:
    from rotation.generate import generate

    s = generate(40, 9, 3, horizon=2)
    first = solve(s, time_limit=20)
    assert first.plan is not None
    after = resign(s, "P008")
    again = solve(after, previous=first.plan, time_limit=20)
    scratch = solve(after, time_limit=20)
    assert again.status == scratch.status == "OPTIMAL"
    assert again.plan is not None and scratch.plan is not None
    s1 = again.plan.scenario
    assert validate(s1, again.plan) == []
    kept_changes = penalties(s1, again.plan)["keep_published"]
    scratch_changes = penalties(s1, scratch.plan)["keep_published"]
    assert kept_changes < scratch_changes  # measured: 2 against 14
    # the checker's count is the model's penalty, on the optimum and on another plan
    tier = next(t for t in again.tiers if t.rules == ("keep_published",))
    assert tier.value == tier.bound == kept_changes * s1.rules.keep_published.weight
    assert model_count(s1, scratch.plan) == scratch_changes
    kept, total = kept_count(again.plan)
    left = sum(1 for c in changes(again.plan) if c.kind == "left")
    assert total - kept == kept_changes + left


def test_decomposed_parts_carry_their_own_published_placements() -> None:
    from rotation.generate import generate
    from rotation.solvers.decompose import split

    s = generate(80, 16, 5, counties=2)
    s = s.replace(published=published_from_plan(s, Plan.current(s)))
    parts = split(s)
    assert len(parts) == 2
    assert sum(len(part.published) for part in parts) == len(s.published)
    for part in parts:
        assert {p.person for p in part.published} <= set(part.person)


# ---------------------------------------------------------------------------
# reading the published plan, and the command line


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    """The district before and after P1's resignation, as scenario folders."""
    before = _district()
    write_scenario(before, tmp_path / "before")
    write_scenario(resign(before, "P1"), tmp_path / "after")
    return tmp_path / "before", tmp_path / "after"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from rotation.cli import main

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_solve_previous_writes_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = _folders(tmp_path)
    published, again = tmp_path / "published", tmp_path / "again"
    assert _run(["solve", str(before), "--out", str(published), "--lang", "en"], capsys)[0] == 0
    code, out, _ = _run(
        ["solve", str(after), "--previous", str(published), "--out", str(again), "--lang", "en"],
        capsys,
    )
    assert code == 0
    # published from scratch nobody moves; after P1 leaves, P5 goes to U1 in both rounds
    assert "10 of 14 published decisions kept" in out
    frame = pd.read_csv(again / "changes.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(frame.columns[:8]) == [
        "person",
        "name",
        "round",
        "year",
        "published_unit",
        "published_name",
        "new_unit",
        "new_name",
    ]
    rows = list(frame[["person", "year", "published_unit", "new_unit"]].itertuples(index=False))
    assert [tuple(r) for r in rows] == [
        ("P1", 2027, "U1", ""),
        ("P5", 2027, "U3", "U1"),
        ("P1", 2028, "U1", ""),
        ("P5", 2028, "U3", "U1"),
    ]
    assert frame["reason_zh"].str.len().min() > 4 and frame["reason_en"].str.len().min() > 10
    sheet = pd.read_excel(again / "plan.xlsx", sheet_name="调整说明", header=None)
    assert sheet.iloc[0, 0].startswith("已公布的14项安排保留10项")
    assert list(sheet.iloc[2, :3]) == ["编号", "姓名", "轮次"]
    record = json.loads((again / "run.json").read_text(encoding="utf-8"))
    assert record["published_kept"] == {"kept": 10, "published": 14}
    # without --previous there is no changes.csv
    assert not (published / "changes.csv").exists()


def test_the_published_workbook_reads_back_as_the_published_plan(tmp_path: Path) -> None:
    """plan.xlsx given as --previous: its sheet 人员安排 had 单位编号 and 单位 (the name)
    both read as the unit, and no roles."""
    s = generate(40, 8, 1, horizon=2)
    result = solve(s, time_limit=10)
    write_outputs(s, result, tmp_path, input_hash="", lang="zh")
    places = [(p.person, p.period, p.unit, p.role) for p in read_published(s, tmp_path)]
    sheet = read_published(s, tmp_path / "plan.xlsx")
    assert [(p.person, p.period, p.unit, p.role) for p in sheet] == places
    assert {p.role for p in sheet} == {"head", "deputy", "member"}


def test_cli_bad_previous_is_one_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, after = _folders(tmp_path)
    missing = tmp_path / "nowhere"
    code, _, err = _run(["solve", str(after), "--previous", str(missing)], capsys)
    assert code == 2
    assert err.count("\n") == 1 and str(missing) in err and "does not exist" in err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "assignments.csv").write_text(
        "person,round,year,unit,role\nP2,1,2027,U1,member\nP3,1,2027,U9,member\n",
        encoding="utf-8",
    )
    code, _, err = _run(["solve", str(after), "--previous", str(bad)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert "assignments.csv, row 3, column 'unit': unknown unit 'U9'" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _run(["solve", str(after), "--previous", str(empty)], capsys)
    assert code == 2 and "has no assignments.csv" in err


def test_a_replan_is_not_written_over_the_plan_it_keeps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = _folders(tmp_path)
    published = tmp_path / "published"
    assert _run(["solve", str(before), "--out", str(published), "--lang", "en"], capsys)[0] == 0
    kept = {p.name: p.read_bytes() for p in published.iterdir()}
    for previous in (published, published / "plan.xlsx"):
        code, _, err = _run(
            [
                "solve",
                str(after),
                "--previous",
                str(previous),
                "--out",
                str(published),
                "--lang",
                "en",
            ],
            capsys,
        )
        assert code == 2 and "--out is the folder of the published plan" in err
    assert {p.name: p.read_bytes() for p in published.iterdir()} == kept


def test_read_published_by_chinese_year_with_names_and_dated_by_run_json(tmp_path: Path) -> None:
    s = resign(_district(), "P1").replace(plan_date=dt.date(2028, 1, 1))
    listing = tmp_path / "list.csv"
    listing.write_text(
        "编号,姓名,年度,单位\nP1,张三,2028,U1\nP6,干部P6,2027,U3\nP6,干部P6,2028,U2\n",
        encoding="utf-8",
    )
    assert read_published(s, listing) == (
        Published("P1", 1, "U1", "", "张三"),  # left since: kept, named
        Published("P6", 1, "U2", "", "干部P6"),  # 2027 is past
    )
    # a folder without a year column: run.json dates round 1
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "assignments.csv").write_text("person,round,unit\nP6,2,U2\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="the year"):
        read_published(s, folder)
    (folder / "run.json").write_text(json.dumps({"plan_date": "2027-01-01"}), encoding="utf-8")
    assert read_published(s, folder) == (Published("P6", 1, "U2"),)
    (folder / "assignments.csv").write_text("person,year,unit\nP6,2031,U2\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="no year of the published plan"):
        read_published(s, folder)


def test_published_placements_are_checked_on_construction() -> None:
    s = _district()
    with pytest.raises(ScenarioError, match="unknown unit 'U9'"):
        s.replace(published=(Published("P2", 1, "U9"),))
    with pytest.raises(ScenarioError, match="placed twice"):
        s.replace(published=(Published("P2", 1, "U1"), Published("P2", 1, "U2")))
    with pytest.raises(ScenarioError, match="period 0"):
        Published("P2", 0, "U1")
    # someone who left is allowed: they are reported, not planned
    assert s.replace(published=(Published("P9", 1, "U1"),)).published[0].person == "P9"
