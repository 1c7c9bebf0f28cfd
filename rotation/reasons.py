"""Reasons in words, solver-free: why each move, and why someone past a limit stays.

Every reason comes from a rule that bears on the decision, computed from the scenario
(:func:`rotation.facts.obligation`, the specs' parameters) and the plan's rosters, and
is ordered from the most binding (a duty: retirement, a pin, mandatory rotation) to the
least (preferences, distance). A move for which no specific rule speaks is explained
by what it does for the other moves, or by the rules that would be worse without it
(the plan with the move undone, measured by the checkers).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rotation.dates import period_date, served_at_least
from rotation.facts import (
    ROLE_ZH,
    Duty,
    base_roles,
    due_years,
    duty_in_round,
    grassroots_months,
    is_frozen,
    kin_in_way,
    level_start,
    months_between,
    obligation,
    promotion_blockers,
    retire_date,
    retired_by,
    round_date,
    work_start,
)
from rotation.rules import AgeGradient, FewestMoves, PairRule
from rotation.validate.common import SKILL_ZH, tenure_text, years_number, years_text

if TYPE_CHECKING:
    from rotation.plan import Move, Plan
    from rotation.scenario import Person, Scenario, Unit
    from rotation.validate.common import Violation

ORDINAL_EN = ("first", "second", "third", "fourth", "fifth")
ORDINAL_ZH = "一二三四五六七八九十"
ORDER = ("member", "deputy", "head")
ROLE_EN = {"head": "head", "deputy": "deputy", "member": "member"}


@dataclass(frozen=True)
class Reason:
    """One reason in both languages; ``kind`` names the rule (or duty) behind it."""

    kind: str
    en: str
    zh: str

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` ("en" or "zh")."""
        return self.zh if lang == "zh" else self.en


KIND_LABELS: dict[str, tuple[str, str]] = {
    "retirement": ("retirement", "退休"),
    "pins": ("decided by the department (pin)", "组织指定"),
    "mandatory_rotation": ("mandatory rotation", "任职满限交流"),
    "kin_avoidance": ("kin avoidance", "亲属回避"),
    "regional_avoidance": ("regional avoidance", "地域回避"),
    "business_interest": ("family business avoidance", "经商办企业回避"),
    "leadership_slots": ("fills a leadership post", "配备领导职务"),
    "skill_cover": ("skill cover", "专业配备"),
    "headcount": ("headcount band", "编制人数"),
    "makes_room": ("makes room for a colleague", "腾出编制"),
    "promotion": ("promotion", "提任"),
    "same_level": ("long at the same level (rule 2)", "同一层次任职较长"),
    "long_tenure": ("long tenure of staff (rule 7)", "一般干部任职较长"),
    "kin_lower_moves": ("lower-ranked relative moves", "职务较低一方回避"),
    "grassroots": ("young cadre to the grassroots", "年轻干部到基层"),
    "women_in_team": ("women in the team", "班子配备女干部"),
    "age_gradient": ("age gradient", "年龄梯次"),
    "rotation_volume": ("yearly rotation volume", "年度交流比例"),
    "workload": ("workload", "工作量"),
    "preferences": ("preference", "个人意向"),
    "distance": ("closer to home", "离家更近"),
    "frees_place": ("frees a place for another move", "为他人交流腾出岗位"),
    "optional": ("required by no rule", "非规则所必需"),
    "keep_published": ("as in the published plan", "已公布方案中的安排"),
}
"""Labels of reason kinds (for the moves-by-reason KPI); rule names not listed here use
the spec's title."""


def kind_label(scenario_rules: Iterable[object], kind: str, lang: str = "en") -> str:
    """The label of a reason kind in ``lang`` (a rule's title when not in the table)."""
    if kind in KIND_LABELS:
        return KIND_LABELS[kind][1 if lang == "zh" else 0]
    for spec in scenario_rules:
        if getattr(spec, "name", None) == kind:
            return str(getattr(spec, "title_zh" if lang == "zh" else "title_en"))
    return kind


def ordinal(rank: int, lang: str) -> str:
    """``first preference`` / ``第一意向`` for rank 0, and so on."""
    if lang == "zh":
        return f"第{ORDINAL_ZH[rank] if rank < len(ORDINAL_ZH) else rank + 1}意向"
    word = ORDINAL_EN[rank] if rank < len(ORDINAL_EN) else f"choice {rank + 1}"
    return f"{word} preference"


# ---------------------------------------------------------------------------
# the plan around one period


