"""rotation: staffing and rotation plans for discipline-inspection cadres."""

from rotation.errors import ScenarioError
from rotation.io import read_plan, read_scenario, write_scenario
from rotation.plan import Move, Plan
from rotation.result import Result
from rotation.rules import RuleSet
from rotation.scenario import (
    Absence,
    Distance,
    Hire,
    HistoryEntry,
    Person,
    Pin,
    Published,
    Relation,
    Scenario,
    SolverSettings,
    Unit,
)
from rotation.solvers import solve
from rotation.validate import Violation, validate

__version__ = "0.1.0"

__all__ = [
    "Absence",
    "Distance",
    "Hire",
    "HistoryEntry",
    "Move",
    "Person",
    "Pin",
    "Plan",
    "Published",
    "Relation",
    "Result",
    "RuleSet",
    "Scenario",
    "ScenarioError",
    "SolverSettings",
    "Unit",
    "Violation",
    "__version__",
    "read_plan",
    "read_scenario",
    "solve",
    "validate",
    "write_scenario",
]
