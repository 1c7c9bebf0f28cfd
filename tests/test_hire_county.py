"""Planned hires that belong to a county (所属县区): a county recruits for its own
commission, so the model places such a hire only in that county's units, the checker
flags a plan that does not, and a city whose hires all name their county still splits
county by county."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rotation.cli import main
from rotation.errors import ScenarioError
from rotation.generate import generate
from rotation.models.build import build_model
from rotation.models.hires import hire_vars
from rotation.plan import Plan
from rotation.scenario import Hire, Scenario
from rotation.solvers import solve
from rotation.solvers.decompose import split
from rotation.validate import measure, validate
from tests.helpers import assert_infeasible, assert_optimal, assert_penalty, person, scenario, soft
from tests.helpers import unit as make_unit
from tests.io.scenario_folder import FILES, make_folder

FROZEN = "正在接受审查调查"


def short_east(hire: Hire) -> Scenario:
    """A1 (东县, band 3–5) has two people, B1 (西县, 2–5) two, and nobody may move: only
    ``hire``, joining in round 1, can bring A1 to its minimum."""
    units = [
        dataclasses.replace(make_unit("A1", 3, 5), county="东县"),
        dataclasses.replace(make_unit("B1", 2, 5), county="西县"),
    ]
    people = [
        person(p, u, frozen=FROZEN) for p, u in (("P1", "A1"), ("P2", "A1"), ("P3", "B1"))
    ] + [person("P4", "B1", frozen=FROZEN)]
    return scenario(units, people).replace(hires=(hire,))


def test_a_hire_without_a_county_may_go_to_any_unit():
    s = short_east(Hire("H1", 1))
    assert set(hire_vars(build_model(s).ctx)) == {("H1", "A1"), ("H1", "B1")}
    r = assert_optimal(s)
    assert r.plan is not None and r.plan.unit_of("H1", 1) == "A1"


def test_the_model_never_places_a_county_hire_outside_the_county():
    s = short_east(Hire("H1", 1, county="西县"))
    # only 西县's unit gets a Boolean
    assert set(hire_vars(build_model(s).ctx)) == {("H1", "B1")}
    # A1 needs them, but they are 西县's recruit: A1 stays short
    assert_infeasible(s, "headcount")
    r = assert_penalty(soft(s, "headcount"), "headcount", 1, 7)
    assert r.plan is not None and r.plan.unit_of("H1", 1) == "B1"
    assert r.plan.hires_in("A1", 1) == []


def test_the_checker_flags_a_county_hire_placed_outside_the_county():
    s = short_east(Hire("H1", 1, name="新人甲", county="西县"))
    stay = {(p.id, 1): p.unit for p in s.people}
    inside = Plan(s, {**stay, ("H1", 1): "B1"})
    assert measure(s, inside)["assignment"] == []
    outside = Plan(s, {**stay, ("H1", 1): "A1"})
    found = measure(s, outside)["assignment"]
    assert [(v.period, v.person, v.unit) for v in found] == [(1, "H1", "A1")]
    assert found[0].message == (
        "planned hire 新人甲 (H1) is placed in 单位A1 (A1) of 东县 in round 1 (2027), "
        "outside their county 西县"
    )
    assert found[0].message_zh == (
        "计划招录人员新人甲（H1）第1轮（2027年）被安排到东县的单位A1 (A1)，不在招录所属县区西县"
    )
    # a hire without a county may be anywhere
    free = short_east(Hire("H1", 1))
    assert measure(free, Plan(free, {**stay, ("H1", 1): "A1"}))["assignment"] == []


def test_an_unknown_county_is_rejected():
    with pytest.raises(ScenarioError) as info:
        short_east(Hire("H1", 1, county="南县"))
    error = info.value
    assert (error.table, error.index, error.column) == ("hires", 0, "county")
    assert "unknown county '南县'" in error.message and "东县, 西县" in error.message
    # a district's units name no county: any county is unknown there
    with pytest.raises(ScenarioError, match="no unit names one"):
        scenario([make_unit("U1")], [person("P1", "U1")]).replace(
            hires=(Hire("H1", 1, county="东县"),)
        )
    with pytest.raises(ScenarioError) as bad:
        Hire("H1", 1, county=3)  # type: ignore[arg-type]
    assert bad.value.column == "county"


def test_an_unknown_county_in_the_hires_table_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = FILES["units.csv"].splitlines()
    counties = [units[0] + ",county", *(line + ",东县" for line in units[1:])]
    folder = make_folder(
        tmp_path,
        {
            "units.csv": "\n".join(counties) + "\n",
            "hires.csv": "编号,到岗轮次,所属县区\nH1,1,东县\nH2,2,西县\n",
        },
    )
    assert main(["check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "hires.csv" in err and "row 3" in err and "所属县区" in err and "西县" in err


def city_with_county_hires() -> Scenario:
    """Three counties (generate(120, 24, 5, counties=3)), each with two hires of its own
    joining in round 1, one with a skill."""
    s = generate(120, 24, 5, counties=3)
    counties = sorted({u.county for u in s.units})
    hires = [
        Hire(f"H{k}{i}", 1, frozenset({s.skills[k]}) if i == 0 else frozenset(), county=c)
        for k, c in enumerate(counties)
        for i in range(2)
    ]
    return s.replace(hires=tuple(hires))


def test_a_city_with_county_hires_splits_into_its_counties():
    s = city_with_county_hires()
    parts = split(s)
    assert len(parts) == 3
    for part in parts:
        (county,) = {u.county for u in part.units}
        assert [h.county for h in part.hires] == [county, county]
    assert sorted(h.id for part in parts for h in part.hires) == sorted(h.id for h in s.hires)
    assert split(s) is split(s)  # computed once per scenario


def test_a_hire_without_a_county_still_keeps_the_city_whole():
    s = city_with_county_hires()
    free = s.replace(hires=(*s.hires, Hire("H9", 1)))
    assert len(split(free)) == 1 and split(free)[0] is free


def test_county_hires_decomposed_give_the_monolithic_tiers():
    s = city_with_county_hires()
    whole = solve(s, decompose=False, time_limit=60)
    apart = solve(s, jobs=1, time_limit=60)
    assert whole.status == apart.status == "OPTIMAL"
    assert [t.value for t in apart.tiers] == pytest.approx([t.value for t in whole.tiers])
    assert apart.objective == pytest.approx(whole.objective)
    assert apart.plan is not None and validate(s, apart.plan) == []
    for h in s.hires:
        placed = apart.plan.unit_of(h.id, 1)
        assert placed is not None and s.unit[placed].county == h.county