class _Round:
    """The rosters of one period and the one before it, computed once."""

    def __init__(self, plan: Plan, period: int) -> None:
        self.plan = plan
        self.s = plan.scenario
        self.t = period
        self.before = plan.rosters(period - 1)
        self.after = plan.rosters(period)
        self.arrivals = {
            u: [p for p in members if plan.moved(p, period)] for u, members in self.after.items()
        }
        self.leavers = {
            u: [p for p in members if plan.moved(p, period)] for u, members in self.before.items()
        }
        self._measured: dict[str, list[Violation]] | None = None

    def role(self, person: str, period: int | None = None) -> str:
        t = self.t if period is None else period
        return self.plan.role_of(person, t) or self.s.person[person].role

    def measured(self) -> dict[str, list[Violation]]:
        """Every rule's records on the plan (computed once, for counterfactuals)."""
        if self._measured is None:
            from rotation.validate import measure

            self._measured = measure(self.s, self.plan)
        return self._measured

    def holders(self, unit: str, skill: str) -> int:
        return sum(skill in self.s.person[m].skills for m in self.after[unit])

    @cached_property
    def largest_load(self) -> dict[str, int]:
        """County → the largest workload per person over its units in this round, in the
        ``workload`` rule's steps (each county balances its own units, as the checker
        counts them). The same for every move of the round, so computed once: per move
        it took 80 % of the city's explanations."""
        spec = self.s.rules.workload
        out: dict[str, int] = {}
        for u in self.s.units:
            if u.workload > 0:
                load = spec.steps(u.workload, len(self.plan.at_work(u.id, self.t)))
                out[u.county] = max(out.get(u.county, 0), load)
        return out

    @cached_property
    def area_group(self) -> dict[str, str]:
        """Unit → the area office whose group it belongs to (rule 37)."""
        return {u: g for g, units in AgeGradient.groups(self.s).items() for u in units}

    @cached_property
    def leaders_moved(self) -> dict[str, tuple[int, int]]:
        """County → (how many moved, how many there were) of the people rule 11 counts in
        this round, as the checker counts them: today's role in its ``roles``, not
        retired by the round, each county's own share."""
        s, t = self.s, self.t
        present = [p for p in s.people if not retired_by(s, p.id, t)]
        groups = s.rules.rotation_volume.groups(s, present)
        return {c: (sum(self.plan.moved(m, t) for m in pool), len(pool)) for c, pool in groups}


def tenure_months(plan: Plan, person: str, period: int) -> int:
    """Months ``person`` has been in their unit of ``period - 1`` by the date of ``period``
    (since the round they arrived in it, else since ``Scenario.unit_start``)."""
    s = plan.scenario
    unit = plan.unit_of(person, period - 1)
    start = None
    for k in range(period - 1, 0, -1):
        if plan.unit_of(person, k - 1) != unit:
            start = period_date(s.plan_date, k)
            break
    if start is None:
        start = s.unit_start(person)
    return months_between(start, period_date(s.plan_date, period))


def _mandatory(plan: Plan, person: str, period: int) -> tuple[int, float] | None:
    """(months served, limit in years) if ``person`` is due to leave by rule 1/5/6."""
    s = plan.scenario
    spec = s.rules.mandatory_rotation
    if not spec.enabled:
        return None
    if period == 1:
        ob = obligation(s, person)
        if ob.duty is Duty.MUST_MOVE or "mandatory_rotation" in ob.overridden:
            return ob.months, ob.limit_years
        return None
    unit = s.unit[plan.unit_of(person, period - 1) or ""]
    role = plan.role_of(person, period - 1) or s.person[person].role
    limit = due_years(s, unit, role)
    since = plan.arrival(person, period)
    if since is None or not served_at_least(since, round_date(s, period), limit):
        return None
    return tenure_months(plan, person, period), limit


def tenure_reason(months: int, limit: float, unit: Unit) -> Reason:
    """``9 years in 城关镇纪委 (limit 5)``."""
    return Reason(
        "mandatory_rotation",
        f"{tenure_text(months)} in {unit.name} (limit {years_number(limit)})",
        f"在{unit.name}任职{tenure_text(months, 'zh')}（满{years_number(limit)}年须交流）",
    )


def _kin_reasons(rnd: _Round, person: str, src: Unit) -> list[Reason]:
    """Relatives the person would stand with (same unit, supervision, office lead) had
    they stayed in ``src``."""
    s = rnd.s
    spec = s.rules.kin_avoidance
    if not spec.enabled:
        return []
    out = []
    stay = (src, rnd.role(person, rnd.t - 1))
    for rel in s.relations:
        if person not in (rel.a, rel.b):
            continue
        other = rel.b if rel.a == person else rel.a
        where = rnd.plan.unit_of(other, rnd.t)
        if where is None:
            continue
        other_unit = s.unit[where]
        if kin_in_way(spec, stay, (other_unit, rnd.role(other))):
            name = s.person[other].name
            out.append(
                Reason(
                    "kin_avoidance",
                    f"relative {name} in {other_unit.name}",
                    f"亲属{name}在{other_unit.name}，需回避",
                )
            )
    return out


def _pair_reasons(rnd: _Round, person: Person, src: Unit) -> list[Reason]:
    """Avoidance rules (regional, family business …) that staying in ``src`` would break."""
    s = rnd.s
    if rnd.t != 1:
        return []
    role = rnd.role(person.id, 0)
    out = []
    for spec in s.rules.active():
        if not isinstance(spec, PairRule):
            continue
        found = spec.breach(s, person, src, role)
        if found is None:
            continue
        if spec.name == "regional_avoidance":
            out.append(
                Reason(
                    spec.name,
                    f"may not stay {ROLE_EN[role]} of {src.name} in {src.region}, where they "
                    "grew up",
                    f"成长地为{src.region}，不宜继续担任{src.name}{ROLE_ZH[role]}（地域回避）",
                )
            )
        elif spec.name == "business_interest":
            out.append(
                Reason(
                    spec.name,
                    f"{src.name} supervises a business of their family",
                    f"{src.name}监管其配偶子女经商办企业，需回避",
                )
            )
        else:
            out.append(Reason(spec.name, found[0], found[1]))
    return out


