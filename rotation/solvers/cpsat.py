"""Run CP-SAT on a scenario and turn its answer into a :class:`~rotation.result.Result`."""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Any

from ortools.sat.python import cp_model

from rotation.models import BuiltModel, build_model
from rotation.models.objective import Stage
from rotation.plan import Plan
from rotation.result import Result, TierResult
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
    ctx = built.ctx
    assignments: dict[tuple[str, int], str] = {}
    roles: dict[tuple[str, int], str] = {}
    for (person, unit, period), var in ctx.x.items():
        if not solver.boolean_value(var):
            continue
        assignments[(person, period)] = unit
        held = ctx.roles.get((person, unit, period), {})
        roles[(person, period)] = next(
            (role for role, expr in held.items() if solver.value(expr)), "member"
        )
    return Plan(ctx.scenario, assignments, roles)


def solve(
    scenario: Scenario,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    log: bool = False,
    explain: bool = True,
) -> Result:
    """Plan one round for ``scenario`` with CP-SAT; never raises on an infeasible district.

    With ``explain`` (the default) an infeasible result says in one sentence why.

    Soft goals are optimised tier by tier (each to proven optimality if time allows, then
    bounded at its value, the next stage hinted with the last plan). Returns a
    :class:`Result` whose status is OPTIMAL (every tier proven), FEASIBLE (a plan, not
    proven best), INFEASIBLE (no plan can satisfy the hard rules; ``message`` names the
    tightest unit or skill) or UNKNOWN (the time ran out before a plan was found).
    """
    settings = settings_for(scenario, time_limit, seed, workers)
    started = time.perf_counter()
    built = build_model(scenario)
    build_time = time.perf_counter() - started
    model = built.ctx.model
    deadline = started + settings.time_limit

    solver = cp_model.CpSolver()
    configure(solver, settings)
    solver.parameters.log_search_progress = log
    overall = cp_model.OPTIMAL
    tiers: list[TierResult] = []
    found: tuple[Plan, dict[str, float]] | None = None
    status = cp_model.UNKNOWN
    todo: list[Stage | None] = list(built.stages) or [None]
    for stage in todo:
        solver.parameters.max_time_in_seconds = max(deadline - time.perf_counter(), 0.01)
        if stage is None:
            model.clear_objective()
        else:
            model.minimize(stage.expression())
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break  # keep the plan of the tiers already done, if any
        if status == cp_model.FEASIBLE:
            overall = cp_model.FEASIBLE
        found = extract_plan(built, solver), _amounts(built, solver)
        if stage is None:
            continue
        reached = round(solver.objective_value)
        bound = reached if status == cp_model.OPTIMAL else math.ceil(solver.best_objective_bound)
        tiers.append(
            TierResult(
                stage.rules, reached / stage.scale, bound / stage.scale, solver.status_name(status)
            )
        )
        # bound this tier at what it reached and hint the next stage with this plan
        model.add(stage.expression() <= reached)
        hint_plan(built, solver)
    wall = time.perf_counter() - started
    common = {
        "wall_time": wall,
        "build_time": build_time,
        "seed": settings.seed,
        "workers": settings.workers,
        "time_limit": settings.time_limit,
    }
    if found is not None:
        plan, amounts = found
        if len(tiers) < len(built.stages):
            overall = cp_model.FEASIBLE  # a later tier ran out of time
        objective = sum(
            (scenario.rules_by_name[name].weight or 0.0) * amount
            for name, amount in amounts.items()
        )
        proven = overall == cp_model.OPTIMAL
        return Result(
            solver.status_name(overall),
            plan,
            objective=objective,
            bound=objective if proven else (tiers[0].bound if len(tiers) == 1 else None),
            penalties=amounts,
            tiers=tuple(tiers),
            **common,  # type: ignore[arg-type]
        )
    from rotation.solvers.diagnose import diagnose

    if status == cp_model.INFEASIBLE and explain:
        en, zh = diagnose(scenario)
    elif status == cp_model.INFEASIBLE:
        en, zh = "the rules cannot all hold", "各项规则无法同时满足"
    else:
        en = f"no plan was found within {settings.time_limit:g} s; allow more time"
        zh = f"{settings.time_limit:g}秒内未找到方案，请延长求解时间"
    name = solver.status_name(status)
    return Result(name, None, message=en, message_zh=zh, **common)  # type: ignore[arg-type]


def _amounts(built: BuiltModel, solver: cp_model.CpSolver) -> dict[str, float]:
    """Each soft rule's unweighted amount in the solver's current solution."""
    amounts: dict[str, float] = {}
    for p in built.penalties:
        amounts[p.rule] = amounts.get(p.rule, 0.0) + float(solver.value(p.amount))
    return amounts


def hint_plan(built: BuiltModel, solver: cp_model.CpSolver) -> None:
    """Hint the model with the solver's current plan (every decision Boolean), so the next
    stage starts from a complete feasible solution."""
    model = built.ctx.model
    model.clear_hints()
    for var in _decision_vars(built):
        model.add_hint(var, solver.boolean_value(var))


def _decision_vars(built: BuiltModel) -> list[cp_model.IntVar]:
    """The assignment and role Booleans (what a hint needs to fix a plan), each once: a
    role held by the only role a pair allows *is* its ``x``."""
    out = {var.index: var for var in built.ctx.x.values()}
    for held in built.ctx.roles.values():
        out.update((v.index, v) for v in held.values() if isinstance(v, cp_model.IntVar))
    return list(out.values())
