"""Leadership rules: posts per unit (职数), who leads, and how teams turn over."""

from __future__ import annotations

from rotation.models.variables import ModelContext, Penalty
from rotation.rules import HeadDeputyApart, LeadershipSlots, Promotions, TeamTurnover


def encode_leadership_slots(ctx: ModelContext, spec: LeadershipSlots) -> list[Penalty]:
    """Exactly ``heads`` heads and at most ``deputies`` deputies per unit and period;
    soft: each head missing or extra and each deputy extra costs once. (That leaders keep
    their level is in the role domains, :func:`rotation.facts.base_roles`.)"""
    model, penalties = ctx.model, []
    for unit in ctx.scenario.units:
        for t in ctx.scenario.periods:
            heads = sum(expr for _, expr in ctx.holders(unit.id, t, "head"))
            deputies = sum(expr for _, expr in ctx.holders(unit.id, t, "deputy"))
            if spec.hard:
                ctx.post(model.add(heads == unit.heads), spec.name, unit.id, t, "head")
                ctx.post(model.add(deputies <= unit.deputies), spec.name, unit.id, t, "deputy")
                continue
            missing = model.new_int_var(0, unit.heads, f"no_head[{unit.id},{t}]")
            extra = model.new_int_var(0, len(ctx.scenario.people), f"heads+[{unit.id},{t}]")
            over = model.new_int_var(0, len(ctx.scenario.people), f"deputies+[{unit.id},{t}]")
            model.add(heads + missing - extra == unit.heads)
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
    """Rule 10: the head and a deputy of one unit are not both moved in one round."""
    return []  # STUB: being written (issue 3)


def encode_team_turnover(ctx: ModelContext, spec: TeamTurnover) -> list[Penalty]:
    """Rule 10: at most ⌊share × n⌋ of a team leave in one round."""
    return []  # STUB: being written (issue 3)
