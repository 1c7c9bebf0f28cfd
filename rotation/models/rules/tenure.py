"""Person-level rules decided by tenure and status: pins, frozen, near retirement (rule
8), minimum service (rule 30) and stay (rule 9), mandatory rotation (rules 1, 5, 6), and
the tenure goals, soft by default: long at the same level (rule 2), a full term (rule 3)
and long tenure of staff (rule 7). Which duty binds a person is
:func:`rotation.facts.obligation` (retirement, then a pin, then frozen, near retirement,
minimum service, minimum stay, then mandatory rotation); who a tenure goal binds is a
method of its spec. Everything is written on the stay literal :meth:`ModelContext.stay`.
"""

from __future__ import annotations

from rotation.facts import Duty
from rotation.models.variables import ModelContext, Penalty, narrows
from rotation.rules import (
    Frozen,
    LongTenure,
    MandatoryRotation,
    MinimumService,
    MinimumStay,
    NearRetirement,
    Pins,
    RuleSpec,
    SameLevel,
    TermStability,
)


def _narrowed(ctx: ModelContext, spec: RuleSpec) -> bool:
    """True when the variables' domains already enforce the rule (hard, not switchable)."""
    return narrows(spec, ctx.switchable)


def _stay_rule(ctx: ModelContext, spec: RuleSpec, duty: Duty, must_stay: bool) -> list[Penalty]:
    """People bound by ``duty`` keep (or, for mandatory rotation, leave) their unit."""
    if _narrowed(ctx, spec):
        return []
    amounts = []
    for pid, ob in ctx.duties.items():
        if ob.duty is not duty:
            continue
        stay = ctx.stay(pid, 1)
        if spec.hard:
            ctx.post(ctx.model.add(stay == (1 if must_stay else 0)), spec.name, pid)
        else:
            amounts.append(1 - stay if must_stay else stay)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_frozen(ctx: ModelContext, spec: Frozen) -> list[Penalty]:
    """Frozen people stay; soft: each one moved costs once."""
    return _stay_rule(ctx, spec, Duty.STAY_FROZEN, must_stay=True)


def encode_near_retirement(ctx: ModelContext, spec: NearRetirement) -> list[Penalty]:
    """People within the years before retirement stay; soft: each one moved costs once."""
    return _stay_rule(ctx, spec, Duty.STAY_NEAR_RETIREMENT, must_stay=True)


def encode_minimum_service(ctx: ModelContext, spec: MinimumService) -> list[Penalty]:
    """New recruits serve their minimum years; soft: each one moved costs once."""
    return _stay_rule(ctx, spec, Duty.STAY_SERVICE, must_stay=True)


def encode_same_level(ctx: ModelContext, spec: SameLevel) -> list[Penalty]:
    """Rule 2 (soft by default): leaders long at the same level who stay cost once each
    (Σ stay); hard, each of them leaves (stay = 0). See :meth:`SameLevel.binds`."""
    amounts = []
    for pid in ctx.duties:
        if not spec.binds(ctx.scenario, pid):
            continue
        stay = ctx.stay(pid, 1)
        if spec.hard:
            ctx.post(ctx.model.add(stay == 0), spec.name, pid)
        else:
            amounts.append(stay)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_term_stability(ctx: ModelContext, spec: TermStability) -> list[Penalty]:
    """Rule 3 (soft by default): leaders moved before a full term in their unit cost once
    each (Σ 1 - stay); hard, they stay. Mandatory and pinned moves are exempt (see
    :meth:`TermStability.binds`)."""
    amounts = []
    for pid in ctx.duties:
        if not spec.binds(ctx.scenario, pid):
            continue
        stay = ctx.stay(pid, 1)
        if spec.hard:
            ctx.post(ctx.model.add(stay == 1), spec.name, pid)
        else:
            amounts.append(1 - stay)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_long_tenure(ctx: ModelContext, spec: LongTenure) -> list[Penalty]:
    """Rule 7 (soft by default): staff long in a unit who stay cost their tier's value
    (Σ cost × stay); hard, everyone with a cost leaves. People whose duty decides are
    exempt (see :meth:`LongTenure.stay_cost`)."""
    amounts = []
    for pid in ctx.duties:
        cost = spec.stay_cost(ctx.scenario, pid)
        if cost <= 0:
            continue
        stay = ctx.stay(pid, 1)
        if spec.hard:
            ctx.post(ctx.model.add(stay == 0), spec.name, pid)
        else:
            amounts.append(cost * stay)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def encode_minimum_stay(ctx: ModelContext, spec: MinimumStay) -> list[Penalty]:
    """People under the minimum stay stay; soft: each one moved costs once."""
    return _stay_rule(ctx, spec, Duty.STAY_MINIMUM, must_stay=True)


def encode_mandatory_rotation(ctx: ModelContext, spec: MandatoryRotation) -> list[Penalty]:
    """People at or past their tenure limit leave; soft: each one who stays costs once."""
    return _stay_rule(ctx, spec, Duty.MUST_MOVE, must_stay=False)


def encode_pins(ctx: ModelContext, spec: Pins) -> list[Penalty]:
    """Pinned people are where the pin says; soft: each pin not honoured costs once."""
    amounts = []
    for pin in ctx.scenario.pins:
        periods = ctx.scenario.periods if pin.period is None else [pin.period]
        for t in periods:
            if t == 1 and _narrowed(ctx, spec):
                continue  # the domain holds only the pinned unit
            var = ctx.var(pin.person, pin.unit, t)
            placed = 0 if var is None else var
            if spec.hard:
                ctx.post(ctx.model.add(placed == 1), spec.name, pin.person, t)
            else:
                amounts.append(1 - placed)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []
