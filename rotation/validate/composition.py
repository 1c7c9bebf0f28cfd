"""Checkers of team composition: women, age gradient, rank quotas, grassroots."""

from __future__ import annotations

from typing import Any

from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import Violation


def check_women_in_team(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 36: teams of ``kinds`` with fewer than ``min_women`` women."""
    return []  # STUB: being written (issue 3)


def check_age_gradient(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 37: area groups outside the age bands."""
    return []  # STUB: being written (issue 3)


def check_rank_quota(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 29: rank quotas exceeded over the units of ``scope``."""
    return []  # STUB: being written (issue 3)


def check_grassroots(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 12: young cadres without grassroots experience not sent there."""
    return []  # STUB: being written (issue 3)
