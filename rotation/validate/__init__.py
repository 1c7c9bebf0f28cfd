"""The solver-free checker: one check per rule. This module is the specification.

It never imports the model code. Every check returns :class:`Violation` records with
the amount by which the rule is broken; for a hard rule any record is a violation of
the plan, for a soft rule the amounts times the weight are its penalty. So
:func:`validate` says whether a plan is allowed, and :func:`penalties` and
:func:`objective` recompute what the solver minimised from the plan alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import SKILL_ZH, Check, Violation, tenure_text
from rotation.validate.composition import (
    check_age_gradient,
    check_grassroots,
    check_rank_quota,
    check_women_in_team,
)
from rotation.validate.goals import (
    check_distance,
    check_fewest_moves,
    check_preferences,
    check_rotation_volume,
    check_workload,
)
from rotation.validate.kinship import check_kin_avoidance, check_kin_lower_moves
from rotation.validate.leadership import (
    check_head_deputy_apart,
    check_leadership_slots,
    check_promotions,
    check_team_turnover,
)
from rotation.validate.pairs import check_pair_rule
from rotation.validate.published import check_keep_published
from rotation.validate.retirement import check_retirement
from rotation.validate.staffing import (
    check_assignment,
    check_headcount,
    check_skill_cover,
    check_vacancies,
)
from rotation.validate.tenure import (
    check_cooling_off,
    check_frozen,
    check_long_tenure,
    check_mandatory_rotation,
    check_minimum_service,
    check_minimum_stay,
    check_near_retirement,
    check_pins,
    check_same_level,
    check_term_stability,
)
from rotation.validate.training import check_training

CHECKERS: dict[str, Check] = {
    "retirement": check_retirement,
    "assignment": check_assignment,
    "headcount": check_headcount,
    "skill_cover": check_skill_cover,
    "vacancies": check_vacancies,
    "training": check_training,
    "education": check_pair_rule,
    "full_term": check_pair_rule,
    "mandatory_rotation": check_mandatory_rotation,
    "minimum_stay": check_minimum_stay,
    "minimum_service": check_minimum_service,
    "frozen": check_frozen,
    "near_retirement": check_near_retirement,
    "pins": check_pins,
    "same_level": check_same_level,
    "term_stability": check_term_stability,
    "long_tenure": check_long_tenure,
    "cooling_off": check_cooling_off,
    "leadership_slots": check_leadership_slots,
    "promotion_eligibility": check_pair_rule,
    "level_limit": check_pair_rule,
    "head_deputy_apart": check_head_deputy_apart,
    "team_turnover": check_team_turnover,
    "regional_avoidance": check_pair_rule,
    "business_interest": check_pair_rule,
    "rotation_scope": check_pair_rule,
    "kin_avoidance": check_kin_avoidance,
    "kin_lower_moves": check_kin_lower_moves,
    "women_in_team": check_women_in_team,
    "age_gradient": check_age_gradient,
    "rank_quota": check_rank_quota,
    "grassroots": check_grassroots,
    "rotation_volume": check_rotation_volume,
    "keep_published": check_keep_published,
    "fewest_moves": check_fewest_moves,
    "promotions": check_promotions,
    "workload": check_workload,
    "preferences": check_preferences,
    "distance": check_distance,
}
"""Checkers by rule name; a test checks every spec in :data:`rotation.rules.SPECS` has one."""


def measure(scenario: Scenario, plan: Plan) -> dict[str, list[Violation]]:
    """Every enabled rule's records, hard and soft."""
    return {
        spec.name: CHECKERS[spec.name](scenario, plan, spec) for spec in scenario.rules.active()
    }


def validate(
    scenario: Scenario, plan: Plan, found: Mapping[str, list[Violation]] | None = None
) -> list[Violation]:
    """The violations of the hard rules: an empty list means the plan is allowed.
    ``found`` is :func:`measure`'s answer for the plan, when the caller has it."""
    found = measure(scenario, plan) if found is None else found
    return [v for spec in scenario.rules.active() if spec.hard for v in found[spec.name]]


def penalties(
    scenario: Scenario, plan: Plan, found: Mapping[str, list[Violation]] | None = None
) -> dict[str, float]:
    """The amount of each soft rule (unweighted), recomputed from the plan alone (or from
    ``found``, :func:`measure`'s answer for it)."""
    found = measure(scenario, plan) if found is None else found
    return {
        spec.name: float(sum(v.amount for v in found[spec.name]))
        for spec in scenario.rules.active()
        if not spec.hard
    }


def objective(scenario: Scenario, plan: Plan) -> float:
    """Σ weight × amount over the soft rules: what the solver minimised."""
    weights = {spec.name: spec.weight or 0.0 for spec in scenario.rules.active()}
    return sum(weights[name] * amount for name, amount in penalties(scenario, plan).items())


def tier_values(
    scenario: Scenario, plan: Plan, found: Mapping[str, list[Violation]] | None = None
) -> list[float]:
    """Σ weight × amount per tier of the objective (``scenario.objective.tiers_for``, one
    value per tier, in priority order), recomputed from the plan alone: what each stage of
    the solver minimised. The solver leaves out tiers without penalty terms; their values
    here are 0. ``found`` is :func:`measure`'s answer for the plan, when the caller has
    it."""
    amounts = penalties(scenario, plan, found)
    return [
        sum((spec.weight or 0.0) * amounts.get(spec.name, 0.0) for spec in tier)
        for tier in scenario.objective.tiers_for(scenario.rules)
    ]


__all__ = [
    "CHECKERS",
    "SKILL_ZH",
    "Violation",
    "measure",
    "objective",
    "penalties",
    "tenure_text",
    "tier_values",
    "validate",
]
