"""Rules that forbid (person, unit, role) placements — education, full term, promotion
eligibility, 15 years at a level, regional and business avoidance. Each spec's
``breach`` names the forbidden placements; this one encoder removes or prices them."""

from __future__ import annotations

from rotation.models.variables import Expr, ModelContext, Penalty, narrows
from rotation.rules import PairRule

ROLES = ("head", "deputy", "member")


def encode_pair_rule(ctx: ModelContext, spec: PairRule) -> list[Penalty]:
    """Forbid (hard) or count (soft) every placement the spec's ``breach`` names; for a
    dated rule, also every post taken in a later round that ``breach_in`` names on that
    round's date (:func:`_dated`)."""
    amounts = _dated(ctx, spec) if spec.dated else []
    if narrows(spec, ctx.switchable):
        # the forbidden placements have no variables
        return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []
    scenario = ctx.scenario
    for (pid, uid, t), _ in ctx.x.items():
        person, unit = scenario.person[pid], scenario.unit[uid]
        for role in ROLES:
            held = ctx.role(pid, uid, t, role)
            if isinstance(held, int) or not spec.concerns(scenario, person, role):
                continue
            if spec.breach(scenario, person, unit, role) is None:
                continue
            if spec.hard:
                ctx.post(ctx.model.add(held == 0), spec.name, pid, uid, role, t)
            else:
                amounts.append(held)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def _dated(ctx: ModelContext, spec: PairRule) -> list[Expr]:
    """From round 2 on, a post (unit, role) held in round t but not in t - 1 is new;
    where ``breach_in`` forbids it on round t's date (and ``breach`` does not already
    forbid it everywhere), ``held[t] ≤ held[t-1]`` (hard) or a Boolean ``v ≥ held[t] -
    held[t-1]`` costs once (soft): the post may be kept, not newly taken."""
    scenario, amounts = ctx.scenario, []
    for (pid, uid, t), _ in ctx.x.items():
        if t == 1:
            continue
        person, unit = scenario.person[pid], scenario.unit[uid]
        for role in ROLES:
            held = ctx.role(pid, uid, t, role)
            if isinstance(held, int) or spec.breach_in(scenario, person, unit, role, t) is None:
                continue
            if spec.breach(scenario, person, unit, role) is not None:
                continue  # forbidden in every round already
            new = held - ctx.role(pid, uid, t - 1, role)
            if spec.hard:
                ctx.post(ctx.model.add(new <= 0), spec.name, pid, uid, role, t)
                continue
            v = ctx.model.new_bool_var(f"{spec.name}[{pid},{uid},{role},{t}]")
            ctx.model.add(v >= new)
            amounts.append(v)
    return amounts
