"""A staffing plan: who is in which unit in each period, and the moves it implies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pandas as pd

from rotation.facts import SKILL_ZH
from rotation.scenario import Absence, Scenario

if TYPE_CHECKING:
    from rotation.report.kpis import Kpis

MOVE_COLUMNS = [
    "person",
    "name",
    "round",
    "year",
    "from_unit",
    "from_name",
    "to_unit",
    "to_name",
    "reasons",
]


@dataclass(frozen=True)
class Move:
    """One line of the rotation list: ``person`` goes from one unit to another in
    ``period``; ``to_unit`` is None when they leave because they retire."""

    person: str
    period: int
    from_unit: str
    to_unit: str | None

    @property
    def retires(self) -> bool:
        """Whether this line is a retirement (no unit after it)."""
        return self.to_unit is None


@dataclass(frozen=True)
class Vacancy:
    """Posts of ``unit`` left unfilled in round ``period``, to be recruited for: ``posts``
    people, of whom ``skills`` gives how many must hold each skill (a recruit may bring
    several)."""

    unit: str
    period: int
    posts: int
    skills: tuple[tuple[str, int], ...] = ()

    def holders(self, skill: str) -> int:
        """How many of the recruits must hold ``skill``."""
        return dict(self.skills).get(skill, 0)


@dataclass(frozen=True)
class Leave:
    """``person`` is away from their unit from round ``start`` to ``end`` (``kind``:
    training or secondment, rule ``training``): the schedule of ``absence``, a record of
    the scenario's absences table, or, when None, one round of training the plan picks
    for a unit's yearly quota. The person keeps their unit meanwhile."""

    person: str
    kind: str
    start: int
    end: int
    absence: Absence | None = None

    @property
    def rounds(self) -> range:
        """The rounds away."""
        return range(self.start, self.end + 1)


