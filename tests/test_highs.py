"""HiGHS on the same model as CP-SAT: the MIP translation of the proto, and both back ends
agreeing on status, optimal objective and tier values (plans may differ), with plans that
pass the same validator."""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from ortools.sat.python import cp_model

import rotation
from rotation.generate import generate
from rotation.models import build_model
from rotation.result import Result
from rotation.scenario import Scenario
from rotation.solvers.highs import UnsupportedModel, mip_from_proto
from rotation.validate import objective, penalties, validate
from tests.helpers import person, scenario, soft, soften_all, unit

LAW = ("law",)


def both(s: Scenario) -> tuple[Result, Result]:
    return (
        rotation.solve(s, solver="cpsat", time_limit=30),
        rotation.solve(s, solver="highs", time_limit=30),
    )


def assert_agree(s: Scenario) -> tuple[Result, Result]:
    """Both OPTIMAL at the same objective and tier values; both plans valid, with the
    validator's objective and amounts."""
    c, h = both(s)
    assert (c.solver, h.solver) == ("cp-sat", "highs")
    assert c.status == "OPTIMAL", c.message
    assert h.status == "OPTIMAL", h.message
    assert h.objective == pytest.approx(c.objective)
    assert h.bound == pytest.approx(h.objective)
    assert [t.rules for t in h.tiers] == [t.rules for t in c.tiers]
    assert [t.value for t in h.tiers] == pytest.approx([t.value for t in c.tiers])
    assert all(t.status == "OPTIMAL" and t.bound == t.value for t in h.tiers)
    for r in (c, h):
        assert r.plan is not None
        assert validate(s, r.plan) == []
        assert objective(s, r.plan) == pytest.approx(r.objective)
        recomputed = penalties(s, r.plan)
        assert {k: v for k, v in r.penalties.items() if v} == {
            k: v for k, v in recomputed.items() if v
        }
    return c, h


def weighted(s: Scenario) -> Scenario:
    return s.replace(objective=dataclasses.replace(s.objective, mode="weighted"))


def lead(uid: str, lo: int = 0, hi: int = 10, heads: int = 1, deputies: int = 1) -> rotation.Unit:
    return dataclasses.replace(unit(uid, lo, hi), heads=heads, deputies=deputies)


# ---------------------------------------------------------------------------
# tiny hand-made districts


def _moves_and_wishes() -> Scenario:
    # P1 must leave U1; wishes and fewest moves in two tiers
    return scenario(
        [unit("U1", 1, 3), unit("U2", 1, 3), unit("U3", 1, 3)],
        [
            person("P1", "U1", 6, prefs=("U2", "U3")),
            person("P2", "U1", 2, prefs=("U3",)),
            person("P3", "U2", 2),
            person("P4", "U3", 2),
        ],
    )


def _crowded_soft_headcount() -> Scenario:
    # six people, room for four: headcount soft at 7, skills hard, rotation forced
    s = scenario(
        [unit("U1", 1, 2, needs={"law": 1}), unit("U2", 1, 2, needs={"law": 1})],
        [
            person("P1", "U1", 6, skills=LAW),
            person("P2", "U1", 2),
            person("P3", "U1", 1),
            person("P4", "U2", 2, skills=LAW),
            person("P5", "U2", 7),
            person("P6", "U2", 1, prefs=("U1",)),
        ],
    )
    return soft(s, "headcount", 7)


def _kin() -> Scenario:
    # spouses may not share a unit (hard), in-laws soft at 3; one must move anyway
    return soft(
        scenario(
            [unit("U1", 1, 4), unit("U2", 1, 4), unit("U3", 0, 4)],
            [
                person("P1", "U1", 2),
                person("P2", "U1", 2),
                person("P3", "U2", 6),
                person("P4", "U2", 2),
                person("P5", "U3", 1),
            ],
            relations=[("P1", "P2"), ("P3", "P5")],
        ),
        "kin_avoidance",
        3,
    )


