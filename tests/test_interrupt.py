"""Ctrl-C during a solve (:mod:`rotation.interrupt`): the first stops every search and
keeps the best plan so far, the second ends the program."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

import rotation
from rotation import interrupt
from rotation.generate import generate, generate_preset
from rotation.io import read_plan, read_scenario
from rotation.validate import validate
from tests.helpers import golomb


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    interrupt.reset()
    yield
    interrupt.reset()


def test_a_stop_ends_the_running_search_and_every_later_one() -> None:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 120
    solver.parameters.num_workers = 1
    timer = threading.Timer(0.5, interrupt.request_stop)
    started = time.perf_counter()
    timer.start()
    status = interrupt.solve(solver, golomb(12))
    assert time.perf_counter() - started < 30  # stopped, not at its 120 s limit
    assert status in (cp_model.FEASIBLE, cp_model.UNKNOWN) and interrupt.stopped()
    later = cp_model.CpSolver()
    later.parameters.max_time_in_seconds = 120
    started = time.perf_counter()
    interrupt.solve(later, golomb(12))
    assert time.perf_counter() - started < 10


def test_a_solve_stopped_before_any_plan_says_so() -> None:
    s = generate(36, 9, 4)
    interrupt.request_stop()
    result = rotation.solve(s, time_limit=30)
    assert result.status == "UNKNOWN" and result.plan is None and result.interrupted
    assert result.message == "stopped by Ctrl-C before a plan was found"
    assert result.message_zh == "求解在找到方案之前被Ctrl-C中断"


def test_a_solve_not_stopped_is_not_marked() -> None:
    result = rotation.solve(generate(36, 9, 4), time_limit=30)
    assert result.status == "OPTIMAL" and not result.interrupted


ROTATION = [sys.executable, "-m", "rotation"]


def generated(folder: Path, *options: str) -> Path:
    """``rotation generate OPTIONS --out FOLDER``."""
    subprocess.run([*ROTATION, "generate", *options, "--out", str(folder)], check=True)
    return folder


def interrupted(
    arguments: list[str], pauses: list[float], log: Path, ready: str = ""
) -> tuple[int, str, float]:
    """Run ``rotation ARGUMENTS`` (stdout and stderr to ``log``), wait until the log
    shows ``ready``, then send SIGINT to it alone after each pause; its exit code, its
    log, and the seconds from the last signal to its end."""
    with open(log, "w") as sink:
        proc = subprocess.Popen([*ROTATION, *arguments], stdout=sink, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while ready not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            for pause in pauses:
                time.sleep(pause)
                proc.send_signal(signal.SIGINT)
            signalled = time.monotonic()
            code = proc.wait(timeout=100)
        finally:
            if proc.poll() is None:
                proc.kill()
    return code, log.read_text(), time.monotonic() - signalled


@pytest.mark.slow
def test_ctrl_c_in_rotation_solve_keeps_the_best_plan_so_far(tmp_path: Path) -> None:
    """`rotation solve` of district-5y with two minutes: Ctrl-C once the search runs ends
    it within seconds, with a plan that passes the checker, marked interrupted."""
    folder, out = generated(tmp_path / "d5", "--preset", "district-5y"), tmp_path / "out"
    # --log prints CP-SAT's search log; 12 s after its first line the round-by-round
    # start (about 8 s) is done and the whole model searches
    code, text, after = interrupted(
        ["solve", str(folder), "--out", str(out), "--time-limit", "120", "--log"],
        [12],
        tmp_path / "log",
        ready="Starting CP-SAT solver",
    )
    assert after < 30, text[-2000:]
    assert "interrupted: stopping the search" in text
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["interrupted"] is True
    if code == 0:
        assert "stopped by Ctrl-C: the best plan found until then" in text
        scenario = read_scenario(folder)
        assert validate(scenario, read_plan(scenario, out / "assignments.csv")) == []
    else:  # stopped before the round-by-round start had a plan: none, and it says so
        assert code == 1 and "stopped by Ctrl-C before a plan was found" in text


def test_a_second_ctrl_c_quits_at_once(tmp_path: Path) -> None:
    """Twice: the program ends with exit code 130, whatever it was doing, and writes
    nothing."""
    folder, out = generated(tmp_path / "d", "--preset", "district-5y"), tmp_path / "out"
    code, text, _ = interrupted(
        ["solve", str(folder), "--out", str(out), "--time-limit", "120"], [4, 0.5], tmp_path / "log"
    )
    assert code == interrupt.EXIT_INTERRUPTED, text
    assert "Traceback" not in text
    assert not (out / "run.json").exists()


@pytest.mark.slow
def test_a_stop_ends_a_highs_branch_and_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the watch HiGHS's MIP interrupt callback reads the stop: district-5y, which
    HiGHS does not solve in a minute, ends within seconds of it."""
    monkeypatch.setattr(interrupt, "_watched", True)
    s = generate_preset("district-5y")
    timer = threading.Timer(8.0, interrupt.request_stop)
    started = time.perf_counter()
    timer.start()
    result = rotation.solve(s, solver="highs", time_limit=120)
    assert time.perf_counter() - started < 40
    assert result.interrupted and result.status in ("UNKNOWN", "FEASIBLE")


@pytest.mark.slow
def test_a_stop_sent_to_the_parent_alone_reaches_the_county_processes(tmp_path: Path) -> None:
    """Four counties planned over five rounds on two processes: SIGINT to the parent
    alone (as a program running `rotation solve` would stop it) stops the counties'
    processes too, where they ran their share of two minutes before."""
    sizes = ["--people", "600", "--units", "120", "--counties", "4", "--horizon", "5"]
    folder, out = generated(tmp_path / "c4", *sizes), tmp_path / "out"
    _, text, after = interrupted(
        ["solve", str(folder), "--out", str(out), "--time-limit", "120", "--jobs", "2"],
        [8],
        tmp_path / "log",
    )
    assert after < 30, text
    assert "interrupted: stopping the search" in text
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["interrupted"] is True


@pytest.mark.slow
def test_ctrl_c_outside_a_solve_quits_without_a_traceback(tmp_path: Path) -> None:
    """`rotation check` of a province written as xlsx (reading and counting take about
    8 s) stopped after 3 s, well past the imports: exit code 130 and one word."""
    folder = generated(tmp_path / "province", "--preset", "province", "--format", "xlsx")
    code, text, _ = interrupted(["check", str(folder)], [3], tmp_path / "log")
    assert code == interrupt.EXIT_INTERRUPTED, text
    assert text.strip() == "interrupted"


@pytest.mark.slow
def test_a_stop_button_in_a_program_that_imports_rotation() -> None:
    """A program of the department's own solves in one thread and stops from another
    (no watch, no signal): the solve returns its best plan so far, marked interrupted."""
    s = generate_preset("district-5y")
    found: list[rotation.Result] = []
    worker = threading.Thread(target=lambda: found.append(rotation.solve(s, time_limit=120)))
    started = time.perf_counter()
    worker.start()
    time.sleep(12)  # the round-by-round start (about 8 s) is done: a plan exists
    interrupt.request_stop()
    worker.join(timeout=60)
    assert not worker.is_alive() and time.perf_counter() - started < 40
    (result,) = found
    assert result.interrupted and result.plan is not None
    assert validate(s, result.plan) == []
