"""Run CP-SAT on a scenario and turn its answer into a :class:`~rotation.result.Result`."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from ortools.sat.python import cp_model, cp_model_helper

from rotation import interrupt
from rotation.models import BuiltModel, build_model
from rotation.models.objective import Stage
from rotation.models.variables import Decided, Expr, expression_range, linear_terms, reader
from rotation.plan import Plan
from rotation.result import Result, TierResult
from rotation.scenario import Scenario, SolverSettings
from rotation.solvers.highs import LinearRelaxation, Relaxation, UnsupportedModel
from rotation.solvers.staged import (
    CANNOT_ALL_HOLD,
    FEASIBLE,
    INFEASIBLE,
    LEXICOGRAPHIC_LIMIT,
    OPTIMAL,
    StageOutcome,
    extract_plan,
    plan_cost,
    run_stages,
    settings_for,
    tier_rank,
    with_plan,
)
from rotation.validate import tier_values

__all__ = [
    "CpSatBackend",
    "NoPlan",
    "better_start",
    "configure",
    "fix_rounds",
    "hint_from_plan",
    "hint_plan",
    "lp_neighbour",
    "nearest_published",
    "no_plan_result",
    "rolling_plan",
    "settings_for",
    "solve",
]


LP_SEARCH = "rotation_lp"
"""The name of the full-problem subsolver that ``"lp"`` in ``SolverSettings.rounds_search``
stands for: CP-SAT's LP-driven search with the settings' ``linearization_level``."""


def configure(
    solver: cp_model.CpSolver, settings: SolverSettings, size: int = 0, rounds: int = 1
) -> None:
    """Set CP-SAT's parameters from the settings (see SolverSettings for why).

    ``size`` is the model's number of placement Booleans (``len(ctx.x)``): from
    ``settings.large_model`` on, the large-model parameters apply (more workers, no
    probing in presolve, the lb-tree search as the full-problem subsolver, no
    feasibility pump), measured to find plans at 600 × 120 and city scale where the
    district's single LP worker finds none. A large model of several ``rounds`` has
    ``settings.rounds_search`` as its full-problem subsolver instead.
    """
    params = solver.parameters
    params.max_time_in_seconds = settings.time_limit
    params.num_workers = settings.workers
    params.random_seed = settings.seed
    params.linearization_level = settings.linearization_level
    if size >= settings.large_model:
        params.num_workers = max(settings.workers, settings.large_workers)
        params.cp_model_probing_level = settings.large_probing_level
        search = settings.large_search
        if rounds > 1 and settings.rounds_search:
            search = settings.rounds_search
        if search == "lp":  # CP-SAT's own LP subsolvers use another linearization
            search = LP_SEARCH
            mine = cp_model_helper.SatParameters()
            mine.name = LP_SEARCH
            mine.linearization_level = settings.linearization_level
            params.subsolver_params.append(mine)
        if search and params.num_workers > 1:
            params.subsolvers.append(search)
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
        configure(self.solver, settings, len(built.ctx.x), built.ctx.scenario.horizon)
        self.solver.parameters.log_search_progress = log
        self.solution: list[int] = []  # the last stage's solution, every variable by index
        # each stage of a one-round model without a hint starts from its LP
        self.guided = (
            settings.lp_start
            and built.ctx.scenario.horizon == 1
            and len(built.ctx.x) < settings.large_model
            and not self.model.proto.solution_hint.vars
        )
        self.relaxation: LinearRelaxation | None = None  # built at the first stage
        self.last_lp: Relaxation | None = None  # this stage's LP, for bound_stage
        # the bound CP-SAT proved on a stage that found no solution in time (it holds for
        # any plan found otherwise: see plan_result)
        self.unsolved_bound: int | None = None

    def solve_stage(
        self, expression: Expr | None, time_left: float, keep: float = 0.0
    ) -> StageOutcome:
        solver = self.solver
        if self.guided and expression is not None:
            started = time.perf_counter()
            proven = self.lp_start(expression, LP_START_SHARE * time_left)
            if proven is not None:
                return proven
            time_left -= time.perf_counter() - started
        solver.parameters.max_time_in_seconds = max(time_left, 0.01)
        if expression is None:
            self.model.clear_objective()
        else:
            self.model.minimize(expression)
        if keep <= 0:
            status = interrupt.solve(solver, self.model)
        else:
            with _LaterShare(solver, time_left - keep, keep) as share:
                status = interrupt.solve(solver, self.model, share)
        name = solver.status_name(status)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if expression is not None and math.isfinite(solver.best_objective_bound):
                self.unsolved_bound = math.ceil(solver.best_objective_bound)
            return StageOutcome(name, None)
        self.solution = list(solver.response_proto.solution)
        if expression is None:
            return StageOutcome(name, solver.value)
        reached = round(solver.objective_value)
        bound = reached if status == cp_model.OPTIMAL else math.ceil(solver.best_objective_bound)
        return StageOutcome(name, solver.value, reached, bound)

    def lp_start(self, expression: Expr, budget: float) -> StageOutcome | None:
        """Start the stage from its linear relaxation, within ``budget`` seconds (half to
        the LP, half to the plan near it). Returns the stage's outcome when the LP proves
        that plan optimal, else None with the model hinted and narrowed for the search.

        1. The LP (HiGHS, :class:`~rotation.solvers.highs.LinearRelaxation`, warm from
           the last stage's basis) gives a bound and each column's reduced cost.
        2. The plan near it (:func:`lp_neighbour`) is the hint. When its value meets the
           bound it is optimal and CP-SAT does not search at all (tier 1 of the district,
           3 of the city's 10 counties).
        3. Otherwise the best plan known, that one or the last stage's, caps the stage,
           and every column whose reduced cost exceeds the cap's distance to the bound is
           fixed (:meth:`Relaxation.fixings`): no optimum is lost, and CP-SAT's presolve
           and search run on what is left. Tier 3 of the district: the LP at 1117.2, the
           plan near it 1139, 947 variables fixed, the stage 0.17 → 0.06 s.
        """
        relaxation = self.linear_relaxation()
        if relaxation is None:
            return None
        lp = relaxation.solve(expression, budget / 2)
        if lp is None:
            return None
        self.last_lp = lp
        incumbent = self.solution or None
        near = lp_neighbour(self.built, lp, expression, incumbent, max(budget / 2, 0.01))
        best = near if near is not None else incumbent
        if best is None:
            return None
        reached = reader(best)(expression)
        if near is not None and reached <= lp.bound:
            self.solution = near
            return StageOutcome(OPTIMAL, reader(near), reached, reached)
        self.narrow(lp, reached)
        return None

    def linear_relaxation(self) -> LinearRelaxation | None:
        """The model's linear relaxation for the LP start, translated once (None when
        the stages do not start from the LP, or the model has what the LP cannot
        express)."""
        if self.relaxation is None and self.guided:
            try:
                self.relaxation = LinearRelaxation(self.model.proto)
            except UnsupportedModel:  # the explanation model: enforcement literals
                self.guided = False
        return self.relaxation

    def narrow(self, lp: Relaxation, reached: int) -> None:
        """Narrow the model's domains (and the LP's columns) to ``lp``'s reduced-cost
        fixings for the stage at most ``reached``."""
        assert self.relaxation is not None
        cols, lower, upper = lp.fixings(reached)
        now = self.relaxation.mip  # its column bounds are the model's domains
        lower = np.maximum(lower, now.col_lower[cols]).astype(np.int64)
        upper = np.minimum(upper, now.col_upper[cols]).astype(np.int64)
        # an empty domain could only come from rounding in the LP: leave such a column
        keep = lower <= upper
        cols, lower, upper = cols[keep], lower[keep], upper[keep]
        variables = self.model.proto.variables
        for j, lo, hi in zip(cols.tolist(), lower.tolist(), upper.tolist(), strict=True):
            domain = variables[j].domain  # one interval: the LP translated it
            domain[0], domain[1] = lo, hi
        self.relaxation.narrow(cols, lower, upper)

    def bound_stage(self, expression: Expr, reached: int) -> None:
        # bound this tier at what it reached and hint the next stage with this plan; with
        # several rounds every variable (the placements leave half the model's tenure
        # literals and penalties unhinted, see complete_hint)
        self.model.add(expression <= reached)
        if self.relaxation is not None:
            self.relaxation.add_row(expression, reached)
            if self.last_lp is not None:  # the optimum's fixings hold from here on
                self.narrow(self.last_lp, reached)
        self.last_lp = None
        if self.built.ctx.scenario.horizon > 1:
            hint_solution(self.model, self.solution)
        else:
            hint_plan(self.built, self.solution)

    def has_start(self) -> bool:
        return bool(self.model.proto.solution_hint.vars)

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
            low, high = self.expression_range(expr)
            weight *= high - low + 1
        return weights if weight <= LEXICOGRAPHIC_LIMIT else None

    def expression_range(self, expr: Expr) -> tuple[int, int]:
        """The least and greatest values of ``expr`` over the model's domains. From the
        LP's column bounds where the stages start from the LP (they are the domains,
        narrowed with them): one array operation, where reading the domains variable by
        variable took 30 ms of the district's 0.42 s."""
        relaxation = self.linear_relaxation()
        if relaxation is None:
            return expression_range(self.model, expr)
        index, coeffs, offset = linear_terms(expr)
        mip = relaxation.mip
        largest = np.maximum(np.abs(mip.col_lower[index]), np.abs(mip.col_upper[index]))
        if not float(np.abs(coeffs) @ largest) < EXACT_FLOAT:  # a float sum might round
            return expression_range(self.model, expr)
        low, high = mip.value_range(index, coeffs)
        return int(low) + offset, int(high) + offset


EXACT_FLOAT = 2.0**53
"""Integers below this are exact as floats: a sum of integer terms whose magnitudes add up
to less is computed exactly in floating point, whatever the order."""

LP_START_SHARE = 0.2
"""At most this share of a stage's time goes to :meth:`CpSatBackend.lp_start`; on a
district it takes 0.1 s of 10."""


def lp_neighbour(
    built: BuiltModel,
    lp: Relaxation,
    expression: Expr,
    incumbent: Sequence[int] | None,
    time_limit: float,
) -> list[int] | None:
    """Hint the model with the best plan (within ``time_limit``) near the optimum of its
    linear relaxation ``lp`` (RINS): the placements the LP sets to 0 or 1, and that the
    ``incumbent`` plan (every variable's value by index) agrees with, are fixed, and the
    rest is solved by CP-SAT as a small model. Returns that whole solution (None: none in
    time, the hint left as it was). With an incumbent the small model holds it, so it
    always has a plan.

    The LP of this model is nearly integral (on the bundled district 18 of 3539
    placements fractional, its value 310 the optimum of tier 1), so the plan near it is
    optimal or close. Measured on this 2-core machine, tier 1 alone: the district 0.94 →
    0.32 s with the LP and the small solve included, the city's ten counties 6.4 → 4.9 s
    in all and none slower. Rounding the LP instead (each person to their largest
    placement) made five of the ten counties slower: that hint is often not a plan."""
    xs = np.fromiter((var.index for var in built.ctx.x.values()), np.int64, len(built.ctx.x))
    at = lp.values[xs]
    rounded = np.rint(at)
    keep = np.abs(at - rounded) < LP_INTEGRAL
    if incumbent is not None:
        keep &= np.asarray(incumbent, np.int64)[xs] == rounded
    fixed = dict(zip(xs[keep].tolist(), rounded[keep].astype(np.int64).tolist(), strict=True))
    return hint_with_fixed(built.ctx.model, fixed, expression, time_limit)


LATER_NEEDS = 1.5
"""How many times this stage's time to its first plan the stages after it need for the
time kept for them to be of use (see :class:`_LaterShare`)."""


class _LaterShare(cp_model.CpSolverSolutionCallback):
    """Stops a stage's search at ``soft`` seconds, keeping the last ``keep`` for the
    stages after it, if they can use them: the next stage presolves the same model
    again before it has a plan, so the time kept must be at least :data:`LATER_NEEDS`
    times the time this stage took to its first plan (presolve and the hint's repair);
    otherwise the stage goes on to its whole limit. On ``district-5y`` in 20 s the whole
    model's first tier had its first plan after 3.4 s, and the 1.9 s kept for the later
    tiers gave them no plan (each ended UNKNOWN) while the first tier's root LP was
    still running when it stopped (bound 800 instead of 930); in 60 s the 9 s kept give
    the later tiers their plans (170 moves in five years instead of 217)."""

    def __init__(self, solver: cp_model.CpSolver, soft: float, keep: float) -> None:
        super().__init__()
        self.solver, self.keep = solver, keep
        self.started = time.perf_counter()
        self.first: float | None = None
        self.timer = threading.Timer(max(soft, 0.0), self._due)

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = time.perf_counter() - self.started

    def _due(self) -> None:
        if self.first is not None and self.keep >= LATER_NEEDS * self.first:
            self.solver.stop_search()

    def __enter__(self) -> _LaterShare:
        self.started = time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()


LP_INTEGRAL = 1e-6
"""An LP value this close to 0 or 1 counts as integral in :func:`lp_neighbour`."""


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
    start = None
    if settings.rolling_share > 0:  # 0: no start
        budget = replace(settings, time_limit=settings.time_limit * settings.rolling_share)
        if scenario.published:
            start = nearest_published(scenario, budget, log)
        if start is None and scenario.horizon > 1:
            until = started + settings.time_limit * ROLLING_OVERRUN
            rolled = rolling_plan(scenario, budget, log, until=until)
            if isinstance(rolled, NoPlan):
                return no_plan_result(scenario, rolled.rounds, settings, started, explain)
            start = rolled
    built = build_model(scenario)
    if start is not None:
        complete_hint(built, start, settings)
    build_time = time.perf_counter() - started
    backend = CpSatBackend(built, settings, log)
    result = run_stages(
        built, backend, settings, started=started, build_time=build_time, explain=explain
    )
    if result.plan is None and start is not None:
        return plan_result(built, start, result, backend.unsolved_bound)
    return better_start(scenario, start, result)


def better_start(scenario: Scenario, start: Plan | None, result: Result) -> Result:
    """``result``, or the same result with the start plan when that plan is better tier by
    tier (lexicographically, by the checker): a first stage that runs out of time hands
    the later stages its last plan, not the start it was hinted with, and on a model too
    large to prove tier 1 the later tiers get no time at all (measured on ``district-5y``
    re-planned after one resignation in 40 s: the nearest plan to the published one had
    tier 1 at 1018 and 1 published decision changed, the staged solve ended at 1018 and
    11). The tier bounds stay valid: the start meets every bound a stage added."""
    if start is None or result.plan is None:
        return result
    if tier_rank(tier_values(scenario, start)) >= tier_rank(tier_values(scenario, result.plan)):
        return result
    return with_plan(result, start)


def nearest_published(
    scenario: Scenario, settings: SolverSettings, log: bool = False
) -> Plan | None:
    """The plan nearest to the published one (``Scenario.published``) that the hard rules
    allow, then made better where a few more changes allow: within ``settings.time_limit``
    (None without a plan in time, or when ``keep_published`` prices nothing).

    First the fewest published decisions changed as the only objective, hinted with the
    published placements; then, from that plan, the first tier minimised with at most
    ``settings.repair_changes`` decisions changed beyond the fewest (and the fewest
    changes among the plans as good in the first tier).

    Re-planning starts from it instead of a round-by-round plan: on ``district-5y`` with
    one resignation (40 s, tier 1 not proven), the whole model started from the
    round-by-round plan ended with 43 published decisions changed and a worse tier 1
    than the published plan's, the round-by-round plan having traded the published plan's
    balance across rounds for each round's own optimum; from the nearest plan the tiers
    only move away from the published list where they improve on it.

    The second step is for the plan the whole model cannot better in its time: a four-
    round district of 50 people with posts left to recruitment, re-planned in 8 s after
    one resignation, had its nearest plan at tier 1 = 4,296 (the leaver's post vacant in
    each round), and the whole model from there ended at 414 with 119 of 200 published
    decisions changed. Within five more changes CP-SAT proves 282 the best in 2 s, and
    the re-plan ends there with 9 changes (5 of them the leaver's): a small neighbourhood
    of the published plan is where the search finds the plan that fills what the leaver
    left; the whole model's search roams far from it.
    """
    started = time.perf_counter()
    built = build_model(scenario)
    amount = [p.amount for p in built.penalties if p.rule == "keep_published"]
    if not amount:
        return None
    changed = sum(amount)
    mine = [r for r in scenario.published if r.person in scenario.person]
    hint_from_plan(
        built,
        Plan(
            scenario,
            {(r.person, r.period): r.unit for r in mine},
            {(r.person, r.period): r.role for r in mine if r.role},
        ),
    )
    backend = CpSatBackend(built, settings, log)
    outcome = backend.solve_stage(changed, settings.time_limit)
    if outcome.value is None:
        return None
    nearest = extract_plan(built, outcome.value)
    first = built.stages[0] if built.stages else None
    if not settings.repair_changes or first is None or "keep_published" in first.rules:
        return nearest
    return _repaired(
        built, backend, first, changed, (outcome.objective, nearest), settings, started
    )


def _repaired(
    built: BuiltModel,
    backend: CpSatBackend,
    first: Stage,
    changed: Expr,
    nearest: tuple[int, Plan],
    settings: SolverSettings,
    started: float,
) -> Plan:
    """The plan of the first tier at its best within ``fewest + r`` changed published
    decisions, from the ``nearest`` plan with its ``fewest`` changes (``backend``'s last
    solution): ``r`` is ``settings.repair_changes``, doubled while each step proves its
    neighbourhood's best and time is left (a larger neighbourhood can then only be
    better), up to every decision. Among plans as good in the first tier, the fewest
    changes (weighed after it where the backend can do so exactly): the start keeps no
    change it does not need."""
    model = built.ctx.model
    fewest, plan = nearest
    every = len(built.ctx.scenario.published)
    allowed = model.new_int_var(0, every, "repair_changes")
    model.add(changed <= allowed)
    radius = settings.repair_changes
    exprs = [first.expression(), changed]
    weights = backend.lexicographic_weights(exprs)
    expression = exprs[0] if weights is None else weights[0] * exprs[0] + weights[1] * exprs[1]
    # the nearest plan with its penalties at their least: the search for the fewest
    # changes left them anywhere their rows allow, and a case of four rounds started from
    # them (tier 1 of 35,222 by the checker) and ended its repair there
    complete_hint(built, plan, settings)
    while True:
        most = min(fewest + radius, every)
        model.proto.variables[allowed.index].domain[1] = most  # [0, most]
        if radius > settings.repair_changes:
            hint_solution(model, backend.solution)  # the plan so far, within the new radius
        left = settings.time_limit - (time.perf_counter() - started)
        if left <= 0:
            return plan
        step = backend.solve_stage(expression, left)
        if step.value is None:
            return plan
        plan = extract_plan(built, step.value)
        if step.status != "OPTIMAL" or most == every:
            return plan
        radius *= 2


@dataclass(frozen=True)
class NoPlan:
    """:func:`rolling_plan`'s answer when its first ``rounds`` rounds, planned together
    from round 1, are proven to have no plan: then neither has the whole horizon. The
    model of those rounds holds every rule of theirs, and leaves out only what reads the
    rounds after them (their pins and hires, the absences that may start later)."""

    rounds: int


def no_plan_result(
    scenario: Scenario, rounds: int, settings: SolverSettings, started: float, explain: bool
) -> Result:
    """The INFEASIBLE :class:`Result` of a scenario whose first ``rounds`` rounds have no
    plan (:class:`NoPlan`); with ``explain`` its message says why for those rounds, as
    :func:`rotation.solvers.diagnose.diagnose` does for a whole scenario, and names them
    when they are not all the rounds."""
    if explain:
        from rotation.solvers.diagnose import diagnose

        en, zh = diagnose(scenario.first_rounds(rounds))
    else:
        en, zh = CANNOT_ALL_HOLD
    if rounds < scenario.horizon:  # the rounds before the last already have none
        which, which_zh = (
            ("round 1", "第1轮") if rounds == 1 else (f"rounds 1 to {rounds}", f"第1至{rounds}轮")
        )
        en, zh = f"{en} (already in {which})", f"{zh}（{which_zh}即已如此）"
    return Result(
        INFEASIBLE,
        None,
        wall_time=time.perf_counter() - started,
        seed=settings.seed,
        workers=settings.workers,
        time_limit=settings.time_limit,
        message=en,
        message_zh=zh,
    )


