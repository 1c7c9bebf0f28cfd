"""The decision variables and the lookups encoders use.

``x[person, unit, period]`` says where someone works; for leadership, ``role(person,
unit, period, "head"|"deputy")`` is a linear expression over at most two Booleans per
pair (a head who can only be head there *is* ``x``; someone who may be deputy or head
gets one extra Boolean). Only candidate pairs and roles get variables: a hard rule that
is not switched by a literal (a pin, frozen, mandatory rotation, eligibility, avoidance
…) narrows the domains before any constraint is posted, which keeps the model and its
LP small.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model, cp_model_helper

from rotation.facts import (
    Duty,
    Obligation,
    base_roles,
    obligations,
    retired_by,
    round_date,
)
from rotation.scenario import Person, Scenario, Unit

if TYPE_CHECKING:
    from rotation.rules import PairRule

LEAD_ROLES = ("head", "deputy")

Expr = Any
"""A CP-SAT linear expression (a Boolean, a sum, or an int); OR-Tools' own union type is
too wide for mypy to follow through arithmetic."""


@dataclass(frozen=True)
class Penalty:
    """A soft rule's cost: ``weight`` × ``amount`` (a linear expression ≥ 0)."""

    rule: str
    amount: Expr
    weight: float


@dataclass
class ModelContext:
    """Everything an encoder needs: the model, the variables and the rule switches.

    With ``switchable`` set, every hard rule instance is posted under its own literal
    (:meth:`switch`), so that infeasibility explanations can assume or drop it; without
    it the rules are posted unconditionally and hard rules narrow the domains.
    """

    scenario: Scenario
    model: cp_model.CpModel
    switchable: bool = False
    duties: dict[str, Obligation] = field(default_factory=dict)
    x: dict[tuple[str, str, int], cp_model.IntVar] = field(default_factory=dict)
    roles: dict[tuple[str, str, int], dict[str, Expr]] = field(default_factory=dict)
    by_person: dict[tuple[str, int], list[tuple[str, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_unit: dict[tuple[str, int], list[tuple[str, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    switches: dict[tuple[str, tuple[object, ...]], cp_model.IntVar] = field(default_factory=dict)
    sizes: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    stays: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    kept_in: dict[tuple[str, str, int], cp_model.IntVar] = field(default_factory=dict)
    runs: dict[tuple[str, int, int], cp_model.IntVar] = field(default_factory=dict)
    cache: dict[tuple[object, ...], Any] = field(default_factory=dict)
    """Derived expressions shared between encoders (see :mod:`rotation.models.horizon`)."""
    vacancies: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    skill_vacancies: dict[tuple[str, str, int], cp_model.IntVar] = field(default_factory=dict)
    """Posts left to recruitment per (unit, period), and how many of them need a skill
    (rule ``vacancies``, :mod:`rotation.models.rules.staffing`)."""

    def var(self, person: str, unit: str, period: int) -> cp_model.IntVar | None:
        """``x[person, unit, period]`` or None when the pair is not a candidate."""
        return self.x.get((person, unit, period))

    def role(self, person: str, unit: str, period: int, role: str) -> Expr:
        """1 if ``person`` holds ``role`` in ``unit`` in ``period`` (0 if impossible; period
        0 is today).

        For "member" it is ``x`` minus the leadership roles.
        """
        if period == 0:
            p = self.scenario.person[person]
            return int(p.unit == unit and p.role == role)
        var = self.var(person, unit, period)
        if var is None:
            return 0
        held = self.roles.get((person, unit, period), {})
        if role == "member":
            return var - sum(held.values())
        return held.get(role, 0)

    def holders(self, unit: str, period: int, role: str) -> list[tuple[str, Expr]]:
        """(person, expression) for everyone who may hold ``role`` in ``unit``."""
        out = []
        for pid, _ in self.by_unit.get((unit, period), []):
            expr = self.role(pid, unit, period, role)
            if not isinstance(expr, int):
                out.append((pid, expr))
        return out

    def size(self, unit: str, period: int) -> Expr:
        """The unit's headcount in the period: one integer ``h = Σ x`` shared by every
        rule that reads it (headcount, workload, age shares …), so that each of them
        posts a constraint on one variable rather than repeating the unit's whole column
        of ``x`` (a city's workload alone otherwise writes 300 k terms)."""
        key = (unit, period)
        var = self.sizes.get(key)
        if var is None:
            members = [v for _, v in self.by_unit.get(key, [])]
            var = self.model.new_int_var(0, len(members), f"size[{unit},{period}]")
            self.model.add(var == cp_model.LinearExpr.sum(members))
            self.sizes[key] = var
        return var

    def stay(self, person: str, period: int) -> Expr:
        """1 if ``person`` keeps in ``period`` the unit they held in ``period - 1`` (period
        0 is today's unit); 0 for someone retired by ``period``.

        The objective and the tenure rules are written on this literal rather than on
        ``1 - Σ x`` so that the LP relaxation sees a single variable per person and round.
        In round 1 it is ``x`` of today's unit. From round 2 on it is its own Boolean
        ``s = Σ_u k[u]`` over per-unit Booleans ``k[u] = x[u, t-1] ∧ x[u, t]`` (see
        :meth:`kept`): the sum bounds ``s`` by ``Σ_u min(x[u, t-1], x[u, t])``, one minus
        the distance between the two rounds' placements, which is as tight as a linear
        relaxation of "the same unit in both rounds" gets (a single ``s ≤ 1 - x[u, t-1] +
        x[u, t]`` per unit only sees the largest drop), and the per-unit Booleans are
        what the turnover of a team in a round counts. Shared by every rule, so the
        tenure windows of all rules read the same few literals.
        """
        if period == 1:
            current = self.scenario.person[person].unit
            var = self.var(person, current, period)
            return 0 if var is None else var
        if not self.in_plan(person, period):
            return 0
        if (person, period) not in self.stays:
            self._link(person, period)
        return self.stays[(person, period)]

    def kept(self, person: str, unit: str, period: int) -> Expr:
        """1 if ``person`` is in ``unit`` in both ``period - 1`` and ``period`` (period 0:
        today's unit), 0 where that cannot be."""
        if period == 1:
            if unit != self.scenario.person[person].unit:
                return 0
            var = self.var(person, unit, 1)
            return 0 if var is None else var
        if (person, period) not in self.stays:
            self._link(person, period)
        return self.kept_in.get((person, unit, period), 0)

    def arrived(self, person: str, unit: str, period: int) -> Expr:
        """1 if ``person`` moves into ``unit`` in ``period`` (``x - kept``)."""
        var = self.var(person, unit, period)
        if var is None:
            return 0
        return var - self.kept(person, unit, period)

    def _link(self, person: str, period: int) -> None:
        """The Booleans ``k[u] = x[u, t-1] ∧ x[u, t]`` (exact: ``k ≤`` both, ``k ≥`` their
        sum minus one) and the stay literal ``s = Σ_u k[u]`` of ``person`` in ``period``."""
        model, terms = self.model, []
        for unit, var in self.by_person.get((person, period), []):
            before = self.var(person, unit, period - 1)
            if before is None:
                continue
            k = model.new_bool_var(f"kept[{person},{unit},{period}]")
            model.add(k <= before)
            model.add(k <= var)
            model.add(k >= before + var - 1)
            self.kept_in[(person, unit, period)] = k
            terms.append(k)
        s = model.new_bool_var(f"stay[{person},{period}]")
        model.add(s == sum(terms))
        self.stays[(person, period)] = s

    def run(self, person: str, period: int, length: int) -> Expr:
        """1 if ``person`` stays in each of the ``length`` rounds ending with ``period``
        (rounds ``period - length + 1 .. period``): the conjunction of their stay literals,
        one Boolean shared by every rule that asks (exact both ways)."""
        first = period - length + 1
        if length == 1:
            return self.stay(person, period)
        key = (person, period, length)
        if key not in self.runs:
            stays = [self.stay(person, t) for t in range(first, period + 1)]
            if any(isinstance(v, int) and v == 0 for v in stays):
                return 0
            lits = [v for v in stays if not isinstance(v, int)]
            r = self.model.new_bool_var(f"run[{person},{period},{length}]")
            for v in lits:
                self.model.add(r <= v)
            self.model.add(r >= sum(lits) - (len(lits) - 1))
            self.runs[key] = r
        return self.runs[key]

    def in_plan(self, person: str, period: int) -> bool:
        """Whether ``person`` holds a unit in ``period`` (not retired by then)."""
        return bool(self.by_person.get((person, period)))

    def present(self, person: str) -> bool:
        """Whether the person is in the plan at all (not retired by the plan date)."""
        return self.duties[person].duty is not Duty.RETIRED

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


def linear_terms(expression: Expr) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64], int]:
    """(variable indices, coefficients, constant) of a linear expression."""
    if isinstance(expression, int):
        return np.zeros(0, np.int32), np.zeros(0, np.int64), expression
    flat = cp_model_helper.FlatIntExpr(expression)
    return (
        np.array([v.index for v in flat.vars], dtype=np.int32),
        np.array(flat.coeffs, dtype=np.int64),
        int(flat.offset),
    )


def reader(values: Sequence[int] | npt.NDArray[np.int64]) -> Callable[[Expr], int]:
    """``value(expression)`` over a solution given as every variable's value by index."""
    x = np.asarray(values, dtype=np.int64)

    def value(expression: Expr) -> int:
        if isinstance(expression, cp_model.IntVar):
            return int(x[expression.index])
        index, coeffs, offset = linear_terms(expression)
        return int(coeffs @ x[index]) + offset

    return value


def expression_range(model: cp_model.CpModel, expr: Expr) -> tuple[int, int]:
    """The least and greatest values of a linear expression over its variables' domains."""
    if isinstance(expr, int):
        return expr, expr
    flat = cp_model_helper.FlatIntExpr(expr)
    low = high = int(flat.offset)
    for var, coeff in zip(flat.vars, flat.coeffs, strict=True):
        domain = model.proto.variables[var.index].domain
        least, most = int(domain[0]), int(domain[len(domain) - 1])
        low += coeff * (least if coeff > 0 else most)
        high += coeff * (most if coeff > 0 else least)
    return low, high


def narrows(spec: object, switchable: bool) -> bool:
    """Whether a rule is enforced through the domains: on, hard and not switchable."""
    return bool(getattr(spec, "enabled", False)) and getattr(spec, "hard", False) and not switchable


def candidate_units(
    scenario: Scenario, duty: Obligation, switchable: bool, person: str | None = None
) -> Iterable[str]:
    """The units a person may be given, after hard person-level rules that are fixed
    (and, given ``person``, the rotation scope: see :func:`reachable_units`).

    Soft or switchable rules do not narrow the domain: their encoders post them so
    that they can be violated at a cost or dropped by an explanation.
    """
    if duty.duty is Duty.RETIRED:
        return []
    reachable = scenario.units if person is None else reachable_units(scenario, person, switchable)
    all_units = [u.id for u in reachable]
    rules = scenario.rules
    decided_by = {
        Duty.PINNED: rules.pins,
        Duty.STAY_FROZEN: rules.frozen,
        Duty.STAY_NEAR_RETIREMENT: rules.near_retirement,
        Duty.STAY_SERVICE: rules.minimum_service,
        Duty.STAY_MINIMUM: rules.minimum_stay,
        Duty.MUST_MOVE: rules.mandatory_rotation,
    }.get(duty.duty)
    if decided_by is None or not narrows(decided_by, switchable):
        return all_units
    if duty.duty is Duty.MUST_MOVE:
        return [u for u in all_units if u != duty.unit]
    return [duty.unit] if duty.unit is not None else all_units


def reachable_units(scenario: Scenario, person: str, switchable: bool) -> tuple[Unit, ...]:
    """The units a person may be placed in at all: their county's units when the
    rotation-scope rule is hard and lets no role cross (so a province model is built
    county by county, never over all person × unit pairs), else every unit."""
    scope = scenario.rules.rotation_scope
    if not (narrows(scope, switchable) and scope.confines(scenario)):
        return scenario.units
    county = scenario.unit[scenario.person[person].unit].county
    return scenario.memo(
        ("county_units", county),
        lambda: tuple(u for u in scenario.units if u.county == county),
    )


def pair_rules(scenario: Scenario) -> list[PairRule]:
    """The enabled rules that forbid (person, unit, role) placements."""
    from rotation.rules import PairRule

    return [spec for spec in scenario.rules.active() if isinstance(spec, PairRule)]


def candidate_roles(
    scenario: Scenario, person: Person, unit: Unit, switchable: bool
) -> tuple[str, ...]:
    """The roles a person may hold in a unit: the structural ones (leaders keep their
    level), less those a hard pair rule that narrows domains forbids."""
    roles = base_roles(scenario, person, unit)
    for spec in pair_rules(scenario):
        if narrows(spec, switchable):
            roles = tuple(r for r in roles if spec.breach(scenario, person, unit, r) is None)
    return roles


class _RoleScreen:
    """:func:`candidate_roles` for one person over every unit, fast: the structural
    roles once per kind of unit (:func:`base_roles` reads a unit only through whether
    it is the person's own and whether it has head and deputy posts), and for each role
    only the narrowing pair rules that :meth:`PairRule.concerns` the person in it."""

    def __init__(
        self,
        scenario: Scenario,
        person: Person,
        narrowing: list[PairRule],
        priced: list[PairRule] | None = None,
    ) -> None:
        self.scenario, self.person = scenario, person
        self.structural: dict[tuple[bool, bool, bool], tuple[str, ...]] = {}
        # ``priced`` (see :func:`promotion_never_pays`): the posted pair rules that may
        # bind this member as a member; None when a member keeps the deputy Boolean
        self.priced = (
            None
            if priced is None or person.role != "member"
            else [s for s in priced if s.concerns(scenario, person, "member")]
        )
        self.rules = {
            role: [spec for spec in narrowing if spec.concerns(scenario, person, role)]
            for role in ("head", "deputy", "member")
        }
        # a unit-blind rule that concerns the person in a role forbids it everywhere
        self.barred = {
            role for role, specs in self.rules.items() if any(s.unit_blind for s in specs)
        }

    def roles(self, unit: Unit) -> tuple[str, ...]:
        roles = self._allowed(unit)
        if self.priced is not None and "deputy" in roles and "member" in roles:
            # a member promoted to deputy here is dominated by the same member staying a
            # member: drop the promotion unless a posted pair rule prices the member role
            # in this unit but not the deputy one (see :func:`promotion_never_pays`)
            s, p = self.scenario, self.person
            if all(
                spec.breach(s, p, unit, "member") is None
                or spec.breach(s, p, unit, "deputy") is not None
                for spec in self.priced
            ):
                return tuple(r for r in roles if r != "deputy")
        return roles

    def _allowed(self, unit: Unit) -> tuple[str, ...]:
        shape = (unit.id == self.person.unit, unit.heads > 0, unit.deputies > 0)
        roles = self.structural.get(shape)
        if roles is None:
            # the roles of any round: a head may step down (rule 4) once 15 years at the
            # level are reached, which may be only in the last round; the leadership rule
            # holds the step-down back in the rounds before (``encode_leadership_slots``)
            last = round_date(self.scenario, self.scenario.horizon)
            roles = self.structural[shape] = base_roles(self.scenario, self.person, unit, last)
        if not any(self.rules[r] for r in roles):
            return roles
        return tuple(
            r
            for r in roles
            if r not in self.barred
            and all(
                spec.breach(self.scenario, self.person, unit, r) is None for spec in self.rules[r]
            )
        )


def promotion_never_pays(scenario: Scenario) -> bool:
    """Whether no plan is ever better for promoting a member to deputy, so that members
    need no deputy Boolean (in the city preset this removes 131 k of 536 k variables and
    their ``deputy ≤ x`` constraints).

    Take any plan in which a member is deputy somewhere and make them a plain member of
    the same unit instead. The ``promotions`` goal (on, weight > 0) then costs one less;
    ``leadership_slots`` bounds deputies only from above (``deputies ≤ posts``, soft: the
    excess), so it holds or costs no more; kin avoidance counts leaders only against
    them (``leads + in_office ≤ 1``); a member cannot be head (:func:`base_roles`); no
    other rule reads roles. A pair rule could price the member role where the deputy
    one is free (e.g. ``regional_avoidance`` with ``roles = ["member"]``):
    :class:`_RoleScreen` keeps the deputy Boolean in exactly those places. So every tier's
    optimum is reached without member promotions, and dropping them keeps the optimum of
    every tier (the checker is unchanged: it still prices any promotion a plan holds).
    If a rule ever rewards a filled deputy post, this must go.
    """
    rules = scenario.rules
    promotions = rules.promotions
    return rules.leadership_slots.enabled and promotions.enabled and (promotions.weight or 0) > 0


@dataclass(frozen=True)
class Decided:
    """Placements decided before a model is built: in each round before ``before``, the
    unit of each person in ``units`` by (person, round), the others nowhere (as in a plan
    built round by round). The model then has no Boolean for any other placement in
    those rounds: ``district-5y``'s fifth round as a model with four rounds fixed had 47 k
    variables, with the fixed rounds decided 8.5 k."""

    units: Mapping[tuple[str, int], str]
    before: int

    def rules_out(self, person: str, unit: str, period: int) -> bool:
        """Whether the placement of ``person`` in ``unit`` in ``period`` is decided against."""
        return period < self.before and self.units.get((person, period)) != unit


def build_variables(
    scenario: Scenario, switchable: bool = False, decided: Decided | None = None
) -> ModelContext:
    """Create the model, one Boolean per candidate (person, unit, period), and the
    leadership Booleans where a pair allows more than one role; in the rounds that
    ``decided`` covers, only the decided unit is a candidate."""
    ctx = ModelContext(scenario, cp_model.CpModel(), switchable, obligations(scenario))
    model = ctx.model
    narrowing = [spec for spec in pair_rules(scenario) if narrows(spec, switchable)]
    priced = (
        [spec for spec in pair_rules(scenario) if not narrows(spec, switchable)]
        if promotion_never_pays(scenario)
        else None
    )
    for p in scenario.people:
        first = set(candidate_units(scenario, ctx.duties[p.id], switchable, p.id))
        screen = _RoleScreen(scenario, p, narrowing, priced)
        for t in scenario.periods:
            if retired_by(scenario, p.id, t):
                continue  # the retired hold no post from their round on
            for unit in reachable_units(scenario, p.id, switchable):
                # person-level duties are decided for the first round only
                if t == 1 and unit.id not in first:
                    continue
                if decided is not None and decided.rules_out(p.id, unit.id, t):
                    continue
                roles = screen.roles(unit)
                if not roles:
                    continue
                var = model.new_bool_var(f"x[{p.id},{unit.id},{t}]")
                key = (p.id, unit.id, t)
                ctx.x[key] = var
                ctx.by_person[(p.id, t)].append((unit.id, var))
                ctx.by_unit[(unit.id, t)].append((p.id, var))
                lead = [r for r in LEAD_ROLES if r in roles]
                if not lead:
                    continue
                if len(roles) == 1:
                    ctx.roles[key] = {lead[0]: var}  # the only role there: x itself
                elif "member" in roles:
                    held = {r: model.new_bool_var(f"{r}[{p.id},{unit.id},{t}]") for r in lead}
                    model.add(sum(held.values()) <= var)
                    ctx.roles[key] = held
                else:  # deputy or head: one Boolean decides, the deputy role is the rest
                    head = model.new_bool_var(f"head[{p.id},{unit.id},{t}]")
                    model.add(head <= var)
                    ctx.roles[key] = {"head": head, "deputy": var - head}
    return ctx
