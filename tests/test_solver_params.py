"""CP-SAT's parameters by model size (see SolverSettings for the measurements)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from rotation.scenario import SolverSettings
from rotation.solvers.cpsat import LP_SEARCH, configure


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


def test_a_large_model_of_several_rounds_searches_with_the_lp() -> None:
    solver = cp_model.CpSolver()
    configure(solver, SolverSettings(linearization_level=2), size=20_215, rounds=5)
    params = solver.parameters
    assert params.num_workers == 2 and list(params.subsolvers) == [LP_SEARCH]
    # the repeated message reads back only as text in this binding
    mine = str(params).split("subsolver_params {", 1)[1].split("}", 1)[0]
    assert f'name: "{LP_SEARCH}"' in mine and "linearization_level: 2" in mine


def test_several_rounds_can_keep_the_large_search() -> None:
    solver = cp_model.CpSolver()
    configure(solver, SolverSettings(rounds_search=""), size=20_215, rounds=5)
    assert list(solver.parameters.subsolvers) == ["lb_tree_search"]
    solver = cp_model.CpSolver()
    configure(solver, SolverSettings(rounds_search="max_lp"), size=20_215, rounds=5)
    assert list(solver.parameters.subsolvers) == ["max_lp"]
    assert "subsolver_params" not in str(solver.parameters)
