"""Rule specs as data: what each rule demands, with its parameters and weight.

A spec is one third of a rule; its CP-SAT encoder lives in
:mod:`rotation.models.rules` and its solver-free checker in :mod:`rotation.validate`,
all three under the spec's ``name``. ``weight=None`` means the rule is hard; a number
makes it soft at that cost per unit of violation. Defaults are the national figures
from the rules catalogue (``catalogue`` on each spec gives the rule numbers); a scenario
overrides them in ``scenario.toml`` under ``[rules.<name>]``.

Who a person-level rule binds, and the precedence between them, is in
:mod:`rotation.facts`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from rotation.dates import add_months, served_at_least
from rotation.errors import ScenarioError
from rotation.facts import (
    RANKS,
    ROLE_ZH,
    Duty,
    kin_in_way,
    level_start,
    promotion_blockers,
    rank_index,
    retire_date,
)

if TYPE_CHECKING:
    from rotation.scenario import Person, Scenario, Unit


@dataclass(frozen=True)
class RuleSpec:
    """Common fields of every rule: on or off, and hard (``weight=None``) or soft."""

    name: ClassVar[str]
    title_en: ClassVar[str]
    title_zh: ClassVar[str]
    catalogue: ClassVar[tuple[int, ...]] = ()
    can_be_hard: ClassVar[bool] = True
    can_be_soft: ClassVar[bool] = True
    family: ClassVar[str] = ""

    enabled: bool = True
    weight: float | None = None

    def __post_init__(self) -> None:
        if self.weight is not None and self.weight < 0:
            raise ScenarioError(
                f"[rules.{self.name}] weight must not be negative",
                zh=f"[rules.{self.name}]的权重不得为负数",
                column="weight",
            )
        if self.weight is None and not self.can_be_hard:
            raise ScenarioError(
                f"[rules.{self.name}] is a goal and needs a weight",
                zh=f"[rules.{self.name}]是目标，须设置权重",
                column="weight",
            )
        if self.weight is not None and not self.can_be_soft:
            raise ScenarioError(
                f"[rules.{self.name}] cannot be soft",
                zh=f"[rules.{self.name}]只能为硬性规则，不能设置权重",
                column="weight",
            )

    @property
    def hard(self) -> bool:
        """Whether the rule must hold (no weight) rather than cost."""
        return self.weight is None


EDUCATION_ZH = {
    "doctorate": "博士研究生",
    "master": "硕士研究生",
    "bachelor": "大学本科",
    "college": "大专",
    "secondary": "中专及以下",
}
"""Education levels (highest first, as ``rotation.scenario.EDUCATION``) in Chinese."""


def _who(person: Person) -> str:
    return f"{person.name} ({person.id})"


def _where(unit: Unit) -> str:
    return f"{unit.name} ({unit.id})"


@dataclass(frozen=True)
class PairRule(RuleSpec):
    """A rule that forbids some (person, unit, role) placements.

    :meth:`breach` is the whole rule: the model removes (hard) or prices (soft) the
    placements it names, and the checker reports them, so a rule of this kind is
    defined once.
    """

    def breach(
        self, scenario: Scenario, person: Person, unit: Unit, role: str
    ) -> tuple[str, str] | None:
        """Why placing ``person`` in ``unit`` as ``role`` breaks the rule (English,
        Chinese), or None if it does not."""
        raise NotImplementedError

    def concerns(self, scenario: Scenario, person: Person, role: str) -> bool:
        """A cheap person-level screen: False only when :meth:`breach` is None for
        ``person`` as ``role`` in every unit, so the model asks :meth:`breach` about the
        few people a rule can bind rather than every (person, unit, role). Conservative
        here; rules override it with the person-level part of their condition (a test
        checks the promise on generated scenarios)."""
        return True

    unit_blind: ClassVar[bool] = False
    """True when :meth:`breach` reads the unit only for its wording: then
    :meth:`concerns` is exact (True means a breach in every unit) and the model drops
    the role without asking about each unit."""

    dated: ClassVar[bool] = False
    """True when the rule reads the date of the round (:meth:`breach_in`): then a post
    taken in a later round is also judged on that round's date."""

    def breach_in(
        self, scenario: Scenario, person: Person, unit: Unit, role: str, period: int
    ) -> tuple[str, str] | None:
        """For a :attr:`dated` rule, why taking ``role`` in ``unit`` in round ``period``
        (≥ 2), a post not held the round before, breaks the rule on that round's date
        (None: it does not). :meth:`breach`, judged on the plan date, applies to every
        placement in every round; this adds the posts taken later, once the dates have
        moved on (a head reaching 15 years at the level in round 3 takes no new head post
        from round 3 on, and keeps the one they hold)."""
        return None


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
class Vacancies(RuleSpec):
    """Goal (off unless switched on): where the people available cannot meet a unit's
    band or its skill needs in a round, the plan leaves vacancies (unit, round, and the
    skills the recruits must bring) instead of failing, so that the plan doubles as a
    recruitment plan (招录/遴选需求). A vacancy is a post within the band (编制, rule 28)
    left unfilled in a round; each costs ``weight`` per round it stays open, so the plan
    leaves one only where no move can fill it."""

    name: ClassVar[str] = "vacancies"
    title_en: ClassVar[str] = "vacancies to recruit for"
    title_zh: ClassVar[str] = "空缺岗位（招录需求）"
    catalogue: ClassVar[tuple[int, ...]] = (28, 38)
    can_be_hard: ClassVar[bool] = False

    enabled: bool = False
    weight: float | None = 1000


@dataclass(frozen=True)
class Training(RuleSpec):
    """Training and secondment (rule 43; 挂职锻炼): each absence of the ``absences`` table
    is scheduled once, for its length in consecutive rounds from a start inside its
    window; the person keeps their unit (and does not move after the first round away)
    but, while away, does not count for the unit's minimum headcount or its skill cover,
    so no unit falls below either because of an absence (the maximum still counts them:
    they keep their post). With ``quota`` ≥ 1 every unit also sends that many of its
    people to training in each round (one round each; those away on training from the
    table count), nobody twice within ``cycle`` rounds (rule 43's training per 5 years).
    Soft, each absence left unscheduled and each trainee short of a quota costs
    ``weight``."""

    name: ClassVar[str] = "training"
    title_en: ClassVar[str] = "training and secondment"
    title_zh: ClassVar[str] = "培训与挂职锻炼"
    catalogue: ClassVar[tuple[int, ...]] = (43,)

    quota: int = 0
    cycle: int = 5

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.quota < 0:
            raise ScenarioError(
                "[rules.training] quota must not be negative",
                zh="[rules.training]的参数“quota”不得为负数",
                column="quota",
            )
        if self.cycle < 1:
            raise ScenarioError(
                "[rules.training] cycle must be 1 round or more",
                zh="[rules.training]的参数“cycle”须至少为1轮",
                column="cycle",
            )


@dataclass(frozen=True)
class MandatoryRotation(RuleSpec):
    """Someone ``years`` or more in the same unit must move (rules 1, 5, 6).

    The limit is the tightest that applies: by the unit's kind (5 years in area offices
    and township commissions, 10 elsewhere), for heads ``head_years`` (10, rule 1; also
    rule 4's "no third consecutive 5-year term in the same post"), and in key posts
    (重点岗位, rule 5) ``key_years`` (5). Over several rounds the limit falls due in the
    round it is reached, counted from the person's last move.
    """

    name: ClassVar[str] = "mandatory_rotation"
    title_en: ClassVar[str] = "mandatory rotation"
    title_zh: ClassVar[str] = "任职满限必须交流"
    catalogue: ClassVar[tuple[int, ...]] = (1, 4, 5, 6)

    years: Mapping[str, float] = field(
        default_factory=lambda: {"area": 5, "township": 5, "office": 10, "department": 10}
    )
    head_years: float = 10
    key_years: float = 5

    def limit(self, kind: str, role: str, key: bool = False) -> float:
        """The tenure limit for a person of ``role`` in a unit of ``kind``."""
        limits = [self.years.get(kind, 10.0)]
        if role == "head":
            limits.append(self.head_years)
        if key:
            limits.append(self.key_years)
        return min(limits)


@dataclass(frozen=True)
class MinimumStay(RuleSpec):
    """Someone fewer than ``years`` in the unit stays (no frequent moves, rule 9). Over
    several rounds this is "at most one move per person in ``years``" (rule 3's one
    adjustment per term with ``years = 5``), counted from the plan's own moves too."""

    name: ClassVar[str] = "minimum_stay"
    title_en: ClassVar[str] = "minimum stay"
    title_zh: ClassVar[str] = "任职未满最短年限"
    catalogue: ClassVar[tuple[int, ...]] = (3, 9)

    years: float = 1


@dataclass(frozen=True)
class Frozen(RuleSpec):
    """People with a stated reason (probation, under investigation …) stay (rules 8, 30)."""

    name: ClassVar[str] = "frozen"
    title_en: ClassVar[str] = "not to be moved"
    title_zh: ClassVar[str] = "暂不交流"
    catalogue: ClassVar[tuple[int, ...]] = (8, 30)

    # probation (``probation_end`` after the plan date) freezes as a stated reason does


@dataclass(frozen=True)
class KinAvoidance(RuleSpec):
    """Relatives (rule 14) are never in the same unit (``same_unit``: same leader, same
    department or 派驻机构, rules 15–16), nor one in an area office and the other in a
    unit it supervises (``supervision``: a direct line, rule 15), nor one leading an
    internal office of the commission while the other works in its internal offices
    (``organ_leader``: the commission is one 机关 whose offices all do 纪检监察 work,
    rule 15). Exceptions (rule 19) switch a part off."""

    name: ClassVar[str] = "kin_avoidance"
    title_en: ClassVar[str] = "kin avoidance"
    title_zh: ClassVar[str] = "亲属任职回避"
    catalogue: ClassVar[tuple[int, ...]] = (14, 15, 16, 19)

    same_unit: bool = True
    supervision: bool = True
    organ_leader: bool = True


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
        return duty not in (Duty.MUST_MOVE, Duty.PINNED, Duty.RETIRED)


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


# --- tenure: more person-level rules -------------------------------------------------


@dataclass(frozen=True)
class NearRetirement(RuleSpec):
    """People within ``years`` of retirement are not rotated (rules 8, 40)."""

    name: ClassVar[str] = "near_retirement"
    title_en: ClassVar[str] = "near retirement"
    title_zh: ClassVar[str] = "临近退休不交流"
    catalogue: ClassVar[tuple[int, ...]] = (8, 40)

    years: float = 3


@dataclass(frozen=True)
class MinimumService(RuleSpec):
    """New civil servants serve ``years`` (incl. probation) where they were recruited;
    township recruits ``township_years`` (rule 30; locally often 8)."""

    name: ClassVar[str] = "minimum_service"
    title_en: ClassVar[str] = "minimum service of new recruits"
    title_zh: ClassVar[str] = "新录用人员最低服务年限"
    catalogue: ClassVar[tuple[int, ...]] = (30,)

    years: float = 5
    township_years: float = 5


@dataclass(frozen=True)
class SameLevel(RuleSpec):
    """Leaders ``years`` or more at the same level in the district should move (rule 2);
    each one who stays costs once.

    The level is held since ``level_start`` (任同级职务时间, else the post start) and the
    role is today's. Soft, everyone bound counts, whatever their duty: the amount is
    simply "such a leader stays" (a frozen one is a fixed cost). Hard, the bound leaders
    must move, except those whose duty decides otherwise (a pin, or a duty that keeps
    them: frozen, near retirement …), which take precedence as they do over mandatory
    rotation. The retired are not in the plan.
    """

    name: ClassVar[str] = "same_level"
    title_en: ClassVar[str] = "long at the same level"
    title_zh: ClassVar[str] = "同一层次任职满10年应交流"
    catalogue: ClassVar[tuple[int, ...]] = (2,)

    weight: float | None = 50
    years: float = 10
    roles: tuple[str, ...] = ("head", "deputy")

    def binds(self, scenario: Scenario, person: str) -> bool:
        """Whether ``person`` (in the plan) leads in ``roles`` ``years`` or more at their
        level by the plan date; when hard, those the rule obliges to move."""
        p = scenario.person[person]
        duty = scenario.duties[person].duty
        if p.role not in self.roles or duty is Duty.RETIRED:
            return False
        if self.hard and (duty.stays or duty is Duty.PINNED):
            return False
        return served_at_least(level_start(p), scenario.plan_date, self.years)

    def bound_from(self, scenario: Scenario, person: str) -> int | None:
        """The first round in which ``person`` (today in ``roles``) has been ``years`` at
        their level, None if not within the plan; they cost in that round and each later
        one until they move (retirement ends it)."""
        from rotation.facts import round_date

        p = scenario.person[person]
        if p.role not in self.roles:
            return None
        for t in scenario.periods:
            if served_at_least(level_start(p), round_date(scenario, t), self.years):
                return t
        return None


@dataclass(frozen=True)
class TermStability(RuleSpec):
    """Leaders normally serve a full term (rule 3): each leader moved before ``term_years``
    in post costs once (mandatory and pinned moves excepted)."""

    name: ClassVar[str] = "term_stability"
    title_en: ClassVar[str] = "full term in post"
    title_zh: ClassVar[str] = "任期内保持稳定"
    catalogue: ClassVar[tuple[int, ...]] = (3,)

    weight: float | None = 20
    term_years: float = 5
    roles: tuple[str, ...] = ("head", "deputy")

    def binds(self, scenario: Scenario, person: str) -> bool:
        """Whether ``person`` leads in ``roles`` with fewer than ``term_years`` in their
        current unit (``Scenario.unit_start``), and no duty forces or decides their move
        (mandatory rotation, a pin); the retired are not in the plan."""
        ob = scenario.duties[person]  # ob.months: whole months in the unit
        decided = ob.duty in (Duty.MUST_MOVE, Duty.PINNED, Duty.RETIRED)
        if decided or scenario.person[person].role not in self.roles:
            return False
        return ob.months < round(self.term_years * 12)

    def binds_in(self, scenario: Scenario, person: str, period: int) -> bool:
        """From round 2 on: whether a move of ``person`` in ``period`` may cost: today in
        ``roles``, in the plan then and not pinned for the round (whether the move comes
        too soon, or is one mandatory rotation makes, depends on the plan)."""
        from rotation.facts import duty_in_round

        if scenario.person[person].role not in self.roles:
            return False
        return duty_in_round(scenario, person, period) not in (Duty.PINNED, Duty.RETIRED)


@dataclass(frozen=True)
class LongTenure(RuleSpec):
    """Non-leading staff long in one unit should move (rule 7): a member who stays costs
    the value of the highest tier (years in the unit) they have reached."""

    name: ClassVar[str] = "long_tenure"
    title_en: ClassVar[str] = "long tenure of staff"
    title_zh: ClassVar[str] = "一般干部任职较长"
    catalogue: ClassVar[tuple[int, ...]] = (7,)

    weight: float | None = 1
    tiers: Mapping[str, float] = field(default_factory=lambda: {"3": 1, "5": 2, "8": 4})
    roles: tuple[str, ...] = ("member",)

    def cost(self, months: int) -> int:
        """The tier value reached after ``months`` in the unit (0 below the first tier)."""
        reached = [v for years, v in self.tiers.items() if months >= round(float(years) * 12)]
        return round(max(reached, default=0))

    def steps(self) -> list[tuple[float, int]]:
        """The cost of staying as a step function of the years in the unit: (years, how
        much the cost rises on reaching them), shortest first, rises only (the cost is
        the highest tier value reached, so it never falls)."""
        out, level = [], 0
        for years in sorted(self.tiers, key=float):
            reached = self.cost(round(float(years) * 12))
            if reached > level:
                out.append((float(years), reached - level))
                level = reached
        return out

    def stay_cost(self, scenario: Scenario, person: str) -> int:
        """What ``person`` staying costs: their tier's value if their role is in
        ``roles``. People whose duty decides (a pin, or a duty that keeps them: frozen,
        near retirement, minimum service or stay) are exempt, soft and hard alike, and
        the retired are not in the plan. Hard, everyone with a cost must move."""
        ob = scenario.duties[person]  # ob.months: whole months in the unit
        decided = ob.duty.stays or ob.duty in (Duty.PINNED, Duty.RETIRED)
        if decided or scenario.person[person].role not in self.roles:
            return 0
        return self.cost(ob.months)


@dataclass(frozen=True)
class CoolingOff(RuleSpec):
    """Nobody returns to a unit they left fewer than ``years`` ago (cooling-off, no
    frequent moves of one person, rule 9): not to a unit of their ``history`` whose
    posting ended within ``years`` of the round, nor to one the plan took them out of
    within ``years``. A pin for the round decides instead. Soft, each round spent back in
    such a unit costs once (per recent leave of it): the sooner the return, the more it
    costs. Soft by default, since the catalogue states no national rule for it (``hard =
    true`` makes it a bar)."""

    name: ClassVar[str] = "cooling_off"
    title_en: ClassVar[str] = "no return within the cooling-off years"
    title_zh: ClassVar[str] = "离开未满年限不得回原单位"
    catalogue: ClassVar[tuple[int, ...]] = (9,)

    weight: float | None = 50
    years: float = 5

    def left_before(self, scenario: Scenario, person: str) -> dict[str, dt.date]:
        """The units ``person`` left before the plan date (their ``history`` other than
        their current unit), each with the latest end of a posting there."""
        current = scenario.person[person].unit
        out: dict[str, dt.date] = {}
        for h in scenario.history_of.get(person, ()):
            if h.unit != current and (h.unit not in out or h.end > out[h.unit]):
                out[h.unit] = h.end
        return out


# --- staffing: who may be placed where ----------------------------------------------


@dataclass(frozen=True)
class Education(PairRule):
    """People moved into units of ``kinds`` hold at least ``min_level`` (大专, rule 35);
    a blank education is taken as meeting it."""

    name: ClassVar[str] = "education"
    title_en: ClassVar[str] = "education"
    title_zh: ClassVar[str] = "学历要求"
    catalogue: ClassVar[tuple[int, ...]] = (35, 38)

    min_level: str = "college"
    kinds: tuple[str, ...] = ("township",)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.min_level not in EDUCATION_ZH:
            raise ScenarioError(
                f"[rules.{self.name}] min_level '{self.min_level}' is not one of "
                f"{', '.join(EDUCATION_ZH)}",
                zh=f"[rules.{self.name}]的参数“min_level”为“{self.min_level}”，"
                f"不是以下取值之一：{', '.join(EDUCATION_ZH)}",
                column="min_level",
            )

    def breach(
        self, scenario: Scenario, person: Person, unit: Unit, role: str
    ) -> tuple[str, str] | None:
        """Moving someone below the minimum education into a unit of ``kinds``."""
        from rotation.scenario import EDUCATION

        if unit.kind not in self.kinds or unit.id == person.unit or not person.education:
            return None
        if EDUCATION.index(person.education) <= EDUCATION.index(self.min_level):
            return None
        return (
            f"{_who(person)} ({person.education}) is below the {self.min_level} education "
            f"required in {_where(unit)}",
            f"{_who(person)} 学历（{EDUCATION_ZH[person.education]}）低于{_where(unit)}要求的"
            f"{EDUCATION_ZH[self.min_level]}",
        )

    def concerns(self, scenario: Scenario, person: Person, role: str) -> bool:
        """Only people below the minimum education (a blank one meets it)."""
        from rotation.scenario import EDUCATION

        if not person.education:
            return False
        return EDUCATION.index(person.education) > EDUCATION.index(self.min_level)


@dataclass(frozen=True)
class FullTerm(PairRule):
    """Someone moved into a unit of ``kinds`` can serve a full term of ``term_years``
    before retiring (rule 35)."""

    name: ClassVar[str] = "full_term"
    title_en: ClassVar[str] = "can serve a full term"
    title_zh: ClassVar[str] = "年龄应能干满一届"
    catalogue: ClassVar[tuple[int, ...]] = (35,)

    term_years: float = 5
    kinds: tuple[str, ...] = ("township",)

    def breach(
        self, scenario: Scenario, person: Person, unit: Unit, role: str
    ) -> tuple[str, str] | None:
        """Moving someone who retires within a term into a unit of ``kinds``."""
        if unit.kind not in self.kinds or unit.id == person.unit:
            return None
        retires = retire_date(person, scenario.rules.retirement)
        if add_months(scenario.plan_date, round(self.term_years * 12)) <= retires:
            return None
        return (
            f"{_who(person)} retires on {retires}, before a full {self.term_years:g}-year term "
            f"in {_where(unit)}",
            f"{_who(person)} 将于{retires}退休，不能在{_where(unit)}干满{self.term_years:g}年一届",
        )

    def concerns(self, scenario: Scenario, person: Person, role: str) -> bool:
        """Only people who retire within a term of the plan date."""
        retires = retire_date(person, scenario.rules.retirement)
        return add_months(scenario.plan_date, round(self.term_years * 12)) > retires

    dated: ClassVar[bool] = True

    def breach_in(
        self, scenario: Scenario, person: Person, unit: Unit, role: str, period: int
    ) -> tuple[str, str] | None:
        """A post taken in round ``period`` in a unit of ``kinds`` by someone who retires
        within a term of that round's date."""
        from rotation.facts import round_date

        if unit.kind not in self.kinds or unit.id == person.unit:
            return None
        on = round_date(scenario, period)
        retires = retire_date(person, scenario.rules.retirement)
        if add_months(on, round(self.term_years * 12)) <= retires:
            return None
        return (
            f"{_who(person)} retires on {retires}, before a full {self.term_years:g}-year term "
            f"in {_where(unit)} from {on.year}",
            f"{_who(person)} 将于{retires}退休，{on.year}年起不能在{_where(unit)}"
            f"干满{self.term_years:g}年一届",
        )


# --- leadership ---------------------------------------------------------------------


@dataclass(frozen=True)
class LeadershipSlots(RuleSpec):
    """No unit has more heads or deputies than its posts (职数, rules 28, 39), and a head
    post filled today stays filled; leaders keep their level when they move (平级交流)
    unless rule 4 forbids it. A head post vacant today may stay vacant (data without
    leadership roles leaves the rule nothing to demand) unless ``fill_vacant``: then every
    head post is filled, by promotion where needed."""

    name: ClassVar[str] = "leadership_slots"
    title_en: ClassVar[str] = "leadership posts"
    title_zh: ClassVar[str] = "领导职数"
    catalogue: ClassVar[tuple[int, ...]] = (28, 39)

    fill_vacant: bool = False

    def heads_needed(self, scenario: Scenario, unit: Unit) -> int:
        """How many heads ``unit`` must have: all its head posts with ``fill_vacant``,
        else those filled today."""
        if self.fill_vacant:
            return unit.heads
        return min(unit.heads, heads_today(scenario).get(unit.id, 0))


def heads_today(scenario: Scenario) -> dict[str, int]:
    """Unit → how many heads it has today (computed once per scenario)."""

    def count() -> dict[str, int]:
        out: dict[str, int] = {}
        for p in scenario.people:
            if p.role == "head":
                out[p.unit] = out.get(p.unit, 0) + 1
        return out

    return scenario.memo(("heads_today",), count)


@dataclass(frozen=True)
class PromotionEligibility(PairRule):
    """Only eligible people are promoted to deputy or head (rules 25, 26, 27, 30, 32):
    see :func:`rotation.facts.promotion_blockers` for the conditions."""

    name: ClassVar[str] = "promotion_eligibility"
    title_en: ClassVar[str] = "promotion eligibility"
    title_zh: ClassVar[str] = "任职资格"
    catalogue: ClassVar[tuple[int, ...]] = (25, 26, 27, 30, 32)
    unit_blind: ClassVar[bool] = True

    deputy_years: float = 2
    work_years: float = 5
    grassroots_years: float = 2
    since_promotion_years: float = 1
    rank_years: Mapping[str, float] = field(
        default_factory=lambda: dict(zip(RANKS, (2, 2, 2, 2, 2, 2, 2, 2, 3, 4, 4, 0), strict=True))
    )
    punishment_months: Mapping[str, float] = field(
        default_factory=lambda: {
            "警告": 6,
            "记过": 12,
            "记大过": 18,
            "降级": 24,
            "撤职": 24,
            "党内警告": 12,
            "党内严重警告": 18,
        }
    )

    def breach(
        self, scenario: Scenario, person: Person, unit: Unit, role: str
    ) -> tuple[str, str] | None:
        """Promoting someone who is not eligible (any role above their own)."""
        order = ("member", "deputy", "head")
        if order.index(role) <= order.index(person.role):
            return None
        blockers = promotion_blockers(scenario, person.id, role, self)
        if not blockers:
            return None
        blockers_zh = promotion_blockers(scenario, person.id, role, self, "zh")
        return (
            f"{_who(person)} may not be promoted to {role} of {_where(unit)}: "
            + "; ".join(blockers),
            f"{_who(person)} 不具备提任{_where(unit)}{ROLE_ZH[role]}的资格："
            + "；".join(blockers_zh),
        )

    def concerns(self, scenario: Scenario, person: Person, role: str) -> bool:
        """Only promotions of people with a reason not to be promoted."""
        order = ("member", "deputy", "head")
        if order.index(role) <= order.index(person.role):
            return False
        return bool(promotion_blockers(scenario, person.id, role, self))


@dataclass(frozen=True)
class Promotions(RuleSpec):
    """Goal: fill leadership posts by lateral moves before promotions (cost per promotion)."""

    name: ClassVar[str] = "promotions"
    title_en: ClassVar[str] = "promotions"
    title_zh: ClassVar[str] = "提拔人数"
    can_be_hard: ClassVar[bool] = False

    weight: float | None = 20


@dataclass(frozen=True)
class LevelLimit(PairRule):
    """A head ``years`` or more at their level takes no head post in another unit
    (rule 4); if they move they step down to a non-leading post."""

    name: ClassVar[str] = "level_limit"
    title_en: ClassVar[str] = "15 years at one level"
    title_zh: ClassVar[str] = "同一层次累计满15年"
    catalogue: ClassVar[tuple[int, ...]] = (4,)

    years: float = 15

    def breach(
        self, scenario: Scenario, person: Person, unit: Unit, role: str
    ) -> tuple[str, str] | None:
        """A head long at their level given a head post in another unit."""
        if role != "head" or person.role != "head" or unit.id == person.unit:
            return None
        if not served_at_least(level_start(person), scenario.plan_date, self.years):
            return None
        return (
            f"{_who(person)} has been {self.years:g} years or more at the same level and may "
            f"not take a new head post in {_where(unit)}",
            f"{_who(person)} 在同一层次任职累计满{self.years:g}年，不得在{_where(unit)}"
            "担任同层次正职",
        )

    def concerns(self, scenario: Scenario, person: Person, role: str) -> bool:
        """Only heads ``years`` or more at their level, as head."""
        return role == person.role == "head" and served_at_least(
            level_start(person), scenario.plan_date, self.years
        )

    dated: ClassVar[bool] = True

    def breach_in(
        self, scenario: Scenario, person: Person, unit: Unit, role: str, period: int
    ) -> tuple[str, str] | None:
        """A head post in another unit taken in round ``period`` by a head who has been
        ``years`` at their level by that round's date. (Rule 4's other half, no third
        consecutive term in the same post, is mandatory rotation's ``head_years``: two
        5-year terms are 10 years in the unit.)"""
        from rotation.facts import round_date

        if role != "head" or person.role != "head" or unit.id == person.unit:
            return None
        on = round_date(scenario, period)
        if not served_at_least(level_start(person), on, self.years):
            return None
        return (
            f"{_who(person)} has been {self.years:g} years or more at the same level by "
            f"{on.year} and may not take a new head post in {_where(unit)}",
            f"{_who(person)} 至{on.year}年在同一层次任职累计满{self.years:g}年，不得在"
            f"{_where(unit)}担任同层次正职",
        )


@dataclass(frozen=True)
class HeadDeputyApart(RuleSpec):
    """The head and a deputy of one unit are not both moved in one round (rule 10).

    Each current deputy of a unit who moves while one of its current heads moves too
    costs once (hard: no such deputy). A pair whose two moves are both forced (due to
    rotate, or pinned elsewhere: :func:`rotation.facts.forced_to_leave`) is exempt, and
    the retired do not move.
    """

    name: ClassVar[str] = "head_deputy_apart"
    title_en: ClassVar[str] = "head and deputy not moved together"
    title_zh: ClassVar[str] = "正副职不同时交流"
    catalogue: ClassVar[tuple[int, ...]] = (10,)

    weight: float | None = 30

    def pairs(self, scenario: Scenario) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """(unit, deputy, heads): each current deputy with the current heads of the
        same unit they may not move together with (exempt pairs left out); computed once
        per scenario (the reasons ask for every stay)."""
        return scenario.memo(("head_deputy_pairs",), lambda: self._pairs(scenario))

    @staticmethod
    def _pairs(scenario: Scenario) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        from rotation.facts import forced_to_leave, teams_today

        teams = teams_today(scenario)

        def here(unit: str, role: str) -> list[str]:
            return [pid for pid in teams[unit] if scenario.person[pid].role == role]

        out = []
        for unit in scenario.units:
            heads = here(unit.id, "head")
            for deputy in here(unit.id, "deputy") if heads else []:
                forced = forced_to_leave(scenario, deputy)
                bound = tuple(h for h in heads if not (forced and forced_to_leave(scenario, h)))
                if bound:
                    out.append((unit.id, deputy, bound))
        return tuple(out)


@dataclass(frozen=True)
class TeamTurnover(RuleSpec):
    """At most ⌊``share`` × n⌋ of a team of n leave in one round (rule 10); each one more
    costs once. In round 1 the team is everyone in the unit today (see
    :meth:`allowance`); in a later round it is everyone in the unit the round before
    who is not retiring, and moves a pin makes do not count."""

    name: ClassVar[str] = "team_turnover"
    title_en: ClassVar[str] = "team turnover"
    title_zh: ClassVar[str] = "班子成员交流不超过三分之一"
    catalogue: ClassVar[tuple[int, ...]] = (10,)

    weight: float | None = 10
    share: float = 1 / 3

    def cap(self, team: int) -> int:
        """How many of a team of ``team`` may leave: ⌊share × team⌋ (exactly, with the
        share as the fraction :meth:`fraction`)."""
        share = self.fraction()
        return team * share.numerator // share.denominator

    def fraction(self) -> Fraction:
        """``share`` as an exact fraction (denominator ≤ 100), so that the model's linear
        form ``b · leavers ≤ a · n`` and the checker's cap agree."""
        return Fraction(self.share).limit_denominator(100)

    def team(self, scenario: Scenario, unit: str) -> list[str]:
        """The unit's team today: the people in it who have not retired by the plan date."""
        from rotation.facts import teams_today

        return list(teams_today(scenario)[unit])

    def allowance(self, scenario: Scenario, unit: str) -> int:
        """How many of the unit's team may move away in the round: ⌊share × n⌋, or as
        many as the person-level duties force out if that is more (a rule cannot be
        broken by obligations alone). Only moves count; retiring is not rotation."""
        from rotation.facts import forced_to_leave

        team = self.team(scenario, unit)
        return max(self.cap(len(team)), sum(forced_to_leave(scenario, p) for p in team))


@dataclass(frozen=True)
class RegionalAvoidance(PairRule):
    """Nobody holds a role in ``roles`` in a unit of ``kinds`` located in their growth
    place (rules 20–22), the current post included.

    A unit's ``region`` is where it governs only for township and street commissions
    (rule 21); internal offices, area offices and department groups sit in the district
    seat but serve the whole district or several townships, so by default only
    townships are covered (a local rule may add kinds)."""

    name: ClassVar[str] = "regional_avoidance"
    title_en: ClassVar[str] = "regional avoidance"
    title_zh: ClassVar[str] = "地域回避"
    catalogue: ClassVar[tuple[int, ...]] = (20, 21, 22)

    kinds: tuple[str, ...] = ("township",)
    roles: tuple[str, ...] = ("head",)

    def breach(
        self, scenario: Scenario, person: Person, unit: Unit, role: str
    ) -> tuple[str, str] | None:
        """Someone holding a covered role in a unit of their growth place."""
        if role not in self.roles or unit.kind not in self.kinds:
            return None
        if not person.growth_place or person.growth_place != unit.region:
            return None
        return (
            f"{_who(person)} may not be {role} of {_where(unit)}: {unit.region} is where they "
            "grew up",
            f"{_who(person)} 不得在成长地{unit.region}担任{_where(unit)}{ROLE_ZH[role]}",
        )

    def concerns(self, scenario: Scenario, person: Person, role: str) -> bool:
        """Only people with a growth place, in a covered role."""
        return bool(person.growth_place) and role in self.roles


@dataclass(frozen=True)
class BusinessInterest(PairRule):
    """Nobody leads (``roles``) a unit that supervises a business of their spouse or
    children (the person's ``interests``, rule 17)."""

    name: ClassVar[str] = "business_interest"
    title_en: ClassVar[str] = "family business avoidance"
    title_zh: ClassVar[str] = "经商办企业回避"
    catalogue: ClassVar[tuple[int, ...]] = (17,)

    roles: tuple[str, ...] = ("head", "deputy", "member")

    def breach(
        self, scenario: Scenario, person: Person, unit: Unit, role: str
    ) -> tuple[str, str] | None:
        """Someone placed in a unit that supervises their family's business."""
        if role not in self.roles or unit.id not in person.interests:
            return None
        return (
            f"{_who(person)} may not work in {_where(unit)}: it supervises a business of their "
            "family",
            f"{_who(person)} 配偶子女经商办企业受{_where(unit)}监管，应予回避",
        )

    def concerns(self, scenario: Scenario, person: Person, role: str) -> bool:
        """Only people whose family has business interests, in a covered role."""
        return bool(person.interests) and role in self.roles


@dataclass(frozen=True)
class RotationScope(PairRule):
    """交流范围: people move within their county-level commission (the ``county`` of
    their unit today); holders of ``across_roles`` in the new unit may cross to another
    county (the cross-regional exchange of leaders, rule 2). Binds only in city and
    province scenarios, whose units name their county.

    It is the rule of who manages whom: a county's cadres are planned by that county, so
    a city or province plan is the counties' plans side by side, and
    :mod:`rotation.solvers.decompose` solves them apart, exactly, when no role may cross.
    """

    name: ClassVar[str] = "rotation_scope"
    title_en: ClassVar[str] = "rotation within one's county"
    title_zh: ClassVar[str] = "交流范围（县区内）"
    catalogue: ClassVar[tuple[int, ...]] = (2,)

    across_roles: tuple[str, ...] = ()

    def breach(
        self, scenario: Scenario, person: Person, unit: Unit, role: str
    ) -> tuple[str, str] | None:
        """Someone placed outside their county in a role that may not cross."""
        home = scenario.unit[person.unit].county
        if role in self.across_roles or unit.county == home:
            return None
        return (
            f"{_who(person)} may not move to {_where(unit)}: it is outside their county "
            f"({home or 'the top level'})",
            f"{_who(person)} 不得交流到本县区（{home or '本级'}）以外的{_where(unit)}",
        )

    def concerns(self, scenario: Scenario, person: Person, role: str) -> bool:
        """Only where units name more than one county, for roles that may not cross."""
        return role not in self.across_roles and len(counties(scenario)) > 1

    def confines(self, scenario: Scenario) -> bool:
        """Whether the rule keeps everyone inside their county whatever their role."""
        return not self.across_roles and len(counties(scenario)) > 1


def counties(scenario: Scenario) -> tuple[str, ...]:
    """The distinct ``county`` values of the scenario's units, computed once."""
    return scenario.memo(("counties",), lambda: tuple(sorted({u.county for u in scenario.units})))


# --- kinship ------------------------------------------------------------------------


@dataclass(frozen=True)
class KinLowerMoves(RuleSpec):
    """When relatives stand in each other's way today, the lower-ranked one moves
    (rule 18): each pair where only the higher-ranked one moves costs once."""

    name: ClassVar[str] = "kin_lower_moves"
    title_en: ClassVar[str] = "lower-ranked relative moves"
    title_zh: ClassVar[str] = "职务较低一方回避"
    catalogue: ClassVar[tuple[int, ...]] = (18,)

    weight: float | None = 5

    @staticmethod
    def pairs(scenario: Scenario) -> tuple[tuple[str, str], ...]:
        """(higher, lower): related pairs in each other's way today, by rank (computed
        once per scenario).

        "In each other's way" is kin avoidance on today's units and roles, with the parts
        that :class:`KinAvoidance` keeps on (none when it is off: no avoidance, nothing
        to prefer). Ranks are ordered by :func:`rotation.facts.rank_index`; a pair with
        an unknown or equal rank has no preference (rule 18: case by case). The rule is
        a tie-break between free choices, so a pair where either one's first-round move
        is decided by a duty (mandatory rotation, a pin, frozen, near retirement,
        minimum service or stay; or retired) is left out.
        """
        return scenario.memo(("kin_lower_pairs",), lambda: KinLowerMoves._pairs(scenario))

    @staticmethod
    def _pairs(scenario: Scenario) -> tuple[tuple[str, str], ...]:
        avoid = scenario.rules.kin_avoidance
        if not avoid.enabled:
            return ()
        out = []
        for rel in scenario.relations:
            a, b = scenario.person[rel.a], scenario.person[rel.b]
            if any(scenario.duties[p.id].duty is not Duty.FREE for p in (a, b)):
                continue
            ra, rb = rank_index(a.rank), rank_index(b.rank)
            if ra is None or rb is None or ra == rb:
                continue
            ua, ub = scenario.unit[a.unit], scenario.unit[b.unit]
            if not kin_in_way(avoid, (ua, a.role), (ub, b.role)):
                continue
            out.append((a.id, b.id) if ra > rb else (b.id, a.id))
        return tuple(out)


# --- team composition ---------------------------------------------------------------


@dataclass(frozen=True)
class WomenInTeam(RuleSpec):
    """Each team of ``kinds`` has at least ``min_women`` women (rule 36); each missing
    woman costs once."""

    name: ClassVar[str] = "women_in_team"
    title_en: ClassVar[str] = "women in the team"
    title_zh: ClassVar[str] = "班子配备女干部"
    catalogue: ClassVar[tuple[int, ...]] = (36,)

    weight: float | None = 10
    min_women: int = 1
    kinds: tuple[str, ...] = ("township", "area")

    def short(self, women: int) -> int:
        """How many women a team with ``women`` of them lacks."""
        return max(0, self.min_women - women)


@dataclass(frozen=True)
class AgeGradient(RuleSpec):
    """Each area group (the area office and the units it supervises) keeps an age
    gradient (年龄梯次, rule 37): at least ``young_share`` under ``young_age`` and at most
    ``old_share`` over ``old_age``; each person short or over costs once."""

    name: ClassVar[str] = "age_gradient"
    title_en: ClassVar[str] = "age gradient"
    title_zh: ClassVar[str] = "年龄梯次"
    catalogue: ClassVar[tuple[int, ...]] = (37,)

    weight: float | None = 2
    young_age: int = 35
    young_share: float = 0.2
    old_age: int = 50
    old_share: float = 0.4

    def shares(self) -> tuple[Fraction, Fraction]:
        """``young_share`` and ``old_share`` as exact fractions (denominator ≤ 100), so
        that the model's linear form and the checker round alike."""
        return (
            Fraction(self.young_share).limit_denominator(100),
            Fraction(self.old_share).limit_denominator(100),
        )

    @staticmethod
    def groups(scenario: Scenario) -> dict[str, tuple[str, ...]]:
        """Each area group by its area office: the office itself, then the units it
        supervises (``area``), in the scenario's order (computed once per scenario)."""

        def compute() -> dict[str, tuple[str, ...]]:
            supervised: dict[str, list[str]] = {}
            for u in scenario.units:
                supervised.setdefault(u.area, []).append(u.id)
            return {
                a.id: (a.id, *supervised.get(a.id, ())) for a in scenario.units if a.kind == "area"
            }

        return scenario.memo(("area_groups",), compute)

    def band(self, size: int) -> tuple[int, int]:
        """(fewest young, most old) in a group of ``size``: ⌈young_share × size⌉ and
        ⌊old_share × size⌋."""
        young, old = self.shares()
        return (
            -(-young.numerator * size // young.denominator),
            old.numerator * size // old.denominator,
        )

    def bracket(self, person: Person, on: dt.date) -> str:
        """The person's age bracket on a date: "young" (under ``young_age``), "old"
        (over ``old_age``) or "" (neither)."""
        from rotation.facts import age_on

        age = age_on(person, on)
        return "young" if age < self.young_age else "old" if age > self.old_age else ""


@dataclass(frozen=True)
class RankQuota(RuleSpec):
    """职级 quotas over the units of ``scope`` of each county commission together (rule
    29, "at county/township 机关": each 机关 has its own 职数): the people at the ranks
    of each quota (``|``-separated) are at most ``share`` × the county's total 编制 of
    those units. A district is one county."""

    name: ClassVar[str] = "rank_quota"
    title_en: ClassVar[str] = "rank quotas"
    title_zh: ClassVar[str] = "职级职数比例"
    catalogue: ClassVar[tuple[int, ...]] = (29,)

    weight: float | None = 10
    scope: tuple[str, ...] = ("office", "area")
    quotas: Mapping[str, float] = field(
        default_factory=lambda: {
            "二级调研员": 0.02,
            "三级调研员|四级调研员": 0.10,
            "一级主任科员|二级主任科员|三级主任科员|四级主任科员": 0.60,
        }
    )

    def limits(self, scenario: Scenario) -> list[RankLimit]:
        """One :class:`RankLimit` per county commission and quota: the county's units of
        ``scope``, and the cap ⌊share × Σ max_staff⌋ over them."""
        out = []
        for county in counties(scenario):
            units = tuple(
                u.id for u in scenario.units if u.county == county and u.kind in self.scope
            )
            total = sum(scenario.unit[uid].max_staff for uid in units)
            for key, share in self.quotas.items():
                ranks = frozenset(r.strip() for r in key.split("|"))
                out.append(RankLimit(county, key, ranks, int(share * total + 1e-9), units, total))
        return out


@dataclass(frozen=True)
class RankLimit:
    """One rank quota of one county commission (:meth:`RankQuota.limits`): at most
    ``cap`` people at ``ranks`` in ``units``, whose 编制 is ``posts``."""

    county: str
    quota: str
    ranks: frozenset[str]
    cap: int
    units: tuple[str, ...]
    posts: int


@dataclass(frozen=True)
class Grassroots(RuleSpec):
    """Young cadres (≤ ``max_age``) without grassroots experience who move go to a unit
    of ``kinds`` (rule 12); each who does not costs once (``stayers``: count those who
    stay elsewhere too)."""

    name: ClassVar[str] = "grassroots"
    title_en: ClassVar[str] = "grassroots experience for the young"
    title_zh: ClassVar[str] = "年轻干部到基层锻炼"
    catalogue: ClassVar[tuple[int, ...]] = (12,)

    weight: float | None = 5
    max_age: int = 35
    kinds: tuple[str, ...] = ("township", "area")
    stayers: bool = False

    def binds(self, scenario: Scenario, person: Person) -> bool:
        """Whether ``person`` (in the plan) is young (``max_age`` or under on the plan
        date) and has never worked at the grassroots."""
        from rotation.facts import age_on, grassroots_months

        if scenario.duties[person.id].duty is Duty.RETIRED:
            return False
        return (
            age_on(person, scenario.plan_date) <= self.max_age
            and grassroots_months(scenario, person.id) == 0
        )

    def costs(self, person: Person, unit: Unit) -> bool:
        """Whether placing a bound person in ``unit`` costs in round 1: a unit outside
        ``kinds``, moved into (or, with ``stayers``, stayed in)."""
        return unit.kind not in self.kinds and (self.stayers or unit.id != person.unit)

    def binds_in(self, scenario: Scenario, person: Person, period: int) -> bool:
        """From round 2 on: whether ``person``, bound today (:meth:`binds`), is still
        ``max_age`` or under on the round's date; a placement in a unit outside ``kinds``
        then costs unless the plan put them in one of ``kinds`` in an earlier round."""
        from rotation.facts import age_on, round_date

        if not self.binds(scenario, person):
            return False
        return age_on(person, round_date(scenario, period)) <= self.max_age


# --- retirement ---------------------------------------------------------------------


@dataclass(frozen=True)
class Retirement(RuleSpec):
    """People retire on the date given or under the 2024 reform (rule 40: men 60 → 63,
    women cadres 55 → 58, one month later per ``months_per_step`` months of birth from
    ``reform_start``); women at ``women_leader_ranks`` retire at 60 (rule 41). People
    retired by a round's date leave and hold no post."""

    name: ClassVar[str] = "retirement"
    title_en: ClassVar[str] = "retirement"
    title_zh: ClassVar[str] = "退休"
    catalogue: ClassVar[tuple[int, ...]] = (40, 41)
    can_be_soft: ClassVar[bool] = False

    men_age: float = 60
    men_final_age: float = 63
    women_age: float = 55
    women_final_age: float = 58
    reform_start: dt.date = dt.date(2025, 1, 1)
    months_per_step: int = 4
    women_leader_ranks: tuple[str, ...] = ()


# --- goals --------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload(RuleSpec):
    """Goal (人少事多): the largest workload per person across units as low as possible
    (min-max); the amount is that largest workload per person, in ``precision`` steps.
    A unit's work is shared by those at work there in the round: its people less those
    away training or on a secondment, and the planned hires placed there."""

    name: ClassVar[str] = "workload"
    title_en: ClassVar[str] = "largest workload per person"
    title_zh: ClassVar[str] = "人均工作量最大值"
    can_be_hard: ClassVar[bool] = False

    weight: float | None = 1
    precision: float = 0.1

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.precision <= 0:
            raise ScenarioError(
                f"[rules.{self.name}] precision must be positive",
                zh=f"[rules.{self.name}]的参数“precision”须为正数",
                column="precision",
            )

    def steps(self, workload: float, headcount: int) -> int:
        """⌈workload / headcount / precision⌉, computed exactly; an empty unit counts as
        one person carrying its whole workload (its work does not go away)."""
        amount = Fraction(workload).limit_denominator(10**6)
        step = Fraction(self.precision).limit_denominator(10**6)
        return math.ceil(amount / (max(headcount, 1) * step))


@dataclass(frozen=True)
class Distance(RuleSpec):
    """Goal: movers stay near home; each mover costs the road km from their home (else
    growth place, else current unit's place) to the new unit's place, shortest paths
    over the ``distances`` graph (``unreachable_km`` where no road leads)."""

    name: ClassVar[str] = "distance"
    title_en: ClassVar[str] = "distance from home"
    title_zh: ClassVar[str] = "交流距离"
    can_be_hard: ClassVar[bool] = False

    weight: float | None = 0.1
    unreachable_km: float = 100

    def origin(self, scenario: Scenario, person: Person) -> str:
        """Where a person's trips start: home, else growth place, else their unit's place."""
        return person.home or person.growth_place or scenario.unit[person.unit].region

    def km(self, scenario: Scenario, person: Person, unit: Unit) -> int:
        """Road km (rounded to whole km) from the person's origin to ``unit``'s place: 0
        for the same place, ``unreachable_km`` where no road leads or a place is unknown."""
        from rotation.facts import road_km

        start, end = self.origin(scenario, person), unit.region
        if start == end:
            return 0
        return round(road_km(scenario).get((start, end), self.unreachable_km))


@dataclass(frozen=True)
class RotationVolume(RuleSpec):
    """At least ``share`` of the people in ``roles`` rotate each round (rule 11); each
    one short costs once."""

    name: ClassVar[str] = "rotation_volume"
    title_en: ClassVar[str] = "yearly rotation volume"
    title_zh: ClassVar[str] = "年度交流比例"
    catalogue: ClassVar[tuple[int, ...]] = (11,)

    weight: float | None = 10
    share: float = 0.2
    roles: tuple[str, ...] = ("head", "deputy")

    def target(self, count: int) -> int:
        """How many of ``count`` people in ``roles`` should move: ⌈share × count⌉."""
        return math.ceil(self.share * count - 1e-9)

    def groups(self, scenario: Scenario, present: Iterable[Person]) -> list[tuple[str, list[str]]]:
        """The ids of the ``present`` people in ``roles``, by the county of their unit
        today: the share is each county commission's own (one group in a district)."""
        out: dict[str, list[str]] = {}
        for p in present:
            if p.role in self.roles:
                out.setdefault(scenario.unit[p.unit].county, []).append(p.id)
        return sorted(out.items())


@dataclass(frozen=True)
class KeepPublished(RuleSpec):
    """Goal when re-planning (``rotation solve --previous PLAN_DIR``): the plan published
    earlier (``Scenario.published``) is kept wherever the rules allow. Each published
    decision the new plan changes costs once: a (person, round) whose unit differs from
    the published one, counted for people in both the published plan and the scenario
    who have not retired by the round (someone who left or retires changes the list
    whatever the plan does: reported, not priced). Inert without a published plan.

    Its default tier is its own, after the rules' soft parts and before fewest moves: a
    committee expects the published list to change only where it must. The regulations'
    own goals (a full term, team turnover, women in teams, the rotation volume …) are the
    tier the published list was itself optimised for first, and a change one of them
    calls for is one the committee accepts; among the plans that serve them as well as
    they can be served, the nearest to the published list is chosen before fewer moves,
    workload and wishes. ``weight`` (twice a move beyond the mandatory ones, so that no
    published move is undone merely to save it) matters in ``weighted`` mode or when the
    tier is shared; put ``keep_published`` in tier 1 to hold the list harder.
    """

    name: ClassVar[str] = "keep_published"
    title_en: ClassVar[str] = "changes to the published plan"
    title_zh: ClassVar[str] = "已公布方案的调整"
    can_be_hard: ClassVar[bool] = False

    weight: float | None = 200


SPECS: tuple[type[RuleSpec], ...] = (
    Retirement,
    Assignment,
    Headcount,
    SkillCover,
    Vacancies,
    Training,
    Education,
    FullTerm,
    MandatoryRotation,
    MinimumStay,
    MinimumService,
    Frozen,
    NearRetirement,
    Pins,
    SameLevel,
    TermStability,
    LongTenure,
    CoolingOff,
    LeadershipSlots,
    PromotionEligibility,
    LevelLimit,
    HeadDeputyApart,
    TeamTurnover,
    RegionalAvoidance,
    BusinessInterest,
    RotationScope,
    KinAvoidance,
    KinLowerMoves,
    WomenInTeam,
    AgeGradient,
    RankQuota,
    Grassroots,
    RotationVolume,
    KeepPublished,
    FewestMoves,
    Promotions,
    Workload,
    Preferences,
    Distance,
)
"""Every rule the library knows, in the order they are encoded and checked."""

SPEC_BY_NAME: dict[str, type[RuleSpec]] = {spec.name: spec for spec in SPECS}


@dataclass(frozen=True)
class RuleSet:
    """The rules in force, one spec per rule; built from ``[rules.*]`` in scenario.toml."""

    retirement: Retirement = field(default_factory=Retirement)
    assignment: Assignment = field(default_factory=Assignment)
    headcount: Headcount = field(default_factory=Headcount)
    skill_cover: SkillCover = field(default_factory=SkillCover)
    vacancies: Vacancies = field(default_factory=Vacancies)
    training: Training = field(default_factory=Training)
    education: Education = field(default_factory=Education)
    full_term: FullTerm = field(default_factory=FullTerm)
    mandatory_rotation: MandatoryRotation = field(default_factory=MandatoryRotation)
    minimum_stay: MinimumStay = field(default_factory=MinimumStay)
    minimum_service: MinimumService = field(default_factory=MinimumService)
    frozen: Frozen = field(default_factory=Frozen)
    near_retirement: NearRetirement = field(default_factory=NearRetirement)
    pins: Pins = field(default_factory=Pins)
    same_level: SameLevel = field(default_factory=SameLevel)
    term_stability: TermStability = field(default_factory=TermStability)
    long_tenure: LongTenure = field(default_factory=LongTenure)
    cooling_off: CoolingOff = field(default_factory=CoolingOff)
    leadership_slots: LeadershipSlots = field(default_factory=LeadershipSlots)
    promotion_eligibility: PromotionEligibility = field(default_factory=PromotionEligibility)
    level_limit: LevelLimit = field(default_factory=LevelLimit)
    head_deputy_apart: HeadDeputyApart = field(default_factory=HeadDeputyApart)
    team_turnover: TeamTurnover = field(default_factory=TeamTurnover)
    regional_avoidance: RegionalAvoidance = field(default_factory=RegionalAvoidance)
    business_interest: BusinessInterest = field(default_factory=BusinessInterest)
    rotation_scope: RotationScope = field(default_factory=RotationScope)
    kin_avoidance: KinAvoidance = field(default_factory=KinAvoidance)
    kin_lower_moves: KinLowerMoves = field(default_factory=KinLowerMoves)
    women_in_team: WomenInTeam = field(default_factory=WomenInTeam)
    age_gradient: AgeGradient = field(default_factory=AgeGradient)
    rank_quota: RankQuota = field(default_factory=RankQuota)
    grassroots: Grassroots = field(default_factory=Grassroots)
    rotation_volume: RotationVolume = field(default_factory=RotationVolume)
    keep_published: KeepPublished = field(default_factory=KeepPublished)
    fewest_moves: FewestMoves = field(default_factory=FewestMoves)
    promotions: Promotions = field(default_factory=Promotions)
    workload: Workload = field(default_factory=Workload)
    preferences: Preferences = field(default_factory=Preferences)
    distance: Distance = field(default_factory=Distance)

    def __iter__(self):  # type: ignore[no-untyped-def]
        """The specs in encoding order."""
        return (getattr(self, spec.name) for spec in SPECS)

    def active(self) -> list[RuleSpec]:
        """The enabled specs."""
        return [spec for spec in self if spec.enabled]

    def with_changes(self, **changes: dict[str, Any]) -> RuleSet:
        """A copy with some rules' fields changed: ``with_changes(headcount={"weight": 7})``."""
        return dataclasses.replace(
            self,
            **{
                name: dataclasses.replace(getattr(self, name), **fields)
                for name, fields in changes.items()
            },
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """Read ``[rules.*]`` tables; unknown rules or parameters are errors.

        ``hard = true`` makes a rule hard; ``hard = false`` without a weight makes it
        soft at :data:`DEFAULT_SOFT_WEIGHT`.
        """
        built: dict[str, Any] = {}
        for name, params in data.items():
            if name not in SPEC_BY_NAME:
                raise ScenarioError(
                    f"unknown rule [rules.{name}] (known: {', '.join(SPEC_BY_NAME)})",
                    zh=f"未知的规则[rules.{name}]（可用：{', '.join(SPEC_BY_NAME)}）",
                    column=name,
                )
            if not isinstance(params, Mapping):
                raise ScenarioError(
                    f"[rules.{name}] must be a table", zh=f"[rules.{name}]须为TOML表", column=name
                )
            spec = SPEC_BY_NAME[name]
            allowed = {f.name for f in dataclasses.fields(spec)}
            kwargs: dict[str, Any] = {}
            for key, value in params.items():
                if key == "hard":
                    if not isinstance(value, bool):
                        raise ScenarioError(
                            f"[rules.{name}] hard must be true or false",
                            zh=f"[rules.{name}]的“hard”须为true或false",
                            column=f"{name}.hard",
                        )
                    if value:
                        kwargs["weight"] = None
                    elif "weight" not in params:
                        kwargs["weight"] = DEFAULT_SOFT_WEIGHT
                    continue
                if key not in allowed:
                    raise ScenarioError(
                        f"[rules.{name}] has no parameter '{key}' "
                        f"(known: {', '.join(sorted(allowed))})",
                        zh=f"[rules.{name}]没有参数“{key}”（可用：{', '.join(sorted(allowed))}）",
                        column=f"{name}.{key}",
                    )
                kwargs[key] = _coerce(spec, key, value)
            try:
                built[name] = spec(**kwargs)
            except ScenarioError as exc:  # the spec's own check names only its field
                raise ScenarioError(
                    exc.message, zh=exc.message_zh, column=f"{name}.{exc.column}"
                ) from None
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
                elif isinstance(value, tuple):
                    value = list(value)
                table[f.name] = value
            out[spec.name] = table
        return out


DEFAULT_SOFT_WEIGHT = 100.0
"""The weight of a rule made soft with ``hard = false`` and no weight."""

DEFAULT_TIERS: tuple[tuple[str, ...], ...] = (
    (
        "vacancies",
        "same_level",
        "term_stability",
        "head_deputy_apart",
        "team_turnover",
        "women_in_team",
        "age_gradient",
        "rank_quota",
        "rotation_volume",
        "cooling_off",
    ),
    ("keep_published",),
    ("fewest_moves", "promotions", "long_tenure", "grassroots", "kin_lower_moves"),
    ("workload",),
    ("preferences", "distance"),
)
"""Soft goals by priority: vacancies (when on) and the rules' soft parts, then the
published plan kept (when re-planning, :class:`KeepPublished`), then few moves, then
workload, then wishes. A hard rule made soft that no tier names joins the first
tier."""


@dataclass(frozen=True)
class Objective:
    """How soft goals combine: ``tiers`` (lexicographic, tier 1 first; within a tier by
    weight) or ``weighted`` (one weighted sum)."""

    mode: str = "tiers"
    tiers: tuple[tuple[str, ...], ...] = DEFAULT_TIERS

    def __post_init__(self) -> None:
        if self.mode not in ("tiers", "weighted"):
            raise ScenarioError(
                f"[objective] mode '{self.mode}' is not 'tiers' or 'weighted'",
                zh=f"[objective]的方式（mode）“{self.mode}”不是“tiers”或“weighted”",
                column="mode",
            )
        object.__setattr__(self, "tiers", tuple(tuple(t) for t in self.tiers))
        seen: set[str] = set()
        for tier in self.tiers:
            for name in tier:
                if name not in SPEC_BY_NAME:
                    raise ScenarioError(
                        f"[objective] tiers: unknown rule '{name}'",
                        zh=f"[objective]的层级（tiers）：未知的规则“{name}”",
                        column="tiers",
                    )
                if name in seen:
                    raise ScenarioError(
                        f"[objective] tiers: '{name}' is in two tiers",
                        zh=f"[objective]的层级（tiers）：规则“{name}”出现在两个层级中",
                        column="tiers",
                    )
                seen.add(name)

    def tiers_for(self, rules: RuleSet) -> list[list[RuleSpec]]:
        """The active soft rules grouped by tier (one group when weighted); empty tiers
        dropped, and soft rules no tier names added to the first tier."""
        soft = [spec for spec in rules.active() if not spec.hard]
        if self.mode == "weighted":
            return [soft] if soft else []
        groups = [[s for s in soft if s.name in tier] for tier in self.tiers]
        named = {name for tier in self.tiers for name in tier}
        stray = [s for s in soft if s.name not in named]
        if stray:
            groups = [stray + (groups[0] if groups else []), *groups[1:]]
        return [g for g in groups if g]


def _number(value: Any, where: str, what: str, what_zh: str) -> float:
    """``value`` as a number; ``what`` names it in the error, ``what_zh`` in Chinese."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(
            f"[rules.{where}] {what} must be a number, not {value!r}",
            zh=f"[rules.{where}]的{what_zh}须为数字，而非{value!r}",
            column=where,
        )
    return float(value)


def _coerce(spec: type[RuleSpec], key: str, value: Any) -> Any:
    """Turn a TOML value into the type of the spec's default, with errors naming the key."""
    where = f"{spec.name}.{key}"
    if key == "weight":
        return _number(value, where, "weight", "权重")
    default = getattr(spec() if spec.can_be_hard else spec(weight=1.0), key)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ScenarioError(
                f"[rules.{where}] must be true or false",
                zh=f"[rules.{where}]须为true或false",
                column=where,
            )
        return value
    declared = str(next(f.type for f in dataclasses.fields(spec) if f.name == key))
    if isinstance(default, int) and not isinstance(default, bool) and "float" not in declared:
        number = _number(value, where, "the value", "取值")
        if not number.is_integer():
            raise ScenarioError(
                f"[rules.{where}] must be a whole number",
                zh=f"[rules.{where}]须为整数",
                column=where,
            )
        return int(number)
    if isinstance(default, int | float):  # a float parameter with a whole default (years = 1)
        number = _number(value, where, "the value", "取值")
        return value if isinstance(value, int) else number  # 60 stays 60 when written back
    if isinstance(default, dt.date):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ScenarioError(
                f"[rules.{where}] must be a date like 2025-01-01",
                zh=f"[rules.{where}]须为日期，如2025-01-01",
                column=where,
            ) from None
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ScenarioError(
                f"[rules.{where}] must be text", zh=f"[rules.{where}]须为文本", column=where
            )
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ScenarioError(
                f"[rules.{where}] must be a list of names",
                zh=f"[rules.{where}]须为名称列表",
                column=where,
            )
        return tuple(value)
    if isinstance(default, Mapping):
        if not isinstance(value, Mapping):
            raise ScenarioError(
                f"[rules.{where}] must be a table", zh=f"[rules.{where}]须为TOML表", column=where
            )
        if spec is Headcount:
            bands: dict[str, tuple[int, int]] = {}
            for kind, band in value.items():
                if not (isinstance(band, list | tuple) and len(band) == 2):
                    raise ScenarioError(
                        f"[rules.{where}] band for '{kind}' must be [min, max]",
                        zh=f"[rules.{where}]中“{kind}”的人数范围须写作[min, max]",
                        column=where,
                    )
                lo, hi = (int(_number(b, where, "a band bound", "人数范围的界值")) for b in band)
                if lo > hi:
                    raise ScenarioError(
                        f"[rules.{where}] band for '{kind}' has min {lo} > max {hi}",
                        zh=f"[rules.{where}]中“{kind}”的人数范围下限{lo}大于上限{hi}",
                        column=where,
                    )
                bands[kind] = (lo, hi)
            return bands
        return {str(k): _number(v, where, f"'{k}'", f"“{k}”") for k, v in value.items()}
    return value