def _eligibility_text(plan: Plan, person: Person, role: str) -> tuple[str, str]:
    """What makes ``person`` eligible for ``role`` (rules 25–27), in numbers."""
    s = plan.scenario
    spec = s.rules.promotion_eligibility
    on = s.plan_date
    en: list[str] = []
    zh: list[str] = []
    if role == "head":
        months = months_between(level_start(person), on)
        en.append(f"{tenure_text(months)} as deputy (min {years_number(spec.deputy_years)})")
        zh.append(f"任副职{tenure_text(months, 'zh')}（需{years_number(spec.deputy_years)}年）")
    elif person.rank in spec.rank_years:
        months = months_between(person.rank_since or person.post_start, on)
        need = years_number(spec.rank_years[person.rank])
        en.append(f"{tenure_text(months)} at rank {person.rank} (min {need})")
        zh.append(f"任{person.rank}{tenure_text(months, 'zh')}（需{need}年）")
    work = months_between(work_start(s, person.id), on)
    en.append(f"{tenure_text(work)} of work (min {years_number(spec.work_years)})")
    zh.append(f"工作{tenure_text(work, 'zh')}（需{years_number(spec.work_years)}年）")
    grass = grassroots_months(s, person.id)
    en.append(f"{tenure_text(grass)} at the grassroots (min {years_number(spec.grassroots_years)})")
    zh.append(f"基层工作{tenure_text(grass, 'zh')}（需{years_number(spec.grassroots_years)}年）")
    return ", ".join(en), "，".join(zh)


def _leadership_reasons(rnd: _Round, person: Person, dst: Unit) -> list[Reason]:
    """A promotion, or a head post the move fills."""
    s = rnd.s
    before, after = rnd.role(person.id, rnd.t - 1), rnd.role(person.id)
    if after in ORDER and before in ORDER and ORDER.index(after) > ORDER.index(before):
        head_en = f"promoted to {ROLE_EN[after]} of {dst.name}"
        head_zh = f"提任{dst.name}{ROLE_ZH[after]}"
        spec = s.rules.promotion_eligibility
        if spec.enabled and not promotion_blockers(s, person.id, after, spec):
            why_en, why_zh = _eligibility_text(rnd.plan, person, after)
            return [
                Reason(
                    "promotion",
                    f"{head_en} (eligible: {why_en})",
                    f"{head_zh}（符合资格：{why_zh}）",
                )
            ]
        return [Reason("promotion", head_en, head_zh)]
    if after == "head" and s.rules.leadership_slots.enabled:
        others = sum(1 for m in rnd.after[dst.id] if m != person.id and rnd.role(m) == "head")
        if others < dst.heads:
            return [
                Reason(
                    "leadership_slots",
                    f"fills the head post of {dst.name}",
                    f"补齐{dst.name}负责人职位",
                )
            ]
    return []


def _need_reasons(rnd: _Round, person: Person, dst: Unit) -> list[Reason]:
    """Skill needs and the minimum headcount of ``dst`` that the person makes up."""
    s = rnd.s
    out = []
    if s.rules.skill_cover.enabled:
        for skill, need in dst.needs:
            if need and skill in person.skills and rnd.holders(dst.id, skill) <= need:
                out.append(
                    Reason(
                        "skill_cover",
                        f"fills the {skill} need of {dst.name}",
                        f"补充{dst.name}的{SKILL_ZH.get(skill, skill)}专业力量",
                    )
                )
    if s.rules.headcount.enabled and len(rnd.after[dst.id]) <= dst.min_staff:
        out.append(
            Reason(
                "headcount",
                f"brings {dst.name} up to its minimum of {dst.min_staff}",
                f"{dst.name}需达到最少{dst.min_staff}人",
            )
        )
    return out


def _room_reason(rnd: _Round, src: Unit) -> Reason | None:
    """``src`` is full after the plan and takes someone in: staying would overfill it."""
    arrivals = rnd.arrivals[src.id]
    if not arrivals or not rnd.s.rules.headcount.enabled:
        return None
    if len(rnd.after[src.id]) < src.max_staff:
        return None
    name = rnd.s.person[arrivals[0]].name
    return Reason(
        "makes_room",
        f"makes room in {src.name} (maximum {src.max_staff}) for {name} moving in",
        f"为{name}调入{src.name}腾出编制（最多{src.max_staff}人）",
    )


def _same_level_reason(plan: Plan, person: Person, period: int = 1) -> Reason:
    """``12 years at the same level (rule 2: should move after 10)``, by round ``period``."""
    s = plan.scenario
    months = months_between(level_start(person), round_date(s, period))
    years = years_number(s.rules.same_level.years)
    return Reason(
        "same_level",
        f"{tenure_text(months)} at the same level (rule 2: should move after {years})",
        f"同一层次任职{tenure_text(months, 'zh')}（满{years}年应交流）",
    )


def _still_long_at_level(plan: Plan, person: Person, period: int) -> bool:
    """Whether rule 2 binds ``person`` in ``period``: at the level long enough by a round
    up to ``period``, and not moved since."""
    first = plan.scenario.rules.same_level.bound_from(plan.scenario, person.id)
    if first is None or first > period:
        return False
    return not any(plan.moved(person.id, k) for k in range(first, period))


