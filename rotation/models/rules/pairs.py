"""Rules that forbid (person, unit, role) placements — education, full term, promotion
eligibility, 15 years at a level, regional and business avoidance. Each spec's
``breach`` names the forbidden placements; this one encoder removes or prices them."""

from __future__ import annotations

from rotation.models.variables import ModelContext, Penalty, narrows
from rotation.rules import PairRule

ROLES = ("head", "deputy", "member")


def encode_pair_rule(ctx: ModelContext, spec: PairRule) -> list[Penalty]:
    """Forbid (hard) or count (soft) every placement the spec's ``breach`` names."""
    if narrows(spec, ctx.switchable):
        return []  # the forbidden placements have no variables
    scenario, amounts = ctx.scenario, []
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
