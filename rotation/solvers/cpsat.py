"""Run CP-SAT on a scenario and turn its answer into a :class:`~rotation.result.Result`."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from ortools.sat.python import cp_model

from rotation.models import BuiltModel, build_model
from rotation.plan import Plan
from rotation.result import Result
from rotation.scenario import Scenario, SolverSettings


def settings_for(
    scenario: Scenario,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
) -> SolverSettings:
    """The scenario's ``[solver]`` settings with the caller's overrides."""
    changes: dict[str, Any] = {
        key: value
        for key, value in (("time_limit", time_limit), ("seed", seed), ("workers", workers))
        if value is not None
    }
    return replace(scenario.solver, **changes)


def configure(solver: cp_model.CpSolver, settings: SolverSettings) -> None:
    """Set CP-SAT's parameters from the settings (see SolverSettings for why)."""
    solver.parameters.max_time_in_seconds = settings.time_limit
    solver.parameters.num_workers = settings.workers
    solver.parameters.random_seed = settings.seed
    solver.parameters.linearization_level = settings.linearization_level


def extract_plan(built: BuiltModel, solver: cp_model.CpSolver) -> Plan:
    """The plan in the solver's current solution."""
    assignments = {
        (person, period): unit
        for (person, unit, period), var in built.ctx.x.items()
        if solver.boolean_value(var)
    }
    return Plan(built.ctx.scenario, assignments)


def solve(
    scenario: Scenario,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    log: bool = False,
) -> Result:
    """Plan one round for ``scenario`` with CP-SAT; never raises on an infeasible district.

    Returns a :class:`Result` whose status is OPTIMAL, FEASIBLE (a plan, not proven best),
    INFEASIBLE (no plan can satisfy the hard rules; ``message`` names the tightest unit or
    skill) or UNKNOWN (the time ran out before a plan was found).
    """
    settings = settings_for(scenario, time_limit, seed, workers)
    started = time.perf_counter()
    built = build_model(scenario)
    build_time = time.perf_counter() - started

    solver = cp_model.CpSolver()
    configure(solver, settings)
    solver.parameters.log_search_progress = log
    status = solver.solve(built.ctx.model)
    wall = time.perf_counter() - started
    name = solver.status_name(status)
    common = {
        "wall_time": wall,
        "build_time": build_time,
        "seed": settings.seed,
        "workers": settings.workers,
        "time_limit": settings.time_limit,
    }
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        penalties: dict[str, float] = {}
        scaled = 0  # the objective recomputed in integers: CP-SAT's float can be 100.99999…
        for p in built.penalties:
            amount = int(solver.value(p.amount))
            penalties[p.rule] = penalties.get(p.rule, 0.0) + float(amount)
            scaled += round(p.weight * built.scale) * amount
        return Result(
            name,
            extract_plan(built, solver),
            objective=scaled / built.scale,
            bound=(
                scaled / built.scale
                if status == cp_model.OPTIMAL
                else solver.best_objective_bound / built.scale
            ),
            penalties=penalties,
            **common,  # type: ignore[arg-type]
        )
    from rotation.solvers.diagnose import diagnose

    if status == cp_model.INFEASIBLE:
        en, zh = diagnose(scenario)
    else:
        en = f"no plan was found within {settings.time_limit:g} s; allow more time"
        zh = f"{settings.time_limit:g}秒内未找到方案，请延长求解时间"
    return Result(name, None, message=en, message_zh=zh, **common)  # type: ignore[arg-type]
