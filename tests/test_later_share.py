"""The time a tier not proven in time leaves to the tiers after it
(``SolverSettings.later_share``, :func:`rotation.solvers.staged.run_stages`)."""

from __future__ import annotations

import dataclasses
import shutil
import time
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from rotation import read_scenario
from rotation.errors import ScenarioError
from rotation.generate import generate
from rotation.models import build_model
from rotation.models.variables import Expr
from rotation.scenario import SolverSettings
from rotation.solvers.cpsat import LATER_NEEDS, CpSatBackend, _LaterShare, hint_from_plan, solve
from rotation.solvers.staged import StageOutcome, run_stages
from tests.helpers import golomb

DISTRICT = Path(__file__).resolve().parents[1] / "scenarios" / "district"


class _Timed(CpSatBackend):
    """CP-SAT, recording the time each stage is given, the time it keeps for the later
    stages, and when it was asked."""

    given: list[tuple[float, float, float]]

    def solve_stage(
        self, expression: Expr | None, time_left: float, keep: float = 0.0
    ) -> StageOutcome:
        self.given.append((time_left, keep, time.perf_counter()))
        return super().solve_stage(expression, time_left, keep)


def _given(hinted: bool) -> list[tuple[float, float, float]]:
    """(time given, time left then, time kept for the later stages) for each stage of a
    small scenario solved with ``later_share = 0.25``, its model hinted with a plan or
    not."""
    s = generate(40, 9, 1)
    settings = SolverSettings(time_limit=20, later_share=0.25)
    built = build_model(s)
    if hinted:
        plan = solve(s, time_limit=20).plan
        assert plan is not None
        hint_from_plan(built, plan)
    backend = _Timed(built, settings)
    backend.given = []
    started = time.perf_counter()
    result = run_stages(built, backend, settings, started=started, build_time=0.0)
    assert result.status == "OPTIMAL" and len(backend.given) >= 3
    deadline = started + settings.time_limit
    return [(given, deadline - at, keep) for given, keep, at in backend.given]


def test_each_stage_with_a_plan_to_start_from_leaves_a_share_to_the_later_ones() -> None:
    first, *middle, last = _given(hinted=True)
    for given, left, keep in [first, *middle]:
        assert given == pytest.approx(left, abs=0.01)
        assert keep == pytest.approx(0.25 * left, abs=0.01)
    assert last[0] == pytest.approx(last[1], abs=0.01)  # the last takes all that is left
    assert last[2] == 0


def test_a_first_stage_with_no_plan_to_start_from_keeps_all_the_time() -> None:
    """Without a plan it would hand on nothing: the share would only be lost."""
    first, *middle, last = _given(hinted=False)
    assert first[0] == pytest.approx(first[1], abs=0.01) and first[2] == 0
    for _, left, keep in middle:  # the next ones start from the first one's plan
        assert keep == pytest.approx(0.25 * left, abs=0.01)
    assert last[2] == 0


def test_a_stage_stops_where_the_time_kept_for_the_later_ones_begins() -> None:
    """Its first plan came at once: the later stages can use the time kept for them."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30
    started = time.perf_counter()
    with _LaterShare(solver, soft=3, keep=27) as share:
        status = solver.solve(golomb(11), share)  # 74 against a bound of 51 after 8 s
    assert solver.status_name(status) == "FEASIBLE"
    assert share.first is not None and share.first < 1
    assert 2.5 < time.perf_counter() - started < 15  # not the 30 s of its limit


class _Stops:
    """A stand-in for the solver that counts the calls to stop its search."""

    def __init__(self) -> None:
        self.stops = 0

    def stop_search(self) -> None:
        self.stops += 1


@pytest.mark.parametrize(
    ("first", "stops"),
    [(None, 0), (0.5, 1), (1.2, 0)],  # no plan yet; kept 1.5 s ≥ 1.5 × 0.5 s; < 1.5 × 1.2 s
)
def test_a_stage_goes_on_when_the_later_ones_could_not_use_the_time_kept(
    first: float | None, stops: int
) -> None:
    """The next stage presolves the model again before it has a plan: time kept that is
    shorter than LATER_NEEDS times this stage's time to its first plan would be lost, and
    with no plan yet there is nothing to hand on."""
    solver = _Stops()
    share = _LaterShare(solver, soft=0, keep=1.5)  # type: ignore[arg-type]
    share.first = first
    share._due()
    assert solver.stops == stops
    assert LATER_NEEDS == 1.5


def test_the_share_is_a_setting_read_from_the_scenario(tmp_path: Path) -> None:
    folder = tmp_path / "district"
    shutil.copytree(DISTRICT, folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    assert "\nlater_share = 0.2\n" in text  # the bundled template shows the default
    toml.write_text(text.replace("\nlater_share = 0.2\n", "\nlater_share = 0.5\n"), "utf-8")
    assert read_scenario(folder).solver.later_share == 0.5
    toml.write_text(text.replace("\nlater_share = 0.2\n", "\nlater_share = 1.5\n"), "utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_scenario(folder)
    assert caught.value.column == "solver.later_share"
    assert "later_share" in str(caught.value)


@pytest.mark.parametrize("share", [-0.1, 1.0])
def test_a_share_outside_zero_to_one_is_refused(share: float) -> None:
    with pytest.raises(ScenarioError):
        dataclasses.replace(SolverSettings(), later_share=share)
