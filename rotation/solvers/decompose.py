"""Solve a city or province county by county, exactly, and say how exact it is.

When the rotation-scope rule keeps every move inside one county (its default), no
placement, rule or goal joins two counties: each unit belongs to one county, kin
avoidance between counties cannot bind (relatives in two counties never share a unit,
an area office's line or a 机关), and the goals that aggregate (rotation volume,
workload) are each county's own. The plan is then the counties' plans side by side, and
each tier of the objective, a sum over counties, is minimised exactly by minimising it
in every county: the lexicographic optimum of the whole is the union of the parts'
optima. :func:`split` finds the independent parts (counties joined by any person who
could move between them, so a soft or widened scope merges them back; a scope widened
for some roles is solved by :mod:`rotation.solvers.crossing`); :func:`solve`
solves the parts in parallel processes and returns one :class:`Result` whose tier
values and bounds are the sums of the parts' — so the gap it reports is proven.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from rotation import interrupt
from rotation.errors import ScenarioError
from rotation.facts import obligations
from rotation.models.variables import candidate_units
from rotation.plan import Leave, Plan, Vacancy
from rotation.result import Result, TierResult
from rotation.scenario import Scenario
from rotation.solvers.staged import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    UNKNOWN,
    plan_cost,
    settings_for,
)

__all__ = ["solve", "split"]


def split(scenario: Scenario) -> list[Scenario]:
    """The scenario's independent parts, each a whole scenario of some counties' units and
    people (one part, the scenario itself, when nothing separates them).

    Units of one county are always together (the per-county goals need the whole
    county); a person joins the units they hold today and every unit the hard rules
    leave open to them (with a hard, confining rotation scope, their county's units).
    Computed once per scenario (the checks before solving and the solve both ask).
    """
    return scenario.memo(("split",), lambda: _split(scenario))


def _split(scenario: Scenario) -> list[Scenario]:
    if any(not h.county for h in scenario.hires):
        return [scenario]  # a hire without a county may go to any unit: nothing separates
    # a hire with a county goes to one of its units, which stay together anyway: the hire
    # joins nothing and goes with that county's part (_part)
    units = [u.id for u in scenario.units]
    parent = {u: u for u in units}

    def root(u: str) -> str:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    first_of_county: dict[str, str] = {}
    for unit in scenario.units:
        join(unit.id, first_of_county.setdefault(unit.county, unit.id))
    duties = obligations(scenario)
    for p in scenario.people:
        for u in candidate_units(scenario, duties[p.id], switchable=False, person=p.id):
            join(p.unit, u)
        # units a person's data names stay with them: a wish for another county's unit
        # is never met but still priced, a unit left there counts for cooling-off, and
        # a part must hold every unit its people's records name
        for u in (*p.preferences, *p.interests):
            if u in parent:
                join(p.unit, u)
    for h in scenario.history:
        join(scenario.person[h.person].unit, h.unit)
    groups: dict[str, set[str]] = defaultdict(set)
    for u in units:
        groups[root(u)].add(u)
    if len(groups) == 1:
        return [scenario]
    roads = _road_groups(scenario)
    return [_part(scenario, members, roads) for members in groups.values()]


def _road_groups(scenario: Scenario) -> dict[str, int]:
    """Place → the number of its connected piece of the road graph (roads of one county
    never reach another's places, so each part keeps only its own roads)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_edges_from((d.a, d.b) for d in scenario.distances)
    return {place: k for k, piece in enumerate(nx.connected_components(graph)) for place in piece}


def _part(scenario: Scenario, units: set[str], roads: dict[str, int]) -> Scenario:
    """The scenario restricted to ``units``, the people who hold one of them today, the
    hires recruited by their counties and the pieces of the road graph that reach their
    places."""
    people = tuple(p for p in scenario.people if p.unit in units)
    ids = {p.id for p in people}
    counties = sorted({scenario.unit[u].county for u in units})
    places = {scenario.unit[u].region for u in units} | {
        place for p in people for place in (p.home, p.growth_place)
    }
    pieces = {roads[place] for place in places if place in roads}
    return replace(
        scenario,
        name=f"{scenario.name}（{'、'.join(c for c in counties if c) or '本级'}）",
        people=people,
        units=tuple(u for u in scenario.units if u.id in units),
        relations=tuple(r for r in scenario.relations if r.a in ids and r.b in ids),
        history=tuple(h for h in scenario.history if h.person in ids),
        pins=tuple(p for p in scenario.pins if p.person in ids),
        hires=tuple(h for h in scenario.hires if h.county in counties),
        absences=tuple(a for a in scenario.absences if a.person in ids),
        published=tuple(r for r in scenario.published if r.person in ids and r.unit in units),
        distances=tuple(d for d in scenario.distances if roads[d.a] in pieces),
    )


@dataclass(frozen=True)
class _PartOutcome:
    """What a process sends back for one part: plain data, no scenario."""

    status: str
    assignments: dict[tuple[str, int], str]
    roles: dict[tuple[str, int], str]
    leaves: tuple[Leave, ...]
    vacancies: tuple[Vacancy, ...]
    tiers: tuple[TierResult, ...]
    build_time: float
    solver: str
    message: str
    message_zh: str


def _solve_part(
    args: tuple[Scenario, str, float, int, int | None, int | None, bool],
) -> _PartOutcome:
    """Solve one part with ``solver`` within its share of the time left before the
    wall-clock ``deadline``: that time over the ``rounds`` of parts still to run on this
    process, this one included (a process task)."""
    part, solver, deadline, rounds, seed, workers, explain = args
    from rotation.solvers import solve as run

    r = run(
        part,
        solver=solver,
        time_limit=max((deadline - time.time()) / rounds, 0.05),
        seed=seed,
        workers=workers,
        decompose=False,
        explain=explain,
    )
    plan = r.plan
    return _PartOutcome(
        r.status,
        dict(plan.assignments) if plan else {},
        dict(plan.roles) if plan else {},
        plan.leaves if plan else (),
        plan.vacancies if plan else (),
        r.tiers,
        r.build_time,
        r.solver,
        r.message,
        r.message_zh,
    )


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
    """Solve ``parts`` (from :func:`split`) apart, ``jobs`` at a time (default: one per
    core; each part with ``workers`` CP-SAT workers, default the scenario's), and join
    their plans into one :class:`Result` for ``scenario``. With ``scheduler``, the
    address of a Dask ``distributed`` scheduler (``pip install rotation[cluster]``), the
    parts run on its workers instead, as many at a time as they have threads: for
    what-if sweeps over a province that outgrow one machine.

    Each tier's value and bound are the sums over the parts, so the result is OPTIMAL
    exactly when every part is, and otherwise its gap is proven. A part without a plan
    makes the whole INFEASIBLE (its message, naming the part, says why) or UNKNOWN.
    """
    settings = settings_for(scenario, time_limit, seed)
    started = time.perf_counter()
    deadline = time.time() + settings.time_limit
    client = _client(scheduler) if scheduler else None
    if client is not None:
        jobs = jobs or sum(client.nthreads().values())
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(parts)))
    options = (solver, seed, workers, explain)
    pool: Any = client
    if client is None and jobs > 1:
        # under the command line's Ctrl-C watch its processes stop with this one
        start, args = interrupt.pool_initializer()
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=start, initargs=args)
    results: list[_PartOutcome | None] = [None] * len(parts)
    try:
        # Every part once, then again for those not proven while time is left (a part
        # cut short by its share of the time gets what the quick ones left over).
        todo = list(range(len(parts)))
        for _ in range(3):
            for k, outcome in _run_parts(pool, parts, todo, jobs, deadline, options):
                old = results[k]
                if old is None or outcome.status == OPTIMAL or not old.assignments:
                    results[k] = outcome
            todo = [k for k, r in enumerate(results) if r and r.status in (FEASIBLE, UNKNOWN)]
            if not todo or deadline - time.time() < 1.0 or interrupt.stopped():
                break
    finally:
        if isinstance(pool, ProcessPoolExecutor):
            pool.shutdown()
        elif pool is not None:
            pool.close()
    done = [r for r in results if r is not None]
    assert len(done) == len(parts)  # every part ran in the first pass
    common: dict[str, Any] = {
        "wall_time": time.perf_counter() - started,
        "build_time": sum(r.build_time for r in done) / jobs,
        "solver": done[0].solver,
        "seed": settings.seed,
        "workers": jobs,
        "time_limit": settings.time_limit,
    }
    for status in (INFEASIBLE, UNKNOWN):
        failed = [(part, r) for part, r in zip(parts, done, strict=True) if r.status == status]
        if failed:
            part, r = failed[0]
            return Result(
                status,
                None,
                message=f"{part.name}: {r.message}",
                message_zh=f"{part.name}：{r.message_zh}",
                **common,
            )
    assignments: dict[tuple[str, int], str] = {}
    roles: dict[tuple[str, int], str] = {}
    for r in done:
        assignments.update(r.assignments)
        roles.update(r.roles)
    plan = Plan(
        scenario,
        assignments,
        roles,
        vacancies=tuple(v for r in done for v in r.vacancies),
        leaves=tuple(v for r in done for v in r.leaves),
    )
    cost = plan_cost(scenario, plan)
    objective, amount = cost.objective, cost.amount
    tiers = tuple(cost.tier(tier) for tier in _join_tiers(scenario, done))
    proven = all(r.status == OPTIMAL for r in done)
    return Result(
        OPTIMAL if proven else FEASIBLE,
        plan,
        objective=objective,
        bound=objective if proven else (tiers[0].bound if len(tiers) == 1 else None),
        penalties=amount,
        tiers=tiers,
        **common,
    )


def _run_parts(
    pool: Any,
    parts: list[Scenario],
    todo: list[int],
    jobs: int,
    deadline: float,
    options: tuple[str, int | None, int | None, bool],
) -> list[tuple[int, _PartOutcome]]:
    """Solve ``parts[k]`` for each k in ``todo`` on ``pool`` (a Dask client, a process
    pool, or None: here), largest first so that no big one is left for the end, each
    within its share of the time left: that time over the rounds of ``jobs`` parts
    still to run, its own included, so that a slow part cannot starve the rest."""
    solver, seed, workers, explain = options
    order = sorted(todo, key=lambda k: -len(parts[k].people))
    rounds = -(-len(order) // jobs)
    tasks = [
        (parts[k], solver, deadline, rounds - i // jobs, seed, workers, explain)
        for i, k in enumerate(order)
    ]
    if pool is None:
        solved = [_solve_part(task) for task in tasks]
    elif isinstance(pool, ProcessPoolExecutor):
        solved = list(pool.map(_solve_part, tasks))
    else:
        solved = pool.gather(pool.map(_solve_part, tasks, pure=False))
    return list(zip(order, solved, strict=True))


def _client(address: str) -> Any:
    """A Dask ``distributed`` client of the scheduler at ``address``."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ScenarioError(
            "solving on a Dask cluster needs the 'distributed' package: "
            "pip install 'rotation[cluster]'",
            zh="在Dask集群上求解需要安装distributed包：pip install 'rotation[cluster]'",
        ) from None
    return Client(address)


def _join_tiers(scenario: Scenario, results: list[_PartOutcome]) -> tuple[TierResult, ...]:
    """Each tier's bound summed over the parts, in priority order (value: recomputed by
    the caller from the joined plan). A tier is OPTIMAL when every part proved it; a part
    that ran out of time before a tier gives it no bound beyond 0 (every penalty is
    non-negative), and the tier is then FEASIBLE."""
    order = [tuple(s.name for s in tier) for tier in scenario.objective.tiers_for(scenario.rules)]
    bound: dict[tuple[str, ...], float] = defaultdict(float)
    status: dict[tuple[str, ...], str] = {}
    for r in results:
        reached = {tier.rules: tier for tier in r.tiers}
        for rules in order:
            tier = reached.get(rules)
            if tier is not None:
                bound[rules] += tier.bound
                status.setdefault(rules, OPTIMAL)
                if tier.status != OPTIMAL:
                    status[rules] = FEASIBLE
            elif r.status != OPTIMAL:  # not reached in time, or nothing to minimise there
                status[rules] = FEASIBLE
    return tuple(
        TierResult(rules, 0.0, bound[rules], status[rules])
        for rules in order
        if rules in status and rules in bound
    )
