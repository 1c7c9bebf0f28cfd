"""What a solve returns: status, objective, bound, the plan and the numbers behind it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rotation.plan import Plan


@dataclass(frozen=True)
class TierResult:
    """One tier of the objective: its rules, the plan's value (Σ weight × amount by the
    solver-free checker) and the bound the solver proved (equal when ``status`` is
    OPTIMAL)."""

    rules: tuple[str, ...]
    value: float
    bound: float
    status: str


@dataclass(frozen=True)
class Result:
    """The outcome of one solve. ``plan`` is None when no plan was found.

    ``objective`` is Σ weight × amount over every soft rule (what
    :func:`rotation.validate.objective` recomputes from the plan); ``bound`` equals it when
    every tier is proven optimal. ``tiers`` gives each tier's value and bound, in priority
    order; ``penalties`` holds each soft rule's unweighted amount in the plan.
    ``message``/``message_zh`` say in one sentence why there is no plan.
    """

    status: str
    plan: Plan | None
    objective: float | None = None
    bound: float | None = None
    penalties: Mapping[str, float] = field(default_factory=dict)
    tiers: tuple[TierResult, ...] = ()
    wall_time: float = 0.0
    build_time: float = 0.0
    solver: str = "cp-sat"
    seed: int = 0
    workers: int = 1
    time_limit: float = 0.0
    message: str = ""
    message_zh: str = ""

    def is_feasible(self) -> bool:
        """Whether a plan was found."""
        return self.plan is not None

    def is_optimal(self) -> bool:
        """Whether the plan is proven optimal."""
        return self.status == "OPTIMAL"

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound (0 when proven optimal)."""
        if self.objective is None or self.bound is None:
            return None
        if abs(self.objective - self.bound) < 1e-9:
            return 0.0
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)

    def summary(self, lang: str = "en") -> str:
        """A few lines: status, objective, bound, moves by reason, time."""
        from rotation.report.summary import result_summary

        return result_summary(self, lang)
