"""Rule specs as data: what each rule demands, with its parameters and weight.

A spec is one third of a rule; its CP-SAT encoder lives in
:mod:`rotation.models.rules` and its solver-free checker in :mod:`rotation.validate`,
all three under the spec's ``name``. ``weight=None`` means the rule is hard; a number
makes it soft at that cost per unit of violation. Defaults are the national figures
from the rules catalogue (``rule numbers`` in each docstring); a scenario overrides
them in ``scenario.toml`` under ``[rules.<name>]``.

This module also says *to whom* a rule applies (:func:`obligation`), because the
precedence of person-level rules is part of the specification, shared by the model
and the checker: a pin decides; then frozen; then the minimum stay; then mandatory
rotation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from rotation.dates import add_months, served_at_least, years_to_months
from rotation.errors import ScenarioError

if TYPE_CHECKING:
    from rotation.scenario import Scenario


class Duty(Enum):
    """What the person-level rules demand of one person in one period."""

    FREE = "free"
    PINNED = "pinned"
    STAY_FROZEN = "frozen"
    STAY_MINIMUM = "minimum_stay"
    MUST_MOVE = "mandatory_rotation"


@dataclass(frozen=True)
class RuleSpec:
    """Common fields of every rule: on or off, and hard (``weight=None``) or soft."""

    name: ClassVar[str]
    title_en: ClassVar[str]
    title_zh: ClassVar[str]
    catalogue: ClassVar[tuple[int, ...]] = ()
    can_be_hard: ClassVar[bool] = True
    can_be_soft: ClassVar[bool] = True

    enabled: bool = True
    weight: float | None = None

    def __post_init__(self) -> None:
        if self.weight is not None and self.weight < 0:
            raise ScenarioError(f"[rules.{self.name}] weight must not be negative", column="weight")
        if self.weight is None and not self.can_be_hard:
            raise ScenarioError(
                f"[rules.{self.name}] is a goal and needs a weight", column="weight"
            )
        if self.weight is not None and not self.can_be_soft:
            raise ScenarioError(f"[rules.{self.name}] cannot be soft", column="weight")

    @property
    def hard(self) -> bool:
        """Whether the rule must hold (no weight) rather than cost."""
        return self.weight is None


@dataclass(frozen=True)
class Assignment(RuleSpec):
    """Every person is in exactly one unit in every period (structural)."""

    name: ClassVar[str] = "assignment"
    title_en: ClassVar[str] = "one unit per person"
    title_zh: ClassVar[str] = "每人在且仅在一个单位"
    can_be_soft: ClassVar[bool] = False


@dataclass(frozen=True)
class Headcount(RuleSpec):
    """Each unit's headcount stays within its band (编制; rules 28, 39).

    The units table gives each unit's band; ``bands`` fills a blank band by the unit's
    kind (3–5 for townships and area offices, rule 39).
    """

    name: ClassVar[str] = "headcount"
    title_en: ClassVar[str] = "headcount band"
    title_zh: ClassVar[str] = "编制人数"
    catalogue: ClassVar[tuple[int, ...]] = (28, 39)

    bands: Mapping[str, tuple[int, int]] = field(
        default_factory=lambda: {
            "township": (3, 5),
            "area": (3, 5),
            "department": (3, 5),
            "office": (3, 8),
        }
    )


@dataclass(frozen=True)
class SkillCover(RuleSpec):
    """Each unit has at least as many holders of a skill as its ``needs`` say (rule 38)."""

    name: ClassVar[str] = "skill_cover"
    title_en: ClassVar[str] = "skill cover"
    title_zh: ClassVar[str] = "专业配备"
    catalogue: ClassVar[tuple[int, ...]] = (38,)


@dataclass(frozen=True)
class MandatoryRotation(RuleSpec):
    """Someone ``years`` or more in the same unit must move (rules 1, 5, 6).

    The limit is the tightest that applies: by the unit's kind (5 years in area offices
    and township commissions, 10 elsewhere) and, for heads, ``head_years`` (10).
    """

    name: ClassVar[str] = "mandatory_rotation"
    title_en: ClassVar[str] = "mandatory rotation"
    title_zh: ClassVar[str] = "任职满限必须交流"
    catalogue: ClassVar[tuple[int, ...]] = (1, 5, 6)

    years: Mapping[str, float] = field(
        default_factory=lambda: {"area": 5, "township": 5, "office": 10, "department": 10}
    )
    head_years: float = 10

    def limit(self, kind: str, role: str) -> float:
        """The tenure limit for a person of ``role`` in a unit of ``kind``."""
        limits = [self.years.get(kind, 10.0)]
        if role == "head":
            limits.append(self.head_years)
        return min(limits)


@dataclass(frozen=True)
class MinimumStay(RuleSpec):
    """Someone fewer than ``years`` in the unit stays (no frequent moves, rule 9)."""

    name: ClassVar[str] = "minimum_stay"
    title_en: ClassVar[str] = "minimum stay"
    title_zh: ClassVar[str] = "任职未满最短年限"
    catalogue: ClassVar[tuple[int, ...]] = (9,)

    years: float = 1


@dataclass(frozen=True)
class Frozen(RuleSpec):
    """People with a stated reason (probation, under investigation …) stay (rules 8, 30)."""

    name: ClassVar[str] = "frozen"
    title_en: ClassVar[str] = "not to be moved"
    title_zh: ClassVar[str] = "暂不交流"
    catalogue: ClassVar[tuple[int, ...]] = (8, 30)


@dataclass(frozen=True)
class KinAvoidance(RuleSpec):
    """Relatives are never in the same unit (``same_unit``), nor one in an area office
    and the other in a unit it supervises (``supervision``) (rules 14–16)."""

    name: ClassVar[str] = "kin_avoidance"
    title_en: ClassVar[str] = "kin avoidance"
    title_zh: ClassVar[str] = "亲属任职回避"
    catalogue: ClassVar[tuple[int, ...]] = (14, 15, 16)

    same_unit: bool = True
    supervision: bool = True


@dataclass(frozen=True)
class Pins(RuleSpec):
    """Placements in the ``pins`` table are honoured."""

    name: ClassVar[str] = "pins"
    title_en: ClassVar[str] = "pinned placement"
    title_zh: ClassVar[str] = "指定安排"


@dataclass(frozen=True)
class FewestMoves(RuleSpec):
    """Goal: as few moves as possible beyond the mandatory ones (cost per move)."""

    name: ClassVar[str] = "fewest_moves"
    title_en: ClassVar[str] = "moves beyond the mandatory ones"
    title_zh: ClassVar[str] = "非必需交流人数"
    can_be_hard: ClassVar[bool] = False

    weight: float | None = 100

    @staticmethod
    def counts(duty: Duty) -> bool:
        """Whether a move by someone with this duty is a choice (not mandatory or pinned)."""
        return duty not in (Duty.MUST_MOVE, Duty.PINNED)


@dataclass(frozen=True)
class Preferences(RuleSpec):
    """Goal: movers go where they asked to (cost per rank below the first choice).

    A mover sent to their k-th choice costs k-1; one sent elsewhere costs as many as
    they listed choices. Stayers and people without wishes cost nothing.
    """

    name: ClassVar[str] = "preferences"
    title_en: ClassVar[str] = "preference rank"
    title_zh: ClassVar[str] = "交流意向"
    can_be_hard: ClassVar[bool] = False

    weight: float | None = 1

    @staticmethod
    def cost(preferences: tuple[str, ...], unit: str) -> int:
        """The rank cost of sending someone with these wishes to ``unit``."""
        return preferences.index(unit) if unit in preferences else len(preferences)


SPECS: tuple[type[RuleSpec], ...] = (
    Assignment,
    Headcount,
    SkillCover,
    MandatoryRotation,
    MinimumStay,
    Frozen,
    KinAvoidance,
    Pins,
    FewestMoves,
    Preferences,
)
"""Every rule the library knows, in the order they are encoded and checked."""


@dataclass(frozen=True)
class RuleSet:
    """The rules in force, one spec per rule; built from ``[rules.*]`` in scenario.toml."""

    assignment: Assignment = field(default_factory=Assignment)
    headcount: Headcount = field(default_factory=Headcount)
    skill_cover: SkillCover = field(default_factory=SkillCover)
    mandatory_rotation: MandatoryRotation = field(default_factory=MandatoryRotation)
    minimum_stay: MinimumStay = field(default_factory=MinimumStay)
    frozen: Frozen = field(default_factory=Frozen)
    kin_avoidance: KinAvoidance = field(default_factory=KinAvoidance)
    pins: Pins = field(default_factory=Pins)
    fewest_moves: FewestMoves = field(default_factory=FewestMoves)
    preferences: Preferences = field(default_factory=Preferences)

    def __iter__(self):  # type: ignore[no-untyped-def]
        """The specs in encoding order."""
        return (getattr(self, spec.name) for spec in SPECS)

    def active(self) -> list[RuleSpec]:
        """The enabled specs."""
        return [spec for spec in self if spec.enabled]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """Read ``[rules.*]`` tables; unknown rules or parameters are errors."""
        known = {spec.name: spec for spec in SPECS}
        built: dict[str, Any] = {}
        for name, params in data.items():
            if name not in known:
                raise ScenarioError(
                    f"unknown rule [rules.{name}] (known: {', '.join(known)})", column=name
                )
            if not isinstance(params, Mapping):
                raise ScenarioError(f"[rules.{name}] must be a table", column=name)
            spec = known[name]
            allowed = {f.name for f in dataclasses.fields(spec)}
            kwargs: dict[str, Any] = {}
            for key, value in params.items():
                if key == "hard":
                    if value:
                        kwargs["weight"] = None
                    continue
                if key not in allowed:
                    raise ScenarioError(
                        f"[rules.{name}] has no parameter '{key}' "
                        f"(known: {', '.join(sorted(allowed))})",
                        column=f"{name}.{key}",
                    )
                kwargs[key] = _coerce(spec, key, value)
            try:
                built[name] = spec(**kwargs)
            except ScenarioError as exc:  # the spec's own check names only its field
                raise ScenarioError(exc.message, column=f"{name}.{exc.column}") from None
        return cls(**built)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """The rules as ``[rules.*]`` tables (inverse of :meth:`from_dict`)."""
        out: dict[str, dict[str, Any]] = {}
        for spec in self:
            table: dict[str, Any] = {}
            for f in dataclasses.fields(spec):
                value = getattr(spec, f.name)
                if f.name == "weight" and value is None:
                    table["hard"] = True
                    continue
                if isinstance(value, Mapping):
                    value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
                table[f.name] = value
            out[spec.name] = table
        return out


def _number(value: Any, where: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"[rules.{where}] {what} must be a number, not {value!r}", column=where)
    return float(value)


def _coerce(spec: type[RuleSpec], key: str, value: Any) -> Any:
    """Turn a TOML value into the type of the spec's default, with errors naming the key."""
    where = f"{spec.name}.{key}"
    if key == "weight":
        return _number(value, where, "weight")
    default = getattr(spec() if spec.can_be_hard else spec(weight=1.0), key)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ScenarioError(f"[rules.{where}] must be true or false", column=where)
        return value
    if isinstance(default, int | float):
        return _number(value, where, "the value")
    if isinstance(default, Mapping):
        if not isinstance(value, Mapping):
            raise ScenarioError(f"[rules.{where}] must be a table", column=where)
        if spec is Headcount:
            bands: dict[str, tuple[int, int]] = {}
            for kind, band in value.items():
                if not (isinstance(band, list | tuple) and len(band) == 2):
                    raise ScenarioError(
                        f"[rules.{where}] band for '{kind}' must be [min, max]", column=where
                    )
                lo, hi = (int(_number(b, where, "a band bound")) for b in band)
                if lo > hi:
                    raise ScenarioError(
                        f"[rules.{where}] band for '{kind}' has min {lo} > max {hi}", column=where
                    )
                bands[kind] = (lo, hi)
            return bands
        return {k: _number(v, where, f"'{k}'") for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------
# Who is bound by which person-level rule (shared by the model and the checker)


@dataclass(frozen=True)
class Obligation:
    """The deciding person-level rule for one person in period 1, with its numbers.

    ``overridden`` names the rules this duty takes precedence over (for example a
    frozen person past the tenure limit is exempt from mandatory rotation), so the
    plan can say why someone past a limit stays.
    """

    duty: Duty
    unit: str | None = None
    months: int = 0
    limit_years: float = 0.0
    overridden: tuple[str, ...] = ()


def months_in_unit(scenario: Scenario, person: str, on: dt.date | None = None) -> int:
    """Whole months the person has been in their current unit by ``on`` (plan date)."""
    on = on or scenario.plan_date
    start = scenario.unit_start(person)
    months = (on.year - start.year) * 12 + (on.month - start.month)
    if add_months(start, months) > on:
        months -= 1
    return max(months, 0)


def obligation(scenario: Scenario, person: str) -> Obligation:
    """Which person-level rule decides for ``person`` in period 1, by precedence.

    A pin decides; then frozen (the person stays, exempt from mandatory rotation);
    then the minimum stay; then mandatory rotation. Disabled rules do not apply.
    """
    rules = scenario.rules
    p = scenario.person[person]
    unit = scenario.unit[p.unit]
    start = scenario.unit_start(person)
    months = months_in_unit(scenario, person)
    mandatory = rules.mandatory_rotation
    limit = mandatory.limit(unit.kind, p.role)
    over_limit = mandatory.enabled and served_at_least(start, scenario.plan_date, limit)
    too_new = rules.minimum_stay.enabled and not served_at_least(
        start, scenario.plan_date, rules.minimum_stay.years
    )
    frozen = rules.frozen.enabled and bool(p.frozen)
    pin = scenario.pin_for(person, 1) if rules.pins.enabled else None

    applicable = [
        name
        for name, holds in (
            ("frozen", frozen),
            ("minimum_stay", too_new),
            ("mandatory_rotation", over_limit),
        )
        if holds
    ]
    if pin is not None:
        return Obligation(Duty.PINNED, pin, months, limit, tuple(applicable))
    if frozen:
        return Obligation(Duty.STAY_FROZEN, p.unit, months, limit, tuple(applicable[1:]))
    if too_new:
        return Obligation(Duty.STAY_MINIMUM, p.unit, months, limit, tuple(applicable[1:]))
    if over_limit:
        return Obligation(Duty.MUST_MOVE, p.unit, months, limit)
    return Obligation(Duty.FREE, None, months, limit)


def obligations(scenario: Scenario) -> dict[str, Obligation]:
    """:func:`obligation` for everyone."""
    return {p.id: obligation(scenario, p.id) for p in scenario.people}


__all__ = [
    "SPECS",
    "Assignment",
    "Duty",
    "FewestMoves",
    "Frozen",
    "Headcount",
    "KinAvoidance",
    "MandatoryRotation",
    "MinimumStay",
    "Obligation",
    "Pins",
    "Preferences",
    "RuleSet",
    "RuleSpec",
    "SkillCover",
    "months_in_unit",
    "obligation",
    "obligations",
    "years_to_months",
]
