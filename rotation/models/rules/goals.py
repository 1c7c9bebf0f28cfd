"""The goals of this round: few moves beyond the mandatory ones, and wishes met."""

from __future__ import annotations

from rotation.models.variables import ModelContext, Penalty
from rotation.rules import Distance, FewestMoves, Preferences, RotationVolume, Workload


def encode_fewest_moves(ctx: ModelContext, spec: FewestMoves) -> list[Penalty]:
    """Each move by someone not bound to move costs once (written on the stay literal)."""
    amounts = [1 - ctx.stay(pid, 1) for pid, ob in ctx.duties.items() if spec.counts(ob.duty)]
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_preferences(ctx: ModelContext, spec: Preferences) -> list[Penalty]:
    """A mover's cost is the rank of the unit they get among their wishes."""
    terms = []
    for p in ctx.scenario.people:
        if not p.preferences:
            continue
        for unit, var in ctx.by_person.get((p.id, 1), []):
            cost = spec.cost(p.preferences, unit)
            if unit != p.unit and cost:
                terms.append(cost * var)
    return [Penalty(spec.name, sum(terms), spec.weight or 0)] if terms else []


def encode_workload(ctx: ModelContext, spec: Workload) -> list[Penalty]:
    """人少事多: minimise the largest workload per person over the units (min-max)."""
    return []  # STUB: being written (issue 3)


def encode_distance(ctx: ModelContext, spec: Distance) -> list[Penalty]:
    """Each mover costs the road km from home to the new unit."""
    return []  # STUB: being written (issue 3)


def encode_rotation_volume(ctx: ModelContext, spec: RotationVolume) -> list[Penalty]:
    """Rule 11: at least ``share`` of the people in ``roles`` rotate."""
    return []  # STUB: being written (issue 3)
