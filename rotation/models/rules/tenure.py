"""Person-level rules decided by tenure and status: pins, frozen, near retirement (rule
8), minimum service (rule 30) and stay (rule 9), mandatory rotation (rules 1, 5, 6), and
the tenure goals, soft by default: long at the same level (rule 2), a full term (rule 3)
and long tenure of staff (rule 7). Which duty binds a person is
:func:`rotation.facts.obligation` (retirement, then a pin, then frozen, near retirement,
minimum service, minimum stay, then mandatory rotation); who a tenure goal binds is a
method of its spec. Everything is written on the stay literal :meth:`ModelContext.stay`.
"""

from __future__ import annotations

from rotation.dates import served_at_least
from rotation.facts import Duty, duty_in_round, latest_arrival, round_date, tenure_since
from rotation.models.horizon import due, due_windows, free_in, later_rounds, stays_for
from rotation.models.variables import Expr, ModelContext, Penalty, narrows
from rotation.rules import (
    CoolingOff,
    Frozen,
    LongTenure,
    MandatoryRotation,
    MinimumService,
    MinimumStay,
    NearRetirement,
    Pins,
    RuleSpec,
    SameLevel,
    TermStability,
)


def _forbid_or_price(
    ctx: ModelContext,
    spec: RuleSpec,
    over: list[Expr],
    key: tuple[object, ...],
    name: str,
    most: int = 1,
) -> Expr | None:
    """One person-round instance of a rule whose breaches are ``expr > 0`` for some
    ``expr`` in ``over``. Hard: each ``expr ≤ 0`` (one switchable instance each, keyed
    ``key`` + its index); soft: one variable in [0, ``most``] at least every ``expr``,
    exact when minimised, returned as the instance's amount (None: nothing to price)."""
    if spec.hard:
        for i, expr in enumerate(over):
            ctx.post(ctx.model.add(expr <= 0), spec.name, *key, i)
        return None
    if not over:
        return None
    amount = ctx.model.new_bool_var(name) if most == 1 else ctx.model.new_int_var(0, most, name)
    for expr in over:
        ctx.model.add(amount >= expr)
    return amount


def _narrowed(ctx: ModelContext, spec: RuleSpec) -> bool:
    """True when the variables' domains already enforce the rule (hard, not switchable)."""
    return narrows(spec, ctx.switchable)


def _stay_rule(ctx: ModelContext, spec: RuleSpec, duty: Duty, must_stay: bool) -> list[Penalty]:
    """People bound by ``duty`` keep (or, for mandatory rotation, leave) their unit in
    round 1; for a duty the dates decide (frozen, near retirement, minimum service) in
    every later round where :func:`rotation.facts.duty_in_round` gives it too."""
    amounts: list[Expr] = []
    rounds = [(pid, 1) for pid, ob in ctx.duties.items() if ob.duty is duty]
    if _narrowed(ctx, spec):
        rounds = []  # round 1: the domains hold it
    if duty.stays:
        rounds += [
            (p.id, t)
            for t in later_rounds(ctx)
            for p in ctx.scenario.people
            if duty_in_round(ctx.scenario, p.id, t) is duty
        ]
    for pid, t in rounds:
        stay = ctx.stay(pid, t)
        if spec.hard:
            key = (pid,) if t == 1 else (pid, t)
            ctx.post(ctx.model.add(stay == (1 if must_stay else 0)), spec.name, *key)
        else:
            amounts.append(1 - stay if must_stay else stay)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_frozen(ctx: ModelContext, spec: Frozen) -> list[Penalty]:
    """Frozen people stay; soft: each one moved costs once."""
    return _stay_rule(ctx, spec, Duty.STAY_FROZEN, must_stay=True)


def encode_near_retirement(ctx: ModelContext, spec: NearRetirement) -> list[Penalty]:
    """People within the years before retirement stay; soft: each one moved costs once."""
    return _stay_rule(ctx, spec, Duty.STAY_NEAR_RETIREMENT, must_stay=True)


def encode_minimum_service(ctx: ModelContext, spec: MinimumService) -> list[Penalty]:
    """New recruits serve their minimum years; soft: each one moved costs once."""
    return _stay_rule(ctx, spec, Duty.STAY_SERVICE, must_stay=True)


def encode_same_level(ctx: ModelContext, spec: SameLevel) -> list[Penalty]:
    """Rule 2 (soft by default): a leader long at the same level costs once for each round
    from the one in which they reach ``years`` at the level (round t0,
    :meth:`SameLevel.bound_from`) until they move: in round t ≥ t0 the amount is the
    conjunction of their stays in rounds t0 .. t (:meth:`ModelContext.run`), so in a
    one-round plan simply ``stay``. Hard, they move in round t0, or in the first round
    after it in which no duty keeps them (``Σ stay[t0 .. t] ≤ t - t0`` in each round t
    whose duty neither keeps nor pins them)."""
    scenario, amounts = ctx.scenario, []
    for p in scenario.people:
        first = spec.bound_from(scenario, p.id)
        if first is None:
            continue
        for t in range(first, scenario.horizon + 1):
            if not ctx.in_plan(p.id, t):
                break
            if not spec.hard:
                amounts.append(ctx.run(p.id, t, t - first + 1))
                continue
            duty = duty_in_round(scenario, p.id, t)
            if duty.stays or duty is Duty.PINNED:
                continue
            stays = sum(ctx.stay(p.id, i) for i in range(first, t + 1))
            key = (p.id,) if t == 1 else (p.id, t)
            ctx.post(ctx.model.add(stays <= t - first), spec.name, *key)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_term_stability(ctx: ModelContext, spec: TermStability) -> list[Penalty]:
    """Rule 3 (soft by default): each move of a leader before a full term in their unit
    costs once (round 1: Σ 1 - stay over :meth:`TermStability.binds`); hard, they stay.
    Mandatory and pinned moves are exempt.

    From round 2 on, the tenure at round t is below a term unless they stayed in rounds
    j .. t - 1 (:func:`rotation.models.horizon.stays_for`); so a move in round t costs
    when it follows a move in one of those rounds (or, with no such j, any move): one
    Boolean ``c ≥ (1 - stay[t]) - stay[i] - due`` for each such round i (``c ≥ (1 -
    stay[t]) - due`` with no j), where ``due`` (:func:`rotation.models.horizon.due`)
    exempts a move mandatory rotation makes, written only where such a move can come
    within a term (:func:`_due_after_a_term`). Minimising makes ``c`` exact. Hard: the same
    with ``c = 0``. "At most one move per term" (rule 3's count) is this rule with the
    pairs of moves less than a term apart.
    """
    scenario, model, amounts = ctx.scenario, ctx.model, []
    for pid in ctx.duties:
        if not spec.binds(scenario, pid):
            continue
        stay = ctx.stay(pid, 1)
        if spec.hard:
            ctx.post(model.add(stay == 1), spec.name, pid)
        else:
            amounts.append(1 - stay)
    for p in scenario.people:
        if p.role not in spec.roles:
            continue
        priced: dict[int, tuple[Expr | None, Expr, Expr, set[int] | None]] = {}
        for t in later_rounds(ctx):
            if not spec.binds_in(scenario, p.id, t):
                continue
            leaves = 1 - ctx.stay(p.id, t)
            stays = stays_for(ctx, p.id, t, spec.term_years)
            if stays == []:
                continue  # a full term whatever happened before: no move costs
            # a due move that comes only after a full term costs nothing anyway
            exempt = 0 if _due_after_a_term(ctx, p.id, t, stays) else due(ctx, p.id, t)
            before = [leaves - exempt] if stays is None else [leaves - v - exempt for v in stays]
            cost = _forbid_or_price(ctx, spec, before, (p.id, t), f"term[{p.id},{t}]")
            if cost is not None:
                amounts.append(cost)
            first = tenure_since(scenario, p.id, t, spec.term_years)
            priced[t] = (cost, leaves, exempt, None if first is None else set(range(first, t)))
        _term_cliques(ctx, spec, p.id, priced)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def _due_after_a_term(ctx: ModelContext, person: str, period: int, term: list[Expr] | None) -> bool:
    """Whether mandatory rotation can send ``person`` away in ``period`` only once they
    have stayed through each round of ``term`` (the stays that make a full term by then,
    :func:`rotation.models.horizon.stays_for`; None: no full term however they stay): each
    window of :func:`rotation.models.horizon.due_windows` holds them all, as when every
    tenure limit is at least the term (5 and 10 years against a term of 5 by default).

    Then rule 3's exemption of a due move is empty for whole plans (a move after a full
    term costs nothing anyway) and only loosens the LP: on ``district-5y`` the LP's leaders,
    spread over posts of different limits, were partly due in several rounds and made
    70.9 moves in five years to the plan's 61 without paying for any second move."""
    windows = due_windows(ctx, person, period)
    if term is None:
        return not windows
    needed = {_key(v) for v in term}
    return all(needed <= {_key(v) for v in stays} for stays, _ in windows)


def _key(expr: Expr) -> object:
    """What tells two stay literals apart: a variable's index, else the constant."""
    index = getattr(expr, "index", None)
    return ("var", index) if index is not None else ("const", expr)


