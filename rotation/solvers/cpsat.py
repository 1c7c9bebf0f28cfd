"""Run CP-SAT on a scenario and turn its answer into a :class:`~rotation.result.Result`."""

from __future__ import annotations

import math
import time

from ortools.sat.python import cp_model

from rotation.models import BuiltModel, build_model
from rotation.models.variables import Expr, expression_range
from rotation.result import Result
from rotation.scenario import Scenario, SolverSettings
from rotation.solvers.staged import (
    LEXICOGRAPHIC_LIMIT,
    StageOutcome,
    run_stages,
    settings_for,
)

__all__ = ["CpSatBackend", "configure", "hint_plan", "settings_for", "solve"]


def configure(solver: cp_model.CpSolver, settings: SolverSettings, size: int = 0) -> None:
    """Set CP-SAT's parameters from the settings (see SolverSettings for why).

    ``size`` is the model's number of placement Booleans (``len(ctx.x)``): from
    ``settings.large_model`` on, the large-model parameters apply (more workers, no
    probing in presolve, the lb-tree search as the full-problem subsolver, no
    feasibility pump), measured to find plans at 600 × 120 and city scale where the
    district's single LP worker finds none.
    """
    params = solver.parameters
    params.max_time_in_seconds = settings.time_limit
    params.num_workers = settings.workers
    params.random_seed = settings.seed
    params.linearization_level = settings.linearization_level
    if size >= settings.large_model:
        params.num_workers = max(settings.workers, settings.large_workers)
        params.cp_model_probing_level = settings.large_probing_level
        if settings.large_search and params.num_workers > 1:
            params.subsolvers.append(settings.large_search)
        if settings.large_skip:
            params.ignore_subsolvers.append(settings.large_skip)


class CpSatBackend:
    """The built CP-SAT model and one solver, stage after stage: each stage sets the
    model's objective; a bounded stage hints the next with its plan."""

    name = "cp-sat"

    def __init__(self, built: BuiltModel, settings: SolverSettings, log: bool = False) -> None:
        self.built = built
        self.model = built.ctx.model
        self.solver = cp_model.CpSolver()
        configure(self.solver, settings, len(built.ctx.x))
        self.solver.parameters.log_search_progress = log

    def solve_stage(self, expression: Expr | None, time_left: float) -> StageOutcome:
        solver = self.solver
        solver.parameters.max_time_in_seconds = max(time_left, 0.01)
        if expression is None:
            self.model.clear_objective()
        else:
            self.model.minimize(expression)
        status = solver.solve(self.model)
        name = solver.status_name(status)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return StageOutcome(name, None)
        if expression is None:
            return StageOutcome(name, solver.value)
        reached = round(solver.objective_value)
        bound = reached if status == cp_model.OPTIMAL else math.ceil(solver.best_objective_bound)
        return StageOutcome(name, solver.value, reached, bound)

    def bound_stage(self, expression: Expr, reached: int) -> None:
        # bound this tier at what it reached and hint the next stage with this plan
        self.model.add(expression <= reached)
        hint_plan(self.built, self.solver)

    def lexicographic_weights(self, expressions: list[Expr]) -> list[int] | None:
        """Mixed-radix weights: each tier weighs one more than the whole range of the
        tiers after it, so the weighted sum is minimised exactly by the lexicographic
        optimum. CP-SAT's objective is integral and its bound exact, so this is one
        solve (one presolve) instead of several, with the same tier values. None when the
        sum's range passes :data:`LEXICOGRAPHIC_LIMIT`."""
        weights: list[int] = []
        weight = 1
        for expr in reversed(expressions):
            weights.insert(0, weight)
            low, high = expression_range(self.model, expr)
            weight *= high - low + 1
        return weights if weight <= LEXICOGRAPHIC_LIMIT else None


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
    backend = CpSatBackend(built, settings, log)
    return run_stages(
        built, backend, settings, started=started, build_time=build_time, explain=explain
    )


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