def _long_tenure_reason(plan: Plan, person: Person, unit: Unit, period: int = 1) -> Reason:
    """``6 years in X (rule 7: should move after 5 years)``, by round ``period``."""
    s = plan.scenario
    spec = s.rules.long_tenure
    if period == 1:
        months = months_between(s.unit_start(person.id), s.plan_date)
    else:
        months = plan.tenure_months(person.id, period) or 0
    tier = max((float(y) for y in spec.tiers if months >= round(float(y) * 12)), default=0.0)
    after = years_number(tier)
    return Reason(
        "long_tenure",
        f"{tenure_text(months)} in {unit.name} (rule 7: should move after {after} years)",
        f"在{unit.name}任职{tenure_text(months, 'zh')}（一般干部满{after}年应交流）",
    )


def _goal_reasons(rnd: _Round, person: Person, src: Unit, dst: Unit, due: bool) -> list[Reason]:
    """The soft rules the move serves: rules 2, 7, 18, 12, 36, 37, 11 and workload."""
    s = rnd.s
    rules = s.rules
    t = rnd.t
    out: list[Reason] = []
    level = rules.same_level
    if t == 1 and level.enabled and level.binds(s, person.id):
        out.append(_same_level_reason(rnd.plan, person))
    elif t > 1 and level.enabled and _still_long_at_level(rnd.plan, person, t):
        out.append(_same_level_reason(rnd.plan, person, t))
    tenure = rules.long_tenure
    if not due and t == 1 and tenure.enabled and tenure.stay_cost(s, person.id):
        out.append(_long_tenure_reason(rnd.plan, person, src))
    elif (
        not due
        and t > 1
        and tenure.enabled
        and person.role in tenure.roles
        and tenure.cost(rnd.plan.tenure_months(person.id, t) or 0)
    ):
        out.append(_long_tenure_reason(rnd.plan, person, src, t))
    if t == 1 and rules.kin_lower_moves.enabled:
        for higher, lower in rules.kin_lower_moves.pairs(s):
            if lower == person.id and not rnd.plan.moved(higher, t):
                name = s.person[higher].name
                out.append(
                    Reason(
                        "kin_lower_moves",
                        f"the lower-ranked of two relatives moves, not {name} (rule 18)",
                        f"与{name}有亲属关系，职务较低一方回避（第18条）",
                    )
                )
    young = rules.grassroots
    bound = young.binds(s, person) if t == 1 else young.binds_in(s, person, t)
    if young.enabled and dst.kind in young.kinds and bound:
        out.append(
            Reason(
                "grassroots",
                "young cadre sent to the grassroots (rule 12)",
                "年轻干部到基层锻炼（第12条）",
            )
        )
    wit = rules.women_in_team
    if wit.enabled and person.gender == "F" and dst.kind in wit.kinds:
        women = sum(s.person[m].gender == "F" for m in rnd.after[dst.id])
        if women <= wit.min_women:
            out.append(
                Reason(
                    "women_in_team",
                    f"keeps a woman in the team of {dst.name} (rule 36)",
                    f"保证{dst.name}班子有女干部（第36条）",
                )
            )
    age = _age_reason(rnd, person, src, dst)
    if age is not None:
        out.append(age)
    vol = rules.rotation_volume
    if vol.enabled and person.role in vol.roles:
        moved, pool = rnd.leaders_moved[s.unit[person.unit].county]
        target = vol.target(pool)
        if moved <= target:
            out.append(
                Reason(
                    "rotation_volume",
                    f"counts towards the yearly rotation of leaders ({moved} of {pool}, "
                    f"target {target}, rule 11)",
                    f"计入年度领导干部交流比例（{pool}人中交流{moved}人，目标{target}人）",
                )
            )
    work = _workload_reason(rnd, person, dst)
    if work is not None:
        out.append(work)
    return out


def _age_reason(rnd: _Round, person: Person, src: Unit, dst: Unit) -> Reason | None:
    """A young cadre without whom the destination's area group would lack young people."""
    s = rnd.s
    spec = s.rules.age_gradient
    if not spec.enabled:
        return None
    group_of = rnd.area_group
    group = group_of.get(dst.id)
    if group is None or group == group_of.get(src.id):
        return None
    on = period_date(s.plan_date, rnd.t)
    if spec.bracket(person, on) != "young":
        return None
    members = [
        m for u, ms in rnd.after.items() if group_of.get(u) == group for m in ms if m != person.id
    ]
    young = sum(spec.bracket(s.person[m], on) == "young" for m in members)
    if young >= spec.band(len(members))[0]:
        return None
    area = s.unit[group].name
    return Reason(
        "age_gradient",
        f"brings a cadre under {spec.young_age} to the group of {area} (age gradient, rule 37)",
        f"为{area}片区补充{spec.young_age}岁以下干部（年龄梯次）",
    )


def _workload_reason(rnd: _Round, person: Person, dst: Unit) -> Reason | None:
    """The move lowers the largest workload per person: without it ``dst`` (or no unit
    at all) would carry more per head than the plan's largest. Not for someone away
    training or on a secondment in the round: they share none of its work then."""
    s = rnd.s
    spec = s.rules.workload
    at_work = rnd.plan.at_work(dst.id, rnd.t)
    if not spec.enabled or dst.workload <= 0 or person.id not in at_work:
        return None
    n = len(at_work)
    if spec.steps(dst.workload, n - 1) <= rnd.largest_load.get(dst.county, 0):
        return None
    before, now = dst.workload / max(n - 1, 1), dst.workload / n
    return Reason(
        "workload",
        f"eases the workload of {dst.name} ({before:.1f} → {now:.1f} per person)",
        f"减轻{dst.name}人均工作量（{before:.1f}→{now:.1f}）",
    )


