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
    ``interrupted``: Ctrl-C stopped the search (:mod:`rotation.interrupt`); the plan, if
    any, is the best found until then.
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
    interrupted: bool = False

    def is_feasible(self) -> bool:
        """Whether a plan was found."""
        return self.plan is not None

    def is_optimal(self) -> bool:
        """Whether the plan is proven optimal."""
        return self.status == "OPTIMAL"

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound (0 when proven optimal). With tiers and
        no bound on the whole, the gap of the first tier not proven optimal."""
        if self.objective is not None and self.bound is not None:
            return _relative(self.objective, self.bound)
        open_tier = next((t for t in self.tiers if t.status != "OPTIMAL"), None)
        return None if open_tier is None else _relative(open_tier.value, open_tier.bound)

    def summary(self, lang: str = "en") -> str:
        """A few lines: status, objective, bound, moves by reason, time."""
        from rotation.report.summary import result_summary

        return result_summary(self, lang)


def _relative(value: float, bound: float) -> float:
    """|value − bound| / |value| (0 when they meet)."""
    if abs(value - bound) < 1e-9:
        return 0.0
    return abs(value - bound) / max(abs(value), 1e-9)
