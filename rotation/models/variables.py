"""The assignment variables ``x[person, unit, period]`` and the lookups encoders use.

Only candidate pairs get a variable: a hard person-level rule that is not switched
by a literal (a pin, frozen, minimum stay, mandatory rotation) narrows the person's
units before any constraint is posted, which keeps the model and its LP small.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rotation.rules import Duty, Obligation, obligations
from rotation.scenario import Scenario

Literal = cp_model.IntVar | cp_model.NotBooleanVariable


@dataclass(frozen=True)
class Penalty:
    """A soft rule's cost: ``weight`` × ``amount`` (a linear expression ≥ 0)."""

    rule: str
    amount: cp_model.LinearExprT
    weight: float


@dataclass
class ModelContext:
    """Everything an encoder needs: the model, the variables and the rule switches.

    With ``switchable`` set, every hard rule instance is posted under its own literal
    (:meth:`switch`), so that infeasibility explanations can assume or drop it; without
    it the rules are posted unconditionally and person-level rules narrow the domains.
    """

    scenario: Scenario
    model: cp_model.CpModel
    switchable: bool = False
    duties: dict[str, Obligation] = field(default_factory=dict)
    x: dict[tuple[str, str, int], cp_model.IntVar] = field(default_factory=dict)
    by_person: dict[tuple[str, int], list[tuple[str, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_unit: dict[tuple[str, int], list[tuple[str, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    switches: dict[tuple[str, tuple[object, ...]], cp_model.IntVar] = field(default_factory=dict)

    def var(self, person: str, unit: str, period: int) -> cp_model.IntVar | None:
        """``x[person, unit, period]`` or None when the pair is not a candidate."""
        return self.x.get((person, unit, period))

    def stay(self, person: str, period: int) -> cp_model.LinearExprT:
        """1 if ``person`` keeps the unit they had in the previous period (period 1 only).

        The objective and the tenure rules are written on this literal rather than on
        ``1 - Σ x`` so that the LP relaxation sees a single variable per person.
        """
        if period != 1:  # multi-period stays need their own literal; see the horizon issue
            raise NotImplementedError("stay() beyond period 1")
        current = self.scenario.person[person].unit
        var = self.var(person, current, period)
        return 0 if var is None else var

    def switch(self, rule: str, *key: object) -> cp_model.IntVar | None:
        """The literal that turns one instance of a hard rule on (None: always on)."""
        if not self.switchable:
            return None
        lit = self.switches.get((rule, key))
        if lit is None:
            lit = self.model.new_bool_var(f"on[{rule}{key}]")
            self.switches[(rule, key)] = lit
        return lit

    def post(self, constraint: cp_model.Constraint, rule: str, *key: object) -> cp_model.Constraint:
        """Make ``constraint`` conditional on the rule instance's switch, if any."""
        lit = self.switch(rule, *key)
        if lit is not None:
            constraint.only_enforce_if(lit)
        return constraint


def candidate_units(scenario: Scenario, duty: Obligation, switchable: bool) -> Iterable[str]:
    """The units a person may be given, after hard person-level rules that are fixed.

    Soft or switchable rules do not narrow the domain: their encoders post them so
    that they can be violated at a cost or dropped by an explanation.
    """
    all_units = [u.id for u in scenario.units]
    if switchable:
        return all_units
    rules = scenario.rules
    decided_by = {
        Duty.PINNED: rules.pins,
        Duty.STAY_FROZEN: rules.frozen,
        Duty.STAY_MINIMUM: rules.minimum_stay,
        Duty.MUST_MOVE: rules.mandatory_rotation,
    }.get(duty.duty)
    if decided_by is None or not decided_by.hard:
        return all_units
    if duty.duty is Duty.MUST_MOVE:
        return [u for u in all_units if u != duty.unit]
    return [duty.unit] if duty.unit is not None else all_units


def build_variables(scenario: Scenario, switchable: bool = False) -> ModelContext:
    """Create the model and one Boolean per candidate (person, unit, period)."""
    ctx = ModelContext(scenario, cp_model.CpModel(), switchable, obligations(scenario))
    every_unit = [u.id for u in scenario.units]
    for p in scenario.people:
        first = list(candidate_units(scenario, ctx.duties[p.id], switchable))
        for t in scenario.periods:
            # person-level duties are decided for the first round only
            for u in first if t == 1 else every_unit:
                var = ctx.model.new_bool_var(f"x[{p.id},{u},{t}]")
                ctx.x[(p.id, u, t)] = var
                ctx.by_person[(p.id, t)].append((u, var))
                ctx.by_unit[(u, t)].append((p.id, var))
    return ctx
