"""The bench harness on a tiny instance: child runs, medians, ratio, results file."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from rotation.bench import Run, instance_limit, run_one, summarise, table
from rotation.cli import main


def test_bench_runs_both_solvers_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    args = ["bench", "40-10-1", "--runs", "1", "--time-limit", "20", "--out", str(out)]
    assert main(args) == 0
    text = out.read_text(encoding="utf-8")
    assert "| 40-10-1 | cpsat | 1 | OPTIMAL |" in text
    assert "| 40-10-1 | highs | 1 | OPTIMAL |" in text
    assert "machine:" in text and "rotation bench 40-10-1" in text
    # the hand-written notes survive a rerun, below the new table
    out.write_text(text + "\n## Notes\n\nwhat was tried\n", encoding="utf-8")
    assert main([*args, "--solvers", "cpsat"]) == 0
    again = out.read_text(encoding="utf-8")
    assert again.endswith("## Notes\n\nwhat was tried\n")
    assert "| 40-10-1 | highs |" not in again


def test_summary_takes_medians_and_the_time_ratio() -> None:
    runs = [Run("x", "cpsat", "OPTIMAL", 0.1, t, 5.0, 5.0, 0.0, 100.0) for t in (1.0, 2.0, 9.0)] + [
        Run("x", "highs", "OPTIMAL", 0.1, t, 5.0, 5.0, 0.0, 80.0) for t in (4.0, 4.0, 5.0)
    ]
    rows = summarise(runs)
    cpsat = next(r for r in rows if r["solver"] == "cpsat")
    assert cpsat["total_s"] == 2.0 and cpsat["ratio"] == 0.5
    assert cpsat["build_share"] == 0.05  # 0.1 s of 2 s
    assert "| x | cpsat | 3 | OPTIMAL |" in table(rows)


def test_an_instance_may_carry_its_own_time_limit() -> None:
    assert instance_limit("province@300", 60) == ("province", 300.0)
    assert instance_limit("district", 60) == ("district", 60.0)


def test_a_plan_that_breaks_a_rule_is_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every plan a run returns goes through the checker; a breach makes the run INVALID."""
    from rotation.validate.common import Violation

    checker = importlib.import_module("rotation.validate")  # the package, not the function

    assert run_one("30-8-1", "cpsat", 20, None).status == "OPTIMAL"
    breach = Violation("headcount", 1, "U01 has 9 people", "U01有9人", unit="U01")
    monkeypatch.setattr(checker, "validate", lambda scenario, plan: [breach])
    run = run_one("30-8-1", "cpsat", 20, None)
    assert run.status == "INVALID: 1 violations, first: " + breach.text("en")
    assert run.objective is not None  # the figures stay for the record


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["nope"], "unknown instance 'nope'"),
        (["40-10"], "unknown instance '40-10'"),
        (["district", "--runs", "0"], "--runs must be at least 1, not 0"),
        (["district@0"], "'district@0': the time limit must be positive, not 0"),
        (["district@soon"], "the time limit after '@' must be a number of seconds"),
        (["district", "--solvers", "gurobi"], "unknown solver 'gurobi' (known: cpsat, highs)"),
    ],
)
def test_bad_arguments_stop_the_bench_before_any_run(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "RESULTS.md"
    with pytest.raises(SystemExit) as stopped:
        main(["bench", *args, "--out", str(out)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert not out.exists()
