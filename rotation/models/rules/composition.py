"""Team composition: women, age gradient, rank quotas, young cadres at the grassroots."""

from __future__ import annotations

from rotation.models.variables import ModelContext, Penalty
from rotation.rules import AgeGradient, Grassroots, RankQuota, WomenInTeam


def encode_women_in_team(ctx: ModelContext, spec: WomenInTeam) -> list[Penalty]:
    """Rule 36: at least ``min_women`` women in each team of ``kinds``."""
    return []  # STUB: being written (issue 3)


def encode_age_gradient(ctx: ModelContext, spec: AgeGradient) -> list[Penalty]:
    """Rule 37: young and old shares per area group."""
    return []  # STUB: being written (issue 3)


def encode_rank_quota(ctx: ModelContext, spec: RankQuota) -> list[Penalty]:
    """Rule 29: rank quotas over the units of ``scope``."""
    return []  # STUB: being written (issue 3)


def encode_grassroots(ctx: ModelContext, spec: Grassroots) -> list[Penalty]:
    """Rule 12: young cadres without grassroots experience go to the grassroots."""
    return []  # STUB: being written (issue 3)
