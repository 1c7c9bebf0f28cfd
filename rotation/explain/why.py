"""Why and why not: why a person moves or stays in the optimal plan, and what a posting
the plan did not choose would cost.

Both questions are answered the same way: solve the scenario, then solve it again with
the decision forced the other way (the person kept, sent away, or posted to a unit);
the normal model gets the forced constraint and is optimised tier by tier like any
solve. If that has no plan, the rule instances that forbid the decision are a minimal
conflict of the switchable model with the forced constraint always in place
(:func:`rotation.explain.conflict.find_conflict`); otherwise the answer is each tier's
value in both plans and the other people whose unit changes with it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rotation.errors import ScenarioError
from rotation.explain.conflict import Conflict, ConflictMember, find_conflict
from rotation.explain.describe import duty_sentence
from rotation.explain.oracle import Force, leaving, posting
from rotation.facts import ROLE_ZH, Duty, base_roles, retire_date, retired_by
from rotation.models import build_model
from rotation.plan import Move, Plan
from rotation.reasons import Reason, explain_move, explain_stay
from rotation.result import Result
from rotation.scenario import Scenario
from rotation.solvers.cpsat import CpSatBackend, complete_hint
from rotation.solvers.staged import extract_plan, run_stages, settings_for
from rotation.validate import tier_values
from rotation.validate.common import Names


@dataclass(frozen=True)
class TierDelta:
    """One tier of the objective: its rules and its value in the optimal plan and in the
    plan with the decision forced."""

    rules: tuple[str, ...]
    optimal: float
    forced: float

    @property
    def delta(self) -> float:
        """What forcing the decision adds to this tier (negative: saves)."""
        return self.forced - self.optimal


@dataclass(frozen=True)
class Changed:
    """Someone else whose unit differs between the optimal plan and the forced one."""

    person: str
    optimal: str | None
    forced: str | None
    period: int = 1
    """The round where the two differ."""


@dataclass(frozen=True)
class Flip:
    """The decision forced the other way: either ``forbidden`` (the rule instances that
    forbid it, a minimal conflict) or the forced plan's cost per tier and who else moves
    differently."""

    en: str
    zh: str
    forbidden: Conflict | None = None
    tiers: tuple[TierDelta, ...] = ()
    changed: tuple[Changed, ...] = ()
    plan: Plan | None = field(default=None, repr=False, compare=False)
    proven: bool = True
    """Whether the forced plan is proven the best with the decision (else its tiers are
    what the search reached in the time given)."""

    @property
    def allowed(self) -> bool:
        """Whether a plan with the forced decision exists."""
        return self.forbidden is None


@dataclass(frozen=True)
class PersonExplanation:
    """Why ``person`` moves (to ``unit``) or stays in the optimal plan: their duty, the
    reasons of :mod:`rotation.reasons`, and what the other choice would cost."""

    person: str
    moves: bool
    unit: str | None
    duty: tuple[str, str] | None
    """What the person-level rules demand (round 1; later rounds: the plan decides)."""
    reasons: tuple[Reason, ...]
    flip: Flip | None
    scenario: Scenario = field(repr=False, compare=False)
    path: tuple[str | None, ...] = ()
    """In a plan of several rounds, the person's unit in each round (None: retired)."""
    period: int = 1
    """The round whose decision is explained."""

    def text(self, lang: str = "en") -> str:
        """The explanation as a few lines (in a plan of several rounds, with the round,
        and a line on what the rounds after it hold for the person)."""
        s, n = self.scenario, Names(self.scenario)
        zh = lang == "zh"
        p = s.person[self.person]
        before = p.unit if self.period == 1 else self.path[self.period - 2]
        when = _when(n, self.period)[1 if zh else 0]
        if self.unit is None:
            head = (
                f"{n.p(p.id)} 不在本轮方案中" if zh else f"{n.p(p.id)} is not in this round's plan"
            )
        elif self.moves:
            head = (
                f"{n.p(p.id)} {when}由{n.u(before)}交流到{n.u(self.unit)}"
                if zh
                else f"{n.p(p.id)} moves from {n.u(before)} to {n.u(self.unit)}{when}"
            )
        else:
            head = (
                f"{n.p(p.id)} {when}留任{n.u(before)}"
                if zh
                else f"{n.p(p.id)} stays in {n.u(before)}{when}"
            )
        lines = [head]
        if self.duty is not None:
            lines.append(("职责：" if zh else "duty: ") + self.duty[1 if zh else 0])
        if self.period < len(self.path):
            lines.append(_later_text(n, self.path, self.period, lang))
        if self.reasons:
            lines.append("理由：" if zh else "reasons:")
            lines += [f"  - {r.text(lang)}" for r in self.reasons]
        if self.flip is not None:
            lines.append(_flip_text(s, self.flip, lang))
        return "\n".join(lines)


def _when(n: Names, period: int) -> tuple[str, str]:
    """`` in round 2 (2028)`` / ``第2轮（2028年）`` in a plan of several rounds (empty in a
    plan of one), to follow or precede the decision in a sentence."""
    if n.scenario.horizon == 1:
        return "", ""
    return f" in {n.r(period)}", n.r(period, "zh")


def _later_text(n: Names, path: tuple[str | None, ...], period: int, lang: str) -> str:
    """What the rounds of ``path`` after ``period`` hold for the person: each change of
    unit, by round."""
    zh = lang == "zh"
    steps = []
    for t in range(period + 1, len(path) + 1):
        before, now = path[t - 2], path[t - 1]
        if now == before:
            continue
        if now is None:
            steps.append(f"{n.r(t, 'zh')}起退休" if zh else f"retired from {n.r(t)}")
        else:
            steps.append(f"{n.r(t, 'zh')}调往{n.u(now)}" if zh else f"to {n.u(now)} in {n.r(t)}")
    if not steps:
        return "此后各轮：不再调整" if zh else "later rounds: no change"
    return ("此后各轮：" if zh else "later rounds: ") + ("；" if zh else "; ").join(steps)


@dataclass(frozen=True)
class WhyNot:
    """What posting ``person`` to ``unit`` would do: ``in_plan`` when the optimal plan
    already does it; else the :class:`Flip` (the rule that forbids it, or its cost)."""

    person: str
    unit: str
    in_plan: bool
    flip: Flip | None
    scenario: Scenario = field(repr=False, compare=False)
    period: int = 1

    def text(self, lang: str = "en") -> str:
        """The answer as a few lines."""
        s, n = self.scenario, Names(self.scenario)
        if self.in_plan or self.flip is None:
            when, when_zh = _when(n, self.period)
            if lang == "zh":
                return f"最优方案已将{n.p(self.person)}{when_zh}安排在{n.u(self.unit)}"
            return f"the optimal plan already places {n.p(self.person)} in {n.u(self.unit)}{when}"
        return _flip_text(s, self.flip, lang)


def _flip_text(s: Scenario, flip: Flip, lang: str) -> str:
    zh = lang == "zh"
    n = Names(s)
    if flip.forbidden is not None:  # its summary names the decision
        return flip.forbidden.text(lang)
    lines = [flip.zh if zh else flip.en]
    for i, tier in enumerate(flip.tiers, 1):
        specs = [s.rules_by_name[r] for r in tier.rules]
        names = ("、" if zh else ", ").join(sp.title_zh if zh else sp.title_en for sp in specs)
        sign = f"{tier.delta:+g}"
        if zh:
            lines.append(f"  第{i}层（{names}）：{tier.optimal:g} → {tier.forced:g}（{sign}）")
        else:
            lines.append(f"  tier {i} ({names}): {tier.optimal:g} → {tier.forced:g} ({sign})")
    if not flip.proven:
        lines.append(
            "  （该方案未在时限内证明最优，差异可能部分来自求解时限）"
            if zh
            else "  (that plan is not proven the best in the time given: part of the difference "
            "may be the search's)"
        )
    if flip.changed:
        lines.append("其他人员的变化：" if zh else "what else changes:")
        for c in flip.changed:
            lines.append(f"  - {_changed_text(s, n, c, lang)}")
    elif flip.plan is not None:
        lines.append("其他人员安排不变" if zh else "nobody else's unit changes")
    return "\n".join(lines)


def _changed_text(s: Scenario, n: Names, c: Changed, lang: str) -> str:
    if c.period > 1:  # a later round of a plan of several rounds: where, in either plan
        if lang == "zh":
            return (
                f"{n.p(c.person)}：{n.r(c.period, 'zh')}在{n.u(c.forced)}（原方案{n.u(c.optimal)}）"
            )
        return (
            f"{n.p(c.person)} is in {n.u(c.forced)} in {n.r(c.period)} instead of {n.u(c.optimal)}"
        )
    home = s.person[c.person].unit
    if lang == "zh":
        a = "留任" if c.optimal == home else f"调往{n.u(c.optimal)}"
        b = "留任" if c.forced == home else f"调往{n.u(c.forced)}"
        return f"{n.p(c.person)}：{b}（原方案{a}）"
    a = f"staying in {n.u(home)}" if c.optimal == home else f"moving to {n.u(c.optimal)}"
    b = f"stays in {n.u(home)}" if c.forced == home else f"moves to {n.u(c.forced)}"
    return f"{n.p(c.person)} {b} instead of {a}"


def solve_forced(
    scenario: Scenario,
    force: Sequence[Force],
    time_limit: float | None = None,
    closest: Plan | None = None,
) -> Result:
    """The optimal plan of ``scenario`` with ``force`` posted in the normal model (tier by
    tier, as :func:`rotation.solvers.cpsat.solve`); never raises on infeasibility.

    With ``closest``, the search starts from it (one decision away from the forced one),
    and a last stage keeps every tier at its optimum and places as many people as it can
    where ``closest`` does, in every round: plans that tie on every tier differ in many
    arbitrary ways, and "what else would change" should list only what must. The start matters where
    the model is not proven in time: on ``district-5y`` (20 s each) someone the plan
    keeps in round 1, sent away, had a plan at tier 1 = 3,888 from the model alone
    against the plan's 1,018, a cost that was the search's, not the decision's; from
    the plan, 1,038 against 1,028.
    """
    settings = settings_for(scenario, time_limit)
    started = time.perf_counter()
    built = build_model(scenario)
    if closest is not None:  # completed before the force, which the plan breaks
        complete_hint(built, closest, settings)
    for post in force:
        post(built.ctx)
    backend = CpSatBackend(built, settings)
    result = run_stages(
        built,
        backend,
        settings,
        started=started,
        build_time=time.perf_counter() - started,
        explain=False,
    )
    if closest is None or result.plan is None:
        return result
    ctx = built.ctx
    same = [  # in every round: a plan of several rounds should not drift in the later ones
        var
        for p in scenario.people
        for t in scenario.periods
        if (unit := closest.unit_of(p.id, t)) is not None
        and (var := ctx.var(p.id, unit, t)) is not None
    ]
    if not same:
        return result
    left = started + settings.time_limit - time.perf_counter()
    outcome = backend.solve_stage(-sum(same), left)  # every tier is bounded already
    if outcome.value is None:
        return result
    return replace(result, plan=extract_plan(built, outcome.value))


def _structural(scenario: Scenario, person: str, unit: str, period: int = 1) -> Conflict | None:
    """Why the posting has no variable even in the switchable model (retired, or no post
    of the person's level in the unit), as a one-member conflict; None when it has one."""
    s, n = scenario, Names(scenario)
    p, u = s.person[person], s.unit[unit]
    if retired_by(s, person, period):
        day = retire_date(p, s.rules.retirement)
        member = ConflictMember(
            "retirement",
            (person,),
            f"{n.p(person)} retires on {day}, before the round",
            f"{n.p(person)} 于{day}退休，不参加本轮安排",
        )
        return Conflict((member,), True, member.en, member.zh)
    if base_roles(s, p, u):
        return None
    member = ConflictMember(
        "leadership_slots",
        (unit, person, "level"),
        f"{n.u(unit)} has no {p.role} post, and {n.p(person)} keeps their level ({p.role}) "
        "when moving",
        f"{n.u(unit)} 无{ROLE_ZH[p.role]}职位，{n.p(person)}（{ROLE_ZH[p.role]}）平级交流",
    )
    return Conflict((member,), True, member.en, member.zh)


def _flip(
    scenario: Scenario,
    plan: Plan,
    force: Force,
    en: str,
    zh: str,
    time_limit: float,
    person: str,
    unit: str | None = None,
    period: int = 1,
) -> Flip:
    """Solve with ``force`` (a decision on ``person`` in round ``period``, posting them
    to ``unit`` if given); explain the result against ``plan``."""
    deadline = time.perf_counter() + time_limit
    forced = solve_forced(scenario, [force], time_limit, closest=plan)
    if forced.plan is None:
        conflict = _structural(scenario, person, unit, period) if unit is not None else None
        if conflict is None:
            conflict = find_conflict(
                scenario,
                force=[force],
                time_limit=max(deadline - time.perf_counter(), 1.0),
                decision=(en, zh),
            )
        if conflict is None:  # the solve ran out of time, the explanation did not
            return Flip(
                en + ": no plan found within the time limit",
                zh + "：时限内未找到方案",
            )
        return Flip(en + ": not possible", zh + "：不可行", forbidden=conflict)
    before = tier_values(scenario, plan)
    after = tier_values(scenario, forced.plan)
    tiers = tuple(
        TierDelta(tuple(spec.name for spec in tier), b, a)
        for tier, b, a in zip(
            scenario.objective.tiers_for(scenario.rules), before, after, strict=True
        )
    )
    changed = tuple(
        Changed(p.id, was, now, t)
        for t in scenario.periods
        for p in scenario.people
        if (p.id, t) != (person, period)
        and (was := plan.unit_of(p.id, t)) != (now := forced.plan.unit_of(p.id, t))
    )
    first = next((t for t in tiers if abs(t.delta) > 1e-9), None)
    if first is None:
        tail_en, tail_zh = (
            ": as good a plan (every tier the same)",
            "：方案同样最优（各层目标值不变）",
        )
    else:
        tail_en = ": possible, at a cost"
        tail_zh = "：可行，但目标值变差"
    proven = forced.status == "OPTIMAL"
    return Flip(en + tail_en, zh + tail_zh, None, tiers, changed, forced.plan, proven)


def _optimal(scenario: Scenario, result: Result | None, time_limit: float) -> Plan:
    from rotation.solvers import solve

    if result is None:
        result = solve(scenario, time_limit=time_limit, explain=False)
    if result.plan is None:
        raise ValueError(f"the scenario has no plan ({result.status}): explain it as infeasible")
    return result.plan


def _check_person(scenario: Scenario, person: str) -> None:
    if person not in scenario.person:
        raise ScenarioError(
            f"unknown person '{person}'", zh=f"未知的人员“{person}”", table="people", column="id"
        )


def check_round(scenario: Scenario, period: int) -> None:
    """Raise :class:`ScenarioError` unless ``period`` is a round of the plan."""
    if period not in scenario.periods:
        raise ScenarioError(
            f"round {period} is not a round of the plan (1 to {scenario.horizon})",
            zh=f"第{period}轮不在规划期内（第1至{scenario.horizon}轮）",
            column="round",
        )


def explain_person(
    scenario: Scenario,
    person: str,
    *,
    result: Result | None = None,
    time_limit: float = 20.0,
    period: int = 1,
) -> PersonExplanation:
    """Why ``person`` moves or stays in round ``period`` of the optimal plan (``result``,
    else solved here): their duty (:mod:`rotation.facts`; round 1), the reasons
    (:mod:`rotation.reasons`), and what the objective would lose per tier, or the rule
    that forbids it, if they did the other. In round t > 1 staying means keeping the unit
    of round t - 1. Raises :class:`ScenarioError` for an unknown person or a round
    outside the plan, ValueError when the scenario has no plan."""
    _check_person(scenario, person)
    check_round(scenario, period)
    s, n = scenario, Names(scenario)
    deadline = time.perf_counter() + time_limit
    plan = _optimal(s, result, time_limit)
    p = s.person[person]
    duty = duty_sentence(s, person) if period == 1 else None
    path = tuple(plan.unit_of(person, t) for t in s.periods) if s.horizon > 1 else ()
    before = p.unit if period == 1 else plan.unit_of(person, period - 1)
    where = plan.unit_of(person, period)
    if s.duties[person].duty is Duty.RETIRED or where is None or before is None:
        day = retire_date(p, s.rules.retirement)
        reasons: tuple[Reason, ...] = (Reason("retirement", f"retires on {day}", f"于{day}退休"),)
        return PersonExplanation(person, False, None, duty, reasons, None, s, path, period)
    moves = where != before
    left = max(deadline - time.perf_counter(), 1.0)
    when, when_zh = _when(n, period)
    if moves:
        reasons = tuple(explain_move(plan, Move(person, period, before, where)))
        flip = _flip(
            s,
            plan,
            posting(person, before, period),
            f"keeping {n.p(person)} in {n.u(before)}{when}",
            f"{n.p(person)}{when_zh}留任{n.u(before)}",
            left,
            person,
            before,
            period,
        )
    else:
        stay = explain_stay(plan, person) if period == 1 else None
        reasons = (stay.limit, *stay.why) if stay is not None else ()
        flip = _flip(
            s,
            plan,
            leaving(person, before, period),
            f"moving {n.p(person)} out of {n.u(before)}{when}",
            f"{n.p(person)}{when_zh}交流离开{n.u(before)}",
            left,
            person,
            period=period,
        )
    return PersonExplanation(person, moves, where, duty, reasons, flip, s, path, period)


def why_not(
    scenario: Scenario,
    person: str,
    unit: str,
    *,
    result: Result | None = None,
    time_limit: float = 20.0,
    period: int = 1,
) -> WhyNot:
    """What posting ``person`` to ``unit`` in round ``period`` would do: the rule that
    forbids it (a minimal conflict with the posting always in place), or its cost per
    tier and who else would be placed differently. Raises :class:`ScenarioError` for an
    unknown person, unit or round, ValueError when the scenario has no plan."""
    _check_person(scenario, person)
    check_round(scenario, period)
    if unit not in scenario.unit:
        raise ScenarioError(
            f"unknown unit '{unit}'", zh=f"未知的单位“{unit}”", table="units", column="id"
        )
    s, n = scenario, Names(scenario)
    plan = _optimal(s, result, time_limit)
    if plan.unit_of(person, period) == unit:
        return WhyNot(person, unit, True, None, s, period)
    when, when_zh = _when(n, period)
    flip = _flip(
        s,
        plan,
        posting(person, unit, period),
        f"posting {n.p(person)} to {n.u(unit)}{when}",
        f"{when_zh}将{n.p(person)}安排到{n.u(unit)}",
        time_limit,
        person,
        unit,
        period,
    )
    return WhyNot(person, unit, False, flip, s, period)