def _wish_reasons(rnd: _Round, person: Person, src: Unit, dst: Unit) -> list[Reason]:
    s = rnd.s
    out = []
    if dst.id in person.preferences:
        rank = person.preferences.index(dst.id)
        out.append(Reason("preferences", ordinal(rank, "en"), ordinal(rank, "zh")))
    spec = s.rules.distance
    if spec.enabled:
        here, there = spec.km(s, person, src), spec.km(s, person, dst)
        if there < here:
            out.append(
                Reason(
                    "distance",
                    f"closer to home ({here} km → {there} km)",
                    f"离家更近（{here}公里→{there}公里）",
                )
            )
    return out


def _counterfactual(rnd: _Round, move: Move) -> list[Reason]:
    """The rules that the plan with this move undone would break or do worse on."""
    from rotation.plan import Plan as PlanType
    from rotation.validate import measure

    plan = rnd.plan
    s = plan.scenario
    key = (move.person, move.period)
    assignments = dict(plan.assignments)
    roles = dict(plan.roles)
    assignments[key] = move.from_unit
    roles[key] = plan.role_of(move.person, move.period - 1) or s.person[move.person].role
    base = rnd.measured()
    undone = measure(s, PlanType(s, assignments, roles, plan.vacancies, plan.leaves))
    out = []
    for spec in s.rules.active():
        name = spec.name
        if name in ("fewest_moves", "assignment"):
            continue
        if spec.hard:
            if len(undone[name]) > len(base[name]):
                out.append(
                    Reason(
                        name,
                        f"without this move the rule '{spec.title_en}' would be broken",
                        f"不作此交流则违反“{spec.title_zh}”规则",
                    )
                )
            continue
        delta = sum(v.amount for v in undone[name]) - sum(v.amount for v in base[name])
        if delta > 1e-9:
            out.append(
                Reason(
                    name,
                    f"without this move the goal '{spec.title_en}' would be worse (+{delta:g})",
                    f"不作此交流则“{spec.title_zh}”目标变差（+{delta:g}）",
                )
            )
    return out


def explain_move(plan: Plan, move: Move, rnd: _Round | None = None) -> list[Reason]:
    """Why ``move`` is in the plan, most binding reason first (never empty)."""
    s = plan.scenario
    rnd = rnd if rnd is not None and rnd.t == move.period else _Round(plan, move.period)
    person = s.person[move.person]
    src = s.unit[move.from_unit]
    if move.to_unit is None:
        day = retire_date(person, s.rules.retirement)
        return [Reason("retirement", f"retires on {day}", f"于{day}退休")]
    dst = s.unit[move.to_unit]
    reasons: list[Reason] = []
    pin = s.pin_for(move.person, move.period) if s.rules.pins.enabled else None
    if pin == dst.id:
        reasons.append(Reason("pins", "placement decided by the department (pin)", "组织指定安排"))
    due = _mandatory(plan, move.person, move.period)
    if due is not None:
        reasons.append(tenure_reason(due[0], due[1], src))
    reasons += _kin_reasons(rnd, move.person, src)
    reasons += _pair_reasons(rnd, person, src)
    reasons += _leadership_reasons(rnd, person, dst)
    reasons += _need_reasons(rnd, person, dst)
    room = _room_reason(rnd, src)
    if room is not None:
        reasons.append(room)
    reasons += _goal_reasons(rnd, person, src, dst, due is not None)
    if any(
        r.person == person.id and r.period == move.period and r.unit == dst.id for r in s.published
    ):
        # re-planned: the published plan made this decision, and the plan keeps it
        reasons.append(Reason("keep_published", "as in the published plan", "与已公布方案一致"))
    specific = bool(reasons)
    reasons += _wish_reasons(rnd, person, src, dst)
    if specific:
        return reasons
    arrivals = rnd.arrivals[src.id]
    if arrivals:
        names = "、".join(s.person[a].name for a in arrivals[:3])
        names_en = ", ".join(s.person[a].name for a in arrivals[:3])
        reasons.insert(
            0,
            Reason(
                "frees_place",
                f"frees a place in {src.name} for {names_en} moving in",
                f"为{names}调入{src.name}腾出岗位",
            ),
        )
        return reasons
    found = _counterfactual(rnd, move)
    if found or reasons:
        return found + reasons
    if rnd.plan.unit_of(move.person, move.period + 1) == dst.id:
        # undone in this round alone, the move comes a round later (the counterfactual)
        year = rnd.plan.year(move.period)
        return [
            Reason(
                "optional",
                f"no rule requires this move in {year} (a year later would do as well)",
                f"此交流非{year}年所必需（推迟一年方案亦不变差）",
            )
        ]
    return [
        Reason(
            "optional",
            "no rule requires this move (the plan would be no worse without it)",
            "此交流非规则所必需（不作此交流方案亦不变差）",
        )
    ]


_EXPLAINED: WeakKeyDictionary[Plan, tuple[tuple[Move, tuple[Reason, ...]], ...]] = (
    WeakKeyDictionary()
)


def explain_moves(plan: Plan) -> tuple[tuple[Move, tuple[Reason, ...]], ...]:
    """Every move of the plan (retirements included) with its reasons; computed once per
    plan (plans are immutable)."""
    if plan in _EXPLAINED:
        return _EXPLAINED[plan]
    rounds: dict[int, _Round] = {}
    out = []
    for move in plan.iter_moves():
        if move.period not in rounds:
            rounds[move.period] = _Round(plan, move.period)
        out.append((move, tuple(explain_move(plan, move, rounds[move.period]))))
    _EXPLAINED[plan] = tuple(out)
    return _EXPLAINED[plan]


def move_reasons(plan: Plan, move: Move, lang: str = "en") -> list[str]:
    """Why ``move`` is in the plan, in ``lang``, most binding reason first (never empty)."""
    return [r.text(lang) for r in explain_move(plan, move)]


# ---------------------------------------------------------------------------
# stays past a limit


@dataclass(frozen=True)
class Stay:
    """Someone at or past a tenure limit who stays: the limit, and why they stay."""

    person: str
    rule: str
    limit: Reason
    why: tuple[Reason, ...]
    period: int = 1

    def text(self, lang: str = "en") -> str:
        """``11 years in X (limit 10); frozen: …``."""
        sep = "；" if lang == "zh" else "; "
        return sep.join([self.limit.text(lang), *(r.text(lang) for r in self.why)])


def _limit_hit(plan: Plan, person: Person) -> tuple[str, Reason] | None:
    """The most binding tenure limit ``person`` is at or past on the plan date."""
    s = plan.scenario
    rules = s.rules
    unit = s.unit[person.unit]
    due = _mandatory(plan, person.id, 1)
    if due is not None:
        return "mandatory_rotation", tenure_reason(due[0], due[1], unit)
    level = rules.same_level
    if (
        level.enabled
        and person.role in level.roles
        and served_at_least(level_start(person), s.plan_date, level.years)
    ):
        return "same_level", _same_level_reason(plan, person)
    spec = rules.long_tenure
    months = months_between(s.unit_start(person.id), s.plan_date)
    if spec.enabled and person.role in spec.roles and spec.cost(months):
        return "long_tenure", _long_tenure_reason(plan, person, unit)
    return None


def _duty_stay(plan: Plan, person: Person) -> Reason | None:
    """The person-level duty that keeps ``person`` (pin, frozen, retirement, service)."""
    s = plan.scenario
    ob = obligation(s, person.id)
    if ob.duty is Duty.PINNED and ob.unit == person.unit:
        return Reason("pins", "kept by the department (pin)", "组织指定留任")
    if ob.duty is Duty.STAY_FROZEN:
        if person.frozen:
            return Reason("frozen", f"frozen: {person.frozen}", f"暂不交流：{person.frozen}")
        return Reason(
            "frozen",
            f"frozen: in probation until {person.probation_end}",
            f"暂不交流：{is_frozen(person, s.plan_date)}",
        )
    if ob.duty is Duty.STAY_NEAR_RETIREMENT:
        years = years_number(s.rules.near_retirement.years)
        return Reason(
            "near_retirement",
            f"retires on {ob.retires}, within {years} years (not rotated)",
            f"将于{ob.retires}退休，距退休不满{years}年，不再交流",
        )
    if ob.duty is Duty.STAY_SERVICE:
        spec = s.rules.minimum_service
        unit = s.unit[person.unit]
        years = years_number(spec.township_years if unit.kind == "township" else spec.years)
        since = work_start(s, person.id)
        return Reason(
            "minimum_service",
            f"new recruit (since {since}) within the minimum service of {years} years",
            f"新录用人员（{since}参加工作），未满最低服务年限{years}年",
        )
    if ob.duty is Duty.STAY_MINIMUM:
        least = s.rules.minimum_stay.years
        return Reason(
            "minimum_stay",
            f"fewer than {years_text(least)} in the unit (minimum stay)",
            f"任职未满{years_number(least)}年（最短任职年限）",
        )
    return None


def _team_turnover_reason(rnd: _Round, person: Person, src: Unit) -> Reason | None:
    """The unit's team already loses as many as rule 10 allows this round."""
    s = rnd.s
    spec = s.rules.team_turnover
    if not spec.enabled or rnd.t != 1:
        return None
    team = spec.team(s, src.id)
    if person.id not in team:
        return None
    leaving = sum(1 for m in team if rnd.plan.moved(m, 1))
    allowed = spec.allowance(s, src.id)
    if leaving < allowed:
        return None
    share = f"{spec.share:.0%}" if abs(spec.share - 1 / 3) > 1e-9 else "one third"
    share_zh = f"{spec.share:.0%}" if abs(spec.share - 1 / 3) > 1e-9 else "三分之一"
    n = len(team)
    if leaving == allowed == spec.cap(n):
        return Reason(
            "team_turnover",
            f"keeps the team turnover of {src.name} within {share} ({leaving} of {n} leave, "
            f"at most {allowed})",
            f"{src.name}交流人数不超过{share_zh}（{n}人中已交流{leaving}人，最多{allowed}人）",
        )
    if leaving == allowed:  # the cap is raised to the number that must move
        return Reason(
            "team_turnover",
            f"{src.name} already loses as many as rule 10 allows ({leaving} of {n} leave: "
            "those due to move)",
            f"{src.name}本轮已交流{leaving}人（{n}人中），均为须交流人员，不宜再多",
        )
    return Reason(
        "team_turnover",
        f"{src.name} already loses more than rule 10 allows ({leaving} of {n} leave, at most "
        f"{allowed} should)",
        f"{src.name}交流人数已超过规定（{n}人中已交流{leaving}人，应不超过{allowed}人）",
    )


def _head_deputy_reason(rnd: _Round, person: Person, src: Unit) -> Reason | None:
    """The head (or a deputy) of the same unit moves: rule 10 keeps this one."""
    s = rnd.s
    spec = s.rules.head_deputy_apart
    if not spec.enabled or rnd.t != 1:
        return None
    for _unit, deputy, heads in _head_deputy_pairs_of(s).get(person.id, ()):
        if person.id == deputy:
            others, other_role = [h for h in heads if rnd.plan.moved(h, 1)], "head"
        elif person.id in heads:
            others, other_role = ([deputy] if rnd.plan.moved(deputy, 1) else []), "deputy"
        else:
            continue
        if others:
            name = s.person[others[0]].name
            return Reason(
                "head_deputy_apart",
                f"the {other_role} {name} of {src.name} moves this round (head and deputy "
                "are not moved together)",
                f"{src.name}{ROLE_ZH[other_role]}{name}本轮交流，正副职不同时交流",
            )
    return None


def _head_deputy_pairs_of(s: Scenario) -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    """Person → the pairs of rule 10 (``HeadDeputyApart.pairs``) they belong to, as head
    or deputy: an index, so that each stay of a province reads its own pairs only."""

    def index() -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
        out: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        for pair in s.rules.head_deputy_apart.pairs(s):
            for pid in {pair[1], *pair[2]}:
                out.setdefault(pid, []).append(pair)
        return out

    return s.memo(("head_deputy_pairs_of",), index)


def _replacement_reason(rnd: _Round, person: Person, src: Unit) -> Reason | None:
    """A leader whose post nobody else may fill (leadership posts, eligibility, avoidance)."""
    s = rnd.s
    role = rnd.role(person.id, 0)
    if not s.rules.leadership_slots.enabled or role not in ("head", "deputy"):
        return None
    if role == "deputy":
        return None  # a deputy post may stay empty: it never forces a stay
    pairs = [spec for spec in s.rules.active() if isinstance(spec, PairRule) and spec.hard]
    eligibility = s.rules.promotion_eligibility
    for q in _who_may_reach(s, src):
        if q.id == person.id or rnd.plan.unit_of(q.id, 1) is None:
            continue
        duty = obligation(s, q.id).duty
        if q.unit != src.id and (duty.stays or duty is Duty.PINNED):
            continue
        if role not in base_roles(s, q, src):
            continue
        if (
            ORDER.index(role) > ORDER.index(q.role)
            and eligibility.enabled
            and eligibility.hard
            and promotion_blockers(s, q.id, role, eligibility)
        ):
            continue
        if any(spec.breach(s, q, src, role) for spec in pairs):
            continue
        return None
    return Reason(
        "leadership_slots",
        f"no eligible replacement for the {ROLE_EN[role]} post of {src.name}",
        f"{src.name}{ROLE_ZH[role]}职位无符合条件的接替人选",
    )


def _who_may_reach(s: Scenario, unit: Unit) -> Sequence[Person]:
    """The people who may be placed in ``unit`` at all: those of its county when a hard
    rotation scope confines everyone to their county (a province's 15,000 people are
    then 150 candidates), else everyone."""
    scope = s.rules.rotation_scope
    if not (scope.enabled and scope.hard and scope.confines(s)):
        return s.people

    def by_county() -> dict[str, tuple[Person, ...]]:
        out: dict[str, list[Person]] = {}
        for p in s.people:
            out.setdefault(s.unit[p.unit].county, []).append(p)
        return {county: tuple(people) for county, people in out.items()}

    return s.memo(("people_by_county",), by_county).get(unit.county, ())


def _unit_needs_reason(rnd: _Round, person: Person, src: Unit) -> list[Reason]:
    s = rnd.s
    out = []
    if s.rules.headcount.enabled and len(rnd.after[src.id]) <= src.min_staff:
        out.append(
            Reason(
                "headcount",
                f"{src.name} would fall below its minimum of {src.min_staff}",
                f"{src.name}人数将低于最少{src.min_staff}人",
            )
        )
    if s.rules.skill_cover.enabled:
        for skill, need in src.needs:
            if need and skill in person.skills and rnd.holders(src.id, skill) <= need:
                out.append(
                    Reason(
                        "skill_cover",
                        f"needed for the {skill} cover of {src.name}",
                        f"{src.name}{SKILL_ZH.get(skill, skill)}专业配备需要",
                    )
                )
    return out


