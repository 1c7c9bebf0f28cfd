"""Kin avoidance (rules 14–16): relatives apart, and not supervising one another."""

from __future__ import annotations

from collections import defaultdict

from rotation.models.variables import ModelContext, Penalty
from rotation.rules import KinAvoidance, KinLowerMoves


def encode_kin_avoidance(ctx: ModelContext, spec: KinAvoidance) -> list[Penalty]:
    """For each related pair and period: never in one unit; never one in an area office
    and the other in a unit it supervises. Soft: each breach costs once."""
    model, scenario = ctx.model, ctx.scenario
    supervised: dict[str, list[str]] = defaultdict(list)
    for u in scenario.units:
        if u.area:
            supervised[u.area].append(u.id)
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
                for u in scenario.units:
                    a, b = ctx.var(rel.a, u.id, t), ctx.var(rel.b, u.id, t)
                    if a is not None and b is not None:
                        forbid([a, b], (*key, u.id))
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
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_kin_lower_moves(ctx: ModelContext, spec: KinLowerMoves) -> list[Penalty]:
    """Rule 18: where relatives stand in each other's way today, the lower-ranked moves."""
    return []  # STUB: being written (issue 3)
