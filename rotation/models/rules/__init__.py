"""One encoder per rule, by the rule's name; each posts its constraints and returns its
penalty terms (empty when the rule is hard)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rotation.models.rules.goals import encode_fewest_moves, encode_preferences
from rotation.models.rules.kinship import encode_kin_avoidance
from rotation.models.rules.staffing import encode_assignment, encode_headcount, encode_skill_cover
from rotation.models.rules.tenure import (
    encode_frozen,
    encode_mandatory_rotation,
    encode_minimum_stay,
    encode_pins,
)
from rotation.models.variables import ModelContext, Penalty

Encoder = Callable[[ModelContext, Any], list[Penalty]]

ENCODERS: dict[str, Encoder] = {
    "assignment": encode_assignment,
    "headcount": encode_headcount,
    "skill_cover": encode_skill_cover,
    "mandatory_rotation": encode_mandatory_rotation,
    "minimum_stay": encode_minimum_stay,
    "frozen": encode_frozen,
    "kin_avoidance": encode_kin_avoidance,
    "pins": encode_pins,
    "fewest_moves": encode_fewest_moves,
    "preferences": encode_preferences,
}
"""Encoders by rule name; a test checks every spec in :data:`rotation.rules.SPECS` has one."""
