"""Kin avoidance (rules 14–16): relatives apart, not supervising one another, and not one
leading an internal office while the other works in one; and when relatives stand in
each other's way today, the lower-ranked one moves (rule 18)."""

from __future__ import annotations

from collections import defaultdict

from rotation.facts import LEAD_ROLES
from rotation.models.variables import Expr, ModelContext, Penalty
from rotation.rules import KinAvoidance, KinLowerMoves


def encode_kin_avoidance(ctx: ModelContext, spec: KinAvoidance) -> list[Penalty]:
    """For each related pair and period: never in one unit; never one in an area office
    and the other in a unit it supervises; never one head or deputy of an internal
    office (kind "office") while the other works in any internal office. Soft: each
    breach costs once (per unit, per area office and direction, and once per pair and
    period for the organ-leader part, whichever way round)."""
    model, scenario = ctx.model, ctx.scenario
    supervised: dict[str, list[str]] = defaultdict(list)
    for u in scenario.units:
        if u.area:
            supervised[u.area].append(u.id)
    # one 机关 per county: its internal offices (a single district has one county, "")
    organs: dict[str, list[str]] = defaultdict(list)
    for u in scenario.units:
        if u.kind == "office":
            organs[u.county].append(u.id)
    amounts = []

    def forbid(terms: list, rule_key: tuple[object, ...]) -> None:
        if len(terms) < 2:
            return
        if spec.hard:
            ctx.post(model.add(sum(terms) <= 1), spec.name, *rule_key)
            return
        breach = model.new_bool_var(f"kin{rule_key}")
        model.add(sum(terms) <= 1 + breach)
        amounts.append(breach)

    for rel in scenario.relations:
        for t in scenario.periods:
            key = (rel.a, rel.b, t)
            if spec.same_unit:
                theirs = dict(ctx.by_person.get((rel.b, t), []))
                for uid, a in ctx.by_person.get((rel.a, t), []):
                    if (b := theirs.get(uid)) is not None:
                        forbid([a, b], (*key, uid))
            if spec.supervision:
                # one x for the area office plus the other's x over the units it supervises:
                # at most one of them, since the other is in at most one of those units
                for area, units in supervised.items():
                    for boss, other in ((rel.a, rel.b), (rel.b, rel.a)):
                        head = ctx.var(boss, area, t)
                        if head is None:
                            continue
                        below = [v for u in units if (v := ctx.var(other, u, t)) is not None]
                        if below:
                            forbid([head, *below], (*key, area, boss))
            if spec.organ_leader:
                for offices in organs.values():
                    _organ_leader(ctx, spec, offices, key, amounts)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def _organ_leader(
    ctx: ModelContext,
    spec: KinAvoidance,
    offices: list[str],
    key: tuple[str, str, int],
    amounts: list[Expr],
) -> None:
    """Rule 15's 机关 part for one pair and period: ``leads(boss) + in_office(other) ≤ 1``
    each way round, where ``leads`` sums the head and deputy roles over the internal
    offices and ``in_office`` the other's ``x`` over them (each is 0 or 1, since a
    person is in one unit). Soft: one Boolean for both ways, so a pair breaching both
    ways (both lead offices) still costs once."""
    a, b, t = key
    sides = []
    for boss, other in ((a, b), (b, a)):
        lead = [
            e
            for u in offices
            for r in LEAD_ROLES
            if not isinstance(e := ctx.role(boss, u, t, r), int)
        ]
        inside = [v for u in offices if (v := ctx.var(other, u, t)) is not None]
        if lead and inside:
            sides.append((boss, sum(lead) + sum(inside)))
    if not sides:
        return
    if spec.hard:
        for boss, expr in sides:
            ctx.post(ctx.model.add(expr <= 1), spec.name, *key, "organ", boss)
        return
    breach = ctx.model.new_bool_var(f"kin_organ{key}")
    for _, expr in sides:
        ctx.model.add(expr <= 1 + breach)
    amounts.append(breach)


def encode_kin_lower_moves(ctx: ModelContext, spec: KinLowerMoves) -> list[Penalty]:
    """Rule 18: where relatives stand in each other's way today, the lower-ranked moves.

    For each pair of :meth:`KinLowerMoves.pairs` (higher, lower) the cost is
    ``(1 - stay_high) × stay_low``: the higher-ranked one moves while the lower-ranked
    one stays. Linearised with one Boolean ``c ≥ stay_low - stay_high``; since ``c`` is
    minimised it is exactly that product (the other three cases give a bound ≤ 0). Where
    the higher-ranked one cannot stay the product is ``stay_low`` itself, and where the
    lower-ranked one cannot stay it is 0. Hard: ``stay_low ≤ stay_high``.
    """
    amounts: list[Expr] = []
    for high, low in spec.pairs(ctx.scenario):
        stay_high, stay_low = ctx.stay(high, 1), ctx.stay(low, 1)
        if spec.hard:
            ctx.post(ctx.model.add(stay_low <= stay_high), spec.name, high, low)
            continue
        if isinstance(stay_low, int):
            continue  # the lower-ranked one cannot stay: never a cost
        if isinstance(stay_high, int):
            amounts.append(stay_low)
            continue
        cost = ctx.model.new_bool_var(f"kin_lower[{high},{low}]")
        ctx.model.add(cost >= stay_low - stay_high)
        amounts.append(cost)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []
