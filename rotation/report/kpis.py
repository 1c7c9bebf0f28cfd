"""Key figures of a plan (DESIGN.md §4, issue 3): computed from the scenario and the
plan alone, for the summary, ``plan.xlsx`` and comparisons.

Every figure is for one period (the first round unless told): skill cover met against
required per unit, moves by their deciding reason, people past the mandatory tenure
limit before and after, women in the teams of the kinds rule 36 names, age bands per
area group (rule 37's ages), workload per person (min, max), preferences met by rank,
road km of the movers, promotions and retirements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from types import MappingProxyType
from typing import TYPE_CHECKING

import pandas as pd

from rotation.dates import period_date
from rotation.facts import road_km
from rotation.reasons import ORDER, explain_moves, kind_label, tenure_months
from rotation.rules import AgeGradient
from rotation.validate.common import SKILL_ZH

if TYPE_CHECKING:
    from rotation.plan import Plan

PREFERENCE_RANKS = ("first", "second", "third", "elsewhere")
PREFERENCE_ZH = {
    "first": "第一意向",
    "second": "第二意向",
    "third": "第三意向",
    "elsewhere": "其他",
}

KPI_COLUMNS_ZH = {"metric": "指标", "value": "数值"}
COVER_ZH = {
    "unit": "单位编号",
    "name": "单位",
    "required": "专业需要（人次）",
    "met": "已满足",
    "short": "缺少",
}


@dataclass(frozen=True, eq=False)
class Kpis:
    """The key figures of one period of a plan (see the module's docstring).

    ``moves`` counts rotations (retirements apart); ``moves_by_reason`` counts every
    line of the rotation list, retirements included, by its most binding reason's kind
    (:attr:`rotation.reasons.Reason.kind`); the table lists the rotations' reasons
    under ``moves`` and the retirements on their own line. ``past_limit_before`` counts
    the people who would be at or past the mandatory tenure limit if nobody moved (the
    retiring left out), ``past_limit_after`` those at or past it in the plan. ``preferences`` counts
    movers with wishes by the rank they got (``elsewhere``: below the third or not
    listed). ``distance_km`` is the road km from home to the new unit summed over the
    movers whose way is known (``unreachable`` counts the others).
    """

    period: int
    moves: int
    retirements: int
    promotions: int
    moves_by_reason: Mapping[str, int]
    reason_labels: Mapping[str, tuple[str, str]]
    past_limit_before: int
    past_limit_after: int
    cover: pd.DataFrame
    women: pd.DataFrame
    ages: pd.DataFrame
    workload: pd.DataFrame
    preferences: Mapping[str, int]
    distance_km: float
    unreachable: int
    age_limits: tuple[int, int] = (35, 50)
    women_kinds: tuple[str, ...] = field(default=("township", "area"))

    @property
    def cover_met(self) -> tuple[int, int]:
        """(needs met, needs required) over all units, counting each required holder."""
        return int(self.cover["met"].sum()), int(self.cover["required"].sum())

    @property
    def women_in_teams(self) -> tuple[int, int]:
        """(women, people) over the teams of ``women_kinds``."""
        return int(self.women["women"].sum()), int(self.women["size"].sum())

    @property
    def teams_with_women(self) -> tuple[int, int]:
        """(teams with at least one woman, teams) among the units of ``women_kinds``."""
        return int((self.women["women"] > 0).sum()), len(self.women)

    @property
    def workload_min(self) -> float | None:
        """The smallest workload per person over units with a workload."""
        return None if self.workload.empty else float(self.workload["per_person"].min())

    @property
    def workload_max(self) -> float | None:
        """The largest workload per person over units with a workload."""
        return None if self.workload.empty else float(self.workload["per_person"].max())

    def table(self, lang: str = "en") -> pd.DataFrame:
        """Two columns, metric and value, in ``lang`` (values as text)."""
        zh = lang == "zh"
        young, old = self.age_limits
        rows: list[tuple[str, str]] = [
            ("交流人数" if zh else "moves", str(self.moves)),
        ]
        by_reason = {k: n for k, n in self.moves_by_reason.items() if k != "retirement"}
        for kind, count in sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0])):
            label = self.reason_labels.get(kind, (kind, kind))[1 if zh else 0]
            rows.append(((f"　按原因：{label}" if zh else f"  by reason: {label}"), str(count)))
        rows += [
            ("退休人数" if zh else "retirements", str(self.retirements)),
            ("提任人数" if zh else "promotions", str(self.promotions)),
            (
                "超过任职年限人数（方案前→方案后）"
                if zh
                else "past the tenure limit (before → after)",
                f"{self.past_limit_before} → {self.past_limit_after}",
            ),
        ]
        met, required = self.cover_met
        full = int((self.cover["met"] == self.cover["required"]).sum())
        rows += [
            ("专业配备（满足/需要）" if zh else "skill cover (met/required)", f"{met}/{required}"),
            (
                "专业配备齐全的单位" if zh else "units with full skill cover",
                f"{full}/{len(self.cover)}",
            ),
        ]
        women, size = self.women_in_teams
        with_women, teams = self.teams_with_women
        rows += [
            ("班子女干部（女/总人数）" if zh else "women in teams (women/size)", f"{women}/{size}"),
            ("配有女干部的班子" if zh else "teams with a woman", f"{with_women}/{teams}"),
        ]
        for _, row in self.ages.iterrows():
            counts = " / ".join(str(int(v)) for v in row.iloc[2:5])
            rows.append(
                (
                    f"年龄（<{young}/{young}–{old}/>{old}）：{row['name']}"
                    if zh
                    else f"ages <{young} / {young}–{old} / >{old}: {row['name']}",
                    counts,
                )
            )
        lo, hi = self.workload_min, self.workload_max
        rows.append(
            (
                "人均工作量（最小–最大）" if zh else "workload per person (min–max)",
                "-" if lo is None or hi is None else f"{lo:.1f} – {hi:.1f}",
            )
        )
        wishes = sum(self.preferences.values())
        parts = [
            f"{PREFERENCE_ZH[k] if zh else k} {self.preferences.get(k, 0)}"
            for k in PREFERENCE_RANKS
        ]
        rows.append(
            (
                f"意向满足（{wishes}名有意向的交流人员）"
                if zh
                else f"preferences met ({wishes} movers with wishes)",
                ", ".join(parts) if not zh else "，".join(parts),
            )
        )
        km = f"{self.distance_km:g} km" if not zh else f"{self.distance_km:g} 公里"
        if self.unreachable:
            km += (
                f" (+{self.unreachable} unknown)"
                if not zh
                else f"（另{self.unreachable}人无路程数据）"
            )
        rows.append(("交流总路程" if zh else "total distance of movers", km))
        metric = "指标" if zh else "metric"
        value = "数值" if zh else "value"
        return pd.DataFrame(rows, columns=[metric, value])

    def cover_zh(self) -> pd.DataFrame:
        """The per-unit cover with Chinese headers and skill names."""
        frame = self.cover.copy()
        for skill, name in SKILL_ZH.items():
            frame["short"] = frame["short"].str.replace(skill, name, regex=False)
        return frame.rename(columns=COVER_ZH)

    def ages_zh(self) -> pd.DataFrame:
        """The per-area age bands with Chinese headers."""
        young, old = self.age_limits
        cols = list(self.ages.columns)
        names = ["片区编号", "片区", f"{young}岁以下", f"{young}–{old}岁", f"{old}岁以上", "人数"]
        return self.ages.rename(columns=dict(zip(cols, names, strict=True)))


def _role(plan: Plan, person: str, period: int) -> str:
    return plan.role_of(person, period) or plan.scenario.person[person].role


def _past_limit(plan: Plan, person: str, period: int, months: int) -> bool:
    s = plan.scenario
    unit = s.unit[plan.unit_of(person, period) or s.person[person].unit]
    limit = s.rules.mandatory_rotation.limit(unit.kind, _role(plan, person, period), unit.key)
    return months >= round(limit * 12)


def compute_kpis(plan: Plan, period: int = 1) -> Kpis:
    """The key figures of ``plan`` in ``period`` (see :class:`Kpis`)."""
    s = plan.scenario
    t = period
    on = period_date(s.plan_date, t)
    rules = s.rules
    after = plan.rosters(t)

    # moves and their reasons
    counts: Counter[str] = Counter()
    moves = retirements = 0
    movers: list[tuple[str, str]] = []
    for move, reasons in explain_moves(plan):
        if move.period != t:
            continue
        counts[reasons[0].kind] += 1
        if move.to_unit is None:
            retirements += 1
        else:
            moves += 1
            movers.append((move.person, move.to_unit))
    specs = list(rules)
    labels = {k: (kind_label(specs, k, "en"), kind_label(specs, k, "zh")) for k in counts}

    promotions = 0
    for pid in (p for ms in after.values() for p in ms):
        before, now = _role(plan, pid, t - 1), _role(plan, pid, t)
        if plan.unit_of(pid, t - 1) is not None and ORDER.index(now) > ORDER.index(before):
            promotions += 1

    # tenure limits, before (nobody moves) and after
    past_before = past_after = 0
    for p in s.people:
        if plan.unit_of(p.id, t - 1) is None or plan.unit_of(p.id, t) is None:
            continue
        months = tenure_months(plan, p.id, t)
        if _past_limit(plan, p.id, t - 1, months):
            past_before += 1
        if not plan.moved(p.id, t) and _past_limit(plan, p.id, t, months):
            past_after += 1

    # skill cover per unit
    cover_rows = []
    for unit in s.units:
        members = after[unit.id]
        required = met = 0
        short = []
        for skill, need in unit.needs:
            held = sum(skill in s.person[m].skills for m in members)
            required += need
            met += min(held, need)
            if held < need:
                short.append(f"{skill} {held}/{need}")
        cover_rows.append((unit.id, unit.name, required, met, ", ".join(short)))
    cover = pd.DataFrame(cover_rows, columns=["unit", "name", "required", "met", "short"])

    # women in the teams of rule 36's kinds
    kinds = rules.women_in_team.kinds
    women = pd.DataFrame(
        [
            (
                u.id,
                u.name,
                sum(s.person[m].gender == "F" for m in after[u.id]),
                len(after[u.id]),
            )
            for u in s.units
            if u.kind in kinds
        ],
        columns=["unit", "name", "women", "size"],
    )

    # age bands per area group
    spec = rules.age_gradient
    young_age, old_age = spec.young_age, spec.old_age
    age_rows = []
    for area, units in AgeGradient.groups(s).items():
        brackets = [spec.bracket(s.person[m], on) for u in units for m in after[u]]
        age_rows.append(
            (
                area,
                s.unit[area].name,
                brackets.count("young"),
                brackets.count(""),
                brackets.count("old"),
                len(brackets),
            )
        )
    ages = pd.DataFrame(
        age_rows,
        columns=[
            "area",
            "name",
            f"under_{young_age}",
            f"{young_age}_{old_age}",
            f"over_{old_age}",
            "size",
        ],
    )

    # workload per person, shared by those at work (people away out, planned hires in)
    at_work = {u.id: len(plan.at_work(u.id, t)) for u in s.units if u.workload > 0}
    workload = pd.DataFrame(
        [
            (u.id, u.name, u.workload, at_work[u.id], u.workload / max(at_work[u.id], 1))
            for u in s.units
            if u.workload > 0
        ],
        columns=["unit", "name", "workload", "people", "per_person"],
    )

    # preferences and distance of the movers
    prefs = dict.fromkeys(PREFERENCE_RANKS, 0)
    km_total = 0.0
    unreachable = 0
    roads = road_km(s)
    for pid, dst in movers:
        p = s.person[pid]
        if p.preferences:
            rank = p.preferences.index(dst) if dst in p.preferences else 3
            prefs[PREFERENCE_RANKS[min(rank, 3)]] += 1
        start, end = rules.distance.origin(s, p), s.unit[dst].region
        if start == end:
            continue
        km = roads.get((start, end)) if start and end else None
        if km is None:
            unreachable += 1
        else:
            km_total += km

    return Kpis(
        period=t,
        moves=moves,
        retirements=retirements,
        promotions=promotions,
        moves_by_reason=MappingProxyType(dict(counts)),
        reason_labels=MappingProxyType(labels),
        past_limit_before=past_before,
        past_limit_after=past_after,
        cover=cover,
        women=women,
        ages=ages,
        workload=workload,
        preferences=MappingProxyType(prefs),
        distance_km=round(km_total, 1),
        unreachable=unreachable,
        age_limits=(young_age, old_age),
        women_kinds=tuple(kinds),
    )


TENURE_BANDS = (0, 2, 5, 10)
"""Lower ends (years in the unit) of the bands of the tenure profile: <2, 2–5, 5–10, ≥10."""


def tenure_after(plan: Plan, person: str, period: int) -> int | None:
    """Whole months ``person`` has been in their unit of round ``period`` by that round's
    date, after its moves (0 for someone who moves in; None when not in the plan)."""
    if plan.unit_of(person, period) is None:
        return None
    if plan.moved(person, period) or plan.unit_of(person, period - 1) is None:
        return 0
    return plan.tenure_months(person, period)


def tenure_profile(plan: Plan, period: int) -> dict[str, int]:
    """How many people are in each band of :data:`TENURE_BANDS` (years in their unit)
    in round ``period``, after its moves; keys ``<2``, ``2-5``, ``5-10``, ``>=10``."""
    labels = _band_labels()
    out = dict.fromkeys(labels, 0)
    for p in plan.scenario.people:
        months = tenure_after(plan, p.id, period)
        if months is None:
            continue
        band = max(i for i, lo in enumerate(TENURE_BANDS) if months >= lo * 12)
        out[labels[band]] += 1
    return out


def _band_labels() -> list[str]:
    bands = list(TENURE_BANDS)
    labels = [f"{lo}-{hi}" for lo, hi in pairwise(bands)]
    labels[0] = f"<{bands[1]}"
    return [*labels, f">={bands[-1]}"]


def horizon_table(plan: Plan, lang: str = "en") -> pd.DataFrame:
    """Key figures per round and for the whole horizon: one row per figure, one column
    per year and a last column for the horizon (the sum of moves, retirements and
    promotions; the state at the end for the others). Moves per year, the people past
    the mandatory limit, the tenure profile after each round's moves, skill cover,
    women in the teams and the largest workload per person."""
    s = plan.scenario
    zh = lang == "zh"
    per = [compute_kpis(plan, t) for t in s.periods]
    years = [f"{plan.year(t)}年" if zh else str(plan.year(t)) for t in s.periods]
    total = "规划期合计" if zh else "horizon"
    rows: list[tuple[str, list[str], str]] = []

    def counted(label_en: str, label_zh: str, values: list[int]) -> None:
        rows.append((label_zh if zh else label_en, [str(v) for v in values], str(sum(values))))

    def state(label_en: str, label_zh: str, values: list[str]) -> None:
        rows.append((label_zh if zh else label_en, values, values[-1]))

    counted("moves", "交流人数", [k.moves for k in per])
    counted("retirements", "退休人数", [k.retirements for k in per])
    counted("promotions", "提任人数", [k.promotions for k in per])
    if s.rules.vacancies.enabled:
        counted(
            "posts to recruit for",
            "空缺岗位（招录需求）",
            [sum(v.posts for v in plan.vacancies if v.period == t) for t in s.periods],
        )
    state(
        "past the tenure limit (before → after)",
        "超过任职年限人数（交流前→交流后）",
        [f"{k.past_limit_before} → {k.past_limit_after}" for k in per],
    )
    profiles = [tenure_profile(plan, t) for t in s.periods]
    for label in _band_labels():
        words = label.replace(">=", "≥")
        state(
            f"years in the unit {words}",
            f"任现单位{words}年",
            [str(profile[label]) for profile in profiles],
        )
    state(
        "skill cover (met/required)",
        "专业配备（满足/需要）",
        ["{}/{}".format(*k.cover_met) for k in per],
    )
    state(
        "women in teams (women/size)",
        "班子女干部（女/总人数）",
        ["{}/{}".format(*k.women_in_teams) for k in per],
    )
    state(
        "largest workload per person",
        "人均工作量最大值",
        ["-" if k.workload_max is None else f"{k.workload_max:.1f}" for k in per],
    )
    metric = "指标" if zh else "metric"
    frame = pd.DataFrame(
        [[label, *values, whole] for label, values, whole in rows],
        columns=[metric, *years, total],
    )
    return frame
