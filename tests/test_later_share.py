"""The time a tier not proven in time leaves to the tiers after it
(``SolverSettings.later_share``, :func:`rotation.solvers.staged.run_stages`)."""

from __future__ import annotations

import dataclasses
import shutil
import time
from pathlib import Path

import pytest

from rotation import read_scenario
from rotation.errors import ScenarioError
from rotation.generate import generate
from rotation.models import build_model
from rotation.models.variables import Expr
from rotation.scenario import SolverSettings
from rotation.solvers.cpsat import CpSatBackend, hint_from_plan, solve
from rotation.solvers.staged import StageOutcome, run_stages

DISTRICT = Path(__file__).resolve().parents[1] / "scenarios" / "district"


class _Timed(CpSatBackend):
    """CP-SAT, recording the time each stage is given and when it was asked."""

    given: list[tuple[float, float]]

    def solve_stage(self, expression: Expr | None, time_left: float) -> StageOutcome:
        self.given.append((time_left, time.perf_counter()))
        return super().solve_stage(expression, time_left)


def _given(hinted: bool) -> list[tuple[float, float, float]]:
    """(time given, time left then, share kept) for each stage of a small scenario
    solved with ``later_share = 0.25``, its model hinted with a plan or not."""
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
    return [(given, deadline - at, 0.25) for given, at in backend.given]


def test_each_stage_with_a_plan_to_start_from_leaves_a_share_to_the_later_ones() -> None:
    first, *middle, last = _given(hinted=True)
    for given, left, share in [first, *middle]:
        assert given == pytest.approx((1 - share) * left, abs=0.01)
    assert last[0] == pytest.approx(last[1], abs=0.01)  # the last takes all that is left


def test_a_first_stage_with_no_plan_to_start_from_keeps_all_the_time() -> None:
    """Without a plan it would hand on nothing: the share would only be lost."""
    first, *middle, last = _given(hinted=False)
    assert first[0] == pytest.approx(first[1], abs=0.01)
    for given, left, share in middle:  # the next ones start from the first one's plan
        assert given == pytest.approx((1 - share) * left, abs=0.01)
    assert last[0] == pytest.approx(last[1], abs=0.01)


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
