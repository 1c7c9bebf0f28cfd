"""The objective: the only place that turns rules' penalty terms into what CP-SAT minimises.

Soft goals are ranked in tiers (``[objective]`` in scenario.toml). CP-SAT has no
lexicographic objective (google/or-tools#2944), so the solver minimises one
:class:`Stage` at a time, bounds it at the value reached and moves on to the next; in
``weighted`` mode there is a single stage.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from rotation.models.variables import Expr, Penalty
from rotation.scenario import Scenario


def integer_scale(weights: Sequence[float]) -> int:
    """The smallest power of ten that makes every weight an integer (CP-SAT needs them)."""
    for exponent in range(7):
        scale = 10**exponent
        if all(Fraction(w).limit_denominator(10**6) * scale % 1 == 0 for w in weights):
            return scale
    return 10**6


@dataclass(frozen=True)
class Stage:
    """One tier of the objective: its rules' penalties, weighted, in integers × ``scale``
    (the weights made integers, then divided by their greatest common divisor: a tier's
    range is smaller, and tiers weighted together in one sum fit in fewer digits — the
    changes to a published plan, weight 200 alone in their tier, count 1 each)."""

    rules: tuple[str, ...]
    penalties: tuple[Penalty, ...]
    scale: Fraction

    def coefficient(self, penalty: Penalty) -> int:
        """The integer weight of a penalty in this stage."""
        return round(penalty.weight * self.scale)

    def expression(self) -> Expr:
        """Σ integer weight × amount: what CP-SAT minimises in this stage."""
        return sum(self.coefficient(p) * p.amount for p in self.penalties if p.weight)


def stages(scenario: Scenario, penalties: Sequence[Penalty]) -> list[Stage]:
    """The objective's stages in priority order; tiers with nothing to minimise (no rule
    on, or no penalty term in this scenario) are left out."""
    out = []
    for tier in scenario.objective.tiers_for(scenario.rules):
        names = tuple(spec.name for spec in tier)
        mine = tuple(p for p in penalties if p.rule in names)
        if mine:
            scale = integer_scale([p.weight for p in mine])
            common = math.gcd(*(round(p.weight * scale) for p in mine))
            out.append(Stage(names, mine, Fraction(scale, common or 1)))
    return out
