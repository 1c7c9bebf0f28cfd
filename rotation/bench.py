"""``rotation bench``: both solvers on the size ladder, several runs each, side by side.

Each run is a child process (``python -m rotation.bench --one …``) so that its peak
memory is its own and one run cannot warm up the next. The child generates the preset
(not timed), builds and solves, checks the plan with the solver-free checker (a plan that
breaks a rule has the status ``INVALID``), and prints one JSON line: build and solve time,
status, objective, bound, gap and peak resident memory. The parent prints a table of medians
with the CP-SAT/HiGHS time ratio and writes ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

LADDER = ("district", "city", "province", "district-5y")


@dataclass(frozen=True)
class Run:
    """One solve of one instance by one solver."""

    instance: str
    solver: str
    status: str
    build: float
    total: float
    objective: float | None
    bound: float | None
    gap: float | None
    peak_mb: float

    @classmethod
    def from_json(cls, line: str) -> Run:
        """A run from the child's JSON line."""
        return cls(**json.loads(line))


def run_one(instance: str, solver: str, time_limit: float, workers: int | None) -> Run:
    """Generate, build and solve once in this process (the child's work)."""
    import resource

    from rotation.generate import PRESETS, generate, generate_preset
    from rotation.solvers import solve

    # Modules are imported before the clock starts, as in a what-if sweep that pays for
    # them once per process: the solvers, and networkx for the road graph.
    import_module("networkx")
    import_module(f"rotation.solvers.{solver}")
    import_module("rotation.solvers.decompose")

    if instance in PRESETS:
        scenario = generate_preset(instance)
    else:  # "people-units-seed", e.g. 600-120-1
        people, units, seed = (int(x) for x in instance.split("-"))
        scenario = generate(people, units, seed)
    try:
        result = solve(scenario, solver=solver, time_limit=time_limit, workers=workers)
        status = result.status
        build, total = result.build_time, result.wall_time
        objective, bound, gap = result.objective, result.bound, result.gap
        processes = result.workers
    except Exception as exc:  # a bench reports a failed run, it does not stop
        status, build, total, objective, bound, gap = f"ERROR: {exc}", 0.0, 0.0, None, None, None
        processes = 1
    # this process plus its solving processes (a city or province is solved county by
    # county, one process per core): the largest child times the processes that ran at
    # once bounds what they held together
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    at_once = min(os.cpu_count() or 1, processes) if child else 0
    peak = (own + child * at_once) / 1024  # KiB on Linux
    if status in ("OPTIMAL", "FEASIBLE") and result.plan is not None:
        # every plan a run returns is checked by the solver-free checker (after the clock
        # and the memory reading): a plan that breaks a rule is no result
        from rotation.validate import validate

        broken = validate(scenario, result.plan)
        if broken:
            status = f"INVALID: {len(broken)} violations, first: {broken[0].text('en')}"
    return Run(instance, solver, status, build, total, objective, bound, gap, peak)


def run_child(instance: str, solver: str, time_limit: float, workers: int | None) -> Run:
    """:func:`run_one` in a fresh Python process."""
    command = [
        sys.executable,
        "-m",
        "rotation.bench",
        "--one",
        instance,
        "--solver",
        solver,
        "--time-limit",
        str(time_limit),
    ]
    if workers is not None:
        command += ["--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Run(instance, solver, f"ERROR: {tail}", 0.0, 0.0, None, None, None, 0.0)
    return Run.from_json(lines[-1])


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarise(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """Medians per instance and solver, with the CP-SAT/HiGHS time ratio."""
    rows: list[dict[str, Any]] = []
    keys = list(dict.fromkeys((r.instance, r.solver) for r in runs))
    for instance, solver in keys:
        mine = [r for r in runs if (r.instance, r.solver) == (instance, solver)]
        statuses = sorted({r.status for r in mine})
        rows.append(
            {
                "instance": instance,
                "solver": solver,
                "runs": len(mine),
                "status": "/".join(statuses),
                "build_s": _median([r.build for r in mine]),
                "total_s": _median([r.total for r in mine]),
                "objective": _median([r.objective for r in mine if r.objective is not None]),
                "bound": _median([r.bound for r in mine if r.bound is not None]),
                "gap": _median([r.gap for r in mine if r.gap is not None]),
                "peak_mb": _median([r.peak_mb for r in mine]),
            }
        )
    for row in rows:
        row["build_share"] = row["build_s"] / row["total_s"] if row["total_s"] > 0 else None
        peer = next(
            (r for r in rows if r["instance"] == row["instance"] and r["solver"] == "highs"), None
        )
        row["ratio"] = (
            row["total_s"] / peer["total_s"]
            if row["solver"] == "cpsat" and peer and peer["total_s"] > 0
            else None
        )
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return "-" if value != value else f"{value:.3g}"
    return str(value)


COLUMNS = (
    "instance",
    "solver",
    "runs",
    "status",
    "build_s",
    "total_s",
    "objective",
    "bound",
    "gap",
    "peak_mb",
    "build_share",
    "ratio",
)


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The summary as a Markdown table (also readable as plain text)."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_cell(row[c]) for c in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    """One line describing this machine."""
    mem = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        mem = f", {pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        pass
    return (
        f"{platform.machine()}, {os.cpu_count()} cores{mem}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


NOTES = "\n## Notes"
"""Where the hand-written part of the results file starts; a rerun keeps it."""


def write_results(path: Path, rows: Sequence[dict[str, Any]], command: str) -> None:
    """Write the results file: date, machine, command and the table, then the notes
    of the previous file (from its ``## Notes`` heading on), if any."""
    from importlib.metadata import version

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old[old.index(NOTES) :] if NOTES in old else ""
    text = (
        "# Benchmark results\n\n"
        f"- date: {dt.date.today().isoformat()}\n"
        f"- machine: {machine()}\n"
        f"- versions: ortools {version('ortools')}, highspy {version('highspy')}\n"
        f"- command: `{command}`\n\n"
        "Times are medians over the runs, in seconds, build included in total; `ratio` is "
        "CP-SAT's total time over HiGHS's on the same instance in the same run; `gap` is "
        "(objective − bound) / objective where a bound is known (with tiers, that of the "
        "first tier not proven optimal); `build_share` is build time over total time.\n\n"
        + table(rows)
        + "\n"
        + notes
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def instance_limit(spec: str, default: float) -> tuple[str, float]:
    """``province@300`` → ("province", 300.0): an instance with its own time limit (the
    time its target allows); a bare name gets ``default``."""
    name, _, seconds = spec.partition("@")
    return name, float(seconds) if seconds else default


def _bad_arguments(
    instances: Sequence[str], solvers: Sequence[str], runs: int, time_limit: float
) -> str | None:
    """What is wrong with the arguments, before any run starts (None when nothing is)."""
    from rotation.generate import PRESETS
    from rotation.solvers import SOLVERS

    if runs < 1:
        return f"--runs must be at least 1, not {runs}"
    unknown = [s for s in solvers if s not in SOLVERS] if solvers else [""]
    if unknown:
        return f"unknown solver {unknown[0]!r} (known: {', '.join(SOLVERS)})"
    for spec in instances:
        try:
            name, limit = instance_limit(spec, time_limit)
        except ValueError:
            return f"{spec!r}: the time limit after '@' must be a number of seconds"
        if not limit > 0:
            return f"{spec!r}: the time limit must be positive, not {limit:g}"
        sizes = name.split("-")
        if name not in PRESETS and not (len(sizes) == 3 and all(x.isdigit() for x in sizes)):
            return (
                f"unknown instance {name!r}: a preset ({', '.join(PRESETS)}) or "
                "people-units-seed such as 600-120-1"
            )
    return None


def bench(
    instances: Sequence[str],
    solvers: Sequence[str],
    runs: int,
    time_limit: float,
    workers: int | None = None,
) -> list[Run]:
    """Every instance × solver × run, each in a child process, printing as it goes."""
    out = []
    for spec in instances:
        instance, limit = instance_limit(spec, time_limit)
        for k in range(runs):
            for solver in solvers:
                started = time.perf_counter()
                run = run_child(instance, solver, limit, workers)
                print(
                    f"{instance} {solver} run {k + 1}: {run.status} total {run.total:.2f}s "
                    f"(wall {time.perf_counter() - started:.1f}s)",
                    flush=True,
                )
                out.append(run)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``rotation bench`` (and the child mode ``--one``)."""
    parser = argparse.ArgumentParser(prog="rotation bench", description=__doc__)
    parser.add_argument(
        "instances",
        nargs="*",
        default=list(LADDER),
        help="presets (district, city, province, district-5y) or people-units-seed, each "
        "optionally with its own time limit: province@300",
    )
    parser.add_argument("--solvers", default="cpsat,highs")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--out", default="benchmarks/RESULTS.md")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--solver", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        run = run_one(args.one, args.solver, args.time_limit, args.workers)
        print(json.dumps(run.__dict__))
        return 0
    solvers = [s.strip() for s in args.solvers.split(",") if s.strip()]
    problem = _bad_arguments(args.instances, solvers, args.runs, args.time_limit)
    if problem:
        parser.error(problem)  # one line on stderr, exit code 2
    runs = bench(args.instances, solvers, args.runs, args.time_limit, args.workers)
    rows = summarise(runs)
    print(table(rows))
    command = "rotation bench " + " ".join(argv if argv is not None else sys.argv[1:])
    write_results(Path(args.out), rows, command.strip())
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
