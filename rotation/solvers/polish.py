"""Moves that no rule needs, taken out of a plan the time limit stopped.

A stage stopped by the time limit can leave moves in its plan that the later tiers
(fewest moves among them) had no time to remove: on ``district-5y`` at 20 s the later
tiers find no plan of their own, and 3 of the 164 moves were explained as "no rule
requires this move". Each such move is undone on the checker alone: first the person
stays in the unit they left for as long as they would have stayed in the one they
went to, so that the move disappears; failing that, only in the move's round, so that
it comes a round later (the undoing the explanation weighed). An undone plan is kept
when no hard rule is broken and it is better tier by tier (lexicographically, as the
solver ranks plans). An undo can make another move optional (someone who now leaves
from where they started), so the explanations are read again until a pass changes
nothing. Each try costs one run of the checker (0.05 s on ``district-5y``), and the
explanation of the last pass is the one the report reads.

The polish runs in the share of the time limit the solve keeps back for it
(``[solver] polish_share``) and stops at its deadline with the best plan it has.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from rotation.plan import Move, Plan
from rotation.reasons import explain_moves
from rotation.result import Result
from rotation.solvers.staged import FEASIBLE, tier_rank, with_plan
from rotation.validate import measure, tier_values, validate


def polished(result: Result, deadline: float = math.inf) -> Result:
    """``result`` with :func:`without_optional_moves` applied to its plan, until
    ``deadline`` (``time.perf_counter()``), when the plan is not proven optimal (a proven
    plan has no move to spare); objective, penalties and tier values are recomputed, the
    bounds stay (they hold for every plan)."""
    if result.status != FEASIBLE or result.plan is None:
        return result
    started = time.perf_counter()
    plan = without_optional_moves(result.plan, deadline)
    if plan is result.plan:
        return result
    better = with_plan(result, plan)
    return replace(better, wall_time=result.wall_time + time.perf_counter() - started)


def without_optional_moves(plan: Plan, deadline: float = math.inf) -> Plan:
    """``plan`` with each move explained as optional undone where an undone plan is
    allowed and better tier by tier, pass after pass until the explanations of the plan
    left name no move that can go or ``deadline`` (``time.perf_counter()``) has passed
    (``plan`` itself when none can go); see the module's docstring."""
    scenario = plan.scenario
    score = tier_rank(tier_values(scenario, plan))
    while time.perf_counter() < deadline:  # each pass makes the plan strictly better
        start = plan
        for move, reasons in explain_moves(start):
            if reasons[0].kind != "optional":
                continue
            if time.perf_counter() >= deadline:
                return plan
            for whole in (True, False):
                candidate = _undone(plan, move, whole)
                if candidate is None:
                    break
                found = measure(scenario, candidate)
                if validate(scenario, candidate, found):
                    continue
                ranked = tier_rank(tier_values(scenario, candidate, found))
                if ranked < score:
                    plan, score = candidate, ranked
                    break
        if plan is start:
            break
    return plan


def _undone(plan: Plan, move: Move, whole: bool) -> Plan | None:
    """``plan`` with ``move`` undone: the person stays in the unit they left, with the
    role they held there, in the move's round and, if ``whole``, in every round after it
    that they would have spent in the unit they moved to (so the move disappears; else it
    comes a round later). None when an earlier undo has changed the move."""
    person, period = move.person, move.period
    if plan.unit_of(person, period - 1) != move.from_unit:
        return None
    if plan.unit_of(person, period) != move.to_unit:
        return None
    role = plan.role_of(person, period - 1) or plan.scenario.person[person].role
    assignments, roles = dict(plan.assignments), dict(plan.roles)
    t = period
    while assignments.get((person, t)) == move.to_unit and (whole or t == period):
        assignments[(person, t)] = move.from_unit
        roles[(person, t)] = role
        t += 1
    return Plan(plan.scenario, assignments, roles, plan.vacancies, plan.leaves)
