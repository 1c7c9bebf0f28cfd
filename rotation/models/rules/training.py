"""Training and secondment (rule 43; 挂职锻炼): absences scheduled over the rounds.

Absence ``i`` (of ``Scenario.absences``) gets one Boolean ``b[i, s]`` per round ``s`` in
which it may start (its window, less the starts that would take the person away in a
round they no longer hold a post: retired). Away in round t is then the linear
expression ``away[i, t] = Σ b[i, s]`` over the starts whose rounds cover t, at most 1.
The person keeps their unit: ``y[i, u, t] = x[p, u, t] ∧ away[i, t]`` (exact, three
inequalities) says they are away from unit u, and the headcount minimum and the skill
cover count a unit's people less those (:func:`absent`). A yearly quota adds ``q[p, u,
t] ≤ x[p, u, t]``: p, in unit u, is sent to training in round t.

All variables exist only while the rule is on: off, absences are not planned and
everyone counts where they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rotation.models.variables import Expr, ModelContext, Penalty
from rotation.plan import Leave
from rotation.rules import Training

_KEY = ("absences",)


@dataclass
class AbsenceVars:
    """The schedule's variables: start Booleans by (absence, round), "away from unit"
    Booleans by (absence, unit, round), and quota picks by (person, unit, round)."""

    starts: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    held: dict[tuple[int, str, int], cp_model.IntVar] = field(default_factory=dict)
    picks: dict[tuple[str, str, int], cp_model.IntVar] = field(default_factory=dict)
    by_unit: dict[tuple[str, int], list[tuple[str, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    """(person, Boolean) of everyone who may be away from a unit in a round, either way."""


def active(ctx: ModelContext) -> bool:
    """Whether the rule is on and has something to schedule."""
    s = ctx.scenario
    return s.rules.training.enabled and bool(s.absences or s.rules.training.quota)


def away(ctx: ModelContext, vars_: AbsenceVars, index: int, period: int) -> Expr:
    """1 if absence ``index`` takes its person away in ``period`` (a sum of its starts)."""
    s = ctx.scenario
    a = s.absences[index]
    return sum(
        var
        for (i, start), var in vars_.starts.items()
        if i == index and period in s.away_rounds(a, start)
    )


def absence_vars(ctx: ModelContext) -> AbsenceVars:
    """The schedule's variables, created on first use (with the definitions of the
    "away from unit" Booleans)."""
    if _KEY in ctx.cache:
        found: AbsenceVars = ctx.cache[_KEY]
        return found
    s, model = ctx.scenario, ctx.model
    out = AbsenceVars()
    for i, a in enumerate(s.absences):
        for start in s.starts(a):
            # a start that would take them away in a round they are not in the plan
            # (retired by then) is no start at all
            if all(ctx.in_plan(a.person, t) for t in s.away_rounds(a, start)):
                out.starts[(i, start)] = model.new_bool_var(f"absence[{i},{start}]")
    for i, a in enumerate(s.absences):
        rounds = sorted({t for (j, start) in out.starts if j == i for t in s.away_rounds(a, start)})
        for t in rounds:
            gone = away(ctx, out, i, t)
            for unit, var in ctx.by_person.get((a.person, t), []):
                y = model.new_bool_var(f"away[{i},{unit},{t}]")
                model.add(y <= var)
                model.add(y <= gone)
                model.add(y >= var + gone - 1)
                out.held[(i, unit, t)] = y
                out.by_unit[(unit, t)].append((a.person, y))
    if s.rules.training.quota > 0:
        for p in s.people:
            for t in s.periods:
                for unit, var in ctx.by_person.get((p.id, t), []):
                    q = model.new_bool_var(f"trainee[{p.id},{unit},{t}]")
                    model.add(q <= var)
                    out.picks[(p.id, unit, t)] = q
                    out.by_unit[(unit, t)].append((p.id, q))
    ctx.cache[_KEY] = out
    return out


def absent(ctx: ModelContext, unit: str, period: int, skill: str | None = None) -> Expr:
    """How many of ``unit``'s people (holding ``skill``, if given) are away in ``period``
    (0 while the rule is off)."""
    if not active(ctx):
        return 0
    person = ctx.scenario.person
    return sum(
        var
        for pid, var in absence_vars(ctx).by_unit.get((unit, period), [])
        if skill is None or skill in person[pid].skills
    )


def encode_training(ctx: ModelContext, spec: Training) -> list[Penalty]:
    """Each absence starts exactly once in its window (soft: a Boolean ``miss`` completes
    the sum and costs once); after its first round away the person stays put (``b[i, s] ≤
    stay[p, t]``); one absence at a time per person, and a quota pick only when not away
    otherwise; nobody picked twice within ``cycle`` rounds; in each unit and round the
    picks and the people away on training from the table are at least ``quota`` (soft:
    an integer ``short`` makes up the difference and costs once per trainee)."""
    if not active(ctx):
        return []
    s, model = ctx.scenario, ctx.model
    vars_ = absence_vars(ctx)
    amounts: list[Expr] = []

    def post(constraint: cp_model.Constraint, *key: object) -> None:
        if spec.hard:
            ctx.post(constraint, spec.name, *key)

    for i, a in enumerate(s.absences):
        options = [var for (j, _), var in vars_.starts.items() if j == i]
        if spec.hard:
            post(model.add(cp_model.LinearExpr.sum(options) == 1), a.person, i, "schedule")
        else:
            miss = model.new_bool_var(f"absence_missed[{i}]")
            model.add(cp_model.LinearExpr.sum(options) + miss == 1)
            amounts.append(miss)
        for (j, start), var in vars_.starts.items():
            if j != i:
                continue
            for t in s.away_rounds(a, start)[1:]:
                # keeps their unit while away: no move after the first round
                post(model.add(var <= ctx.stay(a.person, t)), a.person, i, start, t, "keep")
    by_person: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(s.absences):
        by_person[a.person].append(i)
    picked: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    for (pid, _, t), q in vars_.picks.items():
        picked[(pid, t)].append(q)
    for p in s.people:
        for t in s.periods:
            busy = [away(ctx, vars_, i, t) for i in by_person.get(p.id, [])]
            busy = [e for e in busy if not isinstance(e, int)]
            terms = [*busy, *picked.get((p.id, t), [])]
            if len(terms) > 1:  # one absence at a time
                post(model.add(sum(terms) <= 1), p.id, t, "once")
        if spec.quota > 0:
            cycle = min(spec.cycle, s.horizon)
            for first in range(1, s.horizon - cycle + 2):
                window = [q for t in range(first, first + cycle) for q in picked.get((p.id, t), [])]
                if len(window) > 1:
                    post(model.add(sum(window) <= 1), p.id, first, "cycle")
    if spec.quota > 0:
        trainees: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        for (_, uid, t), q in vars_.picks.items():
            trainees[(uid, t)].append(q)
        for (i, uid, t), y in vars_.held.items():
            if s.absences[i].kind == "training":
                trainees[(uid, t)].append(y)
        for u in s.units:
            for t in s.periods:
                went = cp_model.LinearExpr.sum(trainees.get((u.id, t), []))
                if spec.hard:
                    post(model.add(went >= spec.quota), u.id, t, "quota")
                    continue
                short = model.new_int_var(0, spec.quota, f"trainees_short[{u.id},{t}]")
                model.add(went + short >= spec.quota)
                amounts.append(short)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def leaves_in(ctx: ModelContext, value: Callable[[Expr], int]) -> tuple[Leave, ...]:
    """The schedule in a solution: one :class:`Leave` per absence started and per quota
    pick."""
    if _KEY not in ctx.cache:
        return ()
    s = ctx.scenario
    vars_: AbsenceVars = ctx.cache[_KEY]
    out = []
    for (i, start), var in sorted(vars_.starts.items()):
        if value(var):
            a = s.absences[i]
            rounds = s.away_rounds(a, start)
            out.append(Leave(a.person, a.kind, start, rounds[-1], a))
    for (pid, _, t), q in vars_.picks.items():
        if value(q):
            out.append(Leave(pid, "training", t, t))
    return tuple(out)
