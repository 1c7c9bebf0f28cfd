"""Re-planning without disruption (issue 4): last year's published plan carried into a
scenario, and what the new plan changes in it, and why.

The published plan comes in as :class:`~rotation.scenario.Published` placements
(``Scenario.published``), its years aligned with the rounds of the same year (the plan
date may have moved on: the published 2028 is round 1 of a plan dated 2028). The rule
``keep_published`` prices each published decision the new plan changes;
:func:`changes` lists them with the reason: the person left or retires, a new person,
a rule the published placement now breaks (:func:`rotation.validate.validate` of the
published placements against the new scenario), else a cheaper plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import pandas as pd

from rotation.errors import ScenarioError
from rotation.facts import retire_date, retired_by
from rotation.plan import Plan
from rotation.scenario import Published, Scenario

CHANGE_COLUMNS = [
    "person",
    "name",
    "round",
    "year",
    "published_unit",
    "published_name",
    "new_unit",
    "new_name",
    "reason_en",
    "reason_zh",
]

CHANGES_ZH = {
    "person": "编号",
    "name": "姓名",
    "round": "轮次",
    "year": "年度",
    "published_unit": "原公布单位编号",
    "published_name": "原公布单位",
    "new_unit": "调整后单位编号",
    "new_name": "调整后单位",
    "reason_zh": "调整理由",
}


def round_of_year(scenario: Scenario, year: int) -> int | None:
    """The round of ``scenario`` held in ``year`` (one round a year from the plan date),
    None when the plan has none."""
    period = year - scenario.plan_date.year + 1
    return period if period in scenario.periods else None


def published_from_plan(scenario: Scenario, plan: Plan) -> tuple[Published, ...]:
    """``plan`` (published for an earlier scenario) as placements in ``scenario``'s rounds:
    each year of the published plan goes to the round of the same year; years the new plan
    does not cover are dropped. A unit ``scenario`` does not know is an error."""
    old = plan.scenario
    order = {p.id: i for i, p in enumerate(old.people)}
    out = []
    for (pid, t), unit in sorted(
        plan.assignments.items(), key=lambda k: (k[0][1], order.get(k[0][0], 0))
    ):
        year = plan.year(t)
        period = round_of_year(scenario, year)
        if period is None:
            continue
        if unit not in scenario.unit:
            raise ScenarioError(
                f"unknown unit '{unit}' (published for '{pid}' in {year})",
                zh=f"未知的单位“{unit}”（已公布方案中{year}年“{pid}”的安排）",
                table="published",
                column="unit",
            )
        person = old.person.get(pid)
        role = plan.role_of(pid, t) or ""
        out.append(Published(pid, period, unit, role, person.name if person else ""))
    if plan.assignments and not out:
        en, zh = _no_overlap(scenario, sorted({plan.year(t) for _, t in plan.assignments}))
        raise ScenarioError(
            en,
            zh=zh,
            table="published",
            column="year",
        )
    return tuple(out)


def _no_overlap(scenario: Scenario, years: list[int]) -> tuple[str, str]:
    first, last = scenario.plan_date.year, scenario.plan_date.year + scenario.horizon - 1
    return (
        f"no year of the published plan ({years[0]} to {years[-1]}) is a year of this plan "
        f"({first} to {last})",
        f"已公布方案的年度（{years[0]}年至{years[-1]}年）与本方案（{first}年至{last}年）没有重合",
    )


def with_previous(scenario: Scenario, previous: Plan | Iterable[Published]) -> Scenario:
    """``scenario`` carrying the published plan ``previous``: a :class:`Plan` of an earlier
    scenario (its years aligned by :func:`published_from_plan`) or placements already in
    this scenario's rounds."""
    if isinstance(previous, Plan):
        return scenario.replace(published=published_from_plan(scenario, previous))
    return scenario.replace(published=tuple(previous))


