"""The district as data: people, units, relations and the rules in force.

Every record is a small frozen dataclass checked on construction, so a
:class:`Scenario` that exists is one the model and the checker can trust.
Errors are :class:`~rotation.errors.ScenarioError` naming the table, the record
and the column; the readers in :mod:`rotation.io` add the file and row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from rotation.errors import ScenarioError
from rotation.rules import Objective, RuleSet, RuleSpec

if TYPE_CHECKING:
    from rotation.facts import Obligation

ROLES = ("head", "deputy", "member")
GENDERS = ("M", "F")
UNIT_KINDS = ("office", "area", "township", "department")
RELATION_KINDS = ("spouse", "blood", "collateral", "in-law", "other")
T = TypeVar("T")

DEFAULT_SKILLS = ("law", "finance", "audit")
EDUCATION = ("doctorate", "master", "bachelor", "college", "secondary")
"""Education levels, highest first (博士, 硕士, 本科, 大专, 中专及以下)."""


def _unknown_person(pid: str, table: str, index: int, column: str) -> ScenarioError:
    """A record naming someone who is not among the people: most often someone who has
    left (a resignation, a transfer) and was taken out of the people table alone."""
    return ScenarioError(
        f"unknown person '{pid}': not in the people table (for someone who has left, "
        "remove their rows from this table too)",
        zh=f"未知的人员“{pid}”：人员表中没有此人（已离开的人员，其在本表中的记录也应删除）",
        table=table,
        index=index,
        column=column,
    )


def _unknown_unit(uid: str, table: str, index: int, column: str) -> ScenarioError:
    """A record naming a unit that is not among the units."""
    return ScenarioError(
        f"unknown unit '{uid}'", zh=f"未知的单位“{uid}”", table=table, index=index, column=column
    )


def _unknown_skill(
    skill: str, known: Sequence[str], table: str, index: int, column: str
) -> ScenarioError:
    """A skill that is not in the scenario's ``skills``."""
    return ScenarioError(
        f"unknown skill '{skill}' (known: {', '.join(known)})",
        zh=f"未知的专业特长“{skill}”（已知：{'、'.join(known)}）",
        table=table,
        index=index,
        column=column,
    )


def _fail(message: str, column: str, *, zh: str) -> ScenarioError:
    return ScenarioError(message, zh=zh, column=column)


@dataclass(frozen=True)
class Person:
    """A cadre: where they work now, since when, and what bears on a move.

    ``frozen`` is the stated reason they cannot move now (probation, under
    investigation …), empty when they can. ``preferences`` are unit ids, best first.
    The optional dates feed the eligibility and tenure rules: ``rank_since``
    (任现职级时间), ``level_start`` (任同级职务时间, defaults to ``post_start``),
    ``work_start`` (参加工作时间), ``probation_end`` (试用期满时间), and a punishment
    (``punishment``, 处分 such as 警告 or 记过, given on ``punishment_date``).
    ``home`` is where they live (居住地, defaults to the growth place), for distances.
    ``interests`` are units that supervise a business of their spouse or children
    (rule 17).
    """

    id: str
    name: str
    gender: str
    birth_date: dt.date
    unit: str
    post_start: dt.date
    role: str = "member"
    rank: str = ""
    skills: frozenset[str] = frozenset()
    growth_place: str = ""
    frozen: str = ""
    preferences: tuple[str, ...] = ()
    retire_date: dt.date | None = None
    rank_since: dt.date | None = None
    level_start: dt.date | None = None
    work_start: dt.date | None = None
    probation_end: dt.date | None = None
    punishment: str = ""
    punishment_date: dt.date | None = None
    education: str = ""
    home: str = ""
    interests: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not str(self.id).strip():
            raise _fail("the id is empty", "id", zh="编号为空")
        if not str(self.name).strip():
            raise _fail("the name is empty", "name", zh="姓名为空")
        if self.education and self.education not in EDUCATION:
            raise _fail(
                f"education '{self.education}' is not one of {', '.join(EDUCATION)}",
                "education",
                zh=(
                    f"学历“{self.education}”须为博士、硕士、本科、大专或中专及以下"
                    f"（{'、'.join(EDUCATION)}）"
                ),
            )
        if bool(self.punishment) != (self.punishment_date is not None):
            raise _fail(
                "a punishment needs both its kind and its date",
                "punishment_date",
                zh="处分须同时填写处分类别和处分时间",
            )
        for column, label in (
            ("rank_since", "任现职级时间"),
            ("level_start", "任同级职务时间"),
            ("work_start", "参加工作时间"),
        ):
            day = getattr(self, column)
            if day is not None and day < self.birth_date:
                raise _fail(
                    f"{column} {day} is before the birth date {self.birth_date}",
                    column,
                    zh=f"{label}（{day}）早于出生日期（{self.birth_date}）",
                )
        if self.gender not in GENDERS:
            raise _fail(
                f"gender '{self.gender}' is not one of M, F (男, 女)",
                "gender",
                zh=f"性别“{self.gender}”须为男或女（M、F）",
            )
        if self.role not in ROLES:
            raise _fail(
                f"role '{self.role}' is not one of head, deputy, member",
                "role",
                zh=f"职务“{self.role}”须为正职、副职或一般干部（head、deputy、member）",
            )
        if not isinstance(self.skills, frozenset):
            object.__setattr__(self, "skills", frozenset(self.skills))
        for column in ("preferences", "interests"):
            if not isinstance(getattr(self, column), tuple):
                object.__setattr__(self, column, tuple(getattr(self, column)))
        if len(set(self.preferences)) != len(self.preferences):
            raise _fail(
                "a unit appears twice in the preferences",
                "preferences",
                zh="交流意向中有单位重复列出",
            )
        if self.post_start < self.birth_date:
            raise _fail(
                f"post start {self.post_start} is before the birth date {self.birth_date}",
                "post_start",
                zh=f"任现职时间（{self.post_start}）早于出生日期（{self.birth_date}）",
            )
        if self.retire_date is not None and self.retire_date <= self.birth_date:
            raise _fail(
                "the retirement date is before the birth date",
                "retire_date",
                zh="退休日期早于出生日期",
            )


