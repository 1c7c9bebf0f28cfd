"""CP-SAT's parameters by model size (see SolverSettings for the measurements)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from rotation.scenario import SolverSettings
from rotation.solvers.cpsat import configure


def test_a_small_model_keeps_one_lp_worker() -> None:
    solver = cp_model.CpSolver()
    configure(solver, SolverSettings(), size=4_000)
    params = solver.parameters
    assert params.num_workers == 1 and params.linearization_level == 2
    assert list(params.subsolvers) == [] and list(params.ignore_subsolvers) == []


def test_a_large_model_gets_the_large_parameters() -> None:
    solver = cp_model.CpSolver()
    configure(solver, SolverSettings(), size=400_000)
    params = solver.parameters
    assert params.num_workers == 2 and params.cp_model_probing_level == 0
    assert list(params.subsolvers) == ["lb_tree_search"]
    assert list(params.ignore_subsolvers) == ["feasibility_pump"]


def test_the_large_choices_can_be_switched_off() -> None:
    solver = cp_model.CpSolver()
    settings = SolverSettings(large_search="", large_skip="", large_probing_level=2)
    configure(solver, settings, size=400_000)
    params = solver.parameters
    assert params.cp_model_probing_level == 2
    assert list(params.subsolvers) == [] and list(params.ignore_subsolvers) == []
