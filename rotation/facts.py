"""Facts derived from the data that several rules share, computed without a solver.

Tenure in the unit, retirement dates under the 2024 reform, grassroots experience,
promotion eligibility, the rank ladder, and which person-level rule decides for whom
(:func:`obligation`). These are part of the specification: the model and the checker
both read them here, so they cannot disagree on *who* a rule binds, while each still
enforces or checks the rule in its own way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from rotation.dates import add_months, served_at_least

if TYPE_CHECKING:
    from rotation.rules import KinAvoidance, PromotionEligibility, Retirement
    from rotation.scenario import Person, Scenario, Unit

RANKS = (
    "二级科员",
    "一级科员",
    "四级主任科员",
    "三级主任科员",
    "二级主任科员",
    "一级主任科员",
    "四级调研员",
    "三级调研员",
    "二级调研员",
    "一级调研员",
    "二级巡视员",
    "一级巡视员",
)
"""The 职级 ladder of civil servants, lowest first (rule 27)."""

ROLE_ZH = {"head": "负责人", "deputy": "副职", "member": "一般干部"}
"""Roles in Chinese, for sentences and sheets."""

SKILL_ZH = {"law": "法律", "finance": "财务", "audit": "审计"}
"""The default skills in Chinese (other skills are shown as written)."""

GRASSROOTS_KINDS = ("township", "area")
"""Unit kinds that count as grassroots (基层) experience (rules 12, 25)."""


def rank_index(rank: str) -> int | None:
    """Position of a rank on the ladder (higher is more senior), None if not on it."""
    return RANKS.index(rank) if rank in RANKS else None


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (0 if ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def months_in_unit(scenario: Scenario, person: str, on: dt.date | None = None) -> int:
    """Whole months the person has been in their current unit by ``on`` (plan date)."""
    return months_between(scenario.unit_start(person), on or scenario.plan_date)


def age_on(person: Person, on: dt.date) -> int:
    """Completed years of age on a date."""
    years = on.year - person.birth_date.year
    return years - ((on.month, on.day) < (person.birth_date.month, person.birth_date.day))


def statutory_retirement(person: Person, spec: Retirement) -> dt.date:
    """The retirement date under the 2024 reform (rule 40), or rule 41's override.

    From ``reform_start`` the age rises by one month for every ``months_per_step``
    months of birth, up to the final age: men 60 → 63, women cadres 55 → 58. Someone
    whose original retirement month falls in the k-th month after the start (k = 0, 1,
    …) retires ``k // months_per_step + 1`` months later, capped at the final age.
    """
    if person.gender == "F" and person.rank in spec.women_leader_ranks:
        return add_months(person.birth_date, 60 * 12)
    base, final = (
        (spec.men_age, spec.men_final_age)
        if person.gender == "M"
        else (spec.women_age, spec.women_final_age)
    )
    original = add_months(person.birth_date, round(base * 12))
    start = spec.reform_start
    if original < start:
        return original
    k = (original.year - start.year) * 12 + (original.month - start.month)
    delay = min(k // spec.months_per_step + 1, round((final - base) * 12))
    return add_months(original, delay)


def retire_date(person: Person, spec: Retirement) -> dt.date:
    """The given retirement date, else the statutory one."""
    return person.retire_date or statutory_retirement(person, spec)


def grassroots_months(scenario: Scenario, person: str) -> int:
    """Months spent in township or area units: past postings plus the current one."""
    p = scenario.person[person]
    total = 0
    for h in scenario.history_of.get(person, ()):
        if scenario.unit[h.unit].kind in GRASSROOTS_KINDS:
            total += months_between(h.start, h.end)
    if scenario.unit[p.unit].kind in GRASSROOTS_KINDS:
        total += months_between(p.post_start, scenario.plan_date)
    return total


def work_start(scenario: Scenario, person: str) -> dt.date:
    """参加工作时间: given, else the earliest posting known."""
    p = scenario.person[person]
    if p.work_start is not None:
        return p.work_start
    starts = [h.start for h in scenario.history_of.get(person, ())]
    return min([p.post_start, *starts])


def level_start(person: Person) -> dt.date:
    """Since when the person holds their level (任同级职务时间), else their post start."""
    return person.level_start or person.post_start


def promotion_blockers(
    scenario: Scenario, person: str, to_role: str, spec: PromotionEligibility, lang: str = "en"
) -> list[str]:
    """Why ``person`` may not be promoted to ``to_role`` now (empty: eligible), as short
    phrases in ``lang`` ("en" or "zh"); computed once per person, role and spec (see
    :func:`_promotion_blockers`)."""
    pairs = scenario.memo(
        ("promotion_blockers", person, to_role, id(spec)),
        lambda: _promotion_blockers(scenario, person, to_role, spec),
    )
    return [zh if lang == "zh" else en for en, zh in pairs]


def _promotion_blockers(
    scenario: Scenario, person: str, to_role: str, spec: PromotionEligibility
) -> list[tuple[str, str]]:
    """Why ``person`` may not be promoted to ``to_role`` now (empty: eligible).

    One level at a time (rule 26); deputy → head after ``deputy_years`` as deputy
    (rule 25); member → deputy after the ladder's years at their rank (rule 27); at least
    ``work_years`` of work and ``grassroots_years`` at the grassroots (rule 25); not in
    probation nor within ``since_promotion_years`` of the last promotion, the later of
    ``rank_since`` and the level start (rules 26, 30); not within a punishment's influence
    period (rule 32). Reasons are short (English, Chinese) phrases.
    """
    p = scenario.person[person]
    on = scenario.plan_date
    steps = {("member", "deputy"), ("deputy", "head")}
    if (p.role, to_role) not in steps:
        if p.role == to_role:
            return [("no promotion", "并非提拔")]
        return [
            (
                f"{p.role} to {to_role} skips a level",
                f"由{ROLE_ZH[p.role]}提任{ROLE_ZH[to_role]}属越级提拔",
            )
        ]
    out = []
    if to_role == "head" and not served_at_least(level_start(p), on, spec.deputy_years):
        out.append(
            (
                f"fewer than {spec.deputy_years:g} years as deputy",
                f"任副职不满{spec.deputy_years:g}年",
            )
        )
    if to_role == "deputy" and p.rank in spec.rank_years:
        since = p.rank_since or p.post_start
        if not served_at_least(since, on, spec.rank_years[p.rank]):
            years = spec.rank_years[p.rank]
            out.append(
                (f"fewer than {years:g} years at rank {p.rank}", f"任{p.rank}不满{years:g}年")
            )
    if not served_at_least(work_start(scenario, person), on, spec.work_years):
        out.append(
            (f"fewer than {spec.work_years:g} years of work", f"工作年限不满{spec.work_years:g}年")
        )
    if grassroots_months(scenario, person) < round(spec.grassroots_years * 12):
        out.append(
            (
                f"fewer than {spec.grassroots_years:g} years at the grassroots",
                f"基层工作经历不满{spec.grassroots_years:g}年",
            )
        )
    if p.probation_end is not None and p.probation_end > on:
        out.append((f"in probation until {p.probation_end}", f"试用期至{p.probation_end}未满"))
    last = max(d for d in (p.rank_since, level_start(p)) if d is not None)
    if not served_at_least(last, on, spec.since_promotion_years):
        out.append(
            (
                f"promoted fewer than {spec.since_promotion_years:g} years ago",
                f"提拔任职不满{spec.since_promotion_years:g}年",
            )
        )
    if p.punishment and p.punishment_date is not None:
        months = spec.punishment_months.get(p.punishment, 0)
        until = add_months(p.punishment_date, round(months))
        if until > on:
            out.append((f"{p.punishment} until {until}", f"受{p.punishment}处分，影响期至{until}"))
    return out


# ---------------------------------------------------------------------------
# Which person-level rule decides for whom


class Duty(Enum):
    """What the person-level rules demand of one person in the first round."""

    FREE = "free"
    RETIRED = "retirement"
    PINNED = "pinned"
    STAY_FROZEN = "frozen"
    STAY_NEAR_RETIREMENT = "near_retirement"
    STAY_SERVICE = "minimum_service"
    STAY_MINIMUM = "minimum_stay"
    MUST_MOVE = "mandatory_rotation"

    @property
    def stays(self) -> bool:
        """Whether this duty keeps the person in their unit."""
        return self in STAYING


STAYING = frozenset(
    {Duty.STAY_FROZEN, Duty.STAY_NEAR_RETIREMENT, Duty.STAY_SERVICE, Duty.STAY_MINIMUM}
)


@dataclass(frozen=True)
class Obligation:
    """The deciding person-level rule for one person in period 1, with its numbers.

    ``overridden`` names the rules this duty takes precedence over (a frozen person past
    the tenure limit is exempt from mandatory rotation), so the plan can say why someone
    past a limit stays.
    """

    duty: Duty
    unit: str | None = None
    months: int = 0
    limit_years: float = 0.0
    overridden: tuple[str, ...] = ()
    retires: dt.date | None = None


def is_frozen(person: Person, on: dt.date) -> str:
    """The reason a person may not move now: the stated one, or an unfinished probation."""
    if person.frozen:
        return person.frozen
    if person.probation_end is not None and person.probation_end > on:
        return f"试用期至{person.probation_end.isoformat()}"
    return ""


def obligation(scenario: Scenario, person: str) -> Obligation:
    """Which person-level rule decides for ``person`` in period 1, by precedence.

    Retirement first (people retired by the plan date leave); then a pin; then frozen
    (probation, investigation …); then near retirement; then the minimum service of new
    recruits and the minimum stay; then mandatory rotation. Disabled rules do not apply.
    """
    return scenario.duties[person]


def obligations(scenario: Scenario) -> dict[str, Obligation]:
    """:func:`obligation` for everyone (computed once per scenario)."""
    return scenario.duties


def forced_to_leave(scenario: Scenario, person: str) -> bool:
    """Whether the person-level duties send ``person`` out of their unit in period 1: due
    to rotate (mandatory rotation) or pinned to another unit. The rules on how many move
    together (rule 10) do not count what these duties force: a rule cannot be broken by
    obligations alone. (The retired do not move: they leave, which is not rotation.)"""
    ob = scenario.duties[person]
    if ob.duty is Duty.MUST_MOVE:
        return True
    return ob.duty is Duty.PINNED and ob.unit != scenario.person[person].unit


def teams_today(scenario: Scenario) -> dict[str, list[str]]:
    """Each unit's people on the plan date, in the scenario's order, without those
    retired by then (computed once per scenario)."""

    def compute() -> dict[str, list[str]]:
        out: dict[str, list[str]] = {u.id: [] for u in scenario.units}
        for p in scenario.people:
            if scenario.duties[p.id].duty is not Duty.RETIRED:
                out[p.unit].append(p.id)
        return out

    return scenario.memo(("teams_today",), compute)


def decide_all(scenario: Scenario) -> dict[str, Obligation]:
    """Compute :func:`obligation` for everyone (see ``Scenario.duties``)."""
    return {p.id: _decide(scenario, p.id) for p in scenario.people}


def _decide(scenario: Scenario, person: str) -> Obligation:
    rules = scenario.rules
    p = scenario.person[person]
    unit = scenario.unit[p.unit]
    on = scenario.plan_date
    start = scenario.unit_start(person)
    months = months_in_unit(scenario, person)
    mandatory = rules.mandatory_rotation
    limit = mandatory.limit(unit.kind, p.role, unit.key)
    retires = retire_date(p, rules.retirement) if rules.retirement.enabled else None

    service = rules.minimum_service
    service_years = service.township_years if unit.kind == "township" else service.years
    holds = {
        "frozen": rules.frozen.enabled and bool(is_frozen(p, on)),
        "near_retirement": rules.near_retirement.enabled
        and retires is not None
        and add_months(on, round(rules.near_retirement.years * 12)) > retires,
        "minimum_service": service.enabled
        and not served_at_least(work_start(scenario, person), on, service_years),
        "minimum_stay": rules.minimum_stay.enabled
        and not served_at_least(start, on, rules.minimum_stay.years),
        "mandatory_rotation": mandatory.enabled and served_at_least(start, on, limit),
    }
    applicable = tuple(name for name, holds_ in holds.items() if holds_)
    common = {"months": months, "limit_years": limit, "retires": retires}
    if retires is not None and retires <= on:
        return Obligation(Duty.RETIRED, p.unit, **common)  # type: ignore[arg-type]
    pin = scenario.pin_for(person, 1) if rules.pins.enabled else None
    if pin is not None:
        return Obligation(Duty.PINNED, pin, overridden=applicable, **common)  # type: ignore[arg-type]
    for name in applicable:
        duty = Duty(name)
        rest = applicable[applicable.index(name) + 1 :]
        return Obligation(duty, p.unit, overridden=rest, **common)  # type: ignore[arg-type]
    return Obligation(Duty.FREE, None, **common)  # type: ignore[arg-type]


def base_roles(
    scenario: Scenario, person: Person, unit: Unit, on: dt.date | None = None
) -> tuple[str, ...]:
    """The roles a person may take in a unit before eligibility and avoidance rules.

    Leaders keep their level when they move (平级交流) and may rise one level; a head
    barred from a new head post by rule 4 (15 years at the level by ``on``, the plan
    date unless told) may step down to a non-leading post elsewhere. Without the
    leadership rule everyone keeps their role. Roles the unit has no posts for are
    dropped.
    """
    rules = scenario.rules
    if not rules.leadership_slots.enabled:
        return (person.role,)
    steps = {"head": ("head",), "deputy": ("deputy", "head"), "member": ("member", "deputy")}
    roles = steps[person.role]
    limit = rules.level_limit
    if (
        person.role == "head"
        and unit.id != person.unit
        and limit.enabled
        and served_at_least(level_start(person), on or scenario.plan_date, limit.years)
    ):
        roles = ("head", "member")
    posts = {"head": unit.heads, "deputy": unit.deputies}
    return tuple(r for r in roles if posts.get(r, 1) > 0)


def retired_by(scenario: Scenario, person: str, period: int) -> bool:
    """Whether the person has retired by the date of round ``period`` (rule 40)."""
    from rotation.dates import period_date

    spec = scenario.rules.retirement
    if not spec.enabled:
        return False
    return retire_date(scenario.person[person], spec) <= period_date(scenario.plan_date, period)


# ---------------------------------------------------------------------------
# Rounds of a multi-year plan: round t happens at plan_date + (t - 1) years


def round_date(scenario: Scenario, period: int) -> dt.date:
    """The date of round ``period`` (1 is the plan date; one round a year)."""
    from rotation.dates import period_date

    return period_date(scenario.plan_date, period)


def latest_arrival(scenario: Scenario, period: int, years: float) -> int | None:
    """The latest round k (1 ≤ k < ``period``) such that someone who arrived in a unit in
    round k has served ``years`` there by round ``period``; None when no arrival inside
    the plan has (then only the time before the plan date can reach ``years``).

    "Tenure at round t is at least Y" is then exactly: stayed in every round k + 1 ..
    t - 1 (arrived in round k or before), or, without such a k, never moved in rounds
    1 .. t - 1 and served Y since ``Scenario.unit_start`` by round t.
    """

    def compute() -> int | None:
        on = round_date(scenario, period)
        for k in range(period - 1, 0, -1):
            if served_at_least(round_date(scenario, k), on, years):
                return k
        return None

    return scenario.memo(("latest_arrival", period, years), compute)


def tenure_since(scenario: Scenario, person: str, period: int, years: float) -> int | None:
    """The first round j such that "``person`` stayed in each of rounds j .. ``period`` -
    1" says exactly that they have served ``years`` in their unit by round ``period``
    (j = ``period``: always; None: never). See :func:`latest_arrival`."""
    k = latest_arrival(scenario, period, years)
    if k is not None:
        return k + 1
    start = scenario.unit_start(person)
    return 1 if served_at_least(start, round_date(scenario, period), years) else None


def due_years(scenario: Scenario, unit: Unit, role: str) -> float:
    """The tenure at which mandatory rotation sends someone of ``role`` in ``unit`` away:
    the limit (rules 1, 5, 6), or the minimum stay if that is longer, since the minimum
    stay takes precedence (a person within it is never due)."""
    limit = scenario.rules.mandatory_rotation.limit(unit.kind, role, unit.key)
    stay = scenario.rules.minimum_stay
    return max(limit, stay.years) if stay.enabled else limit


def duty_in_round(scenario: Scenario, person: str, period: int) -> Duty:
    """What the person-level rules whose dates are known demand in round ``period``.

    Round 1 is :func:`obligation` (all duties, by precedence). In a later round the plan
    itself decides the minimum stay and mandatory rotation (they read the time since the
    person's last move), so this gives, by the same precedence, only what the dates say:
    retired by the round's date, pinned for the round, frozen (a stated reason holds
    throughout the plan; a probation until its end), near retirement, or within the
    minimum service; else ``Duty.FREE`` (tenure decides).
    """
    if period == 1:
        return scenario.duties[person].duty

    def compute() -> Duty:
        rules = scenario.rules
        p = scenario.person[person]
        on = round_date(scenario, period)
        if retired_by(scenario, person, period):
            return Duty.RETIRED
        if rules.pins.enabled and scenario.pin_for(person, period) is not None:
            return Duty.PINNED
        if rules.frozen.enabled and is_frozen(p, on):
            return Duty.STAY_FROZEN
        near = rules.near_retirement
        if rules.retirement.enabled and near.enabled:
            retires = retire_date(p, rules.retirement)
            if add_months(on, round(near.years * 12)) > retires:
                return Duty.STAY_NEAR_RETIREMENT
        service = rules.minimum_service
        years = (
            service.township_years if scenario.unit[p.unit].kind == "township" else service.years
        )
        if service.enabled and not served_at_least(work_start(scenario, person), on, years):
            return Duty.STAY_SERVICE
        return Duty.FREE

    return scenario.memo(("duty_in_round", person, period), compute)


def road_km(scenario: Scenario) -> dict[tuple[str, str], float]:
    """Shortest road km between every pair of places joined by the ``distances`` graph
    (undirected, weighted by km); pairs without a road path are absent. Computed once
    per scenario."""

    def compute() -> dict[tuple[str, str], float]:
        import networkx as nx

        graph = nx.Graph()
        for d in scenario.distances:
            if graph.has_edge(d.a, d.b):  # two roads between the same places: the shorter
                graph[d.a][d.b]["km"] = min(graph[d.a][d.b]["km"], d.km)
            else:
                graph.add_edge(d.a, d.b, km=d.km)
        return {
            (a, b): float(km)
            for a, lengths in nx.all_pairs_dijkstra_path_length(graph, weight="km")
            for b, km in lengths.items()
        }

    return scenario.memo(("road_km",), compute)


# ---------------------------------------------------------------------------
# Kinship: when two relatives stand in each other's way (rule 15)

LEAD_ROLES = ("head", "deputy")


def supervises(boss: Unit, other: Unit) -> bool:
    """Whether ``boss`` is an area office that supervises ``other`` (a direct line)."""
    return boss.kind == "area" and other.area == boss.id


def leads_office(unit: Unit, role: str | None) -> bool:
    """Whether someone of ``role`` in ``unit`` leads an internal office of the commission
    (head or deputy of a unit of kind "office"; rule 15's 机关 leader)."""
    return unit.kind == "office" and role in LEAD_ROLES


def kin_in_way(spec: KinAvoidance, a: tuple[Unit, str | None], b: tuple[Unit, str | None]) -> bool:
    """Whether relatives placed as ``a`` and ``b`` (unit, role) break a part of kin
    avoidance that ``spec`` keeps on: the same unit, an area office over the other's
    unit, or one leading an internal office while the other works in an internal office
    of the same county (either way round)."""
    (ua, ra), (ub, rb) = a, b
    if spec.same_unit and ua.id == ub.id:
        return True
    if spec.supervision and (supervises(ua, ub) or supervises(ub, ua)):
        return True
    return spec.organ_leader and (
        (leads_office(ua, ra) and ub.kind == "office" and ub.county == ua.county)
        or (leads_office(ub, rb) and ua.kind == "office" and ua.county == ub.county)
    )