def _leadership() -> Scenario:
    # heads and deputies: the head of U1 must leave; posts are fixed per unit
    return scenario(
        [lead("U1", 2, 4), lead("U2", 2, 4), lead("U3", 2, 4)],
        [
            person("P1", "U1", 6, role="head"),
            person("P2", "U1", 3, role="deputy"),
            person("P3", "U1", 2),
            person("P4", "U2", 2, role="head"),
            person("P5", "U2", 3, role="deputy"),
            person("P6", "U2", 6),
            person("P7", "U3", 2, role="head"),
            person("P8", "U3", 1, role="deputy"),
            person("P9", "U3", 4, prefs=("U1",)),
        ],
        enable=("leadership_slots", "head_deputy_apart", "team_turnover", "rotation_volume"),
    )


def _impossible() -> Scenario:
    # two units need a law graduate each; there is one
    return scenario(
        [unit("U1", 1, 3, needs={"law": 1}), unit("U2", 1, 3, needs={"law": 1})],
        [person("P1", "U1", 2, skills=LAW), person("P2", "U1", 2), person("P3", "U2", 2)],
    )


TINY = {
    "moves_and_wishes": _moves_and_wishes,
    "crowded_soft_headcount": _crowded_soft_headcount,
    "kin": _kin,
    "leadership": _leadership,
    "impossible_made_soft": lambda: soften_all(_impossible(), 1000.0),
}


@pytest.mark.parametrize("mode", ["tiers", "weighted"])
@pytest.mark.parametrize("name", sorted(TINY))
def test_tiny_districts_agree(name: str, mode: str) -> None:
    s = TINY[name]()
    assert_agree(s if mode == "tiers" else weighted(s))


def test_the_soft_headcount_is_paid_the_same() -> None:
    c, h = assert_agree(_crowded_soft_headcount())
    assert h.penalties["headcount"] == c.penalties["headcount"] == 2  # 6 people, 4 seats


def test_an_infeasible_district_is_infeasible_in_both() -> None:
    s = _impossible()
    for r in both(s):
        assert r.status == "INFEASIBLE"
        assert r.plan is None and r.objective is None
        assert len(r.message) > 20 and len(r.message_zh) > 10


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_districts_agree(seed: int) -> None:
    # every rule of the catalogue at its default, on a small generated district
    assert_agree(generate(40, 10, seed))


def test_a_generated_district_agrees_weighted() -> None:
    assert_agree(weighted(generate(40, 10, 4)))


# ---------------------------------------------------------------------------
# the translation of the proto


def test_literals_and_linear_rows_translate_exactly() -> None:
    model = cp_model.CpModel()
    a, b, c = (model.new_bool_var(n) for n in "abc")
    k = model.new_int_var(-3, 5, "k")
    model.add_exactly_one([a, ~b])  # a + (1 - b) = 1  ->  a - b = 0
    model.add_bool_or([~a, c])  # (1 - a) + c >= 1  ->  -a + c >= 0
    model.add_at_most_one([a, b, c])
    model.add(2 * a - 3 * k <= 4)
    model.add(a + k == 2)
    mip = mip_from_proto(model.proto)
    assert mip.col_lower.tolist() == [0, 0, 0, -3] and mip.col_upper.tolist() == [1, 1, 1, 5]
    starts = [*mip.starts.tolist(), len(mip.index)]
    rows = [
        (
            dict(zip(mip.index[lo:hi].tolist(), mip.value[lo:hi].tolist(), strict=True)),
            mip.row_lower[i],
            mip.row_upper[i],
        )
        for i, (lo, hi) in enumerate(itertools.pairwise(starts))
    ]
    assert rows == [
        ({0: 1, 1: -1}, 0, 0),
        ({0: -1, 2: 1}, 0, np.inf),
        ({0: 1, 1: 1, 2: 1}, -np.inf, 1),
        ({0: 2, 3: -3}, -np.inf, 4),
        ({0: 1, 3: 1}, 2, 2),
    ]
    x = np.array([1, 1, 1, 1])
    assert mip.breaches(x).tolist() == [2]  # at most one of a, b, c
    assert mip.breaches(np.array([0, 0, 0, 2])).tolist() == []


def test_what_a_mip_cannot_say_is_refused() -> None:
    model = cp_model.CpModel()
    k = model.new_int_var(0, 5, "k")
    model.add(k != 2)
    with pytest.raises(UnsupportedModel, match="only one"):
        mip_from_proto(model.proto)
    holes = cp_model.CpModel()
    holes.new_int_var_from_domain(cp_model.Domain.from_values([1, 3]), "odd")
    with pytest.raises(UnsupportedModel, match="domain"):
        mip_from_proto(holes.proto)
    # the explanation model switches rules by enforcement literals: CP-SAT only
    switchable = build_model(_moves_and_wishes(), switchable=True)
    with pytest.raises(UnsupportedModel, match="enforcement"):
        mip_from_proto(switchable.ctx.model.proto)


def test_an_empty_constraint_is_no_row() -> None:
    model = cp_model.CpModel()
    a = model.new_bool_var("a")
    model.proto.constraints.add()  # holds always, as in CP-SAT
    model.add(a <= 1)
    mip = mip_from_proto(model.proto)
    assert mip.num_row == 1 and mip.index.tolist() == [0]


def test_a_model_that_cannot_be_written_is_an_os_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # the translation reads the model through a temporary file; a failed write is said
    # as such, not as a missing file later
    from ortools.sat.python import cp_model_helper

    model = cp_model.CpModel()
    model.new_bool_var("a")
    monkeypatch.setattr(
        cp_model_helper.CpSatHelper, "write_model_to_file", staticmethod(lambda proto, path: False)
    )
    with pytest.raises(OSError, match="could not write the model"):
        mip_from_proto(model.proto)


def test_unknown_solver_is_refused() -> None:
    with pytest.raises(ValueError, match="highs"):
        rotation.solve(_moves_and_wishes(), solver="gurobi")


def test_cli_solves_with_highs(tmp_path: Path) -> None:
    from rotation.cli import main

    folder = rotation.write_scenario(generate(40, 10, 2), tmp_path / "district")
    out = tmp_path / "out"
    assert main(["solve", str(folder), "--solver", "highs", "--out", str(out)]) == 0
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["solver"] == "highs" and record["status"] == "OPTIMAL"


def test_out_of_time_gives_a_valid_plan_or_none() -> None:
    # two seconds for a 150-person district, build included: a plan not proven best or
    # none, never a wrong one, and a bound below the objective
    s = generate(150, 30, 1)
    r = rotation.solve(s, solver="highs", time_limit=2)
    assert r.status in ("OPTIMAL", "FEASIBLE", "UNKNOWN")
    if r.plan is None:
        assert "2 s" in r.message
        return
    assert validate(s, r.plan) == []
    assert all(t.bound <= t.value for t in r.tiers)


def test_the_relaxation_bound_comes_from_the_duals_and_is_rounded_up() -> None:
    from rotation.solvers.highs import relaxation

    model = cp_model.CpModel()
    a, b, c = (model.new_bool_var(n) for n in "abc")
    model.add(2 * a + 2 * b + 2 * c >= 3)  # LP optimum 1.5, integer optimum 2
    model.add(a + b <= 1)
    lp = relaxation(model.proto, a + b + c + 4, time_limit=5)
    assert lp is not None
    assert lp.bound == 6  # ⌈1.5 + 4⌉
    assert float(lp.values[:3].sum()) == pytest.approx(1.5)
    # a model the LP cannot express (an enforcement literal) gives none
    model.add(a + b >= 1).only_enforce_if(c)
    assert relaxation(model.proto, a + b + c, time_limit=5) is None