ROUND_LEAST = 0.05
"""Seconds below which :func:`rolling_plan` does not try a round (a time limit must be
positive, and so little finds nothing)."""

ROLLING_OVERRUN = 0.8
"""The share of the time limit up to which the round-by-round start may go on when a round
finds no plan in its own share or does not prove its first tier (see :func:`rolling_plan`)."""


def rolling_plan(
    scenario: Scenario, settings: SolverSettings, log: bool = False, until: float | None = None
) -> Plan | NoPlan | None:
    """A plan of ``scenario``'s rounds built one round at a time, within
    ``settings.time_limit`` in all (None if a round finds no plan in time; :class:`NoPlan`
    when the rounds up to one are proven to have none).

    Round h is planned with the model of the first h rounds (``horizon = h``: every rule
    of a round reads only that round and the ones before it), the rounds before fixed to
    the plan so far, so each step is a one-round problem: its tiers solved in order as
    usual. The rounds before are built with the plan's placements only
    (:class:`~rotation.models.variables.Decided`): on ``district-5y`` the five steps took
    17.0 s to proven optimality with every candidate built and fixed, 8.4 s so, and the
    whole solve in 20 s ends at tier 1 = 1028 instead of 4458 (the start had not finished
    in its 8 s). This is how departments plan year by year; here it is the starting point
    (solution hint) of the whole model, which can then trade one round against another.

    With ``until`` (a ``time.perf_counter()`` time), a round that finds no plan in its
    share, or does not prove its first tier, tries again with its share of the time left
    until then (keeping the one with the lower first tier; rounds planned one by one, that
    is not always the better plan in the end): where the rounds cannot be proven in their
    shares, the whole model, five times their size, can do nothing in the time that would
    be left. ``district-5y`` in 10 s (its default time limit then): the whole model found
    no plan, and the plan was the start's, whose rounds had under a second each: tier 1
    at 1,320; trying again, 1,190. At 16 and 20 s every round proves its first tier in
    its share, and nothing changes.

    A round that the rounds decided before it leave without any plan (INFEASIBLE) is
    planned again together with the round before it, then the two before it, and so on:
    a round sees no rule of the rounds after it, so its plan can leave a later round
    none. Found on a district of 81 people over three rounds, where someone due to rotate
    in round 3 had a secondment of rounds 2 and 3 to start in round 2: round 2, planned
    alone, kept her in her unit for it, and round 3 could then neither move her (nobody
    moves while away) nor keep her (due); the whole model, with no start, found no plan
    in 15 s (its first after 28 s). Planned with round 2 again, she moves in round 2 and
    goes from her new unit, and the solve has a plan in 8 s. When the rounds planned
    again reach back to round 1 and still have no plan, nor has the scenario
    (:class:`NoPlan`): a district of 53 people over five rounds, whose township had
    nobody left for its head post in round 4, was proven so after 8 s in the start, and
    the whole model then took 6 s more to prove it again.
    """
    plan: Plan | None = None
    started = time.perf_counter()
    h = free_from = 1
    while h <= scenario.horizon:
        if interrupt.stopped():  # Ctrl-C: a plan of the first rounds is no plan
            return None
        rounds_left = scenario.horizon - h + 1
        share = (settings.time_limit - (time.perf_counter() - started)) / rounds_left
        found = None
        if share > ROUND_LEAST:
            found = _plan_round(scenario, plan, h, settings, share, log, free_from)
        if until is not None and not _first_proven(found) and not _infeasible(found):
            more = (until - time.perf_counter()) / rounds_left
            if more > max(share, ROUND_LEAST):
                again = _plan_round(scenario, plan, h, settings, more, log, free_from)
                if _infeasible(again) or _first(again) <= _first(found):
                    found = again
        if _infeasible(found):
            if free_from == 1:  # nothing decided: these rounds have no plan at all
                return NoPlan(h)
            free_from -= 1  # the rounds decided leave this one no plan: one more again
            continue
        if found is None or found.plan is None:
            return None
        plan = found.plan
        h = free_from = h + 1
    if plan is None:
        return None
    return Plan(scenario, plan.assignments, plan.roles, plan.vacancies, plan.leaves)


