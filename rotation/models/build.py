"""Assemble the CP-SAT model of a scenario from the rule encoders."""

from __future__ import annotations

from dataclasses import dataclass

from rotation.errors import ScenarioError
from rotation.models.objective import set_weighted_objective
from rotation.models.rules import ENCODERS
from rotation.models.variables import ModelContext, Penalty, build_variables
from rotation.scenario import Scenario


@dataclass
class BuiltModel:
    """A model ready to solve: the context, each rule's penalties, the objective scale."""

    ctx: ModelContext
    penalties: list[Penalty]
    scale: int


def build_model(scenario: Scenario, switchable: bool = False) -> BuiltModel:
    """Post every enabled rule of ``scenario`` and set the weighted objective."""
    if scenario.horizon != 1:
        raise ScenarioError(
            f"horizon {scenario.horizon}: multi-year plans are not available yet; use horizon = 1",
            column="horizon",
        )
    ctx = build_variables(scenario, switchable)
    penalties: list[Penalty] = []
    for spec in scenario.rules.active():
        penalties.extend(ENCODERS[spec.name](ctx, spec))
    scale = set_weighted_objective(ctx.model, penalties)
    return BuiltModel(ctx, penalties, scale)
