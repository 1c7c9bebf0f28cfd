"""The objective: the only place that turns rules' penalty terms into what CP-SAT minimises."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from ortools.sat.python import cp_model

from rotation.models.variables import Penalty


def integer_scale(weights: Sequence[float]) -> int:
    """The smallest power of ten that makes every weight an integer (CP-SAT needs them)."""
    for exponent in range(7):
        scale = 10**exponent
        if all(Fraction(w).limit_denominator(10**6) * scale % 1 == 0 for w in weights):
            return scale
    return 10**6


def set_weighted_objective(model: cp_model.CpModel, penalties: Sequence[Penalty]) -> int:
    """Minimise Σ weight × amount; returns the scale to divide the solver's value by."""
    scale = integer_scale([p.weight for p in penalties])
    model.minimize(sum(round(p.weight * scale) * p.amount for p in penalties if p.weight))
    return scale