def explain_stay(plan: Plan, person: str, rnd: _Round | None = None) -> Stay | None:
    """Why ``person``, at or past a tenure limit, stays in period 1 (None if they move,
    retire or are within every limit)."""
    s = plan.scenario
    p = s.person[person]
    if plan.unit_of(person, 1) != p.unit:
        return None
    hit = _limit_hit(plan, p)
    if hit is None:
        return None
    rule, limit = hit
    rnd = rnd if rnd is not None and rnd.t == 1 else _Round(plan, 1)
    duty = _duty_stay(plan, p)
    if duty is not None:
        return Stay(person, rule, limit, (duty,))
    src = s.unit[p.unit]
    why: list[Reason] = []
    for found in (
        _team_turnover_reason(rnd, p, src),
        _head_deputy_reason(rnd, p, src),
        _replacement_reason(rnd, p, src),
    ):
        if found is not None:
            why.append(found)
    why += _unit_needs_reason(rnd, p, src)
    if why:
        return Stay(person, rule, limit, tuple(why))
    ob = obligation(s, person)
    spec = s.rules_by_name[rule]
    if spec.hard:
        why.append(
            Reason(
                rule,
                "due to move, but the plan does not move them",
                "按规则应交流，本方案未作安排",
            )
        )
    else:
        weight = spec.weight or 0.0
        en = f"'{spec.title_en}' is a goal here (weight {weight:g}), not a duty"
        zh = f"“{spec.title_zh}”在此为目标（权重{weight:g}），非硬性要求"
        fewest = s.rules.fewest_moves
        if fewest.enabled and FewestMoves.counts(ob.duty):
            cost = fewest.weight or 0.0
            en += f", and each move costs {cost:g} under '{fewest.title_en}'"
            zh += f"，而每交流一人计{cost:g}（{fewest.title_zh}）"
        why.append(Reason(rule, en, zh))
    return Stay(person, rule, limit, tuple(why))


def explain_stays(plan: Plan) -> list[Stay]:
    """Everyone at or past a tenure limit (mandatory, rule 2, rule 7) who stays in round
    1, then, round by round, everyone past the mandatory limit who stays in a later
    round (:func:`explain_later_stay`)."""
    rnd = _Round(plan, 1)
    found = [explain_stay(plan, p.id, rnd) for p in plan.scenario.people]
    for t in range(2, plan.scenario.horizon + 1):
        found += [explain_later_stay(plan, p.id, t) for p in plan.scenario.people]
    return [stay for stay in found if stay is not None]


LATER_DUTIES = {
    Duty.STAY_FROZEN: ("frozen", "暂不交流"),
    Duty.STAY_NEAR_RETIREMENT: ("near retirement (not rotated)", "临近退休，不再交流"),
    Duty.STAY_SERVICE: ("within the minimum service of new recruits", "未满新录用人员最低服务年限"),
    Duty.PINNED: ("kept by the department (pin)", "组织指定留任"),
}
"""Why the dates of a later round keep someone (:func:`rotation.facts.duty_in_round`)."""


def explain_later_stay(plan: Plan, person: str, period: int) -> Stay | None:
    """Why ``person``, past the mandatory limit in round ``period`` (≥ 2: the time since
    they arrived in their unit has reached the limit of that unit and role), stays in it
    that round: the duty the round's dates give (frozen, near retirement, minimum
    service, a pin); else the rule is a goal here, or (hard) the plan breaks it. None if
    they move, are not in the plan, the rule is off, or they are within the limit."""
    s = plan.scenario
    spec = s.rules.mandatory_rotation
    unit_id = plan.unit_of(person, period - 1)
    if not spec.enabled or unit_id is None or plan.unit_of(person, period) != unit_id:
        return None
    unit = s.unit[unit_id]
    role = plan.role_of(person, period - 1) or s.person[person].role
    limit = spec.limit(unit.kind, role, unit.key)
    since = plan.arrival(person, period)
    if since is None or not served_at_least(since, round_date(s, period), limit):
        return None
    months = tenure_months(plan, person, period)
    when_en = f"round {period} ({round_date(s, period).year})"
    when_zh = f"第{period}轮（{round_date(s, period).year}年）"
    hit = tenure_reason(months, limit, unit)
    hit = Reason(hit.kind, f"{when_en}: {hit.en}", f"{when_zh}：{hit.zh}")
    duty = duty_in_round(s, person, period)
    if duty in LATER_DUTIES:
        en, zh = LATER_DUTIES[duty]
        p = s.person[person]
        if duty is Duty.STAY_FROZEN:
            stated = is_frozen(p, round_date(s, period))
            en, zh = f"{en}: {stated}", f"{zh}：{stated}"
        elif duty is Duty.STAY_NEAR_RETIREMENT:
            day = retire_date(p, s.rules.retirement)
            en, zh = f"retires on {day}, {en}", f"将于{day}退休，{zh}"
        return Stay(person, "mandatory_rotation", hit, (Reason(duty.value, en, zh),), period)
    if not served_at_least(since, round_date(s, period), due_years(s, unit, role)):
        least = s.rules.minimum_stay.years  # a minimum stay longer than the limit
        why = Reason(
            "minimum_stay",
            f"fewer than {years_text(least)} in the unit (minimum stay)",
            f"任职未满{years_number(least)}年（最短任职年限）",
        )
    elif spec.hard:
        why = Reason(
            "mandatory_rotation",
            "due to move, but the plan does not move them",
            "按规则应交流，本方案未作安排",
        )
    else:
        weight = spec.weight or 0.0
        why = Reason(
            "mandatory_rotation",
            f"'{spec.title_en}' is a goal here (weight {weight:g}), not a duty",
            f"“{spec.title_zh}”在此为目标（权重{weight:g}），非硬性要求",
        )
    return Stay(person, "mandatory_rotation", hit, (why,), period)


def stay_reason(plan: Plan, person: str, lang: str = "en") -> str | None:
    """Why someone at or past a tenure limit stays, or None if that is not the case."""
    stay = explain_stay(plan, person)
    return None if stay is None else stay.text(lang)
