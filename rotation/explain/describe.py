"""Rule instances in words: what each member of a conflict demands, with the data behind it.

A member's key is the one its encoder gave the switch (:meth:`ModelContext.switch`):

============================  ==========================================================
rule                          key
============================  ==========================================================
headcount                     (unit, period, "min" | "max")
skill_cover                   (unit, skill, period)
frozen, near_retirement,      (person,) — the duty that keeps them (or, for mandatory
minimum_service,              rotation and the hard same_level / long_tenure, sends them
minimum_stay,                 away); term_stability (person,) keeps a leader
mandatory_rotation, …
pins                          (person, period)
education, full_term,         (person, unit, role, period): one forbidden placement
promotion_eligibility,
level_limit,
regional_avoidance,
business_interest
kin_avoidance                 (a, b, period, unit) same unit; (a, b, period, area, boss)
                              supervision; (a, b, period, "organ", boss) office leader
kin_lower_moves               (higher, lower)
leadership_slots              (unit, period, "head" | "heads" | "deputy")
head_deputy_apart             (unit, head, deputy)
team_turnover                 (unit,)
women_in_team                 (unit, period)
age_gradient                  (area, period, "young" | "old")
rank_quota                    (quota, county, period)
grassroots                    (person,)
rotation_volume               ()
============================  ==========================================================

A unit's demand (a minimum headcount, a skill need) is told together with what the
other members do to the people who could meet it ("only 3 of the 4 law holders may work
there: 王某 is not to be moved …"), and the conflict gets a one-sentence summary: the
Hall-type count when the members add up to more demand than the people who may meet
it, else "these rules cannot all hold together".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rotation.dates import served_at_least
from rotation.facts import (
    ROLE_ZH,
    SKILL_ZH,
    Duty,
    age_on,
    base_roles,
    is_frozen,
    level_start,
    retire_date,
    round_date,
    work_start,
)
from rotation.models.variables import promotion_never_pays
from rotation.rules import PairRule
from rotation.scenario import Scenario
from rotation.validate.common import Names, tenure_text, years_number, years_text

RELATION_ZH = {
    "spouse": "夫妻",
    "blood": "直系血亲",
    "collateral": "三代以内旁系血亲",
    "in-law": "近姻亲",
    "other": "其他亲属",
}
KIND_ZH = {
    "office": "内设机构",
    "area": "派驻纪检监察室",
    "township": "乡镇（街道）",
    "department": "部门",
}
LISTED = 6
"""How many people a sentence names before "and k more"."""

STAYING = ("frozen", "near_retirement", "minimum_service", "minimum_stay", "term_stability")
"""Rules whose instance ``(person,)`` keeps the person in their unit."""

LEAVING = ("mandatory_rotation", "same_level", "long_tenure")
"""Rules whose instance ``(person,)`` sends the person out of their unit."""

Key = tuple[object, ...]


@dataclass(frozen=True)
class Described:
    """Each member's sentence (English, Chinese) in order, and the conflict's summary."""

    lines: tuple[tuple[str, str], ...]
    summary_en: str
    summary_zh: str


@dataclass(frozen=True)
class Bound:
    """What one member does to one person: the units it leaves them (``allowed``, None:
    any) or takes away (``forbidden``), in a short phrase."""

    person: str
    allowed: frozenset[str] | None
    forbidden: frozenset[str]
    en: str
    zh: str

    def keeps_out(self, unit: str) -> bool:
        """Whether this bound alone keeps the person out of ``unit``."""
        if self.allowed is not None and unit not in self.allowed:
            return True
        return unit in self.forbidden


def _relation(scenario: Scenario, a: str, b: str) -> str:
    for rel in scenario.relations:
        if {rel.a, rel.b} == {a, b}:
            return rel.kind
    return "other"


def _skill(skill: str, lang: str) -> str:
    return SKILL_ZH.get(skill, skill) if lang == "zh" else skill


def _names(n: Names, people: Sequence[str], lang: str) -> str:
    shown = [n.p(p) for p in people[:LISTED]]
    more = len(people) - len(shown)
    if lang == "zh":
        return "、".join(shown) + (f"等{len(people)}人" if more else "")
    return ", ".join(shown) + (f" and {more} more" if more else "")


class Describer:
    """Sentences for the members of one conflict (they refer to one another)."""

    def __init__(self, scenario: Scenario, keys: Sequence[tuple[str, Key]]) -> None:
        self.s = scenario
        self.n = Names(scenario)
        self.keys = list(keys)
        self.bounds: dict[str, list[Bound]] = defaultdict(list)
        for rule, key in self.keys:
            for bound in self._direct(rule, key):
                self.bounds[bound.person].append(bound)
        self._pair_bounds()
        self._kin_bounds()
        # what the unit-level members demand: per resource (None: people; else a skill)
        self._demand: dict[str | None, dict[str, int]] = defaultdict(dict)
        for rule, key in self.keys:
            if rule == "headcount" and key[2] == "min":
                self._demand[None][str(key[0])] = scenario.unit[str(key[0])].min_staff
            elif rule == "skill_cover":
                uid, skill = str(key[0]), str(key[1])
                self._demand[skill][uid] = scenario.unit[uid].needs_map.get(skill, 0)
        self._demand_members = {r: len(units) for r, units in self._demand.items()}

    # -- what the members do to people -------------------------------------------------

    def _direct(self, rule: str, key: Key) -> list[Bound]:
        """The bound a person-level member puts on its person (before pairs and kin), with
        a short phrase for the sentences of the units it bears on."""
        s, n = self.s, self.n
        if rule not in ("pins", "grassroots", *STAYING, *LEAVING):
            return []
        pid = str(key[0])
        p = s.person[pid]
        here = n.u(p.unit)
        if rule == "grassroots":
            spec = s.rules.grassroots
            away = frozenset(u.id for u in s.units if u.id != p.unit and spec.costs(p, u))
            return [
                Bound(
                    pid,
                    None,
                    away,
                    f"{n.p(pid)} may move only to the grassroots (young, no grassroots experience)",
                    f"{n.p(pid)} 缺少基层经历，如交流只能到基层",
                )
            ]
        if rule == "pins":
            target = s.pin_for(pid, int(str(key[1])))
            if target is None:
                return []
            return [
                Bound(
                    pid,
                    frozenset({target}),
                    frozenset(),
                    f"{n.p(pid)} is pinned to {n.u(target)}",
                    f"{n.p(pid)} 已由组织指定到{n.u(target)}",
                )
            ]
        if rule in LEAVING:
            ob = s.duties[pid]
            if rule == "mandatory_rotation":
                served, limit = tenure_text(ob.months), years_text(ob.limit_years)
                en = f"{n.p(pid)} must leave {here} ({served}, limit {limit})"
                zh = f"{n.p(pid)} 须交流离开{here}（任职{tenure_text(ob.months, 'zh')}）"
            else:
                en, zh = f"{n.p(pid)} must leave {here}", f"{n.p(pid)} 须交流离开{here}"
            return [Bound(pid, None, frozenset({p.unit}), en, zh)]
        why_en, why_zh = {
            "frozen": (
                f"not to be moved ({p.frozen or f'in probation until {p.probation_end}'})",
                f"暂不交流（{is_frozen(p, s.plan_date)}）",
            ),
            "near_retirement": (
                f"retiring on {s.duties[pid].retires}",
                f"将于{s.duties[pid].retires}退休",
            ),
            "minimum_service": (
                "a new recruit within the minimum service",
                "为新录用人员，未满最低服务年限",
            ),
            "minimum_stay": ("under the minimum stay", "未满最短任职年限"),
            "term_stability": ("within a full term", "任期未满"),
        }[rule]
        return [
            Bound(
                pid,
                frozenset({p.unit}),
                frozenset(),
                f"{n.p(pid)}, {why_en}, stays in {here}",
                f"{n.p(pid)} {why_zh}，须留在{here}",
            )
        ]

    def _pair_bounds(self) -> None:
        """A pair rule keeps a person out of a unit when the members forbid every role
        the person could hold there."""
        forbidden: dict[tuple[str, str], set[str]] = defaultdict(set)
        for rule, key in self.keys:
            if isinstance(self.s.rules_by_name[rule], PairRule):
                forbidden[(str(key[0]), str(key[1]))].add(str(key[2]))
        for (pid, uid), roles in forbidden.items():
            if set(self._roles(pid, uid)) <= roles:
                rules = sorted(
                    {
                        r
                        for r, k in self.keys
                        if k[:2] == (pid, uid) and isinstance(self.s.rules_by_name[r], PairRule)
                    }
                )
                titles_en = ", ".join(self.s.rules_by_name[r].title_en for r in rules)
                titles_zh = "、".join(self.s.rules_by_name[r].title_zh for r in rules)
                self.bounds[pid].append(
                    Bound(
                        pid,
                        None,
                        frozenset({uid}),
                        f"{self.n.p(pid)} may not work there ({titles_en})",
                        f"{self.n.p(pid)} 不得在该单位任职（{titles_zh}）",
                    )
                )

    def _roles(self, pid: str, uid: str) -> tuple[str, ...]:
        """The roles the model lets ``pid`` hold in ``uid``: the structural ones, less a
        member's promotion to deputy where the model leaves it out because it never pays
        (:func:`rotation.models.variables.promotion_never_pays`: kept only where a pair
        rule forbids the member role there but not the deputy one)."""
        s = self.s
        p, u = s.person[pid], s.unit[uid]
        roles = base_roles(s, p, u)
        if p.role != "member" or "deputy" not in roles or not promotion_never_pays(s):
            return roles
        pairs = [spec for spec in s.rules.active() if isinstance(spec, PairRule)]
        if any(
            spec.breach(s, p, u, "member") is not None and spec.breach(s, p, u, "deputy") is None
            for spec in pairs
        ):
            return roles
        return tuple(r for r in roles if r != "deputy")

    def _fixed_in(self, pid: str) -> str | None:
        """The one unit the other members leave ``pid``, if they leave only one."""
        allowed = [b.allowed for b in self.bounds.get(pid, []) if b.allowed is not None]
        if not allowed:
            return None
        common = frozenset.intersection(*allowed)
        return next(iter(common)) if len(common) == 1 else None

    def _kin_bounds(self) -> None:
        """A relative fixed in a unit keeps the other out of it (and of the units the
        relationship forbids beside it)."""
        s, n = self.s, self.n
        found: list[Bound] = []
        for rule, key in self.keys:
            if rule != "kin_avoidance":
                continue
            a, b = str(key[0]), str(key[1])
            if len(key) == 4:  # the same unit
                uid = str(key[3])
                for one, other in ((a, b), (b, a)):
                    if self._fixed_in(other) == uid:
                        kind = _relation(s, a, b)
                        found.append(
                            Bound(
                                one,
                                None,
                                frozenset({uid}),
                                f"{n.p(one)} is a relative ({kind}) of {n.p(other)}, who stays "
                                f"in {n.u(uid)}",
                                f"{n.p(one)} 是{n.p(other)}的亲属"
                                f"（{RELATION_ZH.get(kind, kind)}），后者须在{n.u(uid)}",
                            )
                        )
            elif key[3] != "organ":  # supervision: boss in the area office
                area, boss = str(key[3]), str(key[4])
                other = b if boss == a else a
                below = frozenset(u.id for u in s.units if u.area == area)
                where = self._fixed_in(other)
                if where in below:
                    found.append(
                        Bound(
                            boss,
                            None,
                            frozenset({area}),
                            f"{n.p(boss)} is a relative of {n.p(other)}, who stays in "
                            f"{n.u(where)} under {n.u(area)}",
                            f"{n.p(boss)} 是{n.p(other)}的亲属，后者须在{n.u(area)}监督的"
                            f"{n.u(where)}",
                        )
                    )
                if self._fixed_in(boss) == area:
                    found.append(
                        Bound(
                            other,
                            None,
                            below,
                            f"{n.p(other)} is a relative of {n.p(boss)}, who stays in {n.u(area)}",
                            f"{n.p(other)} 是{n.p(boss)}的亲属，后者须在{n.u(area)}",
                        )
                    )
        for bound in found:
            self.bounds[bound.person].append(bound)

    def kept_out(self, unit: str, people: Sequence[str]) -> list[tuple[str, Bound]]:
        """Those of ``people`` whom the members keep out of ``unit``, with the reason."""
        out = []
        for pid in people:
            bound = next((b for b in self.bounds.get(pid, []) if b.keeps_out(unit)), None)
            if bound is not None:
                out.append((pid, bound))
        return out

    def may_work_in(self, pid: str, units: frozenset[str]) -> bool:
        """Whether the members leave ``pid`` at least one of ``units``."""
        return any(not any(b.keeps_out(u) for b in self.bounds.get(pid, [])) for u in sorted(units))

    # -- the people in the plan ------------------------------------------------------

    def present(self) -> list[str]:
        """People in the plan (not retired by the plan date), in the scenario's order."""
        return [p.id for p in self.s.people if self.s.duties[p.id].duty is not Duty.RETIRED]

    def retired(self) -> list[str]:
        return [p.id for p in self.s.people if self.s.duties[p.id].duty is Duty.RETIRED]

    def _retired_text(self, people: list[str]) -> tuple[str, str]:
        if not people:
            return "", ""
        s, n = self.s, self.n
        en = "; ".join(
            f"{n.p(p)} on {retire_date(s.person[p], s.rules.retirement)}" for p in people[:LISTED]
        )
        zh = "、".join(
            f"{n.p(p)}（{retire_date(s.person[p], s.rules.retirement)}）" for p in people[:LISTED]
        )
        more = len(people) - min(len(people), LISTED)
        en += f" and {more} more" if more else ""
        zh += f"等{len(people)}人" if more else ""
        return en, zh

    def _kept_text(self, kept: list[tuple[str, Bound]]) -> tuple[str, str]:
        shown = kept[:LISTED]
        en = "; ".join(b.en for _, b in shown)
        zh = "；".join(b.zh for _, b in shown)
        more = len(kept) - len(shown)
        en += f"; and {more} more" if more else ""
        zh += f"；另有{more}人" if more else ""
        return en, zh

    # -- each member -------------------------------------------------------------------

    def sentence(self, rule: str, key: Key) -> tuple[str, str]:
        """What the member demands, with its data (English, Chinese)."""
        method = getattr(self, f"_{rule}", None)
        spec = self.s.rules_by_name[rule]
        if isinstance(spec, PairRule):
            return self._pair(rule, key)
        if method is None:
            return (
                f"{spec.title_en} ({', '.join(map(str, key))})",
                f"{spec.title_zh}（{'，'.join(map(str, key))}）",
            )
        found: tuple[str, str] = method(key)
        return found

    def _shared(self, resource: str | None) -> bool:
        """Whether several members demand the same resource (people, or holders of a
        skill): then the data behind them is told once, in the summary."""
        return self._demand_members.get(resource, 0) > 1

    def _headcount(self, key: Key) -> tuple[str, str]:
        s, n = self.s, self.n
        uid, side = str(key[0]), key[2]
        u = s.unit[uid]
        band = f"{u.min_staff}–{u.max_staff}"
        if side == "max":
            fixed = [p for p in self.present() if self._fixed_in(p) == uid]
            en = f"{n.u(uid)} may have at most {u.max_staff} people (band {band})"
            zh = f"{n.u(uid)} 最多{u.max_staff}人（编制{band}人）"
            if fixed:
                ken, kzh = self._kept_text([(p, self._bound_in(p, uid)) for p in fixed])
                en += f"; {len(fixed)} must be there: {ken}"
                zh += f"；须在该单位的有{len(fixed)}人：{kzh}"
            return en, zh
        today = [p.id for p in s.people if p.unit == uid]
        gone = [p for p in today if p in self.retired()]
        en = (
            f"{n.u(uid)} needs at least {u.min_staff} people (band {band}); "
            f"{len(today)} work there today"
        )
        zh = f"{n.u(uid)} 最少需要{u.min_staff}人（编制{band}人），现有{len(today)}人"
        if gone:
            ren, rzh = self._retired_text(gone)
            verb = "retires" if len(gone) == 1 else "retire"
            en += f", {len(gone)} of whom {verb} by the plan date ({ren})"
            zh += f"，其中{len(gone)}人到龄退休（{rzh}）"
        if self._shared(None):
            return en, zh
        kept = self.kept_out(uid, self.present())
        if kept:
            able = len(self.present()) - len(kept)
            ken, kzh = self._kept_text(kept)
            en += (
                f"; of the {len(self.present())} people in the plan only {able} may work "
                f"there: {ken}"
            )
            zh += f"；在岗{len(self.present())}人中可安排到该单位的仅{able}人：{kzh}"
        return en, zh

    def _bound_in(self, pid: str, uid: str) -> Bound:
        return next(
            b
            for b in self.bounds[pid]
            if b.allowed is not None and uid in b.allowed and len(b.allowed) == 1
        )

    def _holders_text(self, skill: str) -> tuple[str, str]:
        """``the plan has 25 law holders (…), after 1 retires (…)``."""
        s, n = self.s, self.n
        holders = [p for p in self.present() if skill in s.person[p].skills]
        gone = [p for p in self.retired() if skill in s.person[p].skills]
        plural = "s" if len(holders) != 1 else ""
        en = f"the plan has {len(holders)} {skill} holder{plural}"
        zh = f"全区在岗的{_skill(skill, 'zh')}专业人员共{len(holders)}名"
        if holders:
            en += f" ({_names(n, holders, 'en')})"
            zh += f"（{_names(n, holders, 'zh')}）"
        if gone:
            ren, rzh = self._retired_text(gone)
            en += f", after {len(gone)} retire{'s' if len(gone) == 1 else ''} ({ren})"
            zh += f"，另有{len(gone)}名到龄退休（{rzh}）"
        return en, zh

    def _skill_cover(self, key: Key) -> tuple[str, str]:
        s, n = self.s, self.n
        uid, skill = str(key[0]), str(key[1])
        need = s.unit[uid].needs_map.get(skill, 0)
        here = [
            p for p in self.present() if s.person[p].unit == uid and skill in s.person[p].skills
        ]
        en = f"{n.u(uid)} needs {need} {'person' if need == 1 else 'people'} with {skill}"
        zh = f"{n.u(uid)} 需要{need}名{_skill(skill, 'zh')}专业人员"
        if self._shared(skill):
            en += f" ({len(here)} there today)"
            zh += f"（现有{len(here)}名）"
            return en, zh
        hen, hzh = self._holders_text(skill)
        en += f"; {hen}"
        zh += f"；{hzh}"
        holders = [p for p in self.present() if skill in s.person[p].skills]
        kept = self.kept_out(uid, holders)
        if kept:
            able = len(holders) - len(kept)
            ken, kzh = self._kept_text(kept)
            if able:
                en += f"; only {able} of them may work there: {ken}"
                zh += f"；其中可安排到该单位的仅{able}名：{kzh}"
            else:
                en += f"; none of them may work there: {ken}"
                zh += f"；其中无人可安排到该单位：{kzh}"
        return en, zh

    def _stays(self, pid: str) -> tuple[str, str]:
        unit = self.n.u(self.s.person[pid].unit)
        return f"stays in {unit}", f"须留在{unit}"

    def _frozen(self, key: Key) -> tuple[str, str]:
        pid = str(key[0])
        p = self.s.person[pid]
        why = is_frozen(p, self.s.plan_date)
        why_en = why if p.frozen else f"in probation until {p.probation_end}"
        stay_en, stay_zh = self._stays(pid)
        return (
            f"{self.n.p(pid)} is not to be moved ({why_en}) and {stay_en}",
            f"{self.n.p(pid)} 暂不交流（{why}），{stay_zh}",
        )

    def _near_retirement(self, key: Key) -> tuple[str, str]:
        pid = str(key[0])
        ob = self.s.duties[pid]
        years = self.s.rules.near_retirement.years
        stay_en, stay_zh = self._stays(pid)
        return (
            f"{self.n.p(pid)} retires on {ob.retires}, within {years_text(years)}, is not "
            f"rotated and {stay_en}",
            f"{self.n.p(pid)} 将于{ob.retires}退休（不满{years_number(years)}年），"
            f"不再交流，{stay_zh}",
        )

    def _minimum_service(self, key: Key) -> tuple[str, str]:
        pid = str(key[0])
        s = self.s
        spec = s.rules.minimum_service
        unit = s.unit[s.person[pid].unit]
        years = spec.township_years if unit.kind == "township" else spec.years
        since = work_start(s, pid)
        stay_en, stay_zh = self._stays(pid)
        return (
            f"{self.n.p(pid)} is a new recruit (working since {since}) within the minimum "
            f"service of {years_text(years)} and {stay_en}",
            f"{self.n.p(pid)} 为新录用人员（{since}参加工作），未满最低服务年限"
            f"{years_number(years)}年，{stay_zh}",
        )

    def _minimum_stay(self, key: Key) -> tuple[str, str]:
        pid = str(key[0])
        s = self.s
        months = s.duties[pid].months
        years = s.rules.minimum_stay.years
        unit = self.n.u(s.person[pid].unit)
        return (
            f"{self.n.p(pid)} has been {tenure_text(months)} in {unit}, under the minimum stay "
            f"of {years_text(years)}, and stays there",
            f"{self.n.p(pid)} 在{unit}任职{tenure_text(months, 'zh')}，未满最短任职年限"
            f"{years_number(years)}年，须留任",
        )

    def _cooling_off(self, key: Key) -> tuple[str, str]:
        pid, t = str(key[0]), int(str(key[1]))
        spec = self.s.rules.cooling_off
        years = years_text(spec.years)
        left = spec.left_before(self.s, pid)
        recent = sorted(
            (
                u
                for u, ended in left.items()
                if not served_at_least(ended, round_date(self.s, t), spec.years)
            ),
            key=lambda u: left[u],
        )
        units = "、".join(self.n.u(u) for u in recent) or "-"
        return (
            f"{self.n.p(pid)} may not return in round {t} to a unit left less than {years} "
            f"before (left: {units})",
            f"{self.n.p(pid)} 第{t}轮不得回到离开未满{years_number(spec.years)}年的单位"
            f"（曾任：{units}）",
        )

    def _mandatory_rotation(self, key: Key) -> tuple[str, str]:
        pid = str(key[0])
        ob = self.s.duties[pid]
        unit = self.n.u(self.s.person[pid].unit)
        return (
            f"{self.n.p(pid)} has been {tenure_text(ob.months)} in {unit} (limit "
            f"{years_text(ob.limit_years)}) and must leave it",
            f"{self.n.p(pid)} 在{unit}任职{tenure_text(ob.months, 'zh')}（满"
            f"{years_number(ob.limit_years)}年须交流），必须交流离开",
        )

    def _pins(self, key: Key) -> tuple[str, str]:
        pid, t = str(key[0]), int(str(key[1]))
        target = self.n.u(self.s.pin_for(pid, t))
        return (
            f"{self.n.p(pid)} is placed in {target} by the department (pin)",
            f"组织指定{self.n.p(pid)} 安排到{target}",
        )

    def _same_level(self, key: Key) -> tuple[str, str]:
        pid = str(key[0])
        p = self.s.person[pid]
        years = self.s.rules.same_level.years
        return (
            f"{self.n.p(pid)} ({p.role}) has held the same level since {level_start(p)}, "
            f"{years_text(years)} or more, and must move",
            f"{self.n.p(pid)}（{ROLE_ZH[p.role]}）自{level_start(p)}起在同一层次任职满"
            f"{years_number(years)}年，须交流",
        )

    def _term_stability(self, key: Key) -> tuple[str, str]:
        pid = str(key[0])
        months = self.s.duties[pid].months
        years = self.s.rules.term_stability.term_years
        unit = self.n.u(self.s.person[pid].unit)
        return (
            f"{self.n.p(pid)} has led {unit} for {tenure_text(months)}, less than a full term "
            f"of {years_text(years)}, and stays",
            f"{self.n.p(pid)} 在{unit}任职{tenure_text(months, 'zh')}，未满{years_number(years)}年"
            "任期，须保持稳定",
        )

    def _long_tenure(self, key: Key) -> tuple[str, str]:
        pid = str(key[0])
        months = self.s.duties[pid].months
        unit = self.n.u(self.s.person[pid].unit)
        return (
            f"{self.n.p(pid)} has been {tenure_text(months)} in {unit} as staff and must move "
            "(long tenure, hard here)",
            f"{self.n.p(pid)} 在{unit}任职{tenure_text(months, 'zh')}，一般干部任职较长，须交流",
        )

    def _grassroots(self, key: Key) -> tuple[str, str]:
        pid = str(key[0])
        spec = self.s.rules.grassroots
        age = age_on(self.s.person[pid], self.s.plan_date)
        kinds_en = " or ".join(spec.kinds)
        kinds_zh = "或".join(KIND_ZH.get(k, k) for k in spec.kinds)
        return (
            f"{self.n.p(pid)}, {age}, has no grassroots experience and may move only to a "
            f"{kinds_en} unit",
            f"{self.n.p(pid)}（{age}岁）缺少基层工作经历，如交流只能到{kinds_zh}单位",
        )

    def _training(self, key: Key) -> tuple[str, str]:
        """An instance of rule ``training``: its key ends in what it demands."""
        from rotation.recruitment import KIND_ZH as AWAY_ZH

        s, n, tag = self.s, self.n, key[-1]
        first, second = str(key[0]), int(str(key[1]))
        if tag == "quota":
            quota = s.rules.training.quota
            return (
                f"{n.u(first)} sends {quota} of its people to training in round {second} "
                "(yearly quota)",
                f"{n.u(first)}第{second}轮须派{quota}人参加培训（年度培训名额）",
            )
        if tag == "cycle":
            last = second + min(s.rules.training.cycle, s.horizon) - 1
            return (
                f"{n.p(first)} goes to training at most once in rounds {second} to {last}",
                f"{n.p(first)}第{second}至{last}轮至多参加一次培训",
            )
        if tag == "once":
            return (
                f"{n.p(first)} is away for one thing at a time in round {second}",
                f"{n.p(first)}第{second}轮只能参加一项培训或挂职",
            )
        a = s.absences[second]
        what_en, what_zh = f"{a.kind} of {n.p(first)}", f"{n.p(first)}的{AWAY_ZH[a.kind]}"
        if tag == "keep":
            start, t = int(str(key[2])), int(str(key[3]))
            return (
                f"during the {what_en} from round {start} they keep their unit in round {t}",
                f"{what_zh}自第{start}轮开始，外出期间第{t}轮不调整单位",
            )
        last = a.latest or s.horizon
        return (
            f"the {what_en} ({a.length} round(s)) is scheduled, starting in round "
            f"{a.earliest} to {last}",
            f"{what_zh}（{a.length}轮）须在第{a.earliest}至{last}轮开始",
        )

    def _pair(self, rule: str, key: Key) -> tuple[str, str]:
        s = self.s
        spec = s.rules_by_name[rule]
        assert isinstance(spec, PairRule)
        pid, uid, role = str(key[0]), str(key[1]), str(key[2])
        found = spec.breach(s, s.person[pid], s.unit[uid], role)
        if found is None:  # cannot happen: the encoder posts only breaches
            return (
                f"{self.n.p(pid)} may not be {role} of {self.n.u(uid)} ({spec.title_en})",
                f"{self.n.p(pid)} 不得担任{self.n.u(uid)}{ROLE_ZH[role]}（{spec.title_zh}）",
            )
        return found

    def _kin_avoidance(self, key: Key) -> tuple[str, str]:
        s, n = self.s, self.n
        a, b = str(key[0]), str(key[1])
        kind = _relation(s, a, b)
        kind_zh = RELATION_ZH.get(kind, kind)
        if len(key) == 4:
            uid = n.u(str(key[3]))
            return (
                f"{n.p(a)} and {n.p(b)} are relatives ({kind}) and may not both work in {uid}",
                f"{n.p(a)} 与{n.p(b)} 系亲属（{kind_zh}），不得同在{uid}任职",
            )
        boss = str(key[4])
        other = b if boss == a else a
        if key[3] == "organ":
            return (
                f"{n.p(boss)} may not lead an internal office while their relative "
                f"{n.p(other)} ({kind}) works in one",
                f"{n.p(boss)} 与{n.p(other)} 系亲属（{kind_zh}），后者在委机关内设机构任职时，"
                "前者不得担任内设机构负责人或副职",
            )
        area = str(key[3])
        below = [u.id for u in s.units if u.area == area]
        units_en = ", ".join(n.u(u) for u in below[:LISTED])
        units_zh = "、".join(n.u(u) for u in below[:LISTED])
        return (
            f"{n.p(boss)} may not work in {n.u(area)} while their relative {n.p(other)} "
            f"({kind}) works in a unit it supervises ({units_en})",
            f"{n.p(boss)} 与{n.p(other)} 系亲属（{kind_zh}），后者在{n.u(area)}联系监督的单位"
            f"（{units_zh}）任职时，前者不得在{n.u(area)}任职",
        )

    def _kin_lower_moves(self, key: Key) -> tuple[str, str]:
        s, n = self.s, self.n
        high, low = str(key[0]), str(key[1])
        rh, rl = s.person[high].rank, s.person[low].rank
        return (
            f"{n.p(low)} ({rl}) ranks below their relative {n.p(high)} ({rh}): if "
            f"{n.p(high)} moves, {n.p(low)} moves too",
            f"{n.p(low)}（{rl}）与亲属{n.p(high)}（{rh}）回避时由职务较低一方交流："
            f"{n.p(high)}交流则{n.p(low)}也须交流",
        )

    def _leadership_slots(self, key: Key) -> tuple[str, str]:
        s, n = self.s, self.n
        uid, side = str(key[0]), key[2]
        u = s.unit[uid]
        if side == "head":
            need = s.rules.leadership_slots.heads_needed(s, u)
            heads = [p.id for p in s.people if p.unit == uid and p.role == "head"]
            en = f"{n.u(uid)} must have {need} head{'s' if need != 1 else ''}"
            zh = f"{n.u(uid)} 须配备负责人{need}名"
            if heads:
                en += f" (held today by {_names(n, heads, 'en')})"
                zh += f"（现任：{_names(n, heads, 'zh')}）"
            return en, zh
        if side == "heads":
            return (
                f"{n.u(uid)} has {u.heads} head post{'s' if u.heads != 1 else ''} and no more",
                f"{n.u(uid)} 负责人职数为{u.heads}名，不得超配",
            )
        return (
            f"{n.u(uid)} has {u.deputies} deputy post{'s' if u.deputies != 1 else ''} and no more",
            f"{n.u(uid)} 副职职数为{u.deputies}名，不得超配",
        )

    def _head_deputy_apart(self, key: Key) -> tuple[str, str]:
        n = self.n
        uid, head, deputy = str(key[0]), str(key[1]), str(key[2])
        return (
            f"the head {n.p(head)} and the deputy {n.p(deputy)} of {n.u(uid)} may not both "
            "move this round",
            f"{n.u(uid)} 负责人{n.p(head)}与副职{n.p(deputy)}不得同时交流",
        )

    def _team_turnover(self, key: Key) -> tuple[str, str]:
        s, n = self.s, self.n
        uid = str(key[0])
        spec = s.rules.team_turnover
        team = spec.team(s, uid)
        most = spec.allowance(s, uid)
        return (
            f"at most {most} of the {len(team)} people of {n.u(uid)} may leave this round",
            f"{n.u(uid)} 本轮交流不得超过{most}人（共{len(team)}人）",
        )

    def _women_in_team(self, key: Key) -> tuple[str, str]:
        s, n = self.s, self.n
        uid = str(key[0])
        k = s.rules.women_in_team.min_women
        women = [
            p.id for p in s.people if p.gender == "F" and s.duties[p.id].duty is not Duty.RETIRED
        ]
        return (
            f"{n.u(uid)} needs at least {k} {'woman' if k == 1 else 'women'} in its team "
            f"({len(women)} women in the plan)",
            f"{n.u(uid)} 班子至少需要{k}名女干部（全区在岗女干部{len(women)}名）",
        )

    def _age_gradient(self, key: Key) -> tuple[str, str]:
        s, n = self.s, self.n
        area, side = str(key[0]), key[2]
        spec = s.rules.age_gradient
        if side == "young":
            return (
                f"at least {spec.young_share:.0%} of the people of {n.u(area)} and the units it "
                f"supervises are under {spec.young_age}",
                f"{n.u(area)} 及其联系单位中{spec.young_age}岁以下干部不少于{spec.young_share:.0%}",
            )
        return (
            f"at most {spec.old_share:.0%} of the people of {n.u(area)} and the units it "
            f"supervises are over {spec.old_age}",
            f"{n.u(area)} 及其联系单位中{spec.old_age}岁以上干部不超过{spec.old_share:.0%}",
        )

    def _rank_quota(self, key: Key) -> tuple[str, str]:
        s = self.s
        spec = s.rules.rank_quota
        quota, county = str(key[0]), str(key[1])
        cap = next((q.cap for q in spec.limits(s) if (q.quota, q.county) == (quota, county)), 0)
        scope = ", ".join(spec.scope)
        scope_zh = "、".join(KIND_ZH.get(k, k) for k in spec.scope)
        ranks = quota.replace("|", "、")
        where = f" of {county}" if county else ""
        return (
            f"at most {cap} people at the ranks {ranks} in the {scope} units{where}",
            f"{county}{scope_zh}单位中{ranks}不得超过{cap}名",
        )

    def _rotation_volume(self, key: Key) -> tuple[str, str]:
        s = self.s
        spec = s.rules.rotation_volume
        present = [p for p in s.people if s.duties[p.id].duty is not Duty.RETIRED]
        county = str(key[0]) if key else ""
        bound = dict(spec.groups(s, present)).get(county, [])
        target = spec.target(len(bound))
        roles = ", ".join(spec.roles)
        roles_zh = "、".join(ROLE_ZH.get(r, r) for r in spec.roles)
        where_en = f" of {county}" if county else ""
        where_zh = county
        return (
            f"at least {target} of the {len(bound)} people{where_en} in the roles {roles} "
            f"rotate this round ({spec.share:.0%})",
            f"本轮{where_zh}{roles_zh}{len(bound)}人中至少交流{target}人（{spec.share:.0%}）",
        )

    # -- the conflict as a whole -----------------------------------------------------------

    def summary(
        self, minimal: bool = True, decision: tuple[str, str] | None = None
    ) -> tuple[str, str]:
        """The Hall-type count if the members add up to more demand than the people who
        may meet it (with the data behind it), else a plain sentence (about ``decision``,
        a forced decision, if given)."""
        found = self._count() or self._capacity()
        if found is not None:
            en, zh = found
            if decision is not None:
                en, zh = f"{decision[0]} is not possible: {en}", f"{decision[1]}不可行：{zh}"
            return en, zh
        k = len(self.keys)
        if decision is not None:
            these_en = "this rule" if k == 1 else f"these {k} rules"
            return (
                f"{decision[0]} cannot hold together with {these_en}",
                f"{decision[1]}与以下{k}项规则无法同时满足",
            )
        if minimal:
            return (
                f"these {k} rules cannot all hold together; without any one of them a plan exists",
                f"以下{k}项规则无法同时满足，去掉其中任何一项即有可行方案",
            )
        return (f"these {k} rules cannot all hold together", f"以下{k}项规则无法同时满足")

    def _where(self, units: frozenset[str]) -> tuple[str, str]:
        n = self.n
        where_en = ", ".join(n.u(u) for u in sorted(units)[:LISTED])
        where_zh = "、".join(n.u(u) for u in sorted(units)[:LISTED])
        if len(units) > LISTED:
            where_en += f" and {len(units) - LISTED} more units"
            where_zh += f"等{len(units)}个单位"
        return where_en, where_zh

    def _count(self) -> tuple[str, str] | None:
        """Hall's condition broken: the units of the demand members need more people (or
        holders of a skill) than may work in any of them."""
        s = self.s
        for resource, needs in self._demand.items():
            units = frozenset(needs)
            pool = [p for p in self.present() if resource is None or resource in s.person[p].skills]
            out = [
                (p, b)
                for p in pool
                if not self.may_work_in(p, units)
                for b in [next(b for b in self.bounds[p] if any(b.keeps_out(u) for u in units))]
            ]
            able = len(pool) - len(out)
            total = sum(needs.values())
            if total <= able:
                continue
            one = len(units) == 1
            where_en, where_zh = self._where(units)
            all_en = "" if one else " in all"
            need_en = "needs" if one else "need"
            these_zh = "该单位" if one else "这些单位"
            if resource is None:
                zh_total = f"最少需要{total}人" if one else f"最少共需{total}人"
                if able == len(pool):
                    en = (
                        f"{where_en} {need_en} at least {total} people{all_en}, but the plan "
                        f"has {able}"
                    )
                    zh = f"{where_zh}{zh_total}，但在岗人员仅{able}人"
                else:
                    en = (
                        f"{where_en} {need_en} at least {total} people{all_en}, but only {able} "
                        f"of the {len(pool)} people in the plan may work there"
                    )
                    zh = (
                        f"{where_zh}{zh_total}，但在岗{len(pool)}人中可安排到{these_zh}的仅{able}人"
                    )
                gone = self.retired()
                if gone:
                    ren, rzh = self._retired_text(gone)
                    en += f" ({len(gone)} retire by the plan date: {ren})"
                    zh += f"（另有{len(gone)}人到龄退休：{rzh}）"
            else:
                hen, hzh = self._holders_text(resource)
                people = "person" if total == 1 else "people"
                holders = f"{resource} holder{'s' if able != 1 else ''}"
                may = f"only {able} {holders} may" if able else f"no {resource} holder may"
                en = (
                    f"{where_en} {need_en} {total} {people} with {resource}{all_en}, but {may} "
                    f"work there: {hen}"
                )
                skill_zh = _skill(resource, "zh")
                zh_total = f"需要{total}名" if one else f"共需{total}名"
                zh = (
                    f"{where_zh}{zh_total}{skill_zh}专业人员，但可安排到{these_zh}的"
                    f"{f'仅{able}名' if able else '一名也没有'}：{hzh}"
                )
            if out:
                ken, kzh = self._kept_text(out)
                en += f"; kept out: {ken}"
                zh += f"；不能安排的：{kzh}"
            return en, zh
        return None

    def _capacity(self) -> tuple[str, str] | None:
        """The units of the members' maximums hold fewer than the people fixed in them."""
        s = self.s
        caps = {
            str(k[0]): s.unit[str(k[0])].max_staff
            for r, k in self.keys
            if r == "headcount" and k[2] == "max"
        }
        if not caps:
            return None
        units = frozenset(caps)
        fixed = [p for p in self.present() if self._fixed_in(p) in units]
        room = sum(caps.values())
        if len(fixed) <= room:
            return None
        where_en, where_zh = self._where(units)
        if len(units) == 1:
            people = "person" if room == 1 else "people"
            return (
                f"{where_en} may hold {room} {people}, but {len(fixed)} must be there",
                f"{where_zh}最多{room}人，但须在该单位的有{len(fixed)}人",
            )
        return (
            f"{where_en} may hold {room} people in all, but {len(fixed)} must be there",
            f"{where_zh}最多共{room}人，但须在这些单位的有{len(fixed)}人",
        )