def _term_cliques(
    ctx: ModelContext,
    spec: TermStability,
    person: str,
    priced: dict[int, tuple[Expr | None, Expr, Expr, set[int] | None]],
) -> None:
    """Clique cuts of rule 3 over one leader's rounds (valid, added for the LP only).

    ``priced[t]`` is (the cost of round t, or None when hard; the move ``1 - stay[t]``;
    the exempt ``due`` of round t; the earlier rounds a move in which makes round t's move
    cost, None for all of them). The pairwise definition ``c[t] ≥ m[t] - stay[i] - due[t]``
    is exact for integers but loose for fractions: a leader "half moved" in each of five
    rounds pays nothing, each pair summing to one. For rounds a < t1 < … < tk pairwise
    within a term (each earlier one in the window of each later one), every move after the
    first not exempt costs, so ``Σ c[ti] ≥ m[a] + Σ m[ti] - 1 - Σ due[ti]`` (hard: ``Σ m ≤
    1 + Σ due``). On ``district-5y`` this lifted CP-SAT's tier-1 bound after 60 s from
    846 to 908 (best plan 1006). Left out when instances are switchable (explanations): a
    cut over several pairs would hold even with one pair's switch off."""
    if ctx.switchable:
        return
    rounds = sorted(priced)
    for a in [1, *rounds]:
        if a == 1 and not ctx.in_plan(person, 1):
            continue
        chain = [a]
        for t in rounds:
            window = priced[t][3]
            if t > a and (window is None or all(i in window for i in chain)):
                chain.append(t)
        later = chain[1:]
        if len(later) < 2:
            continue  # one pair: the definition itself
        moves = 1 - ctx.stay(person, a) + sum(priced[t][1] for t in later)
        exempt = sum(priced[t][2] for t in later)
        if spec.hard:
            ctx.model.add(moves <= 1 + exempt)
        else:
            costs = [c for c in (priced[t][0] for t in later) if c is not None]
            ctx.model.add(sum(costs) >= moves - 1 - exempt)


def encode_long_tenure(ctx: ModelContext, spec: LongTenure) -> list[Penalty]:
    """Rule 7 (soft by default): staff long in a unit who stay cost their tier's value in
    each round (round 1: Σ cost × stay); hard, everyone with a cost leaves. People whose
    duty decides are exempt (see :meth:`LongTenure.stay_cost`).

    From round 2 on the cost of staying is a step function of the tenure, written as its
    increments: Σ over the tiers of (increment) × "stayed long enough for the tier and
    stays", each a run of stay literals (:meth:`ModelContext.run`), exact both ways."""
    scenario, amounts = ctx.scenario, []
    for pid in ctx.duties:
        cost = spec.stay_cost(scenario, pid)
        if cost <= 0:
            continue
        stay = ctx.stay(pid, 1)
        if spec.hard:
            ctx.post(ctx.model.add(stay == 0), spec.name, pid)
        else:
            amounts.append(cost * stay)
    for p in scenario.people:
        if p.role not in spec.roles:
            continue
        for t in later_rounds(ctx):
            if duty_in_round(scenario, p.id, t) is not Duty.FREE:
                continue
            for years, increment in spec.steps():
                stays = stays_for(ctx, p.id, t, years)
                if stays is None:
                    break  # the longer tiers are out of reach too
                length = len(stays) + 1
                if spec.hard:
                    run = sum(ctx.stay(p.id, i) for i in range(t - length + 1, t + 1))
                    ctx.post(ctx.model.add(run <= length - 1), spec.name, p.id, t)
                    break  # the first tier reached is enough: they leave
                amounts.append(increment * ctx.run(p.id, t, length))
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_minimum_stay(ctx: ModelContext, spec: MinimumStay) -> list[Penalty]:
    """People under the minimum stay stay; soft: each one moved costs once.

    Round 1 by the duties. In a later round t whose dates leave the decision to tenure,
    someone who moved in one of rounds j .. t - 1 (:func:`rotation.models.horizon.stays_for`
    for ``years``) or, with no such j, anyone, has not served the minimum and stays:
    ``stay[t] + stay[i] ≥ 1`` for each such i (``stay[t] = 1`` with no j). So nobody
    moves twice within ``years`` (rule 9; rule 3's "at most one move per term" with
    ``years`` = 5). Soft: one Boolean per person and round, ``v ≥ 1 - stay[t] - stay[i]``.
    """
    penalties = _stay_rule(ctx, spec, Duty.STAY_MINIMUM, must_stay=True)
    scenario, amounts = ctx.scenario, []
    for p in scenario.people:
        for t in later_rounds(ctx):
            if not free_in(ctx, p.id, t):
                continue
            stays = stays_for(ctx, p.id, t, spec.years)
            if stays == []:
                continue  # a year between rounds is already the minimum
            leaves = 1 - ctx.stay(p.id, t)
            before = [leaves] if stays is None else [leaves - v for v in stays]
            v = _forbid_or_price(ctx, spec, before, (p.id, t), f"min_stay[{p.id},{t}]")
            if v is not None:
                amounts.append(v)
    if amounts:
        penalties.append(Penalty(spec.name, sum(amounts), spec.weight or 0))
    return penalties


def encode_mandatory_rotation(ctx: ModelContext, spec: MandatoryRotation) -> list[Penalty]:
    """People at or past their tenure limit leave; soft: each one who stays costs once.

    Round 1 by the duties. In a later round t whose dates leave the decision to tenure,
    for each limit L of the posts the person may hold in round t - 1
    (:func:`rotation.models.horizon.due_windows`, with the minimum stay's precedence):
    with j from :func:`rotation.facts.tenure_since`, ``Σ stay[j .. t] + held_L ≤ t - j +
    1`` — they may not stay in every round since j while holding such a post (a window
    from round 1 means they never moved: only the posts of today's unit count). With
    yearly rounds this is "in any L consecutive rounds at a unit, one move": someone who
    reaches the limit in round 3 moves by round 3, and a move restarts the clock. Soft: one
    Boolean per person and round, ``v ≥ Σ stay + held_L − (t − j + 1)``.
    """
    penalties = _stay_rule(ctx, spec, Duty.MUST_MOVE, must_stay=False)
    scenario, amounts = ctx.scenario, []
    for p in scenario.people:
        for t in later_rounds(ctx):
            if not free_in(ctx, p.id, t):
                continue
            over = []
            for stays, held in due_windows(ctx, p.id, t):
                run = [*stays, ctx.stay(p.id, t)]
                over.append(sum(run) + held - len(run))
            v = _forbid_or_price(ctx, spec, over, (p.id, t), f"overdue[{p.id},{t}]")
            if v is not None:
                amounts.append(v)
    if amounts:
        penalties.append(Penalty(spec.name, sum(amounts), spec.weight or 0))
    return penalties


def encode_pins(ctx: ModelContext, spec: Pins) -> list[Penalty]:
    """Pinned people are where the pin says; soft: each pin not honoured costs once."""
    amounts = []
    for pin in ctx.scenario.pins:
        periods = ctx.scenario.periods if pin.period is None else [pin.period]
        for t in periods:
            if t == 1 and _narrowed(ctx, spec):
                continue  # the domain holds only the pinned unit
            var = ctx.var(pin.person, pin.unit, t)
            placed = 0 if var is None else var
            if spec.hard:
                ctx.post(ctx.model.add(placed == 1), spec.name, pin.person, t)
            else:
                amounts.append(1 - placed)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_cooling_off(ctx: ModelContext, spec: CoolingOff) -> list[Penalty]:
    """No return to a unit left fewer than ``years`` ago.

    For each round t and unit u the person may hold, the leaves of u that are recent on
    round t's date count: a posting of u in ``history`` that ended then
    (:meth:`CoolingOff.left_before`), and each round k of the plan in which they left u
    (``left[u, k] = x[u, k-1] - kept[u, k]``; round 0 is today's unit) with round k's
    date within ``years`` of round t's. Hard: ``x[u, t] + Σ recent leaves ≤ 1`` — being in
    u after leaving it recently is a return within the years (two recent leaves need a
    return in between), so this is exactly the rule. Soft: the amount of round t is the
    number of recent leaves of the unit the person holds then (1 for a plain return, in
    each round back there until the years have passed), one integer per person and round
    ``v ≥ x[u, t] + Σ recent leaves − 1`` for each u, exact when minimised. A pin for the
    round decides instead.
    """
    scenario, amounts = ctx.scenario, []
    for p in scenario.people:
        history = spec.left_before(scenario, p.id)
        for t in scenario.periods:
            if not ctx.in_plan(p.id, t) or duty_in_round(scenario, p.id, t) is Duty.PINNED:
                continue
            on = round_date(scenario, t)
            since = latest_arrival(scenario, t, spec.years) or 0  # leaves after it count
            over, most = [], 0
            for uid, var in ctx.by_person.get((p.id, t), []):
                left: list[Expr] = [_left(ctx, p.id, uid, k) for k in range(since + 1, t)]
                left = [e for e in left if not (isinstance(e, int) and e == 0)]
                ended = history.get(uid)
                if ended is not None and not served_at_least(ended, on, spec.years):
                    left.append(1)  # left before the plan date, too recently
                if left:
                    over.append(var + sum(left) - 1)
                    most = max(most, len(left))
            v = _forbid_or_price(ctx, spec, over, (p.id, t), f"cooling_off[{p.id},{t}]", most)
            if v is not None:
                amounts.append(v)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def _left(ctx: ModelContext, person: str, unit: str, period: int) -> Expr:
    """1 if ``person`` leaves ``unit`` in ``period`` (in it the round before, not now)."""
    if period == 1:
        return 1 - ctx.stay(person, 1) if unit == ctx.scenario.person[person].unit else 0
    before = ctx.var(person, unit, period - 1)
    if before is None:
        return 0
    return before - ctx.kept(person, unit, period)
