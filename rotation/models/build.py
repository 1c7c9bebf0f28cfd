"""Assemble the CP-SAT model of a scenario from the rule encoders."""

from __future__ import annotations

from dataclasses import dataclass

from rotation.models.objective import Stage, stages
from rotation.models.rules import ENCODERS
from rotation.models.variables import Decided, ModelContext, Penalty, build_variables
from rotation.scenario import Scenario


@dataclass
class BuiltModel:
    """A model ready to solve: the context, each rule's penalties, the objective stages."""

    ctx: ModelContext
    penalties: list[Penalty]
    stages: list[Stage]


def build_model(
    scenario: Scenario, switchable: bool = False, decided: Decided | None = None
) -> BuiltModel:
    """Post every enabled rule of ``scenario``; the solver sets each stage's objective.
    With ``decided``, the placements of its rounds are the only ones built (their roles
    are for the caller to fix: :func:`rotation.solvers.cpsat.fix_rounds`)."""
    ctx = build_variables(scenario, switchable, decided)
    penalties: list[Penalty] = []
    for spec in scenario.rules.active():
        penalties.extend(ENCODERS[spec.name](ctx, spec))
    return BuiltModel(ctx, penalties, stages(scenario, penalties))
