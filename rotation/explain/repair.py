"""Ranked repairs: changes that make an infeasible district plannable, each verified.

Every hard rule instance of the switchable model (see :mod:`rotation.explain.oracle`) is
allowed to give way at the policy cost of the change that would lift it: a unit's
minimum lowered (a vacancy), its maximum raised, a skill need lowered, a pin dropped, a
person exempted from a duty, a freeze lifted, a relative pair excepted, a rule made a
goal. CP-SAT then finds the cheapest set of changes after which every other instance
holds (a minimum-cost correction set); it is blocked and the next cheapest is found, and
so on. A correction set hits every conflict, so each repair lifts at least one member
of the conflict shown (the words say how many), and a district with two independent
shortages gets repairs that mend both. Each set of changes is made to the scenario,
which is solved again (tier by tier, as ``rotation solve``): a repair is reported only
when that plan passes :func:`rotation.validate.validate`, with its number of moves.
Repairs are ranked by policy cost, then by moves.

Policy costs, per step (:data:`POLICY_COSTS`; ``costs=`` overrides any of them):

=========  ====  =====================================================================
kind       cost  change
=========  ====  =====================================================================
band       2     one more place above a unit's maximum headcount
vacancy    3     one place below a unit's minimum, or one skill holder fewer (空缺)
posts      4     one more head or deputy post in a unit (职数)
unpin      4     a department's pin dropped: the plan places the person
exempt     6     one person exempted from a duty (mandatory rotation, minimum stay or
                 service, near retirement, a full term …): pinned where the
                 correction set puts them (their own unit for a duty to leave)
unfreeze   8     a freeze lifted (probation, under investigation …)
kin        10    an exception to kin avoidance for one pair (rule 19)
soften     20    a hard rule made a goal at weight 1000 (broken only where needed)
=========  ====  =====================================================================

The table says what an organisation department gives up least readily: an extra place
is a routine 编制 request, a vacancy leaves work undone, an exemption or a lifted
freeze overrides a decision about a person, and kin avoidance or a whole rule is a
matter of principle.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ortools.sat.python import cp_model

from rotation import interrupt
from rotation.explain.conflict import DEFAULT_TIME, Conflict
from rotation.explain.describe import LEAVING, STAYING
from rotation.explain.oracle import Oracle
from rotation.facts import SKILL_ZH, is_frozen
from rotation.plan import Plan
from rotation.scenario import Pin, Scenario, Unit
from rotation.validate import penalties, validate
from rotation.validate.common import Names

InstanceKey = tuple[object, ...]
"""The key of one rule instance's switch (see :mod:`rotation.explain.describe`)."""

POLICY_COSTS: Mapping[str, float] = MappingProxyType(
    {
        "band": 2.0,
        "vacancy": 3.0,
        "posts": 4.0,
        "unpin": 4.0,
        "exempt": 6.0,
        "unfreeze": 8.0,
        "kin": 10.0,
        "soften": 20.0,
    }
)
"""Policy cost of one step of each kind of change (see the module docstring)."""

SOFT_WEIGHT = 1000.0
"""The weight of a hard rule made a goal by a ``soften`` repair."""


@dataclass(frozen=True)
class Change:
    """One change to the scenario, ``amount`` steps of one ``kind`` on one ``target``:

    - band ``("max", unit)``: max_staff + amount;
    - vacancy ``("min", unit)``: min_staff − amount; ``("need", unit, skill)``: need − amount;
    - posts ``(unit, "heads" | "deputies")``: + amount posts;
    - unpin ``(person,)``: the person's pins dropped;
    - exempt ``(person, unit, rule)``: the person pinned to ``unit`` (their own unit for a
      duty to leave, else where a plan without the duty puts them); ``unit`` is empty
      until the search has found it;
    - unfreeze ``(person,)``: the stated freeze and an unfinished probation cleared;
    - kin ``(a, b)``: the relation of a and b dropped (an exception, rule 19);
    - soften ``(rule,)``: the rule made a goal at :data:`SOFT_WEIGHT`.
    """

    kind: str
    target: tuple[str, ...]
    amount: int = 1

    @property
    def slot(self) -> tuple[str, tuple[str, ...]]:
        """What the change acts on (two steps on one slot merge into one change)."""
        if self.kind == "exempt":
            return (self.kind, (self.target[0],))
        return (self.kind, self.target)

    def cost(self, table: Mapping[str, float]) -> float:
        """Policy cost: the kind's cost per step × the steps."""
        return table[self.kind] * self.amount

    def apply(self, s: Scenario) -> Scenario:
        """The scenario with this change made."""
        kind, target = self.kind, self.target
        if kind in ("band", "vacancy", "posts"):
            uid = target[1] if kind != "posts" else target[0]
            units = tuple(self._unit(u) if u.id == uid else u for u in s.units)
            return s.replace(units=units)
        if kind == "unpin":
            return s.replace(pins=tuple(p for p in s.pins if p.person != target[0]))
        if kind == "exempt":
            pins = tuple(p for p in s.pins if p.person != target[0])
            return s.replace(pins=(*pins, Pin(target[0], target[1])))
        if kind == "unfreeze":
            people = []
            for p in s.people:
                if p.id == target[0]:
                    probation = p.probation_end
                    if probation is not None and probation > s.plan_date:
                        probation = None
                    p = dataclasses.replace(p, frozen="", probation_end=probation)
                people.append(p)
            return s.replace(people=tuple(people))
        if kind == "kin":
            pair = set(target)
            return s.replace(relations=tuple(r for r in s.relations if {r.a, r.b} != pair))
        if kind == "soften":
            spec = s.rules_by_name[target[0]]
            changed: dict[str, Any] = {spec.name: dataclasses.replace(spec, weight=SOFT_WEIGHT)}
            return s.replace(rules=dataclasses.replace(s.rules, **changed))
        raise ValueError(f"unknown kind of change {kind!r}")

    def _unit(self, u: Unit) -> Unit:
        kind, target, k = self.kind, self.target, self.amount
        if kind == "band":
            return dataclasses.replace(u, max_staff=u.max_staff + k)
        if kind == "posts":
            field_ = target[1]
            return dataclasses.replace(u, **{field_: getattr(u, field_) + k})
        if target[0] == "min":
            return dataclasses.replace(u, min_staff=max(u.min_staff - k, 0))
        needs = {skill: need for skill, need in u.needs}
        needs[target[2]] = max(needs.get(target[2], 0) - k, 0)
        return dataclasses.replace(u, needs=tuple((s, n) for s, n in needs.items() if n > 0))

    def describe(self, s: Scenario) -> tuple[str, str]:
        """The change in words (English, Chinese), with the numbers before and after."""
        n, kind, target, k = Names(s), self.kind, self.target, self.amount
        if kind == "band":
            u = s.unit[target[1]]
            return (
                f"raise the maximum of {n.u(u.id)} from {u.max_staff} to {u.max_staff + k} people",
                f"{n.u(u.id)} 最多人数由{u.max_staff}人增至{u.max_staff + k}人",
            )
        if kind == "vacancy" and target[0] == "min":
            u = s.unit[target[1]]
            low = max(u.min_staff - k, 0)
            return (
                f"lower the minimum of {n.u(u.id)} from {u.min_staff} to {low} people "
                f"(leave {k} place{'s' if k != 1 else ''} vacant)",
                f"{n.u(u.id)} 最少人数由{u.min_staff}人降至{low}人（允许空缺）",
            )
        if kind == "vacancy":
            u, skill = s.unit[target[1]], target[2]
            need = u.needs_map.get(skill, 0)
            low = max(need - k, 0)
            return (
                f"let {n.u(u.id)} have {low} instead of {need} with {skill} (a vacancy)",
                f"{n.u(u.id)} {SKILL_ZH.get(skill, skill)}专业人员要求由{need}名降至{low}名"
                "（允许空缺）",
            )
        if kind == "posts":
            u, what = s.unit[target[0]], target[1]
            now = getattr(u, what)
            en_what, zh_what = ("head", "负责人") if what == "heads" else ("deputy", "副职")
            return (
                f"give {n.u(u.id)} {now + k} {en_what} posts instead of {now}",
                f"{n.u(u.id)} {zh_what}职数由{now}名增至{now + k}名",
            )
        if kind == "unpin":
            pid = target[0]
            where = n.u(s.pin_for(pid, 1))
            return (
                f"drop the pin of {n.p(pid)} to {where} and let the plan place them",
                f"取消{n.p(pid)}安排到{where}的指定，由方案统筹安排",
            )
        if kind == "exempt":
            pid, dest, rule = target
            spec = s.rules_by_name[rule]
            here = s.person[pid].unit
            if dest == here:
                return (
                    f"exempt {n.p(pid)} from '{spec.title_en}': they stay in {n.u(here)}",
                    f"{n.p(pid)} 不受“{spec.title_zh}”限制，留任{n.u(here)}",
                )
            return (
                f"exempt {n.p(pid)} from '{spec.title_en}': they move to {n.u(dest)}",
                f"{n.p(pid)} 不受“{spec.title_zh}”限制，调往{n.u(dest)}",
            )
        if kind == "unfreeze":
            pid = target[0]
            why = is_frozen(s.person[pid], s.plan_date)
            return (
                f"lift the freeze on {n.p(pid)} ({why}): they may be moved",
                f"解除{n.p(pid)}暂不交流的限制（{why}）",
            )
        if kind == "kin":
            a, b = target
            return (
                f"make an exception to kin avoidance for {n.p(a)} and {n.p(b)} (rule 19)",
                f"对{n.p(a)}与{n.p(b)}的亲属回避作例外处理（第19条）",
            )
        spec = s.rules_by_name[target[0]]
        return (
            f"treat '{spec.title_en}' as a goal (weight {SOFT_WEIGHT:g}) instead of a hard rule",
            f"将“{spec.title_zh}”由硬性规则改为目标（权重{SOFT_WEIGHT:g}）",
        )


@dataclass(frozen=True)
class Repair:
    """Changes that make the scenario plannable, verified: ``plan`` (of the changed
    scenario, ``status`` as the solver returned it) passes the checker; ``moves`` is its
    number of moves (retirements not counted); ``broken`` counts, for each rule a repair
    made soft, the times the plan breaks it."""

    changes: tuple[Change, ...]
    cost: float
    moves: int
    status: str
    en: str
    zh: str
    scenario: Scenario = field(repr=False, compare=False)
    plan: Plan = field(repr=False, compare=False)
    broken: tuple[tuple[str, float], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The changes, their cost and the moves of the plan they lead to."""
        return self.zh if lang == "zh" else self.en

    def lifting(self, original: Scenario, conflict: Conflict) -> Repair:
        """This repair with its words saying how many members of ``conflict`` (a conflict
        of ``original``, the scenario before the changes) it lifts."""
        slots = {c.slot for c in self.changes}
        lifted = sum(1 for m in conflict.members if slot_of(original, m.rule, m.key) in slots)
        en, zh = _words(original, self.changes, self.cost, self.moves, self.broken, lifted)
        return dataclasses.replace(self, en=en, zh=zh)


def slot_of(scenario: Scenario, rule: str, key: InstanceKey) -> tuple[str, tuple[str, ...]] | None:
    """The change (kind, target) that lets the rule instance ``(rule, key)`` give way,
    None for the structure (what no repair changes); see :class:`Change` (an exemption's
    target is just the person here: where they go is found by the solve)."""
    k = [str(part) for part in key]
    if rule == "headcount":
        return ("vacancy", ("min", k[0])) if k[2] == "min" else ("band", ("max", k[0]))
    if rule == "skill_cover":
        return ("vacancy", ("need", k[0], k[1]))
    if rule == "leadership_slots" and k[2] in ("heads", "deputy"):
        return ("posts", (k[0], "heads" if k[2] == "heads" else "deputies"))
    if rule == "pins":
        return ("unpin", (k[0],))
    if rule == "frozen":
        return ("unfreeze", (k[0],))
    if rule in STAYING or rule in LEAVING:
        return ("exempt", (k[0],))
    if rule in ("kin_avoidance", "kin_lower_moves"):
        return ("kin", (min(k[0], k[1]), max(k[0], k[1])))
    if scenario.rules_by_name[rule].can_be_soft:
        return ("soften", (rule,))
    return None


def family(kind: str, target: tuple[str, ...]) -> tuple[str, ...]:
    """Changes of one family are interchangeable to a department (any unit's law need,
    any unit's minimum, any exemption …); a rule made soft is a family of its own."""
    if kind == "vacancy":
        return (kind, "min" if target[0] == "min" else target[2])
    if kind in ("posts", "soften"):
        return (kind, target[-1] if kind == "posts" else target[0])
    return (kind,)


@dataclass(frozen=True)
class _Slot:
    """One thing a repair can change: ``kind`` and ``target`` as in :class:`Change`;
    ``amount`` is the expression of its steps in the model (a 0/1 literal for a binary
    change, a slack integer for a counted one)."""

    kind: str
    target: tuple[str, ...]
    amount: cp_model.IntVar
    used: cp_model.IntVar


class _RepairModel:
    """The switchable model of a scenario with every rule instance allowed to give way
    at its policy cost: a minimum-cost correction set (the cheapest changes after which
    the hard rules can all hold) is an optimum of this model.

    A counted instance (a unit's minimum or maximum headcount, a skill need) gives way
    by a slack integer (``size + short ≥ min`` always holds, the switch itself may be
    off), costing one step per place or holder; the others share a literal per
    change (every switch of one relative pair, or of one person's duties, or of one
    rule made soft), with ``switch ∨ dropped``, costing one step. Leadership posts are
    counted too (one step per extra head or deputy)."""

    def __init__(self, scenario: Scenario, table: Mapping[str, float]) -> None:
        self.s = scenario
        self.oracle = Oracle(scenario)
        ctx = self.oracle.ctx
        self.model = model = ctx.model
        for lit in self.oracle.literals:  # the oracle's checks fix domains; free them here
            domain = model.proto.variables[lit.index].domain
            domain.clear()
            domain.extend([0, 1])
        self.slots: dict[tuple[str, tuple[str, ...]], _Slot] = {}
        self.diverse = model.new_bool_var("diverse")
        self.phase = 1  # the value :attr:`diverse` is fixed to
        self.rules_of: dict[tuple[str, tuple[str, ...]], list[tuple[str, InstanceKey]]] = {}
        terms = []
        for (rule, key), lit in ctx.switches.items():
            slot = self._slot(rule, key, lit)
            if slot is None:
                model.add(lit == 1)  # cannot give way (the structure of the plan)
                continue
            self.rules_of.setdefault((slot.kind, slot.target), []).append((rule, key))
        for slot in self.slots.values():
            terms.append(round(table[slot.kind] * 100) * slot.amount)
        model.minimize(sum(terms))

    def _counted(
        self, kind: str, target: tuple[str, ...], expr: Any, bound: int, most: int, below: bool
    ) -> _Slot:
        """A slack that lets ``expr`` fall short of (``below``) or exceed ``bound``."""
        model = self.model
        slack = model.new_int_var(0, max(most, 0), f"{kind}{target}")
        used = model.new_bool_var(f"used{kind}{target}")
        if below:
            model.add(expr + slack >= bound)
        else:
            model.add(expr - slack <= bound)
        model.add(slack <= max(most, 0) * used)
        model.add(slack >= used)
        slot = _Slot(kind, target, slack, used)
        self.slots[(kind, target)] = slot
        return slot

    def _slot(self, rule: str, key: InstanceKey, lit: cp_model.IntVar) -> _Slot | None:
        s, ctx = self.s, self.oracle.ctx
        found = slot_of(s, rule, key)
        if found is None:
            return None
        kind, target = found
        slot = self.slots.get(found)
        if slot is not None:
            if kind in ("soften", "unpin", "unfreeze", "exempt", "kin"):
                self.model.add_bool_or([lit, slot.used])
            return slot
        if kind in ("vacancy", "band"):
            uid = target[1]
            u, size = s.unit[uid], ctx.size(uid, 1)
            if target[0] == "min":
                return self._counted(kind, target, size, u.min_staff, u.min_staff, True)
            if target[0] == "max":
                people = len(ctx.by_unit.get((uid, 1), []))
                return self._counted(kind, target, size, u.max_staff, people, False)
            skill = target[2]
            need = u.needs_map.get(skill, 0)
            holders = sum(
                v for pid, v in ctx.by_unit.get((uid, 1), []) if skill in s.person[pid].skills
            )
            return self._counted(kind, target, holders, need, need, True)
        if kind == "posts":
            uid, what = target
            role = "head" if what == "heads" else "deputy"
            held = sum(e for _, e in ctx.holders(uid, 1, role))
            posts = getattr(s.unit[uid], what)
            return self._counted(kind, target, held, posts, len(s.people), False)
        dropped = self.model.new_bool_var(f"{kind}{target}")
        slot = self.slots[found] = _Slot(kind, target, dropped, dropped)
        self.model.add_bool_or([lit, dropped])
        return slot

    def _block(self, used: list[_Slot], solver: cp_model.CpSolver) -> None:
        """No later repair contains this one (it would cost more for nothing); and while
        :attr:`diverse` holds, every later one takes fewer steps of at least one family
        (:func:`family`) than this one. A district short of three law holders has many
        interchangeable triples of units to leave vacant: one of them tells the user what
        the others would, and the next repair should trade some of those vacancies for
        another kind of change. When no such trade is left the search goes on without
        :attr:`diverse`: other units, other people."""
        model = self.model
        model.add_bool_or([~slot.used for slot in used])
        families: dict[tuple[str, ...], list[_Slot]] = {}
        for slot in self.slots.values():
            families.setdefault(family(slot.kind, slot.target), []).append(slot)
        fewer = [~self.diverse]
        for name in sorted({family(slot.kind, slot.target) for slot in used}):
            slots = families[name]
            steps = sum(int(solver.value(slot.amount)) for slot in slots)
            less = model.new_bool_var(f"fewer{name}")
            model.add(sum(slot.amount for slot in slots) <= steps - 1).only_enforce_if(less)
            fewer.append(less)
        model.add_bool_or(fewer)

    def next(self, time_limit: float) -> tuple[tuple[Change, ...], float] | None:
        """The next cheapest set of changes (None: none left, or no answer in time),
        then blocked so that the next call finds another (see :meth:`_block`)."""
        deadline = time.perf_counter() + time_limit
        while True:
            solver = cp_model.CpSolver()
            params = solver.parameters
            params.num_workers = 1
            params.random_seed = self.s.solver.seed
            params.linearization_level = 2
            params.max_time_in_seconds = max(deadline - time.perf_counter(), 0.01)
            domain = self.model.proto.variables[self.diverse.index].domain
            domain.clear()
            domain.extend([self.phase, self.phase])
            status = interrupt.solve(solver, self.model)
            if status == cp_model.INFEASIBLE and self.phase == 1:
                self.phase = 0  # no other kind of trade left: other units, other people
                continue
            break
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        used = [slot for slot in self.slots.values() if solver.value(slot.used)]
        self._block(used, solver)
        changes = []
        for slot in used:
            amount = int(solver.value(slot.amount))
            target = slot.target
            if slot.kind == "exempt":
                pid = target[0]
                dest = next(
                    (
                        u
                        for u, var in self.oracle.ctx.by_person.get((pid, 1), [])
                        if solver.value(var)
                    ),
                    self.s.person[pid].unit,
                )
                broken = [
                    r
                    for r, k in self.rules_of[(slot.kind, target)]
                    if not solver.value(self.oracle.ctx.switches[(r, k)])
                ]
                rule = broken[0] if broken else self.rules_of[(slot.kind, target)][0][0]
                target = (pid, dest, rule)
            changes.append(Change(slot.kind, target, max(amount, 1)))
        return tuple(changes), solver.objective_value / 100


def _words(
    s: Scenario,
    changes: tuple[Change, ...],
    cost: float,
    moves: int,
    broken: tuple[tuple[str, float], ...],
    lifted: int,
) -> tuple[str, str]:
    parts = [c.describe(s) for c in changes]
    en = "; ".join(p[0] for p in parts) + f" (cost {cost:g}; the plan then has {moves} move"
    en += "" if moves == 1 else "s"
    zh = "；".join(p[1] for p in parts) + f"（代价{cost:g}；调整后方案交流{moves}人"
    if lifted:
        en += f"; lifts {lifted} of the conflict's rules"
        zh += f"；解除上述冲突中的{lifted}项"
    for rule, times in broken:
        spec = s.rules_by_name[rule]
        en += f"; breaks '{spec.title_en}' {times:g} time{'s' if times != 1 else ''}"
        zh += f"；“{spec.title_zh}”有{times:g}处未满足"
    return en + ")", zh + "）"


def repairs(
    scenario: Scenario,
    conflict: Conflict | None = None,
    *,
    costs: Mapping[str, float] | None = None,
    limit: int = 5,
    time_limit: float = DEFAULT_TIME,
) -> list[Repair]:
    """Up to ``limit`` repairs of an infeasible ``scenario``, cheapest first, each
    verified by a plan of the changed scenario that passes the checker. ``costs``
    overrides :data:`POLICY_COSTS` per kind. Each repair lifts at least one member of
    every conflict (a correction set hits every conflict), so of ``conflict`` too when
    given (its members lifted are named in the repair's words). Empty when the
    scenario is feasible or no repair is found in time."""
    deadline = time.perf_counter() + time_limit
    table = dict(POLICY_COSTS)
    for kind, value in (costs or {}).items():
        if kind not in table:
            raise ValueError(f"unknown kind of change {kind!r} (known: {', '.join(table)})")
        table[kind] = float(value)
    found: list[Repair] = []
    model = _RepairModel(scenario, table)
    attempts = 0
    while len(found) < limit and attempts < 3 * limit:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        answer = model.next(left)
        if answer is None:
            break
        attempts += 1
        changes, _ = answer
        if not changes:
            break  # nothing to change: the hard rules can all hold already
        repair = _verify(scenario, changes, table, deadline)
        if repair is not None:
            found.append(repair if conflict is None else repair.lifting(scenario, conflict))
    return sorted(found, key=lambda r: (r.cost, r.moves))


def _verify(
    scenario: Scenario,
    changes: tuple[Change, ...],
    table: Mapping[str, float],
    deadline: float,
) -> Repair | None:
    """Solve the changed scenario; a repair if its plan passes the checker."""
    from rotation.solvers import solve

    changed = scenario
    for change in changes:
        changed = change.apply(changed)
    left = deadline - time.perf_counter()
    if left <= 0:
        return None
    result = solve(changed, time_limit=min(left, changed.solver.time_limit), explain=False)
    if result.plan is None or validate(changed, result.plan):
        return None
    moves = sum(1 for _ in result.plan.iter_moves(retirements=False))
    cost = sum(c.cost(table) for c in changes)
    amounts = penalties(changed, result.plan)
    broken = tuple(
        (c.target[0], amounts.get(c.target[0], 0.0)) for c in changes if c.kind == "soften"
    )
    en, zh = _words(scenario, changes, cost, moves, broken, 0)
    return Repair(changes, cost, moves, result.status, en, zh, changed, result.plan, broken)


__all__ = ["POLICY_COSTS", "SOFT_WEIGHT", "Change", "Repair", "repairs"]
