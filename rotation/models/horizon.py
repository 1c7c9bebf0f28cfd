"""Tenure across the rounds of a multi-year plan, for the encoders.

Round t happens at plan_date + (t - 1) years. Whether someone has served Y years in
their unit by round t depends on when they last moved: by
:func:`rotation.facts.tenure_since` it is exactly "they stayed in each of rounds j .. t - 1"
for a round j computed from the dates alone (arrivals inside the plan, or the time since
``Scenario.unit_start`` for someone who has not moved). So every tenure rule is a
linear constraint over a run of the stay literals :meth:`ModelContext.stay`: "due to move
in round t" is "stayed in rounds j .. t - 1 while holding a post whose limit is Y", and
a tenure limit of L rounds becomes "in any L consecutive rounds at a unit, one move".
The limit depends on the unit and role held in round t - 1, which the model reads as
indicator expressions grouped by limit (:func:`limit_groups`).
"""

from __future__ import annotations

from collections import defaultdict

from rotation.facts import Duty, due_years, duty_in_round, tenure_since
from rotation.models.variables import Expr, ModelContext

ROLES = ("head", "deputy", "member")


def later_rounds(ctx: ModelContext) -> range:
    """Rounds 2 .. horizon (round 1 is decided by the first-round duties)."""
    return range(2, ctx.scenario.horizon + 1)


def free_in(ctx: ModelContext, person: str, period: int) -> bool:
    """Whether tenure decides for ``person`` in ``period`` (no pin, nothing that keeps them,
    not retired): see :func:`rotation.facts.duty_in_round`."""
    return duty_in_round(ctx.scenario, person, period) is Duty.FREE


def limit_groups(
    ctx: ModelContext, person: str, period: int, today_only: bool = False
) -> dict[float, Expr]:
    """The post ``person`` holds in round ``period`` (0: today) as 0/1 expressions grouped
    by the tenure at which mandatory rotation sends its holder away
    (:func:`rotation.facts.due_years`): exactly one group is 1 when they are placed.

    With ``today_only``, only the posts in today's unit (for someone who has not moved
    since the plan date, which a window reaching back to round 1 says: a few terms
    instead of one per unit). A group of more than two terms is one Boolean equal to
    their sum, so that the constraints reading it stay short."""
    key = ("limit_groups", person, period, today_only)
    if key in ctx.cache:
        return dict(ctx.cache[key])
    scenario = ctx.scenario
    groups: dict[float, list[Expr]] = defaultdict(list)
    today = scenario.person[person].unit
    if period == 0:
        p = scenario.person[person]
        groups[due_years(scenario, scenario.unit[p.unit], p.role)].append(1)
    for uid, var in ctx.by_person.get((person, period), []) if period else []:
        if today_only and uid != today:
            continue
        unit = scenario.unit[uid]
        held = [(r, ctx.role(person, uid, period, r)) for r in ROLES]
        held = [(r, e) for r, e in held if not (isinstance(e, int) and e == 0)]
        limits = {due_years(scenario, unit, r) for r, _ in held}
        if len(limits) == 1:
            groups[limits.pop()].append(var)  # every role there has the same limit
            continue
        for r, expr in held:
            groups[due_years(scenario, unit, r)].append(expr)
    out: dict[float, Expr] = {}
    for limit, exprs in groups.items():
        if len(exprs) <= 2:
            out[limit] = sum(exprs)
            continue
        held_var = ctx.model.new_bool_var(f"post_limit[{person},{period},{limit:g}]")
        ctx.model.add(held_var == sum(exprs))
        out[limit] = held_var
    ctx.cache[key] = out
    return dict(out)


def due_windows(ctx: ModelContext, person: str, period: int) -> list[tuple[list[Expr], Expr]]:
    """For each limit that may send ``person`` away in ``period``: (the stays of rounds j ..
    period - 1 that mean the limit is reached, the post indicator of the limit in round
    period - 1). Due in ``period`` is "all those stays and the indicator"."""
    out = []
    first = {
        years: tenure_since(ctx.scenario, person, period, years)
        for years in limit_groups(ctx, person, period - 1)
    }
    since_today = all(j == 1 for j in first.values() if j is not None)
    groups = limit_groups(ctx, person, period - 1, today_only=since_today)
    for years, held in groups.items():
        j = first.get(years)
        if j is None or (isinstance(held, int) and held == 0):
            continue
        if j == 1 and not since_today:
            held = limit_groups(ctx, person, period - 1, today_only=True).get(years, 0)
            if isinstance(held, int) and held == 0:
                continue
        out.append(([ctx.stay(person, i) for i in range(j, period)], held))
    return out


def stays_for(ctx: ModelContext, person: str, period: int, years: float) -> list[Expr] | None:
    """The stay literals of rounds j .. ``period`` - 1 whose conjunction says exactly that
    ``person`` has served ``years`` in their unit by round ``period`` (empty: always so;
    None: never so)."""
    first = tenure_since(ctx.scenario, person, period, years)
    if first is None:
        return None
    return [ctx.stay(person, i) for i in range(first, period)]


def due(ctx: ModelContext, person: str, period: int) -> Expr:
    """A 0/1 expression that is 1 only when mandatory rotation (rules 1, 5, 6) sends
    ``person`` away in ``period`` and they do leave: for each limit group, a Boolean
    bounded by the group's indicator, by each stay the limit needs and by ``1 - stay``
    in ``period``. Goals that exempt mandatory moves subtract it, so the solver raises it
    to exactly that indicator; it is 0 in round 1 (decided by the duties) and when the
    rule is off or dates decide the round."""
    scenario = ctx.scenario
    if period == 1 or not scenario.rules.mandatory_rotation.enabled:
        return 0
    if not free_in(ctx, person, period):
        return 0
    key = ("due", person, period)
    if key in ctx.cache:
        return ctx.cache[key]
    model = ctx.model
    parts: list[Expr] = []
    leaves = 1 - ctx.stay(person, period)
    for stays, held in due_windows(ctx, person, period):
        e = model.new_bool_var(f"due[{person},{period},{len(parts)}]")
        for v in [*stays, held, leaves]:
            model.add(e <= v)
        parts.append(e)
    out: Expr = sum(parts) if parts else 0
    ctx.cache[key] = out
    return out