@dataclass(frozen=True, eq=False)
class Plan:
    """Assignments per person and period (period 1 is the plan date's round).

    Period 0 is the situation on the plan date, taken from the scenario, so a move in
    period ``t`` is a change between ``t - 1`` and ``t``. ``roles`` gives each placed
    person's role (head, deputy, member); a person without one keeps their current role.
    People retired by a period have no unit in it. ``vacancies`` are the posts the plan
    leaves to recruitment (rule ``vacancies``). Planned hires (``Scenario.hires``) are
    placed in ``assignments`` under their ids from their round on; ``leaves`` says who is
    away training or on a secondment when (rule ``training``). A plan may be incomplete
    (a hand-edited list); :func:`rotation.validate` reports what is missing.
    """

    scenario: Scenario
    assignments: Mapping[tuple[str, int], str] = field(default_factory=dict)
    roles: Mapping[tuple[str, int], str] = field(default_factory=dict)
    vacancies: tuple[Vacancy, ...] = ()
    leaves: tuple[Leave, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "assignments", MappingProxyType(dict(self.assignments)))
        object.__setattr__(self, "roles", MappingProxyType(dict(self.roles)))
        object.__setattr__(self, "vacancies", tuple(self.vacancies))
        object.__setattr__(self, "leaves", tuple(self.leaves))

    def away(self, person: str, period: int) -> Leave | None:
        """The leave that takes ``person`` away from their unit in ``period``, if any."""
        return next((v for v in self.leaves if v.person == person and period in v.rounds), None)

    def hires_in(self, unit: str, period: int) -> list[str]:
        """The planned hires working in ``unit`` in ``period``, in the scenario's order."""
        return [h.id for h in self.scenario.hires if self.assignments.get((h.id, period)) == unit]

    def at_work(self, unit: str, period: int) -> list[str]:
        """Who works in ``unit`` in ``period``: its people less those away training or on a
        secondment (while the rule ``training`` is on), then its planned hires. They are
        who count for the minimum headcount and the skill cover, and who share the unit's
        workload."""
        training = self.scenario.rules.training.enabled
        here = [p for p in self.members(unit, period) if not (training and self.away(p, period))]
        return here + self.hires_in(unit, period)

    def leave_frame(self, lang: str = "en") -> pd.DataFrame:
        """Who is away training or on a secondment when (培训挂职安排): see
        :func:`rotation.recruitment.leave_frame`."""
        from rotation.recruitment import leave_frame

        return leave_frame(self, lang)

    def vacancy(self, unit: str, period: int) -> Vacancy | None:
        """The vacancy the plan leaves in ``unit`` in ``period``, if any."""
        for v in self.vacancies:
            if v.unit == unit and v.period == period:
                return v
        return None

    def vacancy_frame(self, lang: str = "en") -> pd.DataFrame:
        """The recruitment plan (招录/遴选需求): one row per unit and round with posts left
        to recruit for — unit, name, round, year, posts, and the skills they need."""
        zh = lang == "zh"
        rows = []
        for v in sorted(self.vacancies, key=lambda v: (v.period, v.unit)):
            needs = [(SKILL_ZH.get(s, s) if zh else s, k) for s, k in v.skills if k]
            rows.append(
                {
                    "unit": v.unit,
                    "name": self.scenario.unit[v.unit].name,
                    "round": v.period,
                    "year": self.year(v.period),
                    "posts": v.posts,
                    "skills": ("；" if zh else "; ").join(f"{s} {k}" for s, k in needs),
                }
            )
        return pd.DataFrame(rows, columns=["unit", "name", "round", "year", "posts", "skills"])

    def unit_of(self, person: str, period: int) -> str | None:
        """The unit of ``person`` in ``period`` (0: today), or None if the plan has none (a
        planned hire has no unit today)."""
        if period == 0:
            known = self.scenario.person.get(person)
            return None if known is None else known.unit
        return self.assignments.get((person, period))

    def role_of(self, person: str, period: int) -> str | None:
        """The role of ``person`` in ``period`` (0: today), None when not placed."""
        known = self.scenario.person.get(person)  # None: a planned hire, a member
        if period == 0:
            return None if known is None else known.role
        if (person, period) not in self.assignments:
            return None
        return self.roles.get((person, period), "member" if known is None else known.role)

    def members(self, unit: str, period: int) -> list[str]:
        """The people in ``unit`` in ``period``, in the scenario's order."""
        return list(self._rosters(period).get(unit, ()))

    def rosters(self, period: int) -> dict[str, list[str]]:
        """Every unit's people in ``period``."""
        return {unit: list(people) for unit, people in self._rosters(period).items()}

    def _rosters(self, period: int) -> dict[str, tuple[str, ...]]:
        """Every unit's people in ``period``, computed once per plan and period (plans
        are immutable; a province's checker asks for each unit's members)."""
        store: dict[int, dict[str, tuple[str, ...]]] = self.__dict__.setdefault("_memo", {})
        if period not in store:
            out: dict[str, list[str]] = {u.id: [] for u in self.scenario.units}
            for p in self.scenario.people:
                unit = self.unit_of(p.id, period)
                if unit in out:
                    out[unit].append(p.id)
            store[period] = {unit: tuple(people) for unit, people in out.items()}
        return store[period]

    def iter_moves(self, retirements: bool = True) -> Iterator[Move]:
        """The moves in period order, then in the scenario's order of people.

        People who retire by a period (rule 40: no unit in it) leave in that period with
        ``to_unit`` None, unless ``retirements`` is False.
        """
        from rotation.facts import retired_by

        for t in self.scenario.periods:
            for p in self.scenario.people:
                before, after = self.unit_of(p.id, t - 1), self.unit_of(p.id, t)
                if before is None:
                    continue
                if after is not None and before != after:
                    yield Move(p.id, t, before, after)
                elif after is None and retirements and retired_by(self.scenario, p.id, t):
                    yield Move(p.id, t, before, None)

    def moved(self, person: str, period: int) -> bool:
        """Whether ``person`` changes unit in ``period``."""
        before, after = self.unit_of(person, period - 1), self.unit_of(person, period)
        return before is not None and after is not None and before != after

    def arrival(self, person: str, period: int) -> dt.date | None:
        """Since when ``person`` has been in their unit of round ``period - 1``: the date
        of the round in which they last moved into it, else ``Scenario.unit_start`` (they
        have held it since before the plan date); None if they hold no unit then."""
        from rotation.facts import round_date

        unit = self.unit_of(person, period - 1)
        if unit is None:
            return None
        for k in range(period - 1, 0, -1):
            if self.unit_of(person, k - 1) != unit:
                return round_date(self.scenario, k)
        return self.scenario.unit_start(person)

    def tenure_months(self, person: str, period: int) -> int | None:
        """Whole months ``person`` has been in their unit of round ``period - 1`` by the
        date of round ``period`` (the tenure the rules of round ``period`` read)."""
        from rotation.facts import months_between, round_date

        since = self.arrival(person, period)
        return None if since is None else months_between(since, round_date(self.scenario, period))

    def year(self, period: int) -> int:
        """The calendar year of round ``period`` (round 1 is the plan date's)."""
        from rotation.facts import round_date

        return round_date(self.scenario, period).year

    def to_frame(self) -> pd.DataFrame:
        """One row per person and round, in round order: person, round, year, unit, role."""
        order = {p.id: i for i, p in enumerate(self.scenario.people)}
        keys = sorted(self.assignments, key=lambda k: (k[1], order.get(k[0], len(order)), k[0]))
        rows = [(p, t, self.year(t), self.assignments[(p, t)], self.role_of(p, t)) for p, t in keys]
        return pd.DataFrame(rows, columns=["person", "round", "year", "unit", "role"])

    def moves(self, lang: str = "en") -> pd.DataFrame:
        """The proposed rotation list (交流轮岗建议名单), grouped by round (round, then the
        scenario's order of people), retirements included (``to_unit`` empty), each row
        with its reasons in ``lang``, most binding first; in a plan of several rounds the
        reasons start with the round and its year."""
        from rotation.reasons import explain_moves
        from rotation.validate.common import round_text

        names = self.scenario.person
        units = self.scenario.unit
        sep = "；" if lang == "zh" else "; "
        several = self.scenario.horizon > 1
        from rotation.recruitment import hire_rows

        rows: list[dict[str, Any]] = []
        for move, reasons in explain_moves(self):
            text = sep.join(r.text(lang) for r in reasons)
            if several:
                text = (
                    round_text(self.scenario, move.period, lang)
                    + ("：" if lang == "zh" else ": ")
                    + text
                )
            rows.append(
                {
                    "person": move.person,
                    "name": names[move.person].name,
                    "round": move.period,
                    "year": self.year(move.period),
                    "from_unit": move.from_unit,
                    "from_name": units[move.from_unit].name,
                    "to_unit": move.to_unit or "",
                    "to_name": units[move.to_unit].name if move.to_unit else "",
                    "reasons": text,
                }
            )
        # planned hires join in their round ("new hire → unit"); rows stay grouped by round
        rows = sorted([*rows, *hire_rows(self, lang)], key=lambda row: int(row["round"]))
        return pd.DataFrame(rows, columns=MOVE_COLUMNS)

    def stays_past_limit(self, lang: str = "en") -> pd.DataFrame:
        """People at or past a tenure limit who stay, each with the reason they stay: in
        round 1 the mandatory limit (rules 1, 5, 6), else rule 2 (same level), else rule 7
        (staff long in a unit); in each later round the mandatory limit (the reason names
        the round); ``rule`` names the limit, ``round`` the round."""
        from rotation.reasons import explain_stays

        rows = []
        for stay in explain_stays(self):
            p = self.scenario.person[stay.person]
            unit = self.scenario.unit[self.unit_of(p.id, stay.period) or p.unit]
            rows.append(
                {
                    "person": p.id,
                    "name": p.name,
                    "unit": unit.id,
                    "unit_name": unit.name,
                    "rule": stay.rule,
                    "reason": stay.text(lang),
                    "round": stay.period,
                }
            )
        columns = ["person", "name", "unit", "unit_name", "rule", "reason", "round"]
        return pd.DataFrame(rows, columns=columns)

    def kpis(self, period: int = 1) -> Kpis:
        """The plan's key figures for ``period`` (see :class:`rotation.report.kpis.Kpis`)."""
        from rotation.report.kpis import compute_kpis

        return compute_kpis(self, period)

    def kpis_by_round(self, lang: str = "en") -> pd.DataFrame:
        """Key figures per round and for the whole horizon (moves per year, tenure
        profile each year …; see :func:`rotation.report.kpis.horizon_table`)."""
        from rotation.report.kpis import horizon_table

        return horizon_table(self, lang)

    @classmethod
    def from_frame(cls, scenario: Scenario, frame: pd.DataFrame) -> Plan:
        """A plan from a frame with columns person, unit and optionally round (or period;
        default 1) and role (default: the person's current role)."""
        assignments: dict[tuple[str, int], str] = {}
        roles: dict[tuple[str, int], str] = {}
        for row in frame.itertuples(index=False):
            key = (str(row.person), int(getattr(row, "round", getattr(row, "period", 1))))
            assignments[key] = str(row.unit)
            role = getattr(row, "role", None)
            if isinstance(role, str) and role:
                roles[key] = role
        return cls(scenario, assignments, roles)

    @classmethod
    def current(cls, scenario: Scenario) -> Plan:
        """The plan that moves nobody (the retired still leave)."""
        from rotation.facts import Duty

        duties = scenario.duties
        return cls(
            scenario,
            {
                (p.id, t): p.unit
                for p in scenario.people
                for t in scenario.periods
                if duties[p.id].duty is not Duty.RETIRED
            },
        )
