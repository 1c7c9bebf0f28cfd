"""Several tiers solved as one weighted sum: the same tier values as one stage per tier."""

from __future__ import annotations

from fractions import Fraction

import pytest

import rotation.solvers.cpsat as cpsat
import rotation.solvers.staged as staged
from rotation.generate import generate
from rotation.models import build_model
from rotation.replan import with_previous
from rotation.scenario import SolverSettings
from rotation.solvers import solve
from rotation.solvers.cpsat import CpSatBackend
from rotation.solvers.staged import group_stages
from rotation.validate import tier_values, validate
from tests.test_replan import resign


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_merged_tiers_give_the_tier_by_tier_optimum(seed: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = generate(60, 12, seed)
    built = build_model(s)
    groups = group_stages(built.stages, CpSatBackend(built, SolverSettings()))
    assert any(len(group) > 1 for group in groups)  # some tiers are solved together
    merged = solve(s, time_limit=30)
    monkeypatch.setattr(cpsat, "LEXICOGRAPHIC_LIMIT", 0)  # one stage per tier
    apart = solve(s, time_limit=30)
    assert merged.status == apart.status == "OPTIMAL"
    assert [t.rules for t in merged.tiers] == [t.rules for t in apart.tiers]
    assert [t.value for t in merged.tiers] == pytest.approx([t.value for t in apart.tiers])
    assert [t.bound for t in merged.tiers] == pytest.approx([t.value for t in merged.tiers])
    assert merged.plan is not None and validate(s, merged.plan) == []
    assert [v for v in tier_values(s, merged.plan) if v] == pytest.approx(
        [t.value for t in merged.tiers if t.value]
    )


def test_stages_are_grouped_from_the_last_tier_back() -> None:
    s = generate(60, 12, 1)
    built = build_model(s)
    backend = CpSatBackend(built, SolverSettings())
    ranges = [
        staged.expression_range(built.ctx.model, stage.expression()) for stage in built.stages
    ]
    spans = [high - low + 1 for low, high in ranges]
    groups = group_stages(built.stages, backend)
    assert [stage for group in groups for stage in group] == list(built.stages)
    assert groups[0] == [built.stages[0]]  # tier 1 is alone (but for a re-plan's changes)
    # the last group is as long as the limit allows, counted from the end
    last = groups[-1]
    product = 1
    for span in spans[len(spans) - len(last) :]:
        product *= span
    assert product <= staged.LEXICOGRAPHIC_LIMIT
    if len(last) < len(spans) - 1:  # tier 1 stays alone whatever the limit
        assert product * spans[len(spans) - len(last) - 1] > staged.LEXICOGRAPHIC_LIMIT


def test_a_replan_weighs_its_changes_after_tier_1_in_the_same_search(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # one person of a solved district resigns: tier 1 and the changes to the published
    # plan are one search, whose tier values are those of one stage per tier
    s = generate(60, 12, 2)
    published = solve(s, time_limit=30).plan
    assert published is not None
    mover = next(m.person for m in published.iter_moves(retirements=False))
    after = with_previous(resign(s, mover), published)
    built = build_model(after)
    groups = group_stages(built.stages, CpSatBackend(built, SolverSettings()))
    assert [[stage.rules for stage in group] for group in groups[:1]] == [
        [built.stages[0].rules, ("keep_published",)]
    ]
    # each change counts 1 in the search (weight 200 over its common divisor), so that
    # the two tiers' weighted sum stays within the exact range
    keep = built.stages[1]
    assert {keep.coefficient(p) for p in keep.penalties} == {1} and keep.scale == Fraction(1, 200)
    together = solve(after, time_limit=30)
    monkeypatch.setattr(cpsat, "LEXICOGRAPHIC_LIMIT", 0)
    apart = solve(after, time_limit=30)
    assert together.status == apart.status == "OPTIMAL"
    assert [t.value for t in together.tiers] == pytest.approx([t.value for t in apart.tiers])
    assert [t.bound for t in together.tiers] == pytest.approx([t.value for t in together.tiers])
    assert together.plan is not None and validate(after, together.plan) == []


def test_weights_are_mixed_radix_over_the_later_tiers() -> None:
    s = generate(60, 12, 1)
    built = build_model(s)
    backend = CpSatBackend(built, SolverSettings())
    exprs = [stage.expression() for stage in built.stages[-2:]]
    weights = backend.lexicographic_weights(exprs)
    low, high = staged.expression_range(built.ctx.model, exprs[1])
    assert weights == [high - low + 1, 1]


def test_the_county_whose_merged_tiers_stalled_is_proven() -> None:
    # with tiers 2–4 as one sum (range 7e11) CP-SAT's LP could not prove this county
    # optimal in 60 s; under the limit tiers 3–4 are merged and all is proven in ~1 s
    from rotation.generate import generate_preset
    from rotation.solvers.decompose import split

    county = split(generate_preset("city"))[3]
    r = solve(county, time_limit=30, decompose=False)
    assert r.status == "OPTIMAL"
    assert [t.value for t in r.tiers] == pytest.approx([264, 977, 168, 76.8])


def test_ranges_read_from_the_lp_columns_are_the_model_domains() -> None:
    # the backend reads the ranges from the LP's column bounds; they must be the ranges
    # over the model's domains, before and after the LP start narrows them
    s = generate(60, 12, 1)
    built = build_model(s)
    backend = CpSatBackend(built, SolverSettings())
    exprs = [stage.expression() for stage in built.stages]

    def ranges() -> list[tuple[int, int]]:
        mine = [backend.expression_range(e) for e in exprs]
        assert mine == [staged.expression_range(built.ctx.model, e) for e in exprs]
        return mine

    assert backend.linear_relaxation() is not None
    before = ranges()
    lp = backend.linear_relaxation().solve(exprs[0], 10)  # type: ignore[union-attr]
    assert lp is not None
    backend.narrow(lp, int(lp.bound))
    assert ranges()[0][1] < before[0][1]  # tier 1's top came down with the fixings


def test_a_range_too_large_for_a_float_is_read_from_the_domains() -> None:
    s = generate(60, 12, 1)
    built = build_model(s)
    backend = CpSatBackend(built, SolverSettings())
    assert backend.linear_relaxation() is not None
    var = next(iter(built.ctx.x.values()))
    huge = 2**60 + 1  # not a float: 2⁶⁰ + 1 rounds to 2⁶⁰
    assert backend.expression_range(huge * var + 3) == (3, huge + 3)
