"""One encoder per rule, by the rule's name; each posts its constraints and returns its
penalty terms (empty when the rule is hard)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rotation.models.rules.composition import (
    encode_age_gradient,
    encode_grassroots,
    encode_rank_quota,
    encode_women_in_team,
)
from rotation.models.rules.goals import (
    encode_distance,
    encode_fewest_moves,
    encode_preferences,
    encode_rotation_volume,
    encode_workload,
)
from rotation.models.rules.kinship import encode_kin_avoidance, encode_kin_lower_moves
from rotation.models.rules.leadership import (
    encode_head_deputy_apart,
    encode_leadership_slots,
    encode_promotions,
    encode_team_turnover,
)
from rotation.models.rules.pairs import encode_pair_rule
from rotation.models.rules.published import encode_keep_published
from rotation.models.rules.retirement import encode_retirement
from rotation.models.rules.staffing import (
    encode_assignment,
    encode_headcount,
    encode_skill_cover,
    encode_vacancies,
)
from rotation.models.rules.tenure import (
    encode_cooling_off,
    encode_frozen,
    encode_long_tenure,
    encode_mandatory_rotation,
    encode_minimum_service,
    encode_minimum_stay,
    encode_near_retirement,
    encode_pins,
    encode_same_level,
    encode_term_stability,
)
from rotation.models.rules.training import encode_training
from rotation.models.variables import ModelContext, Penalty

Encoder = Callable[[ModelContext, Any], list[Penalty]]

ENCODERS: dict[str, Encoder] = {
    "retirement": encode_retirement,
    "assignment": encode_assignment,
    "headcount": encode_headcount,
    "skill_cover": encode_skill_cover,
    "vacancies": encode_vacancies,
    "training": encode_training,
    "education": encode_pair_rule,
    "full_term": encode_pair_rule,
    "mandatory_rotation": encode_mandatory_rotation,
    "minimum_stay": encode_minimum_stay,
    "minimum_service": encode_minimum_service,
    "frozen": encode_frozen,
    "near_retirement": encode_near_retirement,
    "pins": encode_pins,
    "same_level": encode_same_level,
    "term_stability": encode_term_stability,
    "long_tenure": encode_long_tenure,
    "cooling_off": encode_cooling_off,
    "leadership_slots": encode_leadership_slots,
    "promotion_eligibility": encode_pair_rule,
    "level_limit": encode_pair_rule,
    "head_deputy_apart": encode_head_deputy_apart,
    "team_turnover": encode_team_turnover,
    "regional_avoidance": encode_pair_rule,
    "business_interest": encode_pair_rule,
    "rotation_scope": encode_pair_rule,
    "kin_avoidance": encode_kin_avoidance,
    "kin_lower_moves": encode_kin_lower_moves,
    "women_in_team": encode_women_in_team,
    "age_gradient": encode_age_gradient,
    "rank_quota": encode_rank_quota,
    "grassroots": encode_grassroots,
    "rotation_volume": encode_rotation_volume,
    "keep_published": encode_keep_published,
    "fewest_moves": encode_fewest_moves,
    "promotions": encode_promotions,
    "workload": encode_workload,
    "preferences": encode_preferences,
    "distance": encode_distance,
}
"""Encoders by rule name; a test checks every spec in :data:`rotation.rules.SPECS` has one."""
