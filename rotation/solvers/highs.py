"""Solve the same model with HiGHS: the CP-SAT model read as a mixed-integer program.

:func:`rotation.models.build_model` builds one model for both back ends. Its
``CpModelProto`` holds only what a MIP can say directly, and :func:`mip_from_proto`
translates it one to one:

- each variable (a Boolean or a bounded integer, its domain one interval ``[lb, ub]``)
  becomes an integer column with those bounds;
- each ``linear`` constraint ``lo <= Σ c·x <= hi`` becomes a row with the same bounds
  (CP-SAT's ±2⁶³ bounds mean "none");
- ``exactly_one`` / ``at_most_one`` / ``bool_or`` over literals become rows
  ``Σ ℓ = 1`` / ``<= 1`` / ``>= 1``, and ``bool_and`` fixes its literals to 1, where a
  negated literal (index ``-i - 1``) is ``1 - x_i``.

Anything else (a domain with holes, ``!=``, an enforcement literal as posted in the
explanation model, a non-linear constraint) raises :class:`UnsupportedModel` naming it:
the MIP is never a looser model than CP-SAT's. Each objective stage's expression is read
with ``FlatIntExpr`` into column costs; the stage loop is :func:`run_stages`, the same
as CP-SAT's (tier k minimised, then bounded by a row ``tier k <= value reached``, the
plan found handed to the next stage as its MIP start, as CP-SAT gets it as a hint).

Options: ``mip_rel_gap = 0`` and ``mip_abs_gap`` just under 1 (stage objectives are
integers, so that proves optimality), ``threads`` = ``[solver] workers``,
``random_seed`` = ``seed``, the time limit shared across stages as for CP-SAT. Every
solution is rounded and checked against every row, and its objective against the one
HiGHS reports (HiGHS 1.16 can return the MIP start unchanged while reporting the better
solution presolve found from it; the stage is then solved again without the start).
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model_helper

from rotation import interrupt
from rotation.models import BuiltModel, build_model
from rotation.models.variables import Expr, linear_terms, reader
from rotation.result import Result
from rotation.scenario import Scenario, SolverSettings
from rotation.solvers.staged import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    UNKNOWN,
    StageOutcome,
    run_stages,
    settings_for,
)

__all__ = [
    "HighsBackend",
    "LinearRelaxation",
    "MipModel",
    "Relaxation",
    "UnsupportedModel",
    "mip_from_proto",
    "relaxation",
    "solve",
]

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

ABS_GAP = 0.99
"""HiGHS stops once the incumbent is within this of the bound. Every stage objective is
an integer expression, so a gap below 1 proves the incumbent optimal (``mip_rel_gap`` is
0: no relative tolerance)."""

FEASIBILITY_SLACK = 1e-6
"""How far the rounded solution's rows may sit outside their bounds (integer data: any
real breach is at least 1)."""


class UnsupportedModel(ValueError):
    """The CP-SAT model holds something the MIP translation does not express exactly."""


@dataclass(frozen=True)
class MipModel:
    """An integer program ``min c·x`` s.t. ``row_lower <= A x <= row_upper``,
    ``col_lower <= x <= col_upper``, x integer; A row-wise (CSR: ``starts``, ``index``,
    ``value``). Column j is CP-SAT variable j."""

    col_lower: npt.NDArray[np.float64]
    col_upper: npt.NDArray[np.float64]
    row_lower: npt.NDArray[np.float64]
    row_upper: npt.NDArray[np.float64]
    starts: npt.NDArray[np.int32]
    index: npt.NDArray[np.int32]
    value: npt.NDArray[np.float64]

    @property
    def num_col(self) -> int:
        return len(self.col_lower)

    @property
    def num_row(self) -> int:
        return len(self.row_lower)

    def entry_rows(self) -> npt.NDArray[np.intp]:
        """The row of each entry of A (``index`` and ``value`` hold the columns)."""
        return np.repeat(np.arange(self.num_row), np.diff(np.append(self.starts, len(self.index))))

    def activity(self, x: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """A x for a column vector ``x``."""
        weights = self.value * x[self.index]
        return np.bincount(self.entry_rows(), weights=weights, minlength=self.num_row).astype(
            np.float64
        )

    def transposed(self, y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Aᵀ y for a row vector ``y``."""
        weights = self.value * y[self.entry_rows()]
        return np.bincount(self.index, weights=weights, minlength=self.num_col).astype(np.float64)

    def value_range(
        self, index: npt.NDArray[np.int32], coeffs: npt.NDArray[np.int64]
    ) -> tuple[float, float]:
        """The least and greatest of ``coeffs · x[index]`` within the column bounds
        (±inf where a column is unbounded), in floating point: exact integers when the
        terms' magnitudes add up to less than 2⁵³ (see ``CpSatBackend.expression_range``)."""
        weights = coeffs.astype(np.float64)
        lower, upper = self.col_lower[index], self.col_upper[index]
        return _least(weights, lower, upper), -_least(-weights, lower, upper)

    def breaches(self, x: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        """The rows and columns (as ``-j - 1``) that ``x`` breaks."""
        act = self.activity(x)
        rows = np.flatnonzero(
            (act < self.row_lower - FEASIBILITY_SLACK) | (act > self.row_upper + FEASIBILITY_SLACK)
        )
        cols = np.flatnonzero((x < self.col_lower) | (x > self.col_upper))
        return np.concatenate([rows, -cols - 1])


def _interrupt_when_asked(event: Any) -> None:
    """HiGHS's MIP interrupt callback: stop when Ctrl-C has asked (:mod:`rotation.interrupt`)."""
    if interrupt.stopped():
        event.data_in.user_interrupt = True


def _bound(v: int) -> float:
    """CP-SAT's domain end as a MIP bound (±2⁶³ is unbounded)."""
    if v <= INT64_MIN:
        return -math.inf
    if v >= INT64_MAX:
        return math.inf
    return float(v)


def _message(proto: cp_model_helper.CpModelProto) -> cp_model_pb2.CpModelProto:
    """``proto`` as a protobuf message, through its binary file. The model's own proto
    reads each element of a repeated field with a call: the district's translation (4,178
    variables, 2,030 constraints) took 52 ms so, and takes 17 ms from the message, the
    file written and parsed in 8 of them."""
    with tempfile.TemporaryDirectory(prefix="rotation-") as folder:
        path = os.path.join(folder, "model.pb")  # not .txt: the binary format
        if not cp_model_helper.CpSatHelper.write_model_to_file(proto, path):
            raise OSError(f"could not write the model to the temporary file {path}")
        with open(path, "rb") as stream:
            return cp_model_pb2.CpModelProto.FromString(stream.read())


class _Rows:
    """Rows under construction; a literal ``-i - 1`` enters as ``1 - x_i``."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, refs: Sequence[int], coeffs: Sequence[int], lo: float, hi: float) -> None:
        self.starts.append(len(self.index))
        terms: dict[int, int] = {}
        shift = 0
        for ref, c in zip(refs, coeffs, strict=True):
            if ref >= 0:
                terms[ref] = terms.get(ref, 0) + c
            else:  # c · NOT(x) = c - c·x
                terms[-ref - 1] = terms.get(-ref - 1, 0) - c
                shift += c
        for col, c in terms.items():
            if c:
                self.index.append(col)
                self.value.append(c)
        self.lower.append(lo - shift)
        self.upper.append(hi - shift)


def mip_from_proto(proto: cp_model_helper.CpModelProto) -> MipModel:
    """The integer program of a CP-SAT model (see the module docstring for the mapping);
    raises :class:`UnsupportedModel` on what it cannot translate exactly."""
    message = _message(proto)
    col_lower, col_upper = [], []
    for i, var in enumerate(message.variables):
        domain = list(var.domain)
        if len(domain) != 2:
            raise UnsupportedModel(
                f"variable {var.name or i} has the domain {domain}: only one interval "
                "[lb, ub] translates to a MIP column"
            )
        col_lower.append(_bound(domain[0]))
        col_upper.append(_bound(domain[1]))
    rows = _Rows()
    for i, ct in enumerate(message.constraints):
        kind = ct.WhichOneof("constraint")
        if kind is None:  # an empty constraint holds in every solution
            continue
        if ct.enforcement_literal:
            raise UnsupportedModel(
                f"constraint {ct.name or i} ({kind}) has an enforcement literal: the "
                "switchable (explanation) model is CP-SAT only"
            )
        if kind == "linear":
            domain = list(ct.linear.domain)
            if len(domain) != 2:
                raise UnsupportedModel(
                    f"linear constraint {ct.name or i} has the domain {domain}: only one "
                    "interval [lo, hi] translates to a MIP row (no != or holes)"
                )
            rows.add(ct.linear.vars, ct.linear.coeffs, *map(_bound, domain))
        elif kind == "exactly_one":
            lits = ct.exactly_one.literals
            rows.add(lits, [1] * len(lits), 1, 1)
        elif kind == "at_most_one":
            lits = ct.at_most_one.literals
            rows.add(lits, [1] * len(lits), -math.inf, 1)
        elif kind == "bool_or":
            lits = ct.bool_or.literals
            rows.add(lits, [1] * len(lits), 1, math.inf)
        elif kind == "bool_and":
            for lit in ct.bool_and.literals:
                rows.add([lit], [1], 1, 1)
        else:
            raise UnsupportedModel(
                f"constraint {ct.name or i} is a {kind} constraint: the MIP translation "
                "supports linear, exactly_one, at_most_one, bool_or and bool_and"
            )
    return MipModel(
        np.array(col_lower, dtype=np.float64),
        np.array(col_upper, dtype=np.float64),
        np.array(rows.lower, dtype=np.float64),
        np.array(rows.upper, dtype=np.float64),
        np.array(rows.starts, dtype=np.int32),
        np.array(rows.index, dtype=np.int32),
        np.array(rows.value, dtype=np.float64),
    )


class HighsBackend:
    """The model as a MIP in one ``highspy.Highs`` instance, stage after stage: each
    stage sets the column costs; a bounded stage adds its row and hands its solution to
    the next as the starting incumbent."""

    name = "highs"

    def __init__(self, built: BuiltModel, settings: SolverSettings, log: bool = False) -> None:
        self.mip = mip_from_proto(built.ctx.model.proto)
        # the thread pool is process-wide and fixed at its first use: rebuild it so that
        # this solve runs on settings.workers threads whatever ran before
        highspy.Highs.resetGlobalScheduler(True)
        h = _new_highs(quiet=not log)
        self.highs = h
        for option, value in (
            ("output_flag", log),
            ("threads", settings.workers),
            ("random_seed", settings.seed),
            ("mip_rel_gap", 0.0),
            ("mip_abs_gap", ABS_GAP),
        ):
            _check(h.setOptionValue(option, value), f"option {option}")
        _load(h, self.mip, integral=True)
        if interrupt.watched():  # Ctrl-C stops the branch and bound too, not only the stages
            h.cbMipInterrupt.subscribe(_interrupt_when_asked)
        self.costed = np.zeros(0, np.int32)  # the columns the current objective touches
        self.solution: npt.NDArray[np.int64] | None = None

    def solve_stage(
        self, expression: Expr | None, time_left: float, keep: float = 0.0
    ) -> StageOutcome:
        time_left -= keep
        h = self.highs
        index, coeffs, offset = linear_terms(0 if expression is None else expression)
        if len(self.costed):
            h.changeColsCost(len(self.costed), self.costed, np.zeros(len(self.costed)))
        self.costed = _set_costs(h, index, coeffs, offset)
        deadline = time.perf_counter() + time_left
        outcome = self._run(index, coeffs, offset, time_left, self.solution)
        if outcome is None:
            # HiGHS 1.16 can hand back the MIP start itself while reporting the better
            # incumbent presolve found from it: solve again, without the start
            self.highs.clearSolver()
            outcome = self._run(index, coeffs, offset, deadline - time.perf_counter(), None)
        if outcome is None:
            raise RuntimeError("HiGHS reported an objective its solution does not reach")
        return outcome

    def _run(
        self,
        index: npt.NDArray[np.int32],
        coeffs: npt.NDArray[np.int64],
        offset: int,
        time_left: float,
        start: npt.NDArray[np.int64] | None,
    ) -> StageOutcome | None:
        """One HiGHS run on the current objective; None when the solution it returns
        does not have the objective value it reports."""
        h = self.highs
        _check(h.setOptionValue("time_limit", max(time_left, 0.01)), "time limit")  # per run
        if start is not None:
            n = self.mip.num_col
            h.setSolution(n, np.arange(n, dtype=np.int32), start.astype(np.float64))
        h.run()
        model_status = h.getModelStatus()
        info = h.getInfo()
        kinds = highspy.HighsModelStatus
        if model_status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
            # every column is bounded (CP-SAT domains are finite): never unbounded
            return StageOutcome(INFEASIBLE, None)
        empty = model_status == kinds.kModelEmpty  # no columns: nothing to decide
        has_solution = empty or info.primal_solution_status == highspy.kSolutionStatusFeasible
        if not has_solution:
            return StageOutcome(UNKNOWN, None)
        x = np.rint(np.asarray(h.getSolution().col_value, dtype=np.float64)).astype(np.int64)
        x = x[: self.mip.num_col]
        broken = self.mip.breaches(x)
        if len(broken):
            raise RuntimeError(
                f"HiGHS returned a solution that breaks {len(broken)} rows/columns of the "
                f"model once rounded (first: {broken[:5].tolist()})"
            )
        reached = int(coeffs @ x[index]) + offset
        if not empty and abs(reached - info.objective_function_value) > 0.5:
            return None
        self.solution = x
        value = reader(x)
        if empty or model_status == kinds.kOptimal:
            return StageOutcome(OPTIMAL, value, reached, reached)
        # before its root LP HiGHS has no bound: the columns' bounds give one
        least = self.mip.value_range(index, coeffs)[0] + offset
        known = [b for b in (least, info.mip_dual_bound) if math.isfinite(b)]
        bound = math.ceil(max(known) - 1e-6) if known else INT64_MIN
        return StageOutcome(FEASIBLE, value, reached, min(reached, bound))

    def bound_stage(self, expression: Expr, reached: int) -> None:
        _add_upper_row(self.highs, expression, reached)

    def has_start(self) -> bool:
        return self.solution is not None

    def lexicographic_weights(self, expressions: list[Expr]) -> list[int] | None:
        """None: HiGHS works in floating point with relative tolerances, under which a
        sum weighted to span several tiers would not be minimised exactly; each tier is
        a stage of its own."""
        return None


@dataclass(frozen=True)
class Relaxation:
    """The linear relaxation of "minimise an expression over a model", solved (see
    :class:`LinearRelaxation`): ``values``, every variable's value at the LP optimum by
    index; ``bound``, the integer bound it proves on the expression; ``exact``, that
    bound before rounding; ``reduced``, the columns' reduced costs ``d = c − Aᵀy`` at the
    duals ``y`` the bound comes from; ``lower``/``upper``, the column bounds it was
    solved with."""

    values: npt.NDArray[np.float64]
    bound: int
    exact: float
    reduced: npt.NDArray[np.float64]
    lower: npt.NDArray[np.float64]
    upper: npt.NDArray[np.float64]

    def fixings(
        self, reached: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Reduced-cost fixing: the columns (and their new ``lower``, ``upper`` bounds)
        that every solution with the expression at most ``reached`` keeps within those
        bounds.

        For any solution, ``c·x ≥ exact + Σⱼ (dⱼ·xⱼ − min(dⱼ·lⱼ, dⱼ·uⱼ))`` with every
        term non-negative (the weak duality of :class:`LinearRelaxation`), so ``c·x ≤
        reached`` leaves each term at most ``reached − exact``: a column with ``dⱼ > 0``
        rises at most ``(reached − exact) / dⱼ`` above ``lⱼ``, one with ``dⱼ < 0`` falls at
        most that below ``uⱼ``. The slack is widened by a relative 10⁻⁶ for the floating
        point of ``d`` and ``exact``. When ``reached`` is the stage's optimum every later
        stage keeps them (it holds the expression at most ``reached``); when it is a
        plan's value they keep every optimum."""
        empty = np.zeros(0, np.int64)
        if not math.isfinite(self.exact):
            return empty, empty, empty
        slack = reached - self.exact + 1e-6 * max(1.0, abs(self.exact))
        d, lower, upper = self.reduced, self.lower, self.upper
        with np.errstate(divide="ignore"):
            steps = np.floor(slack / np.abs(d) + 1e-6)
        up = (d > 1e-9) & np.isfinite(lower) & (lower + steps < upper)
        down = (d < -1e-9) & np.isfinite(upper) & (upper - steps > lower)
        cols = np.flatnonzero(up | down)
        new_lower = np.where(down[cols], upper[cols] - steps[cols], lower[cols])
        new_upper = np.where(up[cols], lower[cols] + steps[cols], upper[cols])
        return cols, new_lower.astype(np.int64), new_upper.astype(np.int64)


class LinearRelaxation:
    """The linear relaxation of a CP-SAT model (:func:`mip_from_proto`, every column
    continuous) in one HiGHS instance (one thread), kept from stage to stage: a stage
    sets its costs and starts from the last basis, a bounded stage adds its row
    (:meth:`add_row`), and columns the model narrows are narrowed here
    (:meth:`narrow`). Raises :class:`UnsupportedModel` on a model the MIP does not
    express.

    The bound of :meth:`solve` does not trust the LP's reported value, which a solver's
    tolerances may put a little above the true optimum: it is the Lagrangian bound of the
    LP's row duals ``y``, valid for any ``y`` (weak duality with bounded columns): ``c·x
    = y·Ax + d·x ≥ Σ min(yᵢ·lᵢ, yᵢ·uᵢ) + Σ min(dⱼ·lⱼ, dⱼ·uⱼ)`` with ``d = c − Aᵀy``,
    rounded up less a relative 10⁻⁹ (the expression is an integer). A dual on a row
    without the bound it needs counts as 0."""

    def __init__(self, proto: cp_model_helper.CpModelProto) -> None:
        self.mip = mip_from_proto(proto)
        h = _new_highs(quiet=True)
        for option, value in (("output_flag", False), ("threads", 1)):
            _check(h.setOptionValue(option, value), f"option {option}")
        _load(h, self.mip, integral=False)
        self.highs = h
        self.costed = np.zeros(0, np.int32)

    def solve(self, expression: Expr, time_limit: float) -> Relaxation | None:
        """Minimise ``expression`` over the relaxation within ``time_limit`` seconds;
        None when the LP is not solved to optimality in time."""
        h, mip = self.highs, self.mip
        _check(h.setOptionValue("time_limit", max(time_limit, 0.01)), "time limit")
        if len(self.costed):
            h.changeColsCost(len(self.costed), self.costed, np.zeros(len(self.costed)))
        index, coeffs, offset = linear_terms(expression)
        self.costed = _set_costs(h, index, coeffs, offset)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        solution = h.getSolution()
        values = np.asarray(solution.col_value, dtype=np.float64)[: mip.num_col]
        y = np.asarray(solution.row_dual, dtype=np.float64)[: mip.num_row]
        y[((y > 0) & ~np.isfinite(mip.row_lower)) | ((y < 0) & ~np.isfinite(mip.row_upper))] = 0
        c = np.zeros(mip.num_col)
        np.add.at(c, index, coeffs.astype(np.float64))
        d = c - mip.transposed(y)
        exact = float(offset) + _least(y, mip.row_lower, mip.row_upper)
        exact += _least(d, mip.col_lower, mip.col_upper)
        bound = INT64_MIN  # an unbounded column on the wrong side: no bound
        if math.isfinite(exact):
            bound = math.ceil(exact - 1e-9 * max(1.0, abs(exact)))
        return Relaxation(values, bound, exact, d, mip.col_lower.copy(), mip.col_upper.copy())

    def add_row(self, expression: Expr, upper: int) -> None:
        """Add the row ``expression <= upper`` (a stage bounded at its value)."""
        cols, values, limit = _add_upper_row(self.highs, expression, upper)
        mip = self.mip
        self.mip = replace(
            mip,
            row_lower=np.append(mip.row_lower, -math.inf),
            row_upper=np.append(mip.row_upper, limit),
            starts=np.append(mip.starts, np.int32(len(mip.index))),
            index=np.concatenate([mip.index, cols]),
            value=np.concatenate([mip.value, values]),
        )

    def narrow(
        self,
        cols: npt.NDArray[np.int64],
        lower: npt.NDArray[np.int64],
        upper: npt.NDArray[np.int64],
    ) -> None:
        """Set the bounds of columns ``cols`` to ``lower``, ``upper``, within their
        current ones (as the model's domains were narrowed)."""
        if not len(cols):
            return
        mip = self.mip
        col_lower, col_upper = mip.col_lower.copy(), mip.col_upper.copy()
        col_lower[cols], col_upper[cols] = lower, upper
        self.mip = replace(mip, col_lower=col_lower, col_upper=col_upper)
        _check(
            self.highs.changeColsBounds(
                len(cols), cols.astype(np.int32), col_lower[cols], col_upper[cols]
            ),
            "column bounds",
        )


def relaxation(
    proto: cp_model_helper.CpModelProto, expression: Expr, time_limit: float
) -> Relaxation | None:
    """The linear relaxation of "minimise ``expression`` over the model ``proto``" (see
    :class:`LinearRelaxation`); None when the model does not translate
    (:class:`UnsupportedModel`) or the LP is not solved to optimality in time."""
    try:
        lp = LinearRelaxation(proto)
    except UnsupportedModel:
        return None
    return lp.solve(expression, time_limit)


def _add_upper_row(
    h: highspy.Highs, expression: Expr, upper: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], float]:
    """Add the row ``expression <= upper`` to ``h``; returns its columns, coefficients
    and upper bound (the expression's constant moved to the right)."""
    index, coeffs, offset = linear_terms(expression)
    cols, where = np.unique(index, return_inverse=True)
    values = np.bincount(where, weights=coeffs, minlength=len(cols)).astype(np.float64)
    keep = values != 0
    cols, values = cols[keep].astype(np.int32), values[keep]
    limit = float(upper - offset)
    _check(h.addRow(-math.inf, limit, len(cols), cols, values), "stage bound")
    return cols, values, limit


