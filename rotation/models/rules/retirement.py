"""Retirement (rule 40): people retired by the plan date get no variables at all (see
:func:`rotation.models.variables.build_variables`), so they hold no post and count in no
band; people near retirement are a duty in :mod:`rotation.models.rules.tenure`."""

from __future__ import annotations

from rotation.models.variables import ModelContext, Penalty
from rotation.rules import Retirement


def encode_retirement(ctx: ModelContext, spec: Retirement) -> list[Penalty]:
    """Nothing to post: the retired have no variables (hard only)."""
    return []
