"""A city or province whose rotation scope lets some roles cross counties: the counties'
plans, a proven bound from the whole model's linear relaxation, and the whole model for
the moves that cross.

With ``rotation_scope.across_roles`` (say, heads exchanged between counties) one model
holds every county, since :func:`rotation.solvers.decompose.split` finds no independent
parts, and it is large: the city preset with heads crossing has 141 k placement
Booleans against 35 k for its counties together. This solves it in three steps:

1. **Nobody crossing.** The scenario with a confining scope splits into its counties,
   solved apart and exactly (:mod:`rotation.solvers.decompose`). Crossing is allowed,
   not required, so the joined plan is a plan of the whole scenario.
2. **A proven bound.** The linear relaxation of the whole model (HiGHS), tier by tier:
   tier k's LP optimum, with the tiers before it held at the plan's values, bounds tier
   k of every plan as good as this one on those tiers. Where the bound, rounded up (the
   tiers are integers), meets the plan's value, the tier is proven optimal and the next
   one is bounded the same way; the first tier it does not meet keeps the bound, and
   the gap reported is proven. On the city with heads crossing: tier 1 at 3,104 with
   nobody crossing, LP bound 3,072 (8 s), a proven gap of 1 %.
3. **The moves that cross** (CP-SAT only). With the time left, the whole model, the
   proven tiers held at their values, starts from that plan; the better plan, tier by
   tier, is kept, with the better of the two bounds.

Above :data:`WHOLE_MODEL_PEOPLE` people the whole model is not built (a province with
heads crossing would have over a million placement Booleans): the counties' plan is
returned without a bound.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from rotation.models import BuiltModel, build_model
from rotation.plan import Plan
from rotation.result import Result, TierResult
from rotation.rules import counties
from rotation.scenario import Scenario, SolverSettings
from rotation.solvers import decompose
from rotation.solvers.staged import FEASIBLE, OPTIMAL, plan_cost, settings_for

WHOLE_MODEL_PEOPLE = 5_000
"""The most people for which the whole model is built (steps 2 and 3). The city preset
(1,500 people, heads crossing): build 4 s, the LP of tier 1 8 s."""

COUNTIES_SHARE = 0.5
"""The share of the time limit for step 1 (the counties apart, each usually proven in a
second or two); steps 2 and 3 share the rest."""


def confined(scenario: Scenario) -> Scenario:
    """``scenario`` with a rotation scope that lets no role cross counties."""
    scope = replace(scenario.rules.rotation_scope, across_roles=())
    return scenario.replace(rules=replace(scenario.rules, rotation_scope=scope))


def applies(scenario: Scenario) -> list[Scenario] | None:
    """The counties of ``scenario`` when only roles allowed across keep it whole: one part
    as it is, several once nobody crosses (None otherwise)."""
    scope = scenario.rules.rotation_scope
    if not (scope.enabled and scope.across_roles and len(counties(scenario)) > 1):
        return None
    if len(decompose.split(scenario)) > 1:
        return None
    parts = decompose.split(confined(scenario))
    return parts if len(parts) > 1 else None


def solve(
    scenario: Scenario,
    parts: list[Scenario],
    *,
    solver: str = "cpsat",
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    jobs: int | None = None,
    explain: bool = True,
    scheduler: str | None = None,
) -> Result:
    """Plan ``scenario`` in the three steps of this module; ``parts`` are the counties of
    its confined scenario (:func:`applies`). Without a plan in step 1 (the counties cannot
    be staffed without crossing, or ran out of time), the whole model is solved as one
    with the time left."""
    settings = settings_for(scenario, time_limit, seed, workers)
    started = time.perf_counter()
    deadline = started + settings.time_limit
    first = decompose.solve(
        confined(scenario),
        parts,
        solver=solver,
        time_limit=settings.time_limit * COUNTIES_SHARE,
        seed=seed,
        workers=workers,
        jobs=jobs,
        explain=explain,
        scheduler=scheduler,
    )
    common: dict[str, Any] = {"solver": first.solver, "seed": settings.seed}
    if first.plan is None:
        from rotation.solvers import solve as whole

        left = max(deadline - time.perf_counter(), 0.05)
        return whole(
            scenario,
            solver=solver,
            time_limit=left,
            seed=seed,
            workers=workers,
            explain=explain,
            decompose=False,
        )
    p = first.plan
    plan = Plan(scenario, p.assignments, p.roles, p.vacancies, p.leaves)
    cost = plan_cost(scenario, plan)
    # the counties' bounds hold only with nobody crossing: no bound yet beyond 0
    tiers = [replace(cost.tier(t), bound=0.0, status=FEASIBLE) for t in first.tiers]
    build_time = first.build_time
    if len(scenario.people) <= WHOLE_MODEL_PEOPLE and deadline - time.perf_counter() > 1:
        building = time.perf_counter()
        built = build_model(scenario)
        build_time += time.perf_counter() - building
        tiers = _lp_bounds(built, plan, deadline)
        open_at = next((k for k, t in enumerate(tiers) if t.status != OPTIMAL), None)
        if open_at is not None and solver in ("cpsat", "cp-sat"):
            plan, tiers = _whole_model(built, plan, tiers, open_at, settings, deadline)
        cost = plan_cost(scenario, plan)
    proven = all(t.status == OPTIMAL for t in tiers)
    return Result(
        OPTIMAL if proven else FEASIBLE,
        plan,
        objective=cost.objective,
        bound=cost.objective if proven else None,
        penalties=cost.amount,
        tiers=tuple(tiers),
        wall_time=time.perf_counter() - started,
        build_time=build_time,
        workers=first.workers,
        time_limit=settings.time_limit,
        **common,
    )


def _lp_bounds(built: BuiltModel, plan: Plan, deadline: float) -> list[TierResult]:
    """Step 2: each tier of ``built`` with ``plan``'s value; the tiers the LP bound
    proves OPTIMAL, then the first it does not prove with that bound, then the later ones
    FEASIBLE with no bound beyond 0 (every penalty is non-negative)."""
    from rotation.solvers.highs import LinearRelaxation, UnsupportedModel

    cost = plan_cost(built.ctx.scenario, plan)
    tiers = [cost.tier(TierResult(s.rules, 0.0, 0.0, FEASIBLE)) for s in built.stages]
    model = built.ctx.model
    try:
        relaxed = LinearRelaxation(model.proto)
    except UnsupportedModel:
        return tiers
    for k, (stage, tier) in enumerate(zip(built.stages, tiers, strict=True)):
        reached = round(tier.value * stage.scale)
        expression = stage.expression()
        left = deadline - time.perf_counter()
        lp = relaxed.solve(expression, left) if left > 0.5 else None
        if lp is None:  # no LP in time: this tier and the later ones stay open
            return tiers
        bound = lp.bound
        if bound < reached:
            tiers[k] = replace(tier, bound=float(bound / stage.scale))
            return tiers
        tiers[k] = replace(tier, bound=tier.value, status=OPTIMAL)
        # this tier's optimum: the next one under it, in the LP and the whole model
        relaxed.add_row(expression, reached)
        model.add(expression <= reached)
    return tiers


def _whole_model(
    built: BuiltModel,
    plan: Plan,
    tiers: list[TierResult],
    open_at: int,
    settings: SolverSettings,
    deadline: float,
) -> tuple[Plan, list[TierResult]]:
    """Step 3: the whole model from tier ``open_at`` on (the tiers before it are held at
    their proven values by step 2), started from ``plan``, with ``settings`` until the
    ``deadline``; the better plan tier by tier, and each tier's better bound."""
    from rotation.solvers.cpsat import CpSatBackend, better_start, complete_hint
    from rotation.solvers.staged import run_stages

    if deadline - time.perf_counter() < 1:
        return plan, tiers
    scenario = built.ctx.scenario
    rest = BuiltModel(built.ctx, built.penalties, built.stages[open_at:])
    complete_hint(rest, plan, replace(settings, time_limit=1.0))
    # a second for what follows the solve: the plans compared and costed by the checker
    mine = replace(settings, time_limit=max(deadline - time.perf_counter() - 1.0, 0.1))
    backend = CpSatBackend(rest, mine)
    result = run_stages(
        rest, backend, mine, started=time.perf_counter(), build_time=0.0, explain=False
    )
    chosen = better_start(scenario, plan, result)
    if chosen.plan is None:
        return plan, tiers
    cost = plan_cost(scenario, chosen.plan)
    merged = [cost.tier(t) for t in tiers]
    for k, found in enumerate(chosen.tiers, start=open_at):
        bound = max(merged[k].bound, found.bound)
        proven = found.status == OPTIMAL or bound >= merged[k].value
        merged[k] = replace(merged[k], bound=bound, status=OPTIMAL if proven else FEASIBLE)
        if not proven:
            break  # a later tier's bound holds only under this one's optimum
    return chosen.plan, merged