@dataclass(frozen=True)
class Unit:
    """An office, area office, township/street or department commission.

    ``area`` is the id of the area office that supervises the unit (empty for
    internal offices and for the area offices themselves). ``needs`` maps a skill
    to the number of people holding it that the unit must have. ``heads`` and
    ``deputies`` are the leadership posts (职数: 书记/主任 and 副书记/副主任); ``key``
    marks a key post (重点岗位: 执纪执法, 审计 …) with a shorter tenure limit (rule 5).
    ``county`` names the county-level commission (区/县纪委监委) the unit belongs to in a
    city or province scenario; empty in a single district. Units of one county form one
    organisation: its internal offices are one 机关 for kin avoidance, and rotation stays
    inside it unless the rotation-scope rule lets a role cross (交流范围).
    """

    id: str
    name: str
    kind: str
    min_staff: int
    max_staff: int
    area: str = ""
    needs: tuple[tuple[str, int], ...] = ()
    region: str = ""
    workload: float = 0.0
    heads: int = 1
    deputies: int = 1
    key: bool = False
    county: str = ""

    def __post_init__(self) -> None:
        if not str(self.id).strip():
            raise _fail("the id is empty", "id", zh="编号为空")
        if not str(self.name).strip():
            raise _fail("the name is empty", "name", zh="名称为空")
        if self.kind not in UNIT_KINDS:
            raise _fail(
                f"kind '{self.kind}' is not one of office, area, township, department",
                "kind",
                zh=(
                    f"类型“{self.kind}”须为内设机构、片区、乡镇（街道）或部门"
                    "（office、area、township、department）"
                ),
            )
        if self.min_staff < 0:
            raise _fail(
                f"min_staff {self.min_staff} is negative",
                "min_staff",
                zh=f"最少人数（{self.min_staff}）为负数",
            )
        if self.min_staff > self.max_staff:
            raise _fail(
                f"min_staff {self.min_staff} is larger than max_staff {self.max_staff}",
                "min_staff",
                zh=f"最少人数（{self.min_staff}）大于最多人数（{self.max_staff}）",
            )
        if isinstance(self.needs, Mapping):
            object.__setattr__(self, "needs", tuple(sorted(self.needs.items())))
        else:
            object.__setattr__(self, "needs", tuple(sorted(self.needs)))
        for skill, count in self.needs:
            if count < 0:
                raise _fail(
                    f"the need for '{skill}' is negative",
                    "needs",
                    zh=f"专业特长“{skill}”的需求人数为负数",
                )
        if len({s for s, _ in self.needs}) != len(self.needs):
            raise _fail(
                "a skill is listed twice in the needs", "needs", zh="专业要求中有专业特长重复列出"
            )
        if self.workload < 0:
            raise _fail("the workload is negative", "workload", zh="工作量为负数")
        if self.heads < 0:
            raise _fail(
                f"heads {self.heads} is negative", "heads", zh=f"正职职数（{self.heads}）为负数"
            )
        if self.deputies < 0:
            raise _fail(
                f"deputies {self.deputies} is negative",
                "deputies",
                zh=f"副职职数（{self.deputies}）为负数",
            )

    @property
    def needs_map(self) -> dict[str, int]:
        """The skill needs as a dict."""
        return dict(self.needs)


@dataclass(frozen=True)
class Relation:
    """Two people who are relatives in the sense of the avoidance rules (rule 14)."""

    a: str
    b: str
    kind: str = "other"

    def __post_init__(self) -> None:
        if self.kind not in RELATION_KINDS:
            raise _fail(
                f"relation kind '{self.kind}' is not one of {', '.join(RELATION_KINDS)}",
                "kind",
                zh=(
                    f"亲属关系类别“{self.kind}”须为配偶、直系血亲、旁系血亲、姻亲或其他"
                    f"（{'、'.join(RELATION_KINDS)}）"
                ),
            )
        if self.a == self.b:
            raise _fail(
                f"'{self.a}' cannot be their own relative",
                "b",
                zh=f"“{self.a}”不能与本人存在亲属关系",
            )


@dataclass(frozen=True)
class HistoryEntry:
    """A past posting: ``person`` worked in ``unit`` from ``start`` to ``end``."""

    person: str
    unit: str
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise _fail(
                f"end {self.end} is before start {self.start}",
                "end",
                zh=f"结束时间（{self.end}）早于开始时间（{self.start}）",
            )


@dataclass(frozen=True)
class Distance:
    """A road between two places, in km; distances are shortest paths over these."""

    a: str
    b: str
    km: float

    def __post_init__(self) -> None:
        if self.km < 0:
            raise _fail(f"distance {self.km} is negative", "km", zh=f"距离（{self.km}）为负数")


@dataclass(frozen=True)
class Pin:
    """A placement decided by people, not by the solver (``period`` None: every period)."""

    person: str
    unit: str
    period: int | None = None

    def __post_init__(self) -> None:
        if self.period is not None and self.period < 1:
            raise _fail(
                f"period {self.period} is not 1 or later",
                "period",
                zh=f"轮次（{self.period}）须不小于1",
            )


ABSENCE_KINDS = ("training", "secondment")
"""Why someone is away from their unit for a time: training (培训, rule 43) or a
secondment (挂职锻炼)."""


@dataclass(frozen=True)
class Hire:
    """A planned recruit (招录/遴选) who joins in round ``round``: the plan places them in a
    unit from that round on, where they count for the headcount band and the skill cover.

    A hire is placed once and keeps that unit to the end of the plan (new recruits serve
    their minimum service where they are placed, rule 30). ``name`` defaults to the id;
    ``gender`` ("" when not given) and ``birth_date`` (None) are kept for the rosters and
    bear on no rule. ``rank`` (职级) is as in the people table. ``county`` (所属县区) is the
    county-level commission that recruits them (编制 belong to a county): the plan places
    them in one of its units (a ``Unit.county``); empty, in any unit.
    """

    id: str
    round: int
    skills: frozenset[str] = frozenset()
    rank: str = ""
    name: str = ""
    gender: str = ""
    birth_date: dt.date | None = None
    county: str = ""

    def __post_init__(self) -> None:
        if not str(self.id).strip():
            raise _fail("the id is empty", "id", zh="编号为空")
        # compared as text with the units' counties: anything else would match none of
        # them and be reported as an unknown county, far from its cause
        if not isinstance(self.county, str):
            raise _fail(
                f"the county {self.county!r} is not text",
                "county",
                zh=f"所属县区{self.county!r}不是文本",
            )
        if self.round < 1:
            raise _fail(
                f"round {self.round} is not 1 or later",
                "round",
                zh=f"轮次（{self.round}）须不小于1",
            )
        if self.gender and self.gender not in GENDERS:
            raise _fail(
                f"gender '{self.gender}' is not one of M, F (男, 女)",
                "gender",
                zh=f"性别“{self.gender}”须为男或女（M、F）",
            )
        if not isinstance(self.skills, frozenset):
            object.__setattr__(self, "skills", frozenset(self.skills))

    @property
    def label(self) -> str:
        """The name, or the id when no name is given."""
        return self.name or self.id


@dataclass(frozen=True)
class Absence:
    """``person`` is away from their unit for ``length`` consecutive rounds, training
    (培训) or on a secondment (挂职锻炼), starting in a round from ``earliest`` to
    ``latest`` (None: the last round) that the plan chooses (rule ``training``). An
    absence that starts near the end of the plan may run past it."""

    person: str
    kind: str
    length: int = 1
    earliest: int = 1
    latest: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ABSENCE_KINDS:
            raise _fail(
                f"kind '{self.kind}' is not one of training, secondment (培训, 挂职)",
                "kind",
                zh=f"类别“{self.kind}”须为培训或挂职（training、secondment）",
            )
        if self.length < 1:
            raise _fail(
                f"length {self.length} is not 1 round or more",
                "length",
                zh=f"期限（{self.length}）须至少为1轮",
            )
        if self.earliest < 1:
            raise _fail(
                f"earliest round {self.earliest} is not 1 or later",
                "earliest",
                zh=f"最早轮次（{self.earliest}）须不小于1",
            )
        if self.latest is not None and self.latest < self.earliest:
            raise _fail(
                f"latest round {self.latest} is before the earliest {self.earliest}",
                "latest",
                zh=f"最晚轮次（{self.latest}）早于最早轮次（{self.earliest}）",
            )


@dataclass(frozen=True)
class Published:
    """A placement of a plan published earlier, to be kept where the rules allow when
    re-planning (rule ``keep_published``): ``person`` was to be in ``unit`` in round
    ``period`` of this scenario (the published year aligned with the round of the same
    year). ``role`` is the published role (blank: not given) and ``name`` the person's
    name as published. The person may have left since (not among the people): their
    placements are reported as changes, not planned; a round beyond the horizon is not
    planned either."""

    person: str
    period: int
    unit: str
    role: str = ""
    name: str = ""

    def __post_init__(self) -> None:
        if self.period < 1:
            raise _fail(
                f"period {self.period} is not 1 or later",
                "period",
                zh=f"轮次（{self.period}）须不小于1",
            )
        if self.role and self.role not in ROLES:
            raise _fail(
                f"role '{self.role}' is not one of head, deputy, member",
                "role",
                zh=f"职务“{self.role}”须为正职、副职或一般干部（head、deputy、member）",
            )


DEFAULT_TIME_LIMIT = 10.0
"""Seconds for a solve that sets no time limit: a plan of one or two rounds."""

ROUND_TIME_LIMIT = 4.0
"""Seconds a round for a solve of more rounds that sets no time limit
(:func:`default_time_limit`)."""


def default_time_limit(horizon: int) -> float:
    """The time limit of a scenario of ``horizon`` rounds that sets none: 10 s, and 4 s a
    round for more than two rounds.

    A plan of several rounds starts from one built round by round (each round a one-round
    problem of its own, 0.5 to 1.3 s for the district), and then solves all the rounds
    in one model. In 10 s the district planned over 10 rounds had no plan at all (its
    rounds got 0.4 s each); in 40 s it has one, with the whole model's bound (tier 1 at
    2,318, bound 1,714). Over 5 rounds, 20 s give tier 1 at 1,018 with the root LP's
    bound (930) where 10 s gave 1,078 with no bound to speak of (100).
    """
    return max(DEFAULT_TIME_LIMIT, ROUND_TIME_LIMIT * horizon)


@dataclass(frozen=True)
class SolverSettings:
    """How to run the solver, from ``[solver]`` in scenario.toml (the CLI may override).

    ``time_limit`` is the whole solve's, in seconds. A scenario file or a generated
    scenario that does not set it gets :func:`default_time_limit` of its horizon: 10 s,
    and 4 s a round for a plan of more than two rounds (``SolverSettings()`` itself is
    10 s).

    One worker with ``linearization_level = 2`` proves a district optimal fastest on two
    cores (DESIGN.md §6): the LP relaxation of this assignment model is tight, and a
    single worker spends all its time on it instead of sharing the cores.

    That single LP-driven search does not scale: on ``generate(600, 120, 1)`` (58 k
    placement Booleans) it finds its first tier-1 plan after 26 s (2256, bound 710; the
    optimum is 764), and on the city (1,500 × 300) none in 120 s, with 8 s of a 600 × 120
    presolve spent probing. A model with at least ``large_model`` placement Booleans is
    therefore solved differently (measured on this 2-core machine, tier 1 of 600 × 120 in
    40 s): ``large_workers = 2``, so that feasibility jump and LNS run beside the tree
    search and give a first plan in 3 s; ``large_probing_level = 0``, presolve in 2.5 s
    instead of 7.5 s (probing finds little here: the structure is in the LP); and
    ``large_search = "lb_tree_search"`` as the one full-problem subsolver instead of the
    default LP search: its bound reaches the optimum (764) where the default search stalls
    at 722, and the LNS plans improve alike (784 vs 1012 with the default search).
    ``large_search = ""`` keeps CP-SAT's own choice. ``large_skip`` names subsolvers left
    out of large models: the feasibility pump spent 24 of the city's 90 s without a plan;
    without it the first city plan comes at 31 s instead of 55 s (13,316 vs 16,062 after
    90 s). At city scale the lb-tree search does not get through its root LP (59 k rows
    × 384 k columns) in 90 s, so there the bound stays at presolve's and the plans come
    from feasibility jump and LNS. The district (4 k Booleans) keeps the single worker.

    A city or province whose counties exchange no one never builds such a model: it is
    solved county by county (:mod:`rotation.solvers.decompose`), each county a district
    with one worker, one process per core — two single-worker district solves in
    parallel use the two cores better than one model with two workers (the city as one
    36 k-Boolean model with the large-model parameters is not proven in 60 s; as ten
    counties it is proven optimal, see benchmarks/RESULTS.md).

    A plan of several rounds starts from a plan built round by round
    (:func:`rotation.solvers.cpsat.rolling_plan`) with up to ``rolling_share`` of the time
    limit (0: no such start): on ``district-5y`` (20 k placement Booleans, 46 k
    variables with the tenure windows) the whole model alone reached a tier-1 value of
    3444 in 60 s (bound 800) and a single LP worker found no plan at all, while the round-
    by-round plan has 1048 after 19 s (each round is a one-round problem once the rounds
    before are fixed) and the whole model improves on it from there. A round that finds
    no plan in its share, or does not prove its first tier, may go on until 80 % of the
    limit (:data:`rotation.solvers.cpsat.ROLLING_OVERRUN`): ``district-5y`` in 10 s
    then has the round-by-round plan, where it had none, with tier 1 at 1,190
    (1,320 when only a round without a plan went on).
    A re-plan (``published`` placements) starts instead from the plan nearest to the
    published one (:func:`rotation.solvers.cpsat.nearest_published`), in the same share,
    whose first tier is then improved within ``repair_changes`` more changed decisions
    (0: not at all).

    A large model of several rounds keeps the two workers but has ``rounds_search`` as
    its full-problem subsolver: ``"lp"`` is the LP-driven search with
    ``linearization_level`` (CP-SAT's own ``default_lp`` uses level 1), any other value a
    CP-SAT subsolver's name, ``""`` the same as ``large_search``. Its bound comes from the
    LP, which the lb-tree search did not get through: tier 1 of ``district-5y`` from the
    round-by-round plan (1036) in 40 s reached 1006 with a bound of 900, against 1006 and
    790 with the lb-tree search, 1016 and 826 with ``default_lp`` and 1036 and 908 with
    the single LP worker (which finds no better plan: the second worker's LNS does).

    A stage (a tier, or tiers weighted together) that starts from a plan (a hint, or the
    plan of the stage before) and is not proven optimal in time leaves ``later_share`` of
    the time left to the stages after it (a stage with no plan to start from keeps it all:
    without a plan it would hand on nothing). Without the share a model too large to
    prove tier 1 gave the later tiers no time at all: ``district-5y`` in 60 s ended with
    217 moves in five years and the fewest-moves tier at 13,228; with 0.2, 170 moves and
    7,755 (tier 1 at 1,016 both times). 0.3 did no better at 60 s (170 moves, 8,052) and
    left tier 1 too little time at 20 s, where CP-SAT's root LP on that model ends after
    about 7 s (bound 930, else 800). A model that proves its tiers finishes early and
    never waits for the share. CP-SAT keeps the share only where the later stages can
    use it, at least 1.5 times the stage's own time to its first plan (they presolve the
    same model again first: :class:`rotation.solvers.cpsat._LaterShare`); at 20 s the
    1.9 s kept for ``district-5y``'s later tiers gave them no plan, and now go to tier 1.

    ``polish_share`` of the time limit is kept back from the solve for the moves no rule
    needs to be taken out of a plan not proven optimal (:mod:`rotation.solvers.polish`),
    so that the whole solve ends within the time limit: on ``district-5y`` at 20 s that
    takes 0.4–0.9 s, and ran past the limit before. The polish stops where the limit
    falls, with the best plan it has; 0 turns it off. A model proven optimal never uses
    the share (it ends before the limit).

    With ``lp_start`` each stage of a one-round model (a district, or each county of a
    city) starts from its linear relaxation (:meth:`rotation.solvers.cpsat.CpSatBackend.lp_start`):
    the plan near the LP optimum is the hint, the LP's bound proves it optimal without a
    search where it meets it (tier 1 of the district), and the columns whose reduced
    costs rule them out are fixed before CP-SAT searches. The district in 0.42 s instead
    of 0.63 s (tier 1 alone 0.94 → 0.32 s).
    """

    time_limit: float = DEFAULT_TIME_LIMIT
    seed: int = 0
    workers: int = 1
    linearization_level: int = 2
    large_model: int = 20_000
    large_workers: int = 2
    large_probing_level: int = 0
    large_search: str = "lb_tree_search"
    large_skip: str = "feasibility_pump"
    rounds_search: str = "lp"
    lp_start: bool = True
    rolling_share: float = 0.4
    later_share: float = 0.2
    polish_share: float = 0.05
    repair_changes: int = 5

    def __post_init__(self) -> None:
        if self.time_limit <= 0:
            raise ScenarioError(
                "[solver] time_limit must be positive",
                column="time_limit",
                zh="[solver] time_limit（求解时限）须为正数",
            )
        if self.workers < 1:
            raise ScenarioError(
                "[solver] workers must be at least 1",
                column="workers",
                zh="[solver] workers（求解线程数）须至少为1",
            )
        if self.linearization_level not in (0, 1, 2):
            raise ScenarioError(
                "[solver] linearization_level must be 0, 1 or 2",
                column="linearization_level",
                zh="[solver] linearization_level（线性化层级）须为0、1或2",
            )
        if self.large_workers < 1:
            raise ScenarioError(
                "[solver] large_workers must be at least 1",
                column="large_workers",
                zh="[solver] large_workers（大模型求解线程数）须至少为1",
            )
        if self.repair_changes < 0:
            raise ScenarioError(
                "[solver] repair_changes must not be negative",
                column="repair_changes",
                zh="[solver] repair_changes（重新规划时可多调整的决定数）不得为负数",
            )
        if self.large_probing_level not in (0, 1, 2, 3):
            raise ScenarioError(
                "[solver] large_probing_level must be 0 to 3",
                column="large_probing_level",
                zh="[solver] large_probing_level（大模型探测层级）须为0至3",
            )
        shares = (
            ("rolling_share", "逐轮求解时间占比"),
            ("later_share", "留给后续层级的时间占比"),
            ("polish_share", "精简方案的时间占比"),
        )
        for name, label in shares:  # a share of the time: 0 (none) up to, not with, all
            if not 0 <= getattr(self, name) < 1:
                raise ScenarioError(
                    f"[solver] {name} must be at least 0 and below 1",
                    column=name,
                    zh=f"[solver] {name}（{label}）须不小于0且小于1",
                )


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return items if isinstance(items, tuple) else tuple(items)


@dataclass(frozen=True)
class Scenario:
    """A district to plan: its people and units, the rules in force and the plan date."""

    name: str
    plan_date: dt.date
    people: tuple[Person, ...]
    units: tuple[Unit, ...]
    relations: tuple[Relation, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    distances: tuple[Distance, ...] = ()
    pins: tuple[Pin, ...] = ()
    rules: RuleSet = field(default_factory=RuleSet)
    horizon: int = 1
    skills: tuple[str, ...] = DEFAULT_SKILLS
    solver: SolverSettings = field(default_factory=SolverSettings)
    objective: Objective = field(default_factory=Objective)
    published: tuple[Published, ...] = ()
    hires: tuple[Hire, ...] = ()
    absences: tuple[Absence, ...] = ()

    def __post_init__(self) -> None:
        for name in (
            "people",
            "units",
            "relations",
            "history",
            "distances",
            "pins",
            "skills",
            "published",
            "hires",
            "absences",
        ):
            object.__setattr__(self, name, _tuple(getattr(self, name)))
        if not 1 <= self.horizon <= 10:
            raise ScenarioError(
                f"horizon {self.horizon} is not between 1 and 10",
                column="horizon",
                zh=f"规划期（{self.horizon}轮）须在1至10轮之间",
            )
        if not self.units:
            raise ScenarioError("there are no units", table="units", zh="没有任何单位")
        if not self.people:
            raise ScenarioError("there are no people", table="people", zh="没有任何人员")
        vocabulary = set(self.skills)
        unit_ids = self._unique("units", [u.id for u in self.units])
        person_ids = self._unique("people", [p.id for p in self.people])
        for i, u in enumerate(self.units):
            if u.area:
                if u.area not in unit_ids:
                    raise ScenarioError(
                        f"area '{u.area}' is not a unit",
                        table="units",
                        index=i,
                        column="area",
                        zh=f"所属片区“{u.area}”不在单位表中",
                    )
                if self.units[unit_ids[u.area]].kind != "area":
                    raise ScenarioError(
                        f"area '{u.area}' is not an area office",
                        table="units",
                        index=i,
                        column="area",
                        zh=f"所属片区“{u.area}”不是片区类型的单位",
                    )
            for skill, _ in u.needs:
                if skill not in vocabulary:
                    raise _unknown_skill(skill, self.skills, "units", i, "needs")
        for i, p in enumerate(self.people):
            if p.unit not in unit_ids:
                raise _unknown_unit(p.unit, "people", i, "unit")
            if p.post_start > self.plan_date:
                raise ScenarioError(
                    f"post start {p.post_start} is after the plan date {self.plan_date}",
                    table="people",
                    index=i,
                    column="post_start",
                    zh=f"任现职时间（{p.post_start}）晚于方案日期（{self.plan_date}）",
                )
            for skill in sorted(p.skills - vocabulary):
                raise _unknown_skill(skill, self.skills, "people", i, "skills")
            for column, label in (("preferences", "交流意向"), ("interests", "利益回避单位")):
                for ref in getattr(p, column):
                    if ref not in unit_ids:
                        raise ScenarioError(
                            f"unknown unit '{ref}' in the {column}",
                            table="people",
                            index=i,
                            column=column,
                            zh=f"{label}中有未知的单位“{ref}”",
                        )
        seen_pairs: set[frozenset[str]] = set()
        for i, r in enumerate(self.relations):
            for column, pid in (("a", r.a), ("b", r.b)):
                if pid not in person_ids:
                    raise _unknown_person(pid, "relations", i, column)
            pair = frozenset((r.a, r.b))
            if pair in seen_pairs:
                raise ScenarioError(
                    f"the pair {r.a}, {r.b} is listed twice",
                    table="relations",
                    index=i,
                    column="b",
                    zh=f"{r.a}、{r.b}的亲属关系重复列出",
                )
            seen_pairs.add(pair)
        for i, h in enumerate(self.history):
            if h.person not in person_ids:
                raise _unknown_person(h.person, "history", i, "person")
            if h.unit not in unit_ids:
                raise _unknown_unit(h.unit, "history", i, "unit")
            if h.end > self.plan_date:
                raise ScenarioError(
                    f"end {h.end} is after the plan date {self.plan_date}",
                    table="history",
                    index=i,
                    column="end",
                    zh=f"结束时间（{h.end}）晚于方案日期（{self.plan_date}）",
                )
        pinned: set[tuple[str, int | None]] = set()
        for i, pin in enumerate(self.pins):
            if pin.person not in person_ids:
                raise _unknown_person(pin.person, "pins", i, "person")
            if pin.unit not in unit_ids:
                raise _unknown_unit(pin.unit, "pins", i, "unit")
            if pin.period is not None and pin.period > self.horizon:
                raise ScenarioError(
                    f"period {pin.period} is beyond the horizon {self.horizon}",
                    table="pins",
                    index=i,
                    column="period",
                    zh=f"第{pin.period}轮超出规划期（{self.horizon}轮）",
                )
            key = (pin.person, pin.period)
            if (
                key in pinned
                or (pin.person, None) in pinned
                or (pin.period is None and any(p == pin.person for p, _ in pinned))
            ):
                raise ScenarioError(
                    f"'{pin.person}' is pinned twice",
                    table="pins",
                    index=i,
                    column="person",
                    zh=f"“{pin.person}”的指定安排重复列出",
                )
            pinned.add(key)
        self._check_published(unit_ids)
        self._check_hires_and_absences(person_ids)

    def _check_published(self, unit_ids: Mapping[str, int]) -> None:
        """A published placement names a unit of the scenario, once per person and round
        (its person may have left since)."""
        seen: set[tuple[str, int]] = set()
        for i, rec in enumerate(self.published):
            if rec.unit not in unit_ids:
                raise _unknown_unit(rec.unit, "published", i, "unit")
            if (rec.person, rec.period) in seen:
                raise ScenarioError(
                    f"'{rec.person}' is placed twice in round {rec.period}",
                    table="published",
                    index=i,
                    column="person",
                    zh=f"“{rec.person}”在第{rec.period}轮被安排了两次",
                )
            seen.add((rec.person, rec.period))

    def _check_hires_and_absences(self, person_ids: Mapping[str, int]) -> None:
        """A hire has an id of their own, a round of the plan, known skills and a county of
        the units (or none); an absence names a person and a window of rounds inside the
        plan."""
        seen: dict[str, int] = {}
        vocabulary = set(self.skills)
        counties = sorted({u.county for u in self.units} - {""})
        for i, h in enumerate(self.hires):
            if h.id in person_ids:
                raise ScenarioError(
                    f"id '{h.id}' is already a person's id",
                    table="hires",
                    index=i,
                    column="id",
                    zh=f"编号“{h.id}”已是人员表中某人的编号",
                )
            if h.id in seen:
                raise ScenarioError(
                    f"duplicate id '{h.id}' (also record {seen[h.id] + 1})",
                    table="hires",
                    index=i,
                    column="id",
                    zh=f"编号“{h.id}”重复（另见第{seen[h.id] + 1}条）",
                )
            seen[h.id] = i
            if h.round > self.horizon:
                raise ScenarioError(
                    f"round {h.round} is beyond the horizon {self.horizon}",
                    table="hires",
                    index=i,
                    column="round",
                    zh=f"第{h.round}轮超出规划期（{self.horizon}轮）",
                )
            for skill in sorted(h.skills - vocabulary):
                raise _unknown_skill(skill, self.skills, "hires", i, "skills")
            if h.county and h.county not in counties:
                known = f"known: {', '.join(counties)}" if counties else "no unit names one"
                known_zh = f"已知：{'、'.join(counties)}" if counties else "没有单位填写所属县区"
                raise ScenarioError(
                    f"unknown county '{h.county}': no unit belongs to it ({known})",
                    table="hires",
                    index=i,
                    column="county",
                    zh=f"未知的县区“{h.county}”：没有单位属于该县区（{known_zh}）",
                )
        for i, a in enumerate(self.absences):
            if a.person not in person_ids:
                raise _unknown_person(a.person, "absences", i, "person")
            for column, label, value in (
                ("earliest", "最早轮次", a.earliest),
                ("latest", "最晚轮次", a.latest),
            ):
                if value is not None and value > self.horizon:
                    raise ScenarioError(
                        f"{column} round {value} is beyond the horizon {self.horizon}",
                        table="absences",
                        index=i,
                        column=column,
                        zh=f"{label}（第{value}轮）超出规划期（{self.horizon}轮）",
                    )

    def starts(self, absence: Absence) -> range:
        """The rounds in which ``absence`` may start: ``earliest`` .. ``latest`` (the last
        round when not given)."""
        return range(absence.earliest, (absence.latest or self.horizon) + 1)

    def away_rounds(self, absence: Absence, start: int) -> range:
        """The rounds of the plan ``absence`` covers when it starts in ``start`` (cut at
        the end of the plan)."""
        return range(start, min(start + absence.length - 1, self.horizon) + 1)

    def first_rounds(self, rounds: int) -> Scenario:
        """This scenario planned for its first ``rounds`` rounds only: the pins, hires and
        absences of later rounds left out (an absence whose window reaches past them
        too), so that a plan built round by round can plan each prefix."""
        return self.replace(
            horizon=rounds,
            pins=tuple(p for p in self.pins if p.period is None or p.period <= rounds),
            hires=tuple(h for h in self.hires if h.round <= rounds),
            absences=tuple(a for a in self.absences if (a.latest or self.horizon) <= rounds),
        )

    @cached_property
    def hire(self) -> dict[str, Hire]:
        """Planned hires by id."""
        return {h.id: h for h in self.hires}

    @staticmethod
    def _unique(table: str, ids: list[str]) -> dict[str, int]:
        index: dict[str, int] = {}
        for i, key in enumerate(ids):
            if key in index:
                raise ScenarioError(
                    f"duplicate id '{key}' (also record {index[key] + 1})",
                    table=table,
                    index=i,
                    column="id",
                    zh=f"编号“{key}”重复（另见第{index[key] + 1}条）",
                )
            index[key] = i
        return index

    def replace(self, **changes: Any) -> Scenario:
        """A changed copy, checked like the original (scenarios are values)."""
        return dataclasses.replace(self, **changes)

    @cached_property
    def person(self) -> dict[str, Person]:
        """People by id."""
        return {p.id: p for p in self.people}

    @cached_property
    def unit(self) -> dict[str, Unit]:
        """Units by id."""
        return {u.id: u for u in self.units}

    @cached_property
    def history_of(self) -> dict[str, list[HistoryEntry]]:
        """Past postings by person."""
        out: dict[str, list[HistoryEntry]] = {}
        for h in self.history:
            out.setdefault(h.person, []).append(h)
        return out

    def memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """A derived fact computed once per scenario (scenarios are immutable values)."""
        store: dict[tuple[object, ...], Any] = self.__dict__.setdefault("_memo", {})
        if key not in store:
            store[key] = compute()
        return store[key]  # type: ignore[no-any-return]

    @cached_property
    def rules_by_name(self) -> dict[str, RuleSpec]:
        """The rule specs by name."""
        return {spec.name: spec for spec in self.rules}

    @cached_property
    def periods(self) -> range:
        """The rounds planned: 1 .. horizon."""
        return range(1, self.horizon + 1)

    @cached_property
    def duties(self) -> dict[str, Obligation]:
        """What the person-level rules demand of each person in the first round."""
        from rotation.facts import decide_all

        return decide_all(self)

    def pin_for(self, person: str, period: int) -> str | None:
        """The unit a person is pinned to in a period, if any."""
        for pin in self.pins:
            if pin.person == person and pin.period in (None, period):
                return pin.unit
        return None

    def unit_start(self, person: str) -> dt.date:
        """Since when the person has been in their current unit without a break.

        ``post_start`` is the start of the current post; earlier postings in the
        same unit that run into it (from ``history``) extend the time in the unit.
        """
        p = self.person[person]
        start = p.post_start
        entries = sorted(self.history_of.get(person, ()), key=lambda h: h.end, reverse=True)
        for h in entries:
            if h.unit != p.unit:
                if h.end >= start:
                    continue
                break
            if h.end >= start - dt.timedelta(days=31) and h.start < start:
                start = h.start
        return start
