"""The switchable model as a feasibility oracle over sets of rule instances.

:func:`rotation.models.build_model` with ``switchable=True`` posts every instance of a
hard rule under its own enforcement literal (:meth:`ModelContext.switch`), and no hard
rule narrows the variables' domains (:func:`rotation.models.variables.narrows`), so a
rule instance left out of the assumptions is simply not enforced. What stays
unconditional is the structure: one unit per person (``assignment``), the retired
outside the plan (``retirement``), and the roles a person may hold
(:func:`rotation.facts.base_roles`). :class:`Oracle` asks CP-SAT whether a set of
instances can hold together and, when it cannot, for the assumptions it used to prove
it (``sufficient_assumptions_for_infeasibility``, which needs a single worker).

Solver choice, measured on the bundled district (4,380 placement Booleans, about 1,400
switches, this 2-core machine, conflicts of 26 and 31 members):

- the instances left out are fixed off in their domains (not merely unassumed), so
  presolve drops their constraints: a check of a conflict's members then takes 0.2–0.7 s
  instead of 1–5 s;
- without the LP (``linearization_level = 0``), hinted with today's rosters or the last
  plan found, a satisfiable check often answers in 0.1–0.2 s; but the counting arguments
  behind most infeasibilities (more needs than holders) are not proved in 20 s without
  it, where ``linearization_level = 2`` proves them in 0.5–3 s (level 1 missed one). So a
  check first runs briefly without the LP, then with level 2; after a quick run that
  settled nothing the next few checks go straight to level 2;
- probing in presolve (``cp_model_probing_level``) was most of a check's presolve time
  and is off.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rotation import interrupt
from rotation.models import build_model
from rotation.models.variables import ModelContext
from rotation.scenario import Scenario

Force = Callable[[ModelContext], list[cp_model.Constraint]]
"""Posts constraints (a forced posting) on a model context and returns them."""

Key = tuple[str, tuple[object, ...]]
"""A rule instance: the rule's name and the key its encoder gave the switch."""

QUICK_SECONDS = 0.4
"""How long a check runs without the LP before it is run again with it."""

SKIP_AFTER_MISS = 4
"""How many checks go straight to the LP after a quick run that settled nothing."""

SAT, UNSAT, UNKNOWN = "SAT", "UNSAT", "UNKNOWN"


@dataclass(frozen=True)
class Check:
    """One oracle answer: ``status`` is SAT, UNSAT or UNKNOWN (time ran out). For UNSAT,
    ``core`` holds indices of the instances CP-SAT needed to prove it (a subset of those
    asked about, not necessarily minimal); for SAT, ``units`` is where each person is in
    the plan found (period 1)."""

    status: str
    core: tuple[int, ...] = ()
    units: tuple[tuple[str, str], ...] = ()

    def unit_of(self, person: str) -> str | None:
        """The person's unit in the plan found (None without one)."""
        return dict(self.units).get(person)


class Oracle:
    """The switchable model of ``scenario`` (with ``force`` posted unconditionally) and
    one CP-SAT solver; :meth:`check` answers whether some of its rule instances can
    hold together."""

    def __init__(self, scenario: Scenario, force: Iterable[Force] = ()) -> None:
        self.scenario = scenario
        built = build_model(scenario, switchable=True)
        self.ctx = built.ctx
        for posted in force:
            posted(self.ctx)
        self.keys: list[Key] = list(self.ctx.switches)
        self.literals = [self.ctx.switches[k] for k in self.keys]
        self.index = {k: i for i, k in enumerate(self.keys)}
        self._by_var = {lit.index: i for i, lit in enumerate(self.literals)}
        self._hint = {
            key: int(self.scenario.person[key[0]].unit == key[1]) for key in self.ctx.x
        }  # today's rosters: most people stay in any plan
        self._skip_quick = 0

    def conditional(self, force: Force) -> cp_model.IntVar:
        """A literal that, assumed (``extra`` of :meth:`check`), enforces ``force``."""
        lit = self.ctx.model.new_bool_var("forced")
        for constraint in force(self.ctx):
            constraint.only_enforce_if(lit)
        return lit

    def __len__(self) -> int:
        return len(self.keys)

    def check(
        self,
        active: Sequence[int],
        time_limit: float,
        extra: Sequence[cp_model.IntVar] = (),
        quick: float = QUICK_SECONDS,
    ) -> Check:
        """Whether the instances ``active`` (indices into :attr:`keys`) can all hold;
        the others are switched off. ``extra`` literals are assumed true as well (and
        never reported in a core). ``quick`` seconds are first spent without the LP."""
        model = self.ctx.model
        model.clear_assumptions()
        on = set(active)
        for i, lit in enumerate(self.literals):
            # the others are fixed off in their domain, not left free: presolve then drops
            # their constraints (a district check goes from seconds to under one), and a
            # free switch would be a decision the search has to get right
            domain = model.proto.variables[lit.index].domain
            domain.clear()
            domain.extend([0, 1] if i in on else [0, 0])
        model.add_assumptions([self.literals[i] for i in sorted(on)])
        model.add_assumptions(list(extra))
        model.clear_hints()
        for key, value in self._hint.items():
            model.add_hint(self.ctx.x[key], value)
        deadline = time.perf_counter() + max(time_limit, 0.01)
        # after a quick run that settled nothing the next few checks skip it: the checks
        # of one shrink look alike, and 0.4 s lost on each of 30 is a third of the time
        runs: tuple[tuple[int, float | None], ...] = ((2, None),)
        if quick > 0 and self._skip_quick == 0:
            runs = ((0, quick), (2, None))
        elif quick > 0:
            self._skip_quick -= 1
        for level, seconds in runs:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            solver = cp_model.CpSolver()
            params = solver.parameters
            params.num_workers = 1  # assumptions and their core need one worker
            params.random_seed = self.scenario.solver.seed
            params.linearization_level = level
            params.cp_model_probing_level = 0  # probing is most of a check's presolve
            params.max_time_in_seconds = min(left, seconds) if seconds else left
            status = interrupt.solve(solver, model)
            if level == 0 and status == cp_model.UNKNOWN:
                self._skip_quick = SKIP_AFTER_MISS
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                self._hint = {key: int(solver.boolean_value(v)) for key, v in self.ctx.x.items()}
                units = tuple(
                    (pid, uid)
                    for (pid, uid, t), var in self.ctx.x.items()
                    if t == 1 and solver.boolean_value(var)
                )
                return Check(SAT, units=units)
            if status == cp_model.INFEASIBLE:
                found = solver.sufficient_assumptions_for_infeasibility()
                core = tuple(sorted({self._by_var[v] for v in found if v in self._by_var}))
                return Check(UNSAT, core=core)
        return Check(UNKNOWN)


def posting(person: str, unit: str, period: int = 1) -> Force:
    """``person`` works in ``unit`` in round ``period`` (impossible if the pair has no
    variable)."""

    def post(ctx: ModelContext) -> list[cp_model.Constraint]:
        var = ctx.var(person, unit, period)
        if var is None:
            return [ctx.model.add_bool_or([])]  # the empty clause: never true
        return [ctx.model.add(var == 1)]

    return post


def leaving(person: str, unit: str, period: int = 1) -> Force:
    """``person`` is not in ``unit`` in round ``period`` (nothing to post where they
    cannot be)."""

    def post(ctx: ModelContext) -> list[cp_model.Constraint]:
        var = ctx.var(person, unit, period)
        return [] if var is None else [ctx.model.add(var == 0)]

    return post
