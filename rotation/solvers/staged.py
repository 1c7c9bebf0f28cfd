"""The tier-by-tier solve shared by every back end, and what a plan is read from.

A back end (:class:`Backend`) solves the model that :func:`rotation.models.build_model`
built, one objective stage at a time; this module runs the stages in priority order
(minimise tier k, bound it at the value reached, go on to tier k + 1), reads the plan
and each soft rule's amount through the back end's ``value(expression) -> int``, and
assembles the :class:`~rotation.result.Result`. CP-SAT (:mod:`rotation.solvers.cpsat`)
and HiGHS (:mod:`rotation.solvers.highs`) differ only in ``solve_stage`` and
``bound_stage``, so both answer the same question the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from rotation import interrupt
from rotation.models import BuiltModel
from rotation.models.objective import Stage
from rotation.models.variables import Expr, expression_range
from rotation.plan import Plan, Vacancy
from rotation.result import Result, TierResult
from rotation.scenario import Scenario, SolverSettings
from rotation.validate import penalties

Value = Callable[[Expr], int]
"""The value of a linear expression over the model's variables in a solution."""

OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN = "OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"

CANNOT_ALL_HOLD = ("the rules cannot all hold", "各项规则无法同时满足")
"""What an INFEASIBLE result says, in English and Chinese, when it is not asked why."""


@dataclass(frozen=True)
class StageOutcome:
    """One stage's answer: ``status`` is OPTIMAL (proven), FEASIBLE (a solution, not
    proven best), INFEASIBLE or UNKNOWN (no solution in time); ``value`` reads the
    solution (None without one); ``objective`` and ``bound`` are the stage expression's
    value and proven lower bound, integers (0 when there was no objective)."""

    status: str
    value: Value | None
    objective: int = 0
    bound: int = 0


class Backend(Protocol):
    """A solver holding the built model, to which stages are handed in order."""

    name: str
    """As reported in :attr:`Result.solver`."""

    def solve_stage(
        self, expression: Expr | None, time_left: float, keep: float = 0.0
    ) -> StageOutcome:
        """Minimise ``expression`` (None: just find a plan) within ``time_left`` seconds,
        of which the last ``keep`` are for the stages after it: the backend stops at
        ``time_left - keep``, or may go on to ``time_left`` where they could not use them
        (see :class:`rotation.scenario.SolverSettings`, ``later_share``)."""
        ...

    def bound_stage(self, expression: Expr, reached: int) -> None:
        """Add ``expression <= reached`` for the stages to come (and start the next
        stage from the solution just found, where the solver can)."""
        ...

    def lexicographic_weights(self, expressions: list[Expr]) -> list[int] | None:
        """Integer weights that make one weighted sum of ``expressions`` order solutions
        exactly as minimising them one after the other would, or None when this solver
        cannot solve such a sum exactly (then each is a stage of its own)."""
        ...

    def has_start(self) -> bool:
        """Whether the next stage starts from a plan (a hint, a MIP start), so that it
        has one to hand on whenever it stops."""
        ...


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


def extract_plan(built: BuiltModel, value: Value) -> Plan:
    """The plan in a solution."""
    ctx = built.ctx
    assignments: dict[tuple[str, int], str] = {}
    roles: dict[tuple[str, int], str] = {}
    for (person, unit, period), var in ctx.x.items():
        if not value(var):
            continue
        assignments[(person, period)] = unit
        held = ctx.roles.get((person, unit, period), {})
        roles[(person, period)] = next(
            (role for role, expr in held.items() if value(expr)), "member"
        )
    vacancies = []
    for (unit, period), var in sorted(ctx.vacancies.items()):
        posts = value(var)
        if posts:
            skills = tuple(
                (skill, value(need))
                for (u, skill, t), need in sorted(ctx.skill_vacancies.items())
                if (u, t) == (unit, period) and value(need)
            )
            vacancies.append(Vacancy(unit, period, posts, skills))
    # planned hires from their round on, and who is away when (rule ``training``)
    from rotation.models.hires import hire_assignments
    from rotation.models.rules.training import leaves_in

    assignments.update(hire_assignments(ctx, value))
    return Plan(ctx.scenario, assignments, roles, tuple(vacancies), leaves_in(ctx, value))


LEXICOGRAPHIC_LIMIT = 2**30
"""The largest range of a weighted sum that stands for several tiers. CP-SAT's objective
and bound are exact integers, but its LP works in floating point: on one county of the
city preset, tiers 2–4 as one sum (range 7 × 10¹¹) were not proven optimal in 60 s, while
tiers 3–4 as one (range 4 × 10⁷) and tier 2 alone were proven in 1.1 s in all. Up to
about 10⁹ the LP still tells the units of the least tier apart."""


def group_stages(stages: Sequence[Stage], backend: Backend) -> list[list[Stage]]:
    """The stages solved together: the first tier alone, then from the last tier
    backwards, a tier joins the group after it while the backend can weight them exactly.
    Tier 1 holds the hard trade-offs and its LP is what proves it; merged with tier 2
    (range 4 × 10⁸ on a county) the district and the city's ten counties took 21.3 s in
    all against 18.8 s with tier 1 alone (same machine, same run).

    When re-planning, the changes to the published plan (``keep_published``, when it is
    the next tier) are weighed after tier 1 in its own search: among plans as good in
    tier 1 the search keeps to the published list, where on its own it roams, and a
    model too large to prove tier 1 leaves the changes no time of their own. On
    ``district-5y`` re-planned in 20 s after one resignation (the published plan's tier
    1: 1,018), tier 1 and the changed decisions ended at 1,008 and 22, 1,018 and 17,
    1,010 and 45, 1,008 and 18 in four runs apart; together, at 1,018 and 10, 1,008 and
    10, 1,008 and 10. Over twenty random districts of one to five rounds, each
    re-planned in 8 s after one resignation (one run each), the result together was
    better (tier 1, then the changes) than apart in eleven, as good in five and worse in
    four: three by one to three changes, one with a post left vacant."""
    if not stages:
        return []
    first = list(stages[:1])
    rest = list(stages[1:])
    if rest and rest[0].rules == ("keep_published",):
        candidate = [*first, rest[0]]
        if backend.lexicographic_weights([s.expression() for s in candidate]) is not None:
            first, rest = candidate, rest[1:]
    groups: list[list[Stage]] = []
    for stage in reversed(rest):
        if groups:
            candidate = [stage, *groups[0]]
            if backend.lexicographic_weights([s.expression() for s in candidate]) is not None:
                groups[0] = candidate
                continue
        groups.insert(0, [stage])
    return [first, *groups]


@dataclass(frozen=True)
class PlanCost:
    """What a plan costs by the solver-free checker: each soft rule's amount, the
    weighted objective, and a tier's value (a penalty variable of a tier not yet
    minimised may sit above its rule's true amount; the plan's cost may not)."""

    amount: dict[str, float]
    objective: float
    weight: dict[str, float]

    def tier(self, tier: TierResult) -> TierResult:
        """``tier`` with its value recomputed from the plan."""
        return replace(tier, value=sum(self.weight[r] * self.amount[r] for r in tier.rules))


def plan_cost(scenario: Scenario, plan: Plan) -> PlanCost:
    """The checker's cost of ``plan`` (see :class:`PlanCost`)."""
    amount = penalties(scenario, plan)
    weight = {name: scenario.rules_by_name[name].weight or 0.0 for name in amount}
    objective = sum(weight[name] * value for name, value in amount.items())
    return PlanCost(amount, objective, weight)


def tier_rank(values: Sequence[float]) -> list[float]:
    """Tier values as plans are ranked by them, lexicographically: rounded, so that float
    noise in the checker's sums does not order two equal plans."""
    return [round(v, 6) for v in values]


def with_plan(result: Result, plan: Plan) -> Result:
    """``result`` carrying ``plan`` (a plan of the same scenario that meets every bound of
    its stages) instead: objective, penalties and tier values recomputed by the checker,
    status and bounds kept."""
    cost = plan_cost(plan.scenario, plan)
    tiers = tuple(cost.tier(tier) for tier in result.tiers)
    return replace(result, plan=plan, objective=cost.objective, penalties=cost.amount, tiers=tiers)


def run_stages(
    built: BuiltModel,
    backend: Backend,
    settings: SolverSettings,
    *,
    started: float,
    build_time: float,
    explain: bool = True,
) -> Result:
    """Solve ``built``'s stages in priority order with ``backend`` and assemble the Result.

    The time limit counts from ``started`` (``time.perf_counter()`` before the build).
    A stage that finds no solution ends the loop; the plan of the stages already done,
    if any, is kept (status FEASIBLE). Without any plan, an INFEASIBLE result says why
    (with ``explain``, by :func:`rotation.solvers.diagnose.diagnose`).
    """
    scenario = built.ctx.scenario
    deadline = started + settings.time_limit
    overall = OPTIMAL
    tiers: list[TierResult] = []
    found: Plan | None = None
    status = UNKNOWN
    todo: list[list[Stage]] = group_stages(built.stages, backend) or [[]]
    for group in todo:
        if interrupt.stopped():  # Ctrl-C: keep the plan of the tiers already done
            break
        exprs = [stage.expression() for stage in group]
        weights = backend.lexicographic_weights(exprs) if len(group) > 1 else [1] * len(group)
        assert weights is not None  # group_stages made the group
        expression = sum(w * e for w, e in zip(weights, exprs, strict=True)) if group else None
        left = deadline - time.perf_counter()
        keep = 0.0
        if group is not todo[-1] and backend.has_start():
            # a stage not proven in time leaves the later ones a share; one with no plan
            # to start from keeps it all, as without a plan the later stages get nothing
            keep = left * settings.later_share
        outcome = backend.solve_stage(expression, left, keep)
        status = outcome.status
        if outcome.value is None:
            break  # keep the plan of the tiers already done, if any
        if status != OPTIMAL:
            overall = FEASIBLE
        found = extract_plan(built, outcome.value)
        for k, (stage, expr) in enumerate(zip(group, exprs, strict=True)):
            reached = outcome.value(expr)
            if status == OPTIMAL:
                bound = reached
            elif k == 0:  # the weighted sum ≥ its bound, the later tiers at most their top
                rest = sum(
                    w * expression_range(built.ctx.model, e)[1]
                    for w, e in zip(weights[1:], exprs[1:], strict=True)
                )
                bound = max(0, -(-(outcome.bound - rest) // weights[0]))
            else:  # every penalty amount is non-negative in every plan
                bound = max(0, expression_range(built.ctx.model, expr)[0])
            tiers.append(
                TierResult(
                    stage.rules, float(reached / stage.scale), float(bound / stage.scale), status
                )
            )
        if expression is not None:
            backend.bound_stage(expression, outcome.objective)
    common: dict[str, Any] = {
        "wall_time": time.perf_counter() - started,
        "build_time": build_time,
        "solver": backend.name,
        "seed": settings.seed,
        "workers": settings.workers,
        "time_limit": settings.time_limit,
    }
    if found is not None:
        plan = found
        if len(tiers) < len(built.stages):
            overall = FEASIBLE  # a later tier ran out of time
        cost = plan_cost(scenario, plan)
        objective, amount = cost.objective, cost.amount
        tiers = [cost.tier(tier) for tier in tiers]
        proven = overall == OPTIMAL
        return Result(
            overall,
            plan,
            objective=objective,
            # a bound on the whole objective exists when all is proven or there is one stage
            bound=objective if proven else (tiers[0].bound if len(built.stages) == 1 else None),
            penalties=amount,
            tiers=tuple(tiers),
            **common,
        )
    from rotation.solvers.diagnose import diagnose

    if status == INFEASIBLE and explain:
        en, zh = diagnose(scenario)
    elif status == INFEASIBLE:
        en, zh = CANNOT_ALL_HOLD
    else:
        en, zh = timed_out(settings.time_limit)
    return Result(status, None, message=en, message_zh=zh, **common)


def timed_out(time_limit: float) -> tuple[str, str]:
    """What a solve that found no plan within ``time_limit`` says, in English and Chinese."""
    return (
        f"no plan was found within {time_limit:g} s; allow more time",
        f"{time_limit:g}秒内未找到方案，请延长求解时间",
    )
