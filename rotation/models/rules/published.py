"""Re-planning without disruption: the plan published earlier kept where the rules allow."""

from __future__ import annotations

from rotation.facts import retired_by
from rotation.models.variables import Expr, ModelContext, Penalty
from rotation.rules import KeepPublished


def encode_keep_published(ctx: ModelContext, spec: KeepPublished) -> list[Penalty]:
    """Each published decision changed costs once: ``1 - x[person, published unit,
    round]`` for every published placement of someone in the scenario, in a round of
    the plan, not retired by it. Everyone in the plan holds exactly one unit a round, so
    that is exactly "placed elsewhere"; a published unit no longer open to the person
    (no variable: a hard rule removed it) is a change the plan must make, the constant 1.
    """
    scenario = ctx.scenario
    amounts: list[Expr] = []
    for rec in scenario.published:
        if rec.person not in scenario.person or rec.period not in scenario.periods:
            continue  # left since, or a round this plan does not cover: nothing to decide
        if retired_by(scenario, rec.person, rec.period):
            continue
        var = ctx.var(rec.person, rec.unit, rec.period)
        amounts.append(1 if var is None else 1 - var)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []
