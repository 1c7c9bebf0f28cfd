"""Leadership rules: posts per unit (职数), who leads, and how teams turn over."""

from __future__ import annotations

from rotation.models.variables import ModelContext, Penalty
from rotation.rules import HeadDeputyApart, LeadershipSlots, Promotions, TeamTurnover


def encode_leadership_slots(ctx: ModelContext, spec: LeadershipSlots) -> list[Penalty]:
    """Heads between the posts filled today and the unit's head posts, deputies at most
    its deputy posts, per unit and period; soft: each head missing or extra and each deputy
    extra costs once. (That leaders keep their level is in the role domains,
    :func:`rotation.facts.base_roles`.)"""
    model, penalties = ctx.model, []
    for unit in ctx.scenario.units:
        need = spec.heads_needed(ctx.scenario, unit)
        for t in ctx.scenario.periods:
            heads = sum(expr for _, expr in ctx.holders(unit.id, t, "head"))
            deputies = sum(expr for _, expr in ctx.holders(unit.id, t, "deputy"))
            if spec.hard:
                ctx.post(model.add(heads >= need), spec.name, unit.id, t, "head")
                ctx.post(model.add(heads <= unit.heads), spec.name, unit.id, t, "heads")
                ctx.post(model.add(deputies <= unit.deputies), spec.name, unit.id, t, "deputy")
                continue
            missing = model.new_int_var(0, need, f"no_head[{unit.id},{t}]")
            extra = model.new_int_var(0, len(ctx.scenario.people), f"heads+[{unit.id},{t}]")
            over = model.new_int_var(0, len(ctx.scenario.people), f"deputies+[{unit.id},{t}]")
            model.add(heads + missing >= need)
            model.add(heads - extra <= unit.heads)
            model.add(deputies - over <= unit.deputies)
            penalties.append(Penalty(spec.name, missing + extra + over, spec.weight or 0))
    return penalties


def encode_promotions(ctx: ModelContext, spec: Promotions) -> list[Penalty]:
    """Each person who holds a role above their current one costs once."""
    above = {"member": ("deputy", "head"), "deputy": ("head",), "head": ()}
    terms = []
    for (pid, uid, t), _ in ctx.x.items():
        if t != 1:
            continue
        for role in above[ctx.scenario.person[pid].role]:
            held = ctx.role(pid, uid, t, role)
            if not isinstance(held, int):
                terms.append(held)
    return [Penalty(spec.name, sum(terms), spec.weight or 0)] if terms else []


def encode_head_deputy_apart(ctx: ModelContext, spec: HeadDeputyApart) -> list[Penalty]:
    """Rule 10: the head and a deputy of one unit are not both moved in one round.

    Hard: ``stay[head] + stay[deputy] ≥ 1`` for each pair :meth:`HeadDeputyApart.pairs`
    binds. Soft: one Boolean per deputy that is exactly "the deputy moves and one of the
    bound heads moves" (``together ≥ 1 - stay[h] - stay[d]`` for each head, ``together ≤
    1 - stay[d]``, ``together ≤ Σ (1 - stay[h])``); each costs once.
    """
    model, amounts = ctx.model, []
    for uid, deputy, heads in spec.pairs(ctx.scenario):
        stay_d = ctx.stay(deputy, 1)
        if spec.hard:
            for head in heads:
                ctx.post(model.add(ctx.stay(head, 1) + stay_d >= 1), spec.name, uid, head, deputy)
            continue
        together = model.new_bool_var(f"together[{uid},{deputy}]")
        for head in heads:
            model.add(together + ctx.stay(head, 1) + stay_d >= 1)
        model.add(together + stay_d <= 1)
        model.add(together + sum(ctx.stay(h, 1) for h in heads) <= len(heads))
        amounts.append(together)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_team_turnover(ctx: ModelContext, spec: TeamTurnover) -> list[Penalty]:
    """Rule 10: at most :meth:`TeamTurnover.allowance` of a unit's team move away.

    With n in the team and allowance a, the leavers ``n - Σ stay ≤ a``; soft: one integer
    slack per unit, ``Σ stay + slack ≥ n - a``, costing once per person over.
    """
    model, amounts = ctx.model, []
    for unit in ctx.scenario.units:
        team = spec.team(ctx.scenario, unit.id)
        must_keep = len(team) - spec.allowance(ctx.scenario, unit.id)
        if must_keep <= 0:
            continue
        stays = sum(ctx.stay(pid, 1) for pid in team)
        if spec.hard:
            ctx.post(model.add(stays >= must_keep), spec.name, unit.id)
            continue
        over = model.new_int_var(0, must_keep, f"turnover+[{unit.id}]")
        model.add(stays + over >= must_keep)
        amounts.append(over)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []
