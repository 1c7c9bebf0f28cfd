"""Planned hires in the model: one Boolean per hire and unit open to them.

A hire joins in their round and keeps the unit they are placed in to the end of the plan
(:class:`rotation.scenario.Hire`), so a single Boolean ``h[hire, unit]`` says where they
are in every round from theirs on; the hire is in exactly one unit, one of their county's
when they have one (``Hire.county``: a county recruits for its own commission, and so a
city with such hires still splits county by county). Hires count for the headcount band
and the skill cover (:func:`hired`), which is how they lower the vacancies a plan leaves,
and share their unit's workload; the other rules read the people table only.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from rotation.models.variables import Expr, ModelContext
from rotation.scenario import Hire, Unit

_KEY = ("hires",)


def hire_vars(ctx: ModelContext) -> dict[tuple[str, str], cp_model.IntVar]:
    """``h[hire, unit]`` for every planned hire and each unit open to them (their county's,
    or every unit for a hire without a county), created on first use with "each hire in
    exactly one unit" (structural, like one unit per person). A (hire, unit) pair without
    a Boolean is a placement the model cannot make."""
    if _KEY not in ctx.cache:
        out: dict[tuple[str, str], cp_model.IntVar] = {}
        for hire in ctx.scenario.hires:
            row = []
            for unit in open_units(ctx, hire):
                var = ctx.model.new_bool_var(f"hire[{hire.id},{unit.id}]")
                out[(hire.id, unit.id)] = var
                row.append(var)
            ctx.model.add_exactly_one(row)
        ctx.cache[_KEY] = out
    found: dict[tuple[str, str], cp_model.IntVar] = ctx.cache[_KEY]
    return found


def open_units(ctx: ModelContext, hire: Hire) -> list[Unit]:
    """The units ``hire`` may be placed in: their county's (``unit.county == hire.county``),
    or every unit when they have no county."""
    units = ctx.scenario.units
    return [u for u in units if u.county == hire.county] if hire.county else list(units)


def hired(ctx: ModelContext, unit: str, period: int, skill: str | None = None) -> Expr:
    """How many hires (holding ``skill``, if given) work in ``unit`` in ``period``: those of
    round ``period`` or earlier placed there (a hire of another county never is)."""
    return sum(_placements(ctx, unit, period, skill))


def hireable(ctx: ModelContext, unit: str, period: int) -> int:
    """How many hires may work in ``unit`` in ``period``: the most :func:`hired` can be."""
    return len(_placements(ctx, unit, period))


def _placements(
    ctx: ModelContext, unit: str, period: int, skill: str | None = None
) -> list[cp_model.IntVar]:
    """The Booleans of the hires of round ``period`` or earlier (holding ``skill``, if
    given) placed in ``unit``."""
    if not ctx.scenario.hires:
        return []
    placed = hire_vars(ctx)
    return [
        placed[(h.id, unit)]
        for h in ctx.scenario.hires
        if h.round <= period and (skill is None or skill in h.skills) and (h.id, unit) in placed
    ]


def hire_assignments(ctx: ModelContext, value: Callable[[Expr], int]) -> dict[tuple[str, int], str]:
    """(hire, round) → unit in a solution, for every round from the hire's on."""
    if _KEY not in ctx.cache:
        return {}
    placed = hire_vars(ctx)
    out: dict[tuple[str, int], str] = {}
    for h in ctx.scenario.hires:
        for unit in open_units(ctx, h):
            if value(placed[(h.id, unit.id)]):
                for t in range(h.round, ctx.scenario.horizon + 1):
                    out[(h.id, t)] = unit.id
    return out
