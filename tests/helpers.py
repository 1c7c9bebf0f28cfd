"""Tiny hand-made scenarios for rule and validator tests (plan date 2027-01-01)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from ortools.sat.python import cp_model

from rotation.dates import add_months
from rotation.plan import Plan
from rotation.result import Result
from rotation.rules import RuleSet
from rotation.scenario import Person, Pin, Relation, Scenario, Unit
from rotation.solvers import solve
from rotation.validate import SKILL_ZH, measure, objective, penalties, validate

PLAN_DATE = dt.date(2027, 1, 1)

UNIT_NAMES = {"U1": "城关镇纪委", "U2": "东街道纪工委", "U3": "西乡纪委", "U4": "南乡纪委"}


def unit(
    uid: str,
    lo: int = 0,
    hi: int = 10,
    *,
    kind: str = "township",
    area: str = "",
    needs: Mapping[str, int] | None = None,
    name: str | None = None,
) -> Unit:
    """A unit with band [lo, hi]; township unless told."""
    return Unit(
        uid,
        name or UNIT_NAMES.get(uid, f"单位{uid}"),
        kind,
        lo,
        hi,
        area=area,
        needs=dict(needs or {}),
    )


def person(
    pid: str,
    unit_id: str,
    years: float = 3,
    *,
    skills: Iterable[str] = (),
    role: str = "member",
    frozen: str = "",
    prefs: Iterable[str] = (),
    name: str | None = None,
) -> Person:
    """A person who has been ``years`` (rounded to months) in ``unit_id`` by the plan date."""
    return Person(
        pid,
        name or f"干部{pid}",
        "M",
        dt.date(1980, 5, 1),
        unit_id,
        add_months(PLAN_DATE, -round(years * 12)),
        role=role,
        skills=frozenset(skills),
        frozen=frozen,
        preferences=tuple(prefs),
    )


CORE = (
    "assignment",
    "headcount",
    "skill_cover",
    "mandatory_rotation",
    "minimum_stay",
    "frozen",
    "kin_avoidance",
    "pins",
    "fewest_moves",
    "preferences",
)
"""The rules of the first version; tiny scenarios switch the others on where they test them."""


def only(*names: str) -> RuleSet:
    """Default rule specs with only ``names`` switched on; tiny scenarios fill every head
    post (``leadership_slots.fill_vacant``) so that promotions can be tested."""
    rules = RuleSet(
        **{spec.name: dataclasses.replace(spec, enabled=spec.name in names) for spec in RuleSet()}
    )
    return rules.with_changes(leadership_slots={"fill_vacant": True})


def scenario(
    units: Iterable[Unit],
    people: Iterable[Person],
    *,
    relations: Iterable[tuple[str, str] | Relation] = (),
    pins: Iterable[tuple[str, str] | Pin] = (),
    enable: Iterable[str] = (),
    **rules: Any,
) -> Scenario:
    """A scenario with the :data:`CORE` rules and those in ``enable`` on; ``rules`` maps a
    rule name to a spec or a dict of changes to its spec."""
    rels = [r if isinstance(r, Relation) else Relation(r[0], r[1], "spouse") for r in relations]
    pin_list = [p if isinstance(p, Pin) else Pin(p[0], p[1]) for p in pins]
    s = Scenario(
        "tiny",
        PLAN_DATE,
        tuple(people),
        tuple(units),
        relations=tuple(rels),
        pins=tuple(pin_list),
        rules=only(*CORE, *enable),
    )
    return with_rules(s, **rules) if rules else s


def with_rules(s: Scenario, **rules: Any) -> Scenario:
    """``s`` with some rule specs changed: ``headcount={"weight": 7}`` or a whole spec."""
    changed = {}
    for name, value in rules.items():
        spec = getattr(s.rules, name)
        changed[name] = dataclasses.replace(spec, **value) if isinstance(value, Mapping) else value
    return s.replace(rules=dataclasses.replace(s.rules, **changed))


def soft(s: Scenario, name: str, weight: float = 7.0) -> Scenario:
    """``s`` with rule ``name`` soft at ``weight``."""
    return with_rules(s, **{name: {"weight": weight}})


def off(s: Scenario, name: str) -> Scenario:
    """``s`` with rule ``name`` switched off."""
    return with_rules(s, **{name: {"enabled": False}})


def soften_all(s: Scenario, weight: float = 1000.0) -> Scenario:
    """Every hard rule that can be soft made soft (assignment stays hard)."""
    rules = RuleSet(
        **{
            spec.name: (
                dataclasses.replace(spec, weight=weight) if spec.hard and spec.can_be_soft else spec
            )
            for spec in s.rules
        }
    )
    return s.replace(rules=rules)


def run(s: Scenario) -> Result:
    """Solve a tiny scenario (quickly; these prove optimal in milliseconds)."""
    return solve(s, time_limit=10)


def plan_of(s: Scenario, placement: Mapping[str, str]) -> Plan:
    """A period-1 plan: everyone stays except as ``placement`` says."""
    units = {p.id: p.unit for p in s.people}
    units.update(placement)
    return Plan(s, {(pid, 1): u for pid, u in units.items()})


def placed(result: Result) -> dict[str, str]:
    """Person -> unit in period 1 of a result's plan."""
    assert result.plan is not None, result.message
    return {pid: u for (pid, t), u in result.plan.assignments.items() if t == 1}


def assert_optimal(s: Scenario) -> Result:
    """Solve: OPTIMAL, the plan passes the checker, and every tier's optimum proved by the
    model equals the checker's cost of the plan (the model and the specification agree)."""
    r = run(s)
    assert r.status == "OPTIMAL", r.message
    assert r.plan is not None
    assert validate(s, r.plan) == []
    assert objective(s, r.plan) == pytest.approx(r.objective)
    for tier in r.tiers:
        assert tier.value == pytest.approx(tier.bound), tier.rules
    return r


def assert_infeasible(s: Scenario, rule: str, *names: str) -> Result:
    """No plan; the message is a sentence (naming ``names``) in both languages; without
    ``rule`` a plan exists."""
    r = run(s)
    assert r.status == "INFEASIBLE"
    assert r.plan is None and r.objective is None
    assert len(r.message) > 20 and len(r.message_zh) > 10
    for name in names:
        assert name in r.message, (name, r.message)
        assert SKILL_ZH.get(name, name) in r.message_zh, (name, r.message_zh)
    assert_optimal(off(s, rule))
    return r


def assert_penalty(s: Scenario, rule: str, k: float, cost: float) -> Result:
    """Optimal at ``cost``; ``rule``'s amount is ``k`` for the solver and the checker."""
    r = assert_optimal(s)
    assert r.plan is not None
    assert r.objective == pytest.approx(cost)
    assert r.penalties.get(rule, 0) == k
    assert penalties(s, r.plan).get(rule, 0) == k
    assert sum(v.amount for v in measure(s, r.plan)[rule]) == k
    return r


def hard(s: Scenario, name: str) -> Scenario:
    """``s`` with rule ``name`` hard."""
    return with_rules(s, **{name: {"weight": None}})


def golomb(marks: int) -> cp_model.CpModel:
    """The shortest Golomb ruler of ``marks`` marks: a first plan at once, a proof far
    beyond a few seconds (minutes for 12), for tests of how a search is stopped."""
    model = cp_model.CpModel()
    top = marks * marks
    x = [model.new_int_var(0, top, f"x{i}") for i in range(marks)]
    model.add(x[0] == 0)
    diffs = []
    for i in range(marks):
        for j in range(i + 1, marks):
            d = model.new_int_var(1, top, f"d{i},{j}")
            model.add(d == x[j] - x[i])
            diffs.append(d)
    model.add_all_different(diffs)
    for i in range(marks - 1):
        model.add(x[i] < x[i + 1])
    model.minimize(x[-1])
    return model
