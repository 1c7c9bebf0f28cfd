"""The CP-SAT formulation: variables, one encoder module per rule family, the objective."""

from rotation.models.build import BuiltModel, build_model

__all__ = ["BuiltModel", "build_model"]
