"""Solver back ends: CP-SAT (the default) and HiGHS, on the same model (see staged.py)."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rotation import interrupt
from rotation.result import Result
from rotation.scenario import Published, Scenario

if TYPE_CHECKING:
    from rotation.plan import Plan

SOLVERS = ("cpsat", "highs")


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Leave the objects alive before a solve out of the garbage collector's full passes
    while it runs (``gc.freeze``), and give them back after: building a model allocates
    enough to start a full pass, which scanned every object the imports made (ortools,
    numpy, networkx) and took 40 ms of the district's 0.42 s. Nothing changes for a
    caller who froze objects already."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@_frozen_heap()
def solve(
    scenario: Scenario,
    *,
    solver: str = "cpsat",
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    log: bool = False,
    explain: bool = True,
    decompose: bool | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    previous: Plan | Iterable[Published] | None = None,
) -> Result:
    """Plan one round for ``scenario`` with ``solver`` ("cpsat" or "highs"); both build
    the same model and return the same kind of :class:`Result` (see
    :func:`rotation.solvers.cpsat.solve`).

    A city or province whose counties cannot exchange anyone (the default rotation
    scope) is solved county by county, ``jobs`` processes at a time, with the same
    answer as one model (:mod:`rotation.solvers.decompose`); ``decompose=False`` forces
    one model, ``True`` or None (the default) splits where the scenario allows.
    ``scheduler`` runs the counties on a Dask cluster instead (see
    :func:`rotation.solvers.decompose.solve`). When only roles allowed to cross counties
    keep them together, the counties' plans come first and the whole model bounds and
    improves them (:mod:`rotation.solvers.crossing`).

    ``previous`` re-plans: the plan published earlier (a :class:`~rotation.plan.Plan` of
    last year's scenario, its years aligned with this plan's rounds, or
    :class:`~rotation.scenario.Published` placements) is kept wherever the rules allow
    (rule ``keep_published``); the result's plan belongs to ``scenario`` carrying it, and
    :func:`rotation.replan.changes` says what changed and why.

    A plan the time limit stopped before it was proven optimal has the moves that no
    rule needs taken out, on the checker alone (:mod:`rotation.solvers.polish`), in the
    ``polish_share`` of the time limit kept back for it.
    """
    if previous is not None:
        from rotation.replan import with_previous

        scenario = with_previous(scenario, previous)
    if solver not in ("cpsat", "cp-sat", "highs"):
        raise ValueError(f"unknown solver {solver!r}: choose one of {', '.join(SOLVERS)}")
    if decompose is not False:
        from rotation.solvers import crossing
        from rotation.solvers import decompose as parts_of

        options: dict[str, Any] = {
            "solver": solver,
            "time_limit": time_limit,
            "seed": seed,
            "workers": workers,
            "jobs": jobs,
            "scheduler": scheduler,
            "explain": explain,
        }
        counties = crossing.applies(scenario)
        if counties is not None:  # roles that may cross counties: see crossing.py
            return _marked(crossing.solve(scenario, counties, **options))
        parts = parts_of.split(scenario)
        if len(parts) > 1:
            return _marked(parts_of.solve(scenario, parts, **options))
    if solver == "highs":  # the name was checked above
        from rotation.solvers.highs import solve as run
    else:
        from rotation.solvers.cpsat import solve as run
    from rotation.solvers.polish import polished
    from rotation.solvers.staged import UNKNOWN, timed_out

    started = time.perf_counter()
    limit = scenario.solver.time_limit if time_limit is None else time_limit
    result = run(
        scenario,
        time_limit=limit * (1 - scenario.solver.polish_share),
        seed=seed,
        workers=workers,
        log=log,
        explain=explain,
    )
    if result.status == UNKNOWN:  # the limit the caller gave, not the solve's share of it
        if explain and not interrupt.stopped():
            from rotation.precheck import infeasible_result, precheck

            # the search found nothing: where counting proves there is nothing to find,
            # say so rather than ask for more time
            if findings := precheck(scenario):
                return replace(
                    infeasible_result(findings, seed=result.seed, workers=result.workers),
                    time_limit=limit,
                    wall_time=time.perf_counter() - started,
                )
        en, zh = timed_out(limit)
        return _marked(replace(result, time_limit=limit, message=en, message_zh=zh))
    if interrupt.stopped():  # Ctrl-C: the plan as it stands, at once
        return _marked(replace(result, time_limit=limit))
    return replace(polished(result, deadline=started + limit), time_limit=limit)


def _marked(result: Result) -> Result:
    """``result`` marked as stopped by Ctrl-C when it was; without a plan in time, its
    message says so instead of asking for more time."""
    if not interrupt.stopped():
        return result
    if result.plan is not None or result.status != "UNKNOWN":
        return replace(result, interrupted=True)
    return replace(
        result,
        interrupted=True,
        message="stopped by Ctrl-C before a plan was found",
        message_zh="求解在找到方案之前被Ctrl-C中断",
    )


__all__ = ["SOLVERS", "solve"]