def describe_conflict(
    scenario: Scenario,
    keys: Sequence[tuple[str, Key]],
    minimal: bool = True,
    decision: tuple[str, str] | None = None,
) -> Described:
    """Each member's sentence and the conflict's summary (about the forced ``decision``,
    English and Chinese, if the conflict is about one)."""
    d = Describer(scenario, keys)
    lines = tuple(d.sentence(rule, key) for rule, key in keys)
    en, zh = d.summary(minimal, decision)
    return Described(lines, en, zh)


def duty_sentence(scenario: Scenario, person: str) -> tuple[str, str]:
    """What the person-level rules demand of ``person`` this round (their duty), in words."""
    s = scenario
    n = Names(s)
    ob = s.duties[person]
    rule = {
        Duty.STAY_FROZEN: "frozen",
        Duty.STAY_NEAR_RETIREMENT: "near_retirement",
        Duty.STAY_SERVICE: "minimum_service",
        Duty.STAY_MINIMUM: "minimum_stay",
        Duty.MUST_MOVE: "mandatory_rotation",
    }.get(ob.duty)
    d = Describer(s, [])
    if rule is not None:
        found: tuple[str, str] = getattr(d, f"_{rule}")((person,))
        return found
    if ob.duty is Duty.PINNED:
        return d._pins((person, 1))
    if ob.duty is Duty.RETIRED:
        day = retire_date(s.person[person], s.rules.retirement)
        return (
            f"{n.p(person)} retires on {day}, by the plan date, and leaves",
            f"{n.p(person)} 于{day}退休，不参加本轮安排",
        )
    unit = n.u(s.person[person].unit)
    return (
        f"{n.p(person)} is free to stay in {unit} or move (no duty decides; "
        f"{tenure_text(ob.months)} there)",
        f"{n.p(person)} 无须交流亦无须留任（在{unit}任职{tenure_text(ob.months, 'zh')}），"
        "由方案统筹",
    )