@dataclass(frozen=True)
class Change:
    """A published decision the new plan changes, or a placement the published plan did
    not make: ``person`` in round ``period`` was published in ``published`` and is now in
    ``unit`` (None: no published placement, or no unit now). ``kind`` is why: ``left``
    (no longer among the people), ``retired``, ``new`` (a new person), ``hire`` (a planned
    hire, ``Scenario.hires``, placed by this plan), ``unplaced`` (not placed by the
    published plan in this round), ``rule`` (the published placement breaks a rule of the
    new scenario) or ``cost`` (a cheaper plan)."""

    person: str
    name: str
    period: int
    published: str | None
    unit: str | None
    kind: str
    en: str
    zh: str

    def text(self, lang: str = "en") -> str:
        """The reason in ``lang`` ("en" or "zh")."""
        return self.zh if lang == "zh" else self.en


def kept_count(plan: Plan) -> tuple[int, int]:
    """(kept, published): the published decisions in the plan's rounds and how many of
    them the plan keeps (the same person in the same unit in the same round)."""
    s = plan.scenario
    mine = [r for r in s.published if r.period in s.periods]
    kept = sum(plan.assignments.get((r.person, r.period)) == r.unit for r in mine)
    return kept, len(mine)


def as_published(plan: Plan) -> Plan:
    """The plan with every published placement of someone still in the plan put back:
    the published list on the new scenario, completed by ``plan`` where it says nothing
    (new people, rounds it did not cover)."""
    s = plan.scenario
    assignments = dict(plan.assignments)
    roles = dict(plan.roles)
    for r in s.published:
        key = (r.person, r.period)
        if r.person not in s.person or r.period not in s.periods or retired_by(s, *key):
            continue
        if assignments.get(key) != r.unit:
            assignments[key] = r.unit
            roles.pop(key, None)
        if r.role:
            roles[key] = r.role
    return Plan(s, assignments, roles, plan.vacancies)


_CHANGES: WeakKeyDictionary[Plan, tuple[Change, ...]] = WeakKeyDictionary()

_LABEL = {
    "left": (
        "no longer among the people (left since the plan was published)",
        "已不在人员名单中（公布后调离、辞职等）",
    ),
    "new": ("new among the people since the plan was published", "公布后新增人员"),
    "hire": ("a planned hire, placed by this plan", "计划招录人员，按本方案安排"),
    "unplaced": ("not placed in this round by the published plan", "已公布方案本轮未作安排"),
    "cost": ("to meet the rules at lower cost", "以更低代价满足各项规则"),
}


