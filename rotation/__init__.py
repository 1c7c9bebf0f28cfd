"""rotation: staffing and rotation plans for discipline-inspection cadres."""

from rotation.errors import ScenarioError
from rotation.plan import Move, Plan
from rotation.rules import RuleSet
from rotation.scenario import (
    Distance,
    HistoryEntry,
    Person,
    Pin,
    Relation,
    Scenario,
    SolverSettings,
    Unit,
)

__version__ = "0.1.0"

__all__ = [
    "Distance",
    "HistoryEntry",
    "Move",
    "Person",
    "Pin",
    "Plan",
    "Relation",
    "RuleSet",
    "Scenario",
    "ScenarioError",
    "SolverSettings",
    "Unit",
    "__version__",
]
