"""The goals of this round: few moves beyond the mandatory ones, and wishes met."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python.cp_model import LinearExpr

from rotation.facts import duty_in_round
from rotation.models.hires import hireable, hired
from rotation.models.horizon import due, later_rounds
from rotation.models.rules.training import absent
from rotation.models.variables import Expr, ModelContext, Penalty, narrows
from rotation.rules import Distance, FewestMoves, Preferences, RotationVolume, Workload


def encode_fewest_moves(ctx: ModelContext, spec: FewestMoves) -> list[Penalty]:
    """Each move by someone not bound to move costs once (written on the stay literal),
    in every round: round 1 by the duties; later, ``1 - stay - due`` for everyone in the
    plan and not pinned for the round, where ``due`` (:func:`rotation.models.horizon.due`)
    takes out a move that mandatory rotation makes (so waiting until a move falls due is
    free, and an early move costs)."""
    amounts = [1 - ctx.stay(pid, 1) for pid, ob in ctx.duties.items() if spec.counts(ob.duty)]
    scenario = ctx.scenario
    for t in later_rounds(ctx):
        for p in scenario.people:
            if spec.counts(duty_in_round(scenario, p.id, t)):
                amounts.append(1 - ctx.stay(p.id, t) - due(ctx, p.id, t))
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_preferences(ctx: ModelContext, spec: Preferences) -> list[Penalty]:
    """A mover's cost is the rank of the unit they get among their wishes, for each move
    in each round (``cost × arrived``, :meth:`ModelContext.arrived`)."""
    terms = []
    for p in ctx.scenario.people:
        if not p.preferences:
            continue
        for t in ctx.scenario.periods:
            for unit, _ in ctx.by_person.get((p.id, t), []):
                cost = spec.cost(p.preferences, unit)
                arrived = ctx.arrived(p.id, unit, t)
                if cost and not isinstance(arrived, int):
                    terms.append(cost * arrived)
    return [Penalty(spec.name, sum(terms), spec.weight or 0)] if terms else []


def encode_workload(ctx: ModelContext, spec: Workload) -> list[Penalty]:
    """人少事多: minimise the largest workload per person over the units (min-max).

    The persons are those at work in the unit, as the checker counts them
    (:meth:`rotation.plan.Plan.at_work`): ``h = Σ x + hires placed there − people away``.
    The amount is an integer ``z`` ≥ every unit's ``c(h) = ⌈workload / max(h, 1) /
    precision⌉`` (:meth:`Workload.steps`). ``c`` does not rise with ``h``, so it is
    written exactly by telescoping over its breakpoints (the ``k`` where ``c(k) > c(k +
    1)``): ``c(h) = c(lo) − Σ (c(k) − c(k + 1))·[h ≥ k + 1]``, one Boolean per breakpoint
    linked both ways to ``h`` — O(√(workload / precision)) Booleans per unit instead of
    one per possible headcount. Minimising ``z`` makes it the largest ``c(h)``.
    """
    model, scenario, penalties = ctx.model, ctx.scenario, []
    banded = narrows(scenario.rules.headcount, ctx.switchable)  # the band holds in every plan
    # posts left to recruitment count towards the minimum, not among those at work
    floored = banded and not scenario.rules.vacancies.enabled
    for t in scenario.periods:
        levels: dict[str, list[tuple[int, Expr]]] = defaultdict(list)  # by county
        for u in scenario.units:
            if u.workload <= 0:
                continue
            room = len(ctx.by_unit.get((u.id, t), [])) + hireable(ctx, u.id, t)
            hi = min(u.max_staff, room) if banded else room
            lo = min(u.min_staff, hi) if floored else 0
            at_work = ctx.size(u.id, t) + hired(ctx, u.id, t) - absent(ctx, u.id, t)
            level: Expr = spec.steps(u.workload, lo)
            for k in range(lo, hi):
                drop = spec.steps(u.workload, k) - spec.steps(u.workload, k + 1)
                if not drop:
                    continue
                reached = model.new_bool_var(f"workload_ge[{u.id},{t},{k + 1}]")
                model.add(at_work >= (k + 1) * reached)  # reached ⇒ h ≥ k + 1
                model.add(at_work <= k + (hi - k) * reached)  # not reached ⇒ h ≤ k
                level = level - drop * reached
            levels[u.county].append((spec.steps(u.workload, lo), level))
        # one maximum per county: each county balances its own units' work
        for county, group in levels.items():
            top = model.new_int_var(0, max(most for most, _ in group), f"workload_max[{county}{t}]")
            for _, level in group:
                model.add(top >= level)
            penalties.append(Penalty(spec.name, top, spec.weight or 0))
    return penalties


def encode_distance(ctx: ModelContext, spec: Distance) -> list[Penalty]:
    """Each mover costs the road km (whole km, :meth:`Distance.km`) from home to the new
    unit: Σ km · x over the candidate units other than the current one."""
    scenario, units, coefficients = ctx.scenario, ctx.scenario.unit, []
    known: dict[tuple[str, str], int] = {}  # (origin, place) -> whole km
    kept = []  # from round 2 on a move is x - kept: the kept Booleans enter with -km
    for p in scenario.people:
        start = spec.origin(scenario, p)
        for t in scenario.periods:
            for uid, var in ctx.by_person.get((p.id, t), []):
                if t == 1 and uid == p.unit:
                    continue
                key = (start, units[uid].region)
                if key not in known:
                    known[key] = spec.km(scenario, p, units[uid])
                if not known[key]:
                    continue
                coefficients.append((var, known[key]))
                stayed = ctx.kept(p.id, uid, t) if t > 1 else 0
                if not isinstance(stayed, int):
                    kept.append((stayed, -known[key]))
    if not coefficients:
        return []
    terms = coefficients + kept
    amount = LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms])
    return [Penalty(spec.name, amount, spec.weight or 0)]


def encode_rotation_volume(ctx: ModelContext, spec: RotationVolume) -> list[Penalty]:
    """Rule 11: in each round and each county at least ``share`` of the people in ``roles``
    (today's role, in the plan that round) rotate: ``Σ stay ≤ n − target``; soft: ``n −
    Σ stay + short ≥ target``, each one short in a round costs once. The share is each
    county commission's own (one group in a district)."""
    model, scenario, amounts = ctx.model, ctx.scenario, []
    for t in scenario.periods:
        present = [p for p in scenario.people if ctx.in_plan(p.id, t)]
        for county, bound in spec.groups(scenario, present):
            target = spec.target(len(bound))
            if target <= 0:
                continue
            stays = sum(ctx.stay(pid, t) for pid in bound)
            key = tuple(k for k in (county, t if t > 1 else None) if k)
            if spec.hard:
                ctx.post(model.add(stays <= len(bound) - target), spec.name, *key)
                continue
            short = model.new_int_var(0, target, f"rotation_short[{county}{t}]")
            model.add(len(bound) - stays + short >= target)
            amounts.append(short)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []
