"""How long the outputs of a solve take to write: the rotation list with a reason for every
move, the stays past a limit, the KPIs and ``plan.xlsx`` (what ``rotation solve`` does
after the solver), timed apart from the solve.

Not a test and not timed in tests. Run from the repository root::

    .venv/bin/python benchmarks/report_outputs.py city --runs 3
    .venv/bin/python benchmarks/report_outputs.py province --runs 1

Each run writes to a fresh temporary folder from a fresh copy of the plan, so that no
explanation is reused from the run before.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rotation.generate import PRESETS, generate_preset  # noqa: E402
from rotation.plan import Plan  # noqa: E402
from rotation.report.outputs import write_outputs  # noqa: E402
from rotation.solvers import solve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset", choices=sorted(PRESETS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--lang", choices=("en", "zh"), default="zh")
    args = parser.parse_args()
    scenario = generate_preset(args.preset)
    result = solve(scenario, time_limit=args.time_limit)
    assert result.plan is not None, result.message
    print(f"{args.preset}: {result.status} in {result.wall_time:.2f} s")
    times = []
    for _ in range(args.runs):
        plan = Plan(
            scenario,
            result.plan.assignments,
            result.plan.roles,
            result.plan.vacancies,
            result.plan.leaves,
        )
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            fresh = replace(result, plan=plan)
            write_outputs(scenario, fresh, Path(folder) / "out", input_hash="-", lang=args.lang)
            times.append(time.perf_counter() - started)
    print(f"outputs written in {statistics.median(times):.2f} s (median of {len(times)})")


if __name__ == "__main__":
    main()