def _plan_round(
    scenario: Scenario,
    plan: Plan | None,
    h: int,
    settings: SolverSettings,
    time_limit: float,
    log: bool,
    free_from: int | None = None,
) -> Result | None:
    """Round ``h`` of :func:`rolling_plan` (the rounds from ``free_from`` to ``h``, by
    default ``h`` alone), the rounds before fixed to ``plan``, within ``time_limit``
    seconds: the stages' result (its plan None: no plan in time)."""
    step = time.perf_counter()
    first = h if free_from is None else free_from
    # the rounds before are built with the plan's placements only, and fixed
    decided = None if plan is None or first == 1 else Decided(plan.assignments, first)
    built = build_model(scenario.first_rounds(h), decided=decided)
    if decided is not None and plan is not None:
        fix_rounds(built, plan, before=first)
    # the rounds before are fixed: a problem of the free rounds, solved as one of their
    # size (see SolverSettings: a single LP worker for a district-sized round)
    free = sum(1 for (_, _, t) in built.ctx.x if t >= first)
    large = settings.large_model if free >= settings.large_model else len(built.ctx.x) + 1
    mine = replace(settings, time_limit=time_limit, large_model=large)
    backend = CpSatBackend(built, mine, log)
    return run_stages(built, backend, mine, started=step, build_time=0.0, explain=False)


def _infeasible(result: Result | None) -> bool:
    """Whether a round is proven to have no plan."""
    return result is not None and result.status == INFEASIBLE


def _first(result: Result | None) -> float:
    """The value of a round's first tier (its plan's, by the checker; inf without one)."""
    return result.tiers[0].value if result and result.plan and result.tiers else math.inf


def _first_proven(result: Result | None) -> bool:
    """Whether a round's first tier is proven optimal."""
    if result is None:
        return False
    return result.status == OPTIMAL or bool(result.tiers and result.tiers[0].status == OPTIMAL)


def fix_rounds(built: BuiltModel, plan: Plan, before: int) -> None:
    """Fix the placements and roles of the rounds before ``before`` to ``plan``'s."""
    model = built.ctx.model
    for (person, unit, period), var in built.ctx.x.items():
        if period < before:
            model.add(var == int(plan.assignments.get((person, period)) == unit))
    for (person, unit, period), held in built.ctx.roles.items():
        if period < before and plan.assignments.get((person, period)) == unit:
            role = plan.role_of(person, period)
            for name, expr in held.items():
                model.add(expr == int(role == name))


def complete_hint(built: BuiltModel, plan: Plan, settings: SolverSettings) -> None:
    """Hint the model with ``plan`` and every variable derived from it.

    A hint of the placements and roles alone leaves the model's other variables (stay
    and tenure literals, penalty amounts: half of them in a plan of several rounds)
    unhinted, and CP-SAT with several workers then starts from its own first solution
    instead (measured on ``district-5y``: the first plan came from feasibility jump at
    4.7 s, worse than the hint's). So the model is solved once with the decisions fixed
    to the plan and the penalties minimised (presolve settles nearly all of it), and that
    complete solution is the hint; if it fails in the time given, the partial hint stays.
    """
    decided = hint_from_plan(built, plan)
    objective = sum(stage.expression() for stage in built.stages)
    hint_with_fixed(built.ctx.model, decided, objective, max(1.0, settings.time_limit * 0.05))


