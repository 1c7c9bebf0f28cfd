"""Team composition: women, age gradient, rank quotas, young cadres at the grassroots."""

from __future__ import annotations

from ortools.sat.python.cp_model import LinearExpr

from rotation.dates import period_date
from rotation.models.variables import Expr, ModelContext, Penalty
from rotation.rules import AgeGradient, Grassroots, RankQuota, WomenInTeam


def _penalty(name: str, amounts: list[Expr], weight: float | None) -> list[Penalty]:
    """The rule's one penalty term (none when nothing can cost)."""
    return [Penalty(name, sum(amounts), weight or 0)] if amounts else []


def encode_women_in_team(ctx: ModelContext, spec: WomenInTeam) -> list[Penalty]:
    """Rule 36: at least ``min_women`` women in each team of ``kinds``; soft: each woman
    missing costs once (``women + short ≥ min_women``)."""
    model, person, amounts = ctx.model, ctx.scenario.person, []
    if spec.min_women <= 0:
        return []
    for u in ctx.scenario.units:
        if u.kind not in spec.kinds:
            continue
        for t in ctx.scenario.periods:
            women = sum(
                var for pid, var in ctx.by_unit.get((u.id, t), []) if person[pid].gender == "F"
            )
            if spec.hard:
                ctx.post(model.add(women >= spec.min_women), spec.name, u.id, t)
                continue
            short = model.new_int_var(0, spec.min_women, f"women_short[{u.id},{t}]")
            model.add(women + short >= spec.min_women)
            amounts.append(short)
    return _penalty(spec.name, amounts, spec.weight)


def encode_age_gradient(ctx: ModelContext, spec: AgeGradient) -> list[Penalty]:
    """Rule 37: young and old shares per area group.

    With the group's size ``n`` a sum of Booleans and the shares as fractions a/b and
    c/d, ``b·(young + short) ≥ a·n`` makes the least integer ``short`` equal
    ``max(0, ⌈a·n/b⌉ − young)``, and ``d·(old − over) ≤ c·n`` makes the least ``over``
    equal ``max(0, old − ⌊c·n/d⌋)``: exactly the checker's amounts.
    """
    model, scenario, amounts = ctx.model, ctx.scenario, []
    young_share, old_share = spec.shares()
    groups = spec.groups(scenario)
    for t in scenario.periods:
        on = period_date(scenario.plan_date, t)
        bracket = {p.id: spec.bracket(p, on) for p in scenario.people}
        for area, group in groups.items():
            everyone = [(pid, var) for uid in group for pid, var in ctx.by_unit.get((uid, t), [])]
            if not everyone:
                continue
            size = LinearExpr.sum([ctx.size(uid, t) for uid in group])
            young = [var for pid, var in everyone if bracket[pid] == "young"]
            old = [var for pid, var in everyone if bracket[pid] == "old"]
            a, b = young_share.numerator, young_share.denominator
            c, d = old_share.numerator, old_share.denominator
            if spec.hard:
                if a:
                    ctx.post(model.add(b * sum(young) >= a * size), spec.name, area, t, "young")
                if old:
                    ctx.post(model.add(d * sum(old) <= c * size), spec.name, area, t, "old")
                continue
            if a:
                most = spec.band(len(everyone))[0]
                short = model.new_int_var(0, most, f"young_short[{area},{t}]")
                model.add(b * (sum(young) + short) >= a * size)
                amounts.append(short)
            if old:
                over = model.new_int_var(0, len(old), f"old_over[{area},{t}]")
                model.add(d * (sum(old) - over) <= c * size)
                amounts.append(over)
    return _penalty(spec.name, amounts, spec.weight)


def encode_rank_quota(ctx: ModelContext, spec: RankQuota) -> list[Penalty]:
    """Rule 29: the people at a quota's ranks in a county's units of ``scope`` together
    are at most its cap (:meth:`RankQuota.limits`); soft: each one over costs once."""
    model, scenario, amounts = ctx.model, ctx.scenario, []
    for limit in spec.limits(scenario):
        for t in scenario.periods:
            holders = [
                var
                for uid in limit.units
                for pid, var in ctx.by_unit.get((uid, t), [])
                if scenario.person[pid].rank in limit.ranks
            ]
            if len(holders) <= limit.cap:
                continue  # cannot be exceeded
            key = (limit.quota, limit.county, t)
            if spec.hard:
                ctx.post(model.add(sum(holders) <= limit.cap), spec.name, *key)
                continue
            over = model.new_int_var(0, len(holders) - limit.cap, f"rank_over[{key}]")
            model.add(sum(holders) - over <= limit.cap)
            amounts.append(over)
    return _penalty(spec.name, amounts, spec.weight)


def encode_grassroots(ctx: ModelContext, spec: Grassroots) -> list[Penalty]:
    """Rule 12: young cadres without grassroots experience who move go to a unit of
    ``kinds`` (with ``stayers``, those who stay outside one too). Round 1 soft: the
    placements that cost are summed (each person is in one unit, so at most one
    counts); hard: they are forbidden.

    From round 2 on, for those still young then (:meth:`Grassroots.binds_in`), the cost
    of round t is "a costly placement in round t, and no round of the plan before it in a
    unit of ``kinds``" (the experience gained inside the plan counts): ``c ≥ costly[t] -
    Σ_{k<t} grassroots[k]``, one Boolean per person and round, exact when minimised; a
    costly placement is one in a unit outside ``kinds`` moved into (``arrived``), or with
    ``stayers`` any. Hard: ``costly[t] ≤ Σ grassroots[k]``.
    """
    scenario, amounts = ctx.scenario, []
    for p in scenario.people:
        if not spec.binds(scenario, p):
            continue
        elsewhere = [
            var
            for uid, var in ctx.by_person.get((p.id, 1), [])
            if spec.costs(p, scenario.unit[uid])
        ]
        if elsewhere:
            if spec.hard:
                ctx.post(ctx.model.add(sum(elsewhere) == 0), spec.name, p.id)
            else:
                amounts.extend(elsewhere)
        for t in range(2, scenario.horizon + 1):
            if not spec.binds_in(scenario, p, t):
                continue
            costly = [
                var if spec.stayers else ctx.arrived(p.id, uid, t)
                for uid, var in ctx.by_person.get((p.id, t), [])
                if scenario.unit[uid].kind not in spec.kinds
            ]
            costly = [e for e in costly if not isinstance(e, int)]
            if not costly:
                continue
            before = [
                var
                for k in range(1, t)
                for uid, var in ctx.by_person.get((p.id, k), [])
                if scenario.unit[uid].kind in spec.kinds
            ]
            gap = sum(costly) - sum(before)
            if spec.hard:
                ctx.post(ctx.model.add(gap <= 0), spec.name, p.id, t)
                continue
            cost = ctx.model.new_bool_var(f"grassroots[{p.id},{t}]")
            ctx.model.add(cost >= gap)
            amounts.append(cost)
    return _penalty(spec.name, amounts, spec.weight)