def _least(
    weights: npt.NDArray[np.float64],
    lower: npt.NDArray[np.float64],
    upper: npt.NDArray[np.float64],
) -> float:
    """min over ``lower ≤ v ≤ upper`` of ``weights · v`` (terms with weight 0 are 0)."""
    up, down = weights > 0, weights < 0
    return float(weights[up] @ lower[up] + weights[down] @ upper[down])


def _load(h: highspy.Highs, mip: MipModel, integral: bool) -> None:
    """Put ``mip``'s columns and rows into ``h`` (integer columns with ``integral``)."""
    n = mip.num_col
    _check(h.addVars(n, mip.col_lower, mip.col_upper), "columns")
    if integral:
        every = np.arange(n, dtype=np.int32)
        kind = np.full(n, int(highspy.HighsVarType.kInteger), np.uint8)
        _check(h.changeColsIntegrality(n, every, kind), "integrality")
    _check(
        h.addRows(
            mip.num_row,
            mip.row_lower,
            mip.row_upper,
            len(mip.index),
            mip.starts,
            mip.index,
            mip.value,
        ),
        "rows",
    )


def _set_costs(
    h: highspy.Highs, index: npt.NDArray[np.int32], coeffs: npt.NDArray[np.int64], offset: int
) -> npt.NDArray[np.int32]:
    """Set the column costs of the linear expression (``index``, ``coeffs``, ``offset``)
    from :func:`linear_terms`; returns the columns it costs."""
    # a variable may appear in several terms: sum its coefficients per column
    cols, where = np.unique(index, return_inverse=True)
    costs = np.bincount(where, weights=coeffs, minlength=len(cols)).astype(np.float64)
    if len(cols):
        _check(h.changeColsCost(len(cols), cols.astype(np.int32), costs), "costs")
    h.changeObjectiveOffset(float(offset))
    return cols.astype(np.int32)


def _new_highs(quiet: bool) -> highspy.Highs:
    """A Highs instance; ``quiet`` hides the banner the first one in a process prints to
    the C-level stdout before any option can be set (HiGHS issue #1932)."""
    if not quiet:
        return highspy.Highs()
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _check(status: highspy.HighsStatus, what: str) -> None:
    if status == highspy.HighsStatus.kError:
        raise RuntimeError(f"HiGHS refused the {what}")


def solve(
    scenario: Scenario,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    log: bool = False,
    explain: bool = True,
) -> Result:
    """Plan one round for ``scenario`` with HiGHS on the model CP-SAT solves.

    Same arguments and same :class:`Result` as :func:`rotation.solvers.cpsat.solve`
    (``solver == "highs"``, ``workers`` = HiGHS threads); the build and the translation
    to a MIP both count as build time. An infeasible result is explained the same way.
    """
    settings = settings_for(scenario, time_limit, seed, workers)
    started = time.perf_counter()
    built = build_model(scenario)
    backend = HighsBackend(built, settings, log)
    build_time = time.perf_counter() - started
    return run_stages(
        built, backend, settings, started=started, build_time=build_time, explain=explain
    )