def changes(plan: Plan) -> tuple[Change, ...]:
    """What ``plan`` changes in the published plan of its scenario, round by round
    (computed once per plan): every published decision it does not keep, and every
    placement in a published round that the published plan did not make, each with its
    reason. Empty without a published plan."""
    if plan in _CHANGES:
        return _CHANGES[plan]
    s = plan.scenario
    mine = [r for r in s.published if r.period in s.periods]
    rounds = {r.period for r in mine}
    names = {r.person: r.name for r in mine if r.name}
    violations = None
    out: list[Change] = []
    for r in mine:
        pid, t = r.person, r.period
        unit = plan.assignments.get((pid, t))
        if unit == r.unit:
            continue
        if pid in s.hire:  # published as a planned hire, still one: placed by the new plan
            en, zh = _LABEL["hire"]
            name = s.hire[pid].name or names.get(pid, pid)
            out.append(Change(pid, name, t, r.unit, unit, "hire", en, zh))
            continue
        if pid not in s.person:
            en, zh = _LABEL["left"]
            out.append(Change(pid, names.get(pid, ""), t, r.unit, None, "left", en, zh))
            continue
        name = s.person[pid].name
        if retired_by(s, pid, t):
            day = retire_date(s.person[pid], s.rules.retirement)
            out.append(
                Change(pid, name, t, r.unit, None, "retired", f"retires on {day}", f"于{day}退休")
            )
            continue
        if violations is None:
            from rotation.validate import validate

            violations = validate(s, as_published(plan))
        related = [
            v
            for v in violations
            if v.person == pid
            or (v.period == t and v.unit is not None and v.unit in (r.unit, unit))
        ]
        if related:
            v = min(related, key=lambda v: (v.period != t, v.person != pid))
            spec = s.rules_by_name[v.rule]
            out.append(
                Change(
                    pid,
                    name,
                    t,
                    r.unit,
                    unit,
                    "rule",
                    f"as published it breaks the rule '{spec.title_en}': {v.message}",
                    f"按已公布方案将违反“{spec.title_zh}”：{v.message_zh}",
                )
            )
            continue
        en, zh = _LABEL["cost"]
        out.append(Change(pid, name, t, r.unit, unit, "cost", en, zh))
    placed = {(r.person, r.period) for r in mine}
    known = {r.person for r in mine}
    everyone = [(p.id, p.name) for p in s.people] + [(h.id, h.name or h.id) for h in s.hires]
    for t in sorted(rounds):
        for pid, name in everyone:
            unit = plan.assignments.get((pid, t))
            if (pid, t) in placed or unit is None:
                continue
            kind = "unplaced" if pid in known else "hire" if pid in s.hire else "new"
            en, zh = _LABEL[kind]
            out.append(Change(pid, name, t, None, unit, kind, en, zh))
    # the published list's order (people who left among them), then new people and hires
    order: dict[str, int] = {}
    for pid in [r.person for r in mine] + [pid for pid, _ in everyone]:
        order.setdefault(pid, len(order))
    ranked = sorted(out, key=lambda c: (c.period, order[c.person]))
    _CHANGES[plan] = tuple(ranked)
    return _CHANGES[plan]


def changes_frame(plan: Plan) -> pd.DataFrame:
    """:func:`changes` as a table (changes.csv): person, name, round, year, the published
    unit and the new one (ids and names; blank where there is none) and the reason in
    English and Chinese."""
    units = plan.scenario.unit
    rows = [
        {
            "person": c.person,
            "name": c.name,
            "round": c.period,
            "year": plan.year(c.period),
            "published_unit": c.published or "",
            "published_name": units[c.published].name if c.published else "",
            "new_unit": c.unit or "",
            "new_name": units[c.unit].name if c.unit else "",
            "reason_en": c.en,
            "reason_zh": c.zh,
        }
        for c in changes(plan)
    ]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def summary(plan: Plan, lang: str = "en") -> str:
    """``10 of 14 published decisions kept (changed: 2 of people who left, 2 forced by a
    rule)``, or in Chinese."""
    kept, total = kept_count(plan)
    counts: dict[str, int] = {}
    for c in changes(plan):
        if c.published is not None:
            counts[c.kind] = counts.get(c.kind, 0) + 1
    new = sum(1 for c in changes(plan) if c.published is None)
    parts_en = {
        "left": "of people who left",
        "retired": "by retirement",
        "hire": "of planned hires",
        "rule": "forced by a rule",
        "cost": "at lower cost",
    }
    parts_zh = {
        "left": "人员离开",
        "retired": "退休",
        "hire": "计划招录人员",
        "rule": "规则要求",
        "cost": "降低代价",
    }
    if lang == "zh":
        detail = "，".join(f"{parts_zh[k]}{counts[k]}项" for k in parts_zh if counts.get(k))
        text = f"已公布的{total}项安排保留{kept}项"
        if detail:
            text += f"（调整：{detail}）"
        if new:
            text += f"；另新增安排{new}项"
        return text
    detail = ", ".join(f"{counts[k]} {parts_en[k]}" for k in parts_en if counts.get(k))
    text = f"{kept} of {total} published decisions kept"
    if detail:
        text += f" (changed: {detail})"
    if new:
        text += f"; {new} placements not in the published plan"
    return text
