"""Where the time of one round goes: the model build, rule by rule, and each tier's solve.

Not a test and not timed in tests. Run from the repository root::

    .venv/bin/python benchmarks/profile_build.py district --runs 3
    .venv/bin/python benchmarks/profile_build.py city --build-only --profile 25
    .venv/bin/python benchmarks/profile_build.py 600x120 --time-limit 60

The instance is a preset of :data:`rotation.generate.PRESETS`, ``scenarios/<name>``, or
``PEOPLExUNITS`` (:func:`rotation.generate.generate` with seed 1). ``--param`` passes
CP-SAT parameters in text format (e.g. ``"cp_model_probing_level: 0"``) on top of the
scenario's settings, to compare parameter choices on the same model.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rotation.generate import PRESETS, generate, generate_preset  # noqa: E402
from rotation.io.scenario_io import read_scenario  # noqa: E402
from rotation.models.rules import ENCODERS  # noqa: E402
from rotation.models.variables import build_variables  # noqa: E402
from rotation.scenario import Scenario  # noqa: E402
from rotation.solvers import cpsat  # noqa: E402


def load(name: str) -> Scenario:
    """A preset, a folder under scenarios/, or PEOPLExUNITS."""
    if name in PRESETS:
        return generate_preset(name)
    if (ROOT / "scenarios" / name).is_dir():
        return read_scenario(ROOT / "scenarios" / name)
    people, units = (int(n) for n in name.lower().split("x"))
    return generate(people, units, 1)


def build_breakdown(scenario: Scenario) -> list[tuple[str, float]]:
    """Seconds spent creating the variables, then in each enabled rule's encoder."""
    started = time.perf_counter()
    ctx = build_variables(scenario)
    out = [("variables", time.perf_counter() - started)]
    for spec in scenario.rules.active():
        started = time.perf_counter()
        ENCODERS[spec.name](ctx, spec)
        out.append((spec.name, time.perf_counter() - started))
    model = ctx.model.proto
    print(
        f"  x: {len(ctx.x)}, variables: {len(model.variables)}, "
        f"constraints: {len(model.constraints)}"
    )
    return out


def solve_once(scenario: Scenario, time_limit: float, params: str) -> dict[str, object]:
    """One solve with per-stage wall times (params are merged into CP-SAT's)."""
    stage_times: list[float] = []
    original = cpsat.CpSatBackend.solve_stage

    def timed(self, expression, time_left):  # type: ignore[no-untyped-def]
        if params:
            self.solver.parameters.merge_text_format(params)
        started = time.perf_counter()
        outcome = original(self, expression, time_left)
        stage_times.append(time.perf_counter() - started)
        return outcome

    cpsat.CpSatBackend.solve_stage = timed  # type: ignore[method-assign]
    try:
        result = cpsat.solve(scenario, time_limit=time_limit)
    finally:
        cpsat.CpSatBackend.solve_stage = original  # type: ignore[method-assign]
    return {
        "status": result.status,
        "wall": result.wall_time,
        "build": result.build_time,
        "objective": result.objective,
        "tiers": [(t.status, t.value, t.bound) for t in result.tiers],
        "stage_times": stage_times,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--profile", type=int, default=0, help="cProfile the build, top N")
    parser.add_argument("--param", default="", help="extra CP-SAT parameters (text format)")
    args = parser.parse_args()

    scenario = load(args.instance)
    print(f"{args.instance}: {len(scenario.people)} people, {len(scenario.units)} units")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        build_breakdown(scenario)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    builds = [build_breakdown(scenario) for _ in range(args.runs)]
    total = [sum(t for _, t in b) for b in builds]
    print(f"build: median {statistics.median(total):.2f} s over {args.runs} runs")
    for i, (name, _) in enumerate(builds[0]):
        median = statistics.median(b[i][1] for b in builds)
        if median >= 0.01:
            print(f"  {name:24s} {median:7.2f} s")
    if args.build_only:
        return
    runs = [solve_once(scenario, args.time_limit, args.param) for _ in range(args.runs)]
    for run in runs:
        stages = " ".join(f"{t:.2f}" for t in run["stage_times"])  # type: ignore[attr-defined]
        print(
            f"  {run['status']:8s} wall {run['wall']:.2f} s, build {run['build']:.2f} s, "
            f"stages [{stages}] s, objective {run['objective']}, tiers {run['tiers']}"
        )
    walls = [float(run["wall"]) for run in runs]  # type: ignore[arg-type]
    print(f"solve: median wall {statistics.median(walls):.2f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