def hint_with_fixed(
    model: cp_model.CpModel, fixed: dict[int, int], objective: Expr, time_limit: float
) -> list[int] | None:
    """Hint every variable of ``model`` with the best solution (one worker, within
    ``time_limit``, from ``model``'s hint if it has one) of a copy in which the variables
    at the indices of ``fixed`` take those values, and return that solution (None, the
    hint left as it was, without one)."""
    copy = model.clone()
    for index, value in fixed.items():
        domain = copy.proto.variables[index].domain  # a Boolean's [0, 1]
        domain[0] = domain[1] = value
    copy.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    if interrupt.solve(solver, copy) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    values = list(solver.response_proto.solution)
    hint_solution(model, values)
    return values


def hint_solution(model: cp_model.CpModel, values: Sequence[int]) -> None:
    """Hint every variable of ``model`` with its value in a solution (every variable's
    value by index: a solver's ``response_proto.solution`` for ``model`` or a copy)."""
    _set_hint(model, range(len(values)), values)


def _set_hint(model: cp_model.CpModel, indices: Iterable[int], values: Iterable[int]) -> None:
    """Replace the model's hint by ``values`` of the variables at ``indices``, in bulk on
    the proto (``add_hint`` one by one took 0.05 s of a 1 s district solve)."""
    model.clear_hints()
    hint = model.proto.solution_hint
    hint.vars.extend(indices)
    hint.values.extend(values)


def hint_from_plan(built: BuiltModel, plan: Plan) -> dict[int, int]:
    """Hint the model with ``plan`` (every placement and role Boolean); returns the
    hinted values by variable index."""
    model = built.ctx.model
    model.clear_hints()
    values: dict[int, tuple[cp_model.IntVar, int]] = {}
    for (person, unit, period), var in built.ctx.x.items():
        values[var.index] = (var, int(plan.assignments.get((person, period)) == unit))
    for (person, unit, period), held in built.ctx.roles.items():
        here = plan.assignments.get((person, period)) == unit
        role = plan.role_of(person, period) if here else None
        for name, expr in held.items():
            # a role that is x itself is hinted already; deputy = x - head is derived
            if isinstance(expr, cp_model.IntVar) and expr.index not in values:
                values[expr.index] = (expr, int(role == name))
    for var, value in values.values():
        model.add_hint(var, value)
    return {index: value for index, (_, value) in values.items()}


def plan_result(
    built: BuiltModel, plan: Plan, failed: Result, first_bound: int | None = None
) -> Result:
    """A :class:`Result` for a plan found before the whole model ran out of time (the
    round-by-round plan): FEASIBLE, costed by the checker; each tier of ``built`` with
    the plan's value, so that the summary and run.json still show the tiers, and the
    bound its variables' domains give, or for the first tier ``first_bound`` (the bound
    the whole model proved on it without finding a plan, in the stage's integers) where
    that is higher: a plan of the model meets both."""
    cost = plan_cost(plan.scenario, plan)
    tiers = []
    for k, stage in enumerate(built.stages):
        bound = max(0, expression_range(built.ctx.model, stage.expression())[0])
        if k == 0 and first_bound is not None:
            bound = max(bound, first_bound)
        tiers.append(cost.tier(TierResult(stage.rules, 0.0, float(bound / stage.scale), FEASIBLE)))
    return replace(
        failed,
        status=FEASIBLE,
        plan=plan,
        objective=cost.objective,
        bound=None,
        penalties=cost.amount,
        tiers=tuple(tiers),
        message="",
        message_zh="",
    )


def hint_plan(built: BuiltModel, values: Sequence[int]) -> None:
    """Hint the model with the plan of a solution (every variable's value by index; the
    decision Booleans are hinted), so the next stage starts from a complete feasible
    solution."""
    indices = [var.index for var in _decision_vars(built)]
    _set_hint(built.ctx.model, indices, [values[i] for i in indices])


def _decision_vars(built: BuiltModel) -> list[cp_model.IntVar]:
    """The assignment and role Booleans (what a hint needs to fix a plan), each once: a
    role held by the only role a pair allows *is* its ``x``."""
    out = {var.index: var for var in built.ctx.x.values()}
    for held in built.ctx.roles.values():
        out.update((v.index, v) for v in held.values() if isinstance(v, cp_model.IntVar))
    return list(out.values())
