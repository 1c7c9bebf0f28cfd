"""Realistic fictional districts of any size, and the bundled presets.

:func:`generate` builds a :class:`~rotation.scenario.Scenario` shaped like a real
district commission (区纪委监委): the commission's internal offices, area offices
(片区/派驻纪检监察室) each supervising a contiguous group of township/street and
department commissions, people with names, ages, ranks, education, tenures, years at their
level, skills, relatives, punishments, family business interests, past
postings and wishes, and a road graph between the places.

Feasibility under every hard rule at its default holds *by construction*: the generator
first draws a *target* plan (headcount bands, skill cover, one head per unit and deputies
within the posts, kin avoidance), then derives today's situation from it by rotating a
set of "movers" among the target posts of their own role, and finally draws each
person's data so that the target plan is lawful for them: only movers are past a tenure
limit; those who must stay (frozen, in probation, within a year in post, new recruits
within their minimum service, near retirement) are never movers; movers can serve a
full term before retiring and are educated enough for a township; a head moves only to
another head post, never after 15 years at the level (rule 4), and never heads a unit
in their growth place; relatives are apart; a head who retires by the plan date is
succeeded by an eligible deputy of the unit. So the target is a witness plan
(:func:`generate_with_plan` returns it): whatever the model finds, a plan exists. Skill
needs are set from the target, so specialists are scarce (most holders are needed) yet
enough.

Everything is drawn from one ``numpy.random.Generator`` seeded with ``seed``: the same
seed gives the same scenario, on any machine, with no global random state.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, NamedTuple

import numpy as np

from rotation.dates import add_months
from rotation.errors import ScenarioError
from rotation.facts import retired_by, statutory_retirement
from rotation.plan import Plan
from rotation.rules import Retirement, RuleSet
from rotation.scenario import (
    Distance,
    HistoryEntry,
    Person,
    Pin,
    Relation,
    Scenario,
    SolverSettings,
    Unit,
    default_time_limit,
)

__all__ = [
    "PRESETS",
    "Preset",
    "generate",
    "generate_preset",
    "generate_preset_with_plan",
    "generate_with_plan",
]

DEFAULT_PLAN_DATE = dt.date(2027, 1, 1)
SEAT = "城关"  # the district seat: offices, area offices and departments sit here

# ---------------------------------------------------------------------------
# Vocabulary (fictional names built from common parts)

_OFFICES = (
    "第一纪检监察室",
    "第二纪检监察室",
    "党风政风监督室",
    "案件审理室",
    "信访室",
    "案件监督管理室",
    "组织部",
    "干部监督室",
    "办公室",
    "宣传部",
    "研究室",
    "监督检查室",
    "法规室",
    "巡察工作办公室",
)
# Offices whose work is legal review get a second law need; money-tracing ones finance.
_LAW_HEAVY = ("案件审理室", "法规室")
_MONEY_HEAVY = ("案件监督管理室", "第一纪检监察室", "第二纪检监察室")

_DEPARTMENTS = (
    # grouped by field so that an area supervising a contiguous block gets related ones
    "发改委", "财政局", "审计局", "统计局", "商务局", "国资委", "税务局", "市场监管局",
    "住建局", "自然资源局", "交通运输局", "水利局", "生态环境局", "城管局", "应急管理局",
    "农业农村局", "林业局", "供销社", "教育局", "卫健委", "医保局", "民政局", "人社局",
    "文旅局", "体育局", "退役军人事务局", "公安分局", "司法局", "信访局", "区委办",
    "区政府办", "宣传部", "统战部", "政法委", "机关事务局", "融媒体中心", "科工局",
    "数据局", "行政审批局", "档案馆",
)  # fmt: skip

_PLACE_FIRST = tuple(
    "石清青白黄红金银长高龙凤马牛桃李柳杨松梅竹荷兰花新古双三五太平安永和宁丰福"
    "东西南北中上下大小沙泉溪河湖山岭岗坪田桥"
)
_PLACE_SECOND = tuple(
    "桥溪河湖山岭坪田湾口坝塘庄集铺店寺镇岗洲滩林泉冈冲垭沟峪场营堡关渡港浦源水阳峰园圩头台坡"
)
_STREETS = (
    "东风", "人民", "向阳", "解放", "建设", "新华", "和平", "胜利", "光明", "红旗",
    "文化", "滨江", "长安", "朝阳", "中山", "友谊",
)  # fmt: skip

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
    "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段"
    "雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN_MALE = tuple(
    "伟强军磊洋勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林文博志海峰建国庆东"
)
_GIVEN_FEMALE = tuple("芳娜敏静丽艳娟霞秀燕玲桂丹萍红梅琳雪倩颖婷慧莉月洁佳蕾雯瑶欣怡晓楠璐")
_GIVEN_FIRST = tuple("文明建晓春秋志国海新永子宇思家嘉雨立德小学世天红少玉")  # either gender

_NUMERALS = "零一二三四五六七八九"

# Stated reasons not to move now; probation (试用期) is a date, ``probation_end``.
_FROZEN_REASONS = ("正在接受审查调查", "病休", "借调")

_PUNISHMENTS = ("警告", "记过", "记大过", "降级", "党内警告", "党内严重警告")
_PUNISHMENT_P = (0.3, 0.2, 0.08, 0.04, 0.28, 0.1)

# Rungs of rotation.facts.RANKS by role, lowest first.
_RANKS_MEMBER = ("二级科员", "一级科员", "四级主任科员", "三级主任科员", "二级主任科员")
_RANKS_DEPUTY = ("四级主任科员", "三级主任科员", "二级主任科员", "一级主任科员")
_RANKS_HEAD = ("二级主任科员", "一级主任科员", "四级调研员", "三级调研员")


def chinese_number(n: int) -> str:
    """``n`` (1–9999) in Chinese numerals as used in office names (第十二, 第一百零五)."""
    if not 1 <= n <= 9999:
        raise ValueError(f"{n} is out of range")
    if n < 10:
        return _NUMERALS[n]
    if n < 20:
        return "十" + (_NUMERALS[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += _NUMERALS[digit] + unit
            zero = False
        else:
            zero = True
    return out


# ---------------------------------------------------------------------------
# Presets


class Preset(NamedTuple):
    """A named size: ``(people, units, seed)`` plus the horizon and the scenario name."""

    people: int
    units: int
    seed: int
    horizon: int = 1
    name: str | None = None
    pins: int = 0
    counties: int = 1


PRESETS: dict[str, Preset] = {
    "district": Preset(150, 30, 2027, name="示例区纪委监委", pins=2),
    "city": Preset(1500, 300, 2027, name="示例市纪委监委", counties=10),
    "province": Preset(15000, 3000, 2027, name="示例省纪委监委", counties=100),
    "district-5y": Preset(150, 30, 2027, horizon=5, name="示例区纪委监委（五年规划）", pins=2),
}
"""The size ladder: a district, a city of 10 counties and a province of 100 (each county
a district-sized commission); ``district-5y`` plans 5 rounds."""


def _preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ScenarioError(
            f"unknown preset '{name}' (known: {', '.join(PRESETS)})",
            zh=f"未知的预设规模“{name}”（可用：{', '.join(PRESETS)}）",
        ) from None


def generate_preset(name: str, *, plan_date: dt.date = DEFAULT_PLAN_DATE) -> Scenario:
    """The scenario of a preset in :data:`PRESETS` (``district`` is the bundled default)."""
    return generate(**_preset_arguments(name, plan_date))


def _preset_arguments(name: str, plan_date: dt.date) -> dict[str, Any]:
    """The arguments of :func:`generate` that make preset ``name``."""
    preset = _preset(name)
    return {
        "people": preset.people,
        "units": preset.units,
        "seed": preset.seed,
        "plan_date": plan_date,
        "name": preset.name,
        "horizon": preset.horizon,
        "pins": preset.pins,
        "counties": preset.counties,
    }


# ---------------------------------------------------------------------------
# Units and places


class _Layout(NamedTuple):
    kinds: list[str]
    names: list[str]
    regions: list[str]
    area_of: np.ndarray  # index of the supervising area unit, -1 for none
    places: list[str]  # every place; places[0] is the seat
    coords: np.ndarray  # (len(places), 2) in km
    groups: list[list[int]]  # per area: indices into places of its townships, contiguous


def _unit_counts(units: int) -> tuple[int, int, int, int]:
    """Offices, areas, townships and departments for ``units`` units.

    A district has 3 area offices; bigger commissions about one per ten units. Internal
    offices are about a quarter of a small commission and grow more slowly than the rest.
    """
    n_area = max(3, round(units / 10))
    n_office = max(3, min(round(0.25 * units), 12 + round(0.05 * units)))
    rest = units - n_area - n_office
    n_town = max(1, round(0.62 * rest))
    n_dept = rest - n_town
    return n_office, n_area, n_town, n_dept


def _place_names(rng: np.random.Generator, count: int, taken: set[str]) -> list[str]:
    """``count`` unique two-character place names (three characters once two run out)."""
    out: list[str] = []
    first, second = _PLACE_FIRST, _PLACE_SECOND
    tries = 0
    while len(out) < count:
        tries += 1
        name = first[rng.integers(len(first))] + second[rng.integers(len(second))]
        if tries > 20 * count + 1000:  # two-character names are exhausted: add a character
            name = first[rng.integers(len(first))] + name
        if name[0] == name[1] or name in taken:
            continue
        taken.add(name)
        out.append(name)
    return out


def _layout(rng: np.random.Generator, units: int) -> _Layout:
    n_office, n_area, n_town, n_dept = _unit_counts(units)

    # Townships: the seat town 城关镇 at the centre, the others scattered around it. Sorting
    # by angle and cutting the circle into arcs gives each area a contiguous sector.
    radius = 22.0 * math.sqrt(max(n_town, 1) / 13)
    angle = rng.uniform(0, 2 * math.pi, n_town - 1)
    dist = radius * np.sqrt(rng.uniform(0.04, 1.0, n_town - 1))
    order = np.argsort(angle, kind="stable")
    angle, dist = angle[order], dist[order]
    coords = np.vstack([[0.0, 0.0], np.column_stack([dist * np.cos(angle), dist * np.sin(angle)])])

    taken = {SEAT, *_STREETS}
    names = _place_names(rng, n_town - 1, taken)
    # The towns nearest the seat are urban streets (街道).
    n_street = min(len(_STREETS), round(0.2 * (n_town - 1)))
    nearest = set(np.argsort(dist, kind="stable")[:n_street].tolist())
    streets = iter(rng.permutation(len(_STREETS)).tolist())
    town_places = [SEAT]
    town_names = ["城关镇纪委"]
    for i, name in enumerate(names):
        if i in nearest:
            place = _STREETS[next(streets)]
            town_places.append(place)
            town_names.append(f"{place}街道纪工委")
        else:
            town_places.append(name)
            suffix = "乡" if rng.random() < 0.25 else "镇"
            town_names.append(f"{name}{suffix}纪委")

    # Contiguous arcs of the angular order, the seat town joining the first area.
    arcs = np.array_split(np.arange(1, n_town), n_area)
    groups = [a.tolist() for a in arcs]
    groups[0] = [0, *groups[0]]

    kinds: list[str] = []
    unit_names: list[str] = []
    regions: list[str] = []
    area_of: list[int] = []

    office_names = list(_OFFICES[:n_office])
    extra = n_office - len(office_names)
    office_names += [f"第{chinese_number(k + 3)}纪检监察室" for k in range(extra)]
    for nm in office_names:
        kinds.append("office")
        unit_names.append(nm)
        regions.append(SEAT)
        area_of.append(-1)
    style = "派驻" if rng.random() < 0.5 else "片区"
    first_area = len(kinds)
    for k in range(n_area):
        kinds.append("area")
        unit_names.append(f"第{chinese_number(k + 1)}{style}纪检监察室")
        regions.append(SEAT)
        area_of.append(-1)
    for k, group in enumerate(groups):
        for t in group:
            kinds.append("township")
            unit_names.append(town_names[t])
            regions.append(town_places[t])
            area_of.append(first_area + k)
    dept_names: list[str] = []
    cycle = 0
    prefixes: list[str] = []
    while len(dept_names) < n_dept:
        # Beyond the district's own departments, name them after a sub-district place
        # (a city or province has many counties, each with the same departments).
        prefix = "" if cycle == 0 else prefixes[cycle - 1]
        dept_names += [f"{prefix}{d}纪检组" for d in _DEPARTMENTS]
        cycle += 1
        if len(dept_names) < n_dept and cycle > len(prefixes):
            prefixes += [p + "区" for p in _place_names(rng, 8, taken)]
    for k, block in enumerate(np.array_split(np.arange(n_dept), n_area)):
        for d in block.tolist():
            kinds.append("department")
            unit_names.append(dept_names[d])
            regions.append(SEAT)
            area_of.append(first_area + k)

    return _Layout(kinds, unit_names, regions, np.array(area_of), town_places, coords, groups)


def _roads(rng: np.random.Generator, layout: _Layout) -> list[Distance]:
    """A road graph: a spanning tree inside each area's group, the seat to each group's
    hub, and a ring of extra roads between neighbouring towns (km 3–60)."""
    coords, places = layout.coords, layout.places
    edges: dict[tuple[int, int], float] = {}

    def road(i: int, j: int) -> None:
        if i == j:
            return
        key = (min(i, j), max(i, j))
        if key not in edges:
            straight = float(np.hypot(*(coords[i] - coords[j])))
            # roads wind: 15–40 % longer than the straight line, within 3–60 km
            edges[key] = round(min(max(straight * rng.uniform(1.15, 1.4), 3.0), 60.0), 1)

    for group in layout.groups:
        if not group:  # a tiny district may have fewer towns than areas
            continue
        # Prim's algorithm inside the group: groups are small (about 5 towns).
        inside = [group[0]]
        rest = list(group[1:])
        while rest:
            pts = coords[rest]
            best = None
            for i in inside:
                d = np.hypot(*(pts - coords[i]).T)
                k = int(np.argmin(d))
                if best is None or d[k] < best[0]:
                    best = (float(d[k]), i, k)
            assert best is not None
            _, i, k = best
            road(i, rest[k])
            inside.append(rest.pop(k))
        hub = group[len(group) // 2]
        road(0, hub)
    n = len(places)
    for i in range(1, n - 1):
        if rng.random() < 0.4:
            road(i, i + 1)
    return [Distance(places[i], places[j], km) for (i, j), km in sorted(edges.items())]


# ---------------------------------------------------------------------------
# Sizes and needs


def _sizes(
    rng: np.random.Generator, kinds: list[str], people: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Target headcounts summing to ``people`` and each unit's band around them."""
    is_office = np.array([k == "office" for k in kinds])
    n_off, n_other = int(is_office.sum()), int((~is_office).sum())
    mean_other = 4.0  # the 3–5 band of rule 39
    mean_office = (people - mean_other * n_other) / n_off
    if not 4 <= mean_office <= 12:
        mean_office = min(max(mean_office, 4.0), 12.0)
        mean_other = (people - mean_office * n_off) / n_other
    if mean_other < 2:
        raise ScenarioError(
            f"{people} people are too few to staff {len(kinds)} units",
            zh=f"{people}人不足以配备{len(kinds)}个单位",
        )
    lo_other = max(1, math.floor(mean_other * 0.75))
    hi_other = max(lo_other + 2, math.ceil(mean_other * 1.25))
    weight = np.where(is_office, rng.uniform(0.65, 1.35, len(kinds)), 1.0)
    target = np.where(
        is_office,
        np.round(mean_office * weight),
        rng.integers(lo_other, hi_other + 1, len(kinds)),
    ).astype(int)
    lo = np.where(is_office, np.maximum(2, target - 3), lo_other)
    hi = np.where(is_office, target + 3, hi_other)
    target = np.clip(target, lo, hi)
    # Bring the total to ``people`` one unit at a time, never leaving a band.
    diff = people - int(target.sum())
    while diff:
        step = 1 if diff > 0 else -1
        room = np.flatnonzero(target < hi) if step > 0 else np.flatnonzero(target > lo)
        if not len(room):
            raise ScenarioError(
                f"{people} people do not fit {len(kinds)} units",
                zh=f"{people}人超出{len(kinds)}个单位的编制",
            )
        take = rng.choice(room, size=min(abs(diff), len(room)), replace=False)
        target[take] += step
        diff -= step * len(take)
    return target, lo, hi


def _needs(
    rng: np.random.Generator,
    kinds: list[str],
    names: list[str],
    target: np.ndarray,
    holders: dict[str, int],
) -> list[dict[str, int]]:
    """Skill needs per unit: as many as ~70–85 % of each skill's holders, so that
    covering every unit takes most of the specialists (the report's scarcity)."""
    n = len(kinds)
    needs: list[dict[str, int]] = [{} for _ in range(n)]
    totals = {s: round(holders[s] * rng.uniform(0.72, 0.84)) for s in holders}

    # Areas and townships first (rule 38 names them), then law-heavy offices, departments,
    # the other offices; a random key breaks ties so every seed differs.
    rank = {"area": 0, "township": 1, "department": 2, "office": 3}
    key = [rank[k] + rng.random() for k in kinds]
    for i, nm in enumerate(names):
        if nm in _LAW_HEAVY or nm in _MONEY_HEAVY:
            key[i] = 0.5 + rng.random() * 0.5
    order = sorted(range(n), key=lambda i: key[i])

    def room(i: int) -> int:
        return int(target[i]) - sum(needs[i].values())

    left = totals["law"]
    for i in order:
        if left and room(i) > 0:
            needs[i]["law"] = 1
            left -= 1
    for i in order:  # a second lawyer for legal-review offices
        if left and names[i] in _LAW_HEAVY and room(i) > 0:
            needs[i]["law"] = needs[i].get("law", 0) + 1
            left -= 1
    money = {"finance": totals["finance"], "audit": totals["audit"]}
    for i in order:
        if room(i) <= 0:
            continue
        options = [s for s in ("finance", "audit") if money[s] > 0]
        if not options:
            break
        # finance or audit, whichever has more need left (random when equal)
        skill = max(options, key=lambda s: (money[s], rng.random()))
        needs[i][skill] = 1
        money[skill] -= 1
    # The money needs left go, as a second one, first to the money-tracing offices, then
    # to the other offices, the area offices and the larger units.
    second = sorted(
        order,
        key=lambda i: (
            names[i] not in _MONEY_HEAVY,
            kinds[i] != "office",
            kinds[i] != "area",
            -int(target[i]),
            key[i],
        ),
    )
    for i in second:
        if target[i] < 4 or room(i) <= 0:
            continue
        for s in ("finance", "audit"):
            if money[s] > 0 and s not in needs[i] and room(i) > 0:
                needs[i][s] = 1
                money[s] -= 1
    return needs


# ---------------------------------------------------------------------------
# People


def _skills(rng: np.random.Generator, people: int) -> np.ndarray:
    """A (people, 3) boolean matrix of law/finance/audit holders.

    Each skill goes to an exact share of 16–21 % of the people (drawn per seed), chosen
    independently, so about one in twenty-five holds any given two.
    """
    held = np.zeros((people, 3), bool)
    for k, share in enumerate(rng.uniform(0.16, 0.21, 3)):
        held[rng.permutation(people)[: round(share * people)], k] = True
    return held


def _target_assignment(
    rng: np.random.Generator,
    target: np.ndarray,
    needs: list[dict[str, int]],
    held: np.ndarray,
    skills: Sequence[str],
) -> np.ndarray:
    """A unit per person, filling each unit to its target and covering every need.

    Each need takes an unused holder of the skill, single-skill holders first, so
    specialists are not wasted; needs no holder is left for are dropped.
    """
    people = held.shape[0]
    unit = np.full(people, -1)
    free = np.ones(people, bool)
    fill = np.zeros(len(target), int)
    cover = np.zeros((len(target), len(skills)), int)
    n_held = held.sum(axis=1)
    for s, skill in enumerate(skills):
        order = rng.permutation(people)
        order = order[np.argsort(n_held[order], kind="stable")]
        pool = [int(p) for p in order if held[p, s]]
        at = 0  # the next holder to try: single-skill holders come first
        for u, need in enumerate(needs):
            k = need.get(skill, 0)
            while cover[u, s] < k:
                while at < len(pool) and not free[pool[at]]:
                    at += 1
                if at == len(pool) or fill[u] >= target[u]:
                    need[skill] = int(cover[u, s])  # not reached with the shares used
                    break
                pick = pool[at]
                unit[pick] = u
                free[pick] = False
                fill[u] += 1
                cover[u] += held[pick]
    rest = rng.permutation(np.flatnonzero(free))
    slots = np.repeat(np.arange(len(target)), target - fill)
    unit[rest] = rng.permutation(slots)
    return unit


def _name(rng: np.random.Generator, female: bool, surname: str | None = None) -> str:
    surname = surname or _SURNAMES[rng.integers(len(_SURNAMES))]
    pool = _GIVEN_FEMALE if female else _GIVEN_MALE
    if rng.random() < 0.7:
        first = _GIVEN_FIRST if rng.random() < 0.5 else pool
        given = first[rng.integers(len(first))] + pool[rng.integers(len(pool))]
    else:
        given = pool[rng.integers(len(pool))]
    return surname + given


def _month(plan_date: dt.date, months_back: int, day: int = 1) -> dt.date:
    """The ``day`` of the month ``months_back`` months before the plan date's month."""
    return add_months(plan_date.replace(day=1), -months_back).replace(day=day)


class _Built(NamedTuple):
    """A generated scenario with the target plan it was built from (the witness)."""

    scenario: Scenario
    goal: dict[str, str]
    """Unit of every person not retired by the plan date, in the target plan."""
    roles: dict[str, str]
    """Their role (head, deputy, member) in the target plan."""


def generate(
    people: int,
    units: int,
    seed: int,
    *,
    plan_date: dt.date = DEFAULT_PLAN_DATE,
    name: str | None = None,
    horizon: int = 1,
    pins: int = 0,
    counties: int = 1,
) -> Scenario:
    """A fictional district of ``people`` cadres in ``units`` units, feasible by construction.

    The same arguments give the same scenario. ``pins`` placements (each a mover pinned
    to the unit the generator's own plan gives them) may be added. With ``counties`` > 1
    it is a city or province: that many county commissions, each a district of its share
    of the people and units, whose units name their county. Raises
    :class:`~rotation.errors.ScenarioError` (a ``ValueError``) when the sizes cannot make
    a district (fewer than 8 units, or too few or too many people for the units' bands)
    or ``counties`` is below 1.
    """
    return _build_counties(
        people,
        units,
        seed,
        plan_date=plan_date,
        name=name,
        horizon=horizon,
        pins=pins,
        counties=counties,
    ).scenario


def generate_with_plan(
    people: int,
    units: int,
    seed: int,
    *,
    plan_date: dt.date = DEFAULT_PLAN_DATE,
    name: str | None = None,
    horizon: int = 1,
    pins: int = 0,
    counties: int = 1,
) -> tuple[Scenario, Plan]:
    """:func:`generate` and the target plan it was built from.

    The plan meets every hard rule at its default in the first round (period 1), so
    the scenario is feasible; later rounds repeat it without the people retired by then
    and carry no such promise.
    """
    built = _build_counties(
        people,
        units,
        seed,
        plan_date=plan_date,
        name=name,
        horizon=horizon,
        pins=pins,
        counties=counties,
    )
    return built.scenario, _witness(built)


def _build_counties(
    people: int,
    units: int,
    seed: int,
    *,
    plan_date: dt.date,
    name: str | None,
    horizon: int,
    pins: int,
    counties: int,
) -> _Built:
    """One district, or ``counties`` districts side by side as the counties of a city or
    province: ids get a ``C01``… prefix, unit and place names the county's name, and
    each unit its ``county``. No road joins two counties; the rotation-scope rule keeps
    every move inside one."""
    if counties < 1:
        raise ScenarioError(
            f"counties must be at least 1, not {counties}", zh=f"县区数须至少为1，而非{counties}"
        )
    if people < 1:
        raise ScenarioError(
            f"people must be at least 1, not {people}", zh=f"人数须至少为1，而非{people}"
        )
    if counties == 1:
        return _build(
            people, units, seed, plan_date=plan_date, name=name, horizon=horizon, pins=pins
        )
    rng = np.random.default_rng(seed)
    county_names = [
        n + ("区" if rng.random() < 0.4 else "县")
        for n in _place_names(rng, counties, {SEAT, *_STREETS})
    ]
    parts = [
        _build(
            people // counties + (k < people % counties),
            units // counties + (k < units % counties),
            seed * 1000 + k,
            plan_date=plan_date,
            name=None,
            horizon=horizon,
            pins=pins,
        )
        for k in range(counties)
    ]
    merged: dict[str, list[Any]] = defaultdict(list)
    goals: dict[str, str] = {}
    roles: dict[str, str] = {}
    for k, (county, part) in enumerate(zip(county_names, parts, strict=True)):
        tag = f"C{k + 1:0{len(str(counties))}d}"

        def ident(value: str, tag: str = tag) -> str:
            return f"{tag}{value}" if value else value

        def place(value: str, county: str = county) -> str:
            return f"{county}{value}" if value else value

        sc = part.scenario
        merged["people"] += [
            replace(
                p,
                id=ident(p.id),
                unit=ident(p.unit),
                preferences=tuple(ident(u) for u in p.preferences),
                interests=tuple(ident(u) for u in p.interests),
                growth_place=place(p.growth_place),
                home=place(p.home),
            )
            for p in sc.people
        ]
        merged["units"] += [
            replace(
                u,
                id=ident(u.id),
                name=f"{county}{u.name}",
                area=ident(u.area),
                region=place(u.region),
                county=county,
            )
            for u in sc.units
        ]
        merged["relations"] += [replace(r, a=ident(r.a), b=ident(r.b)) for r in sc.relations]
        merged["history"] += [
            replace(h, person=ident(h.person), unit=ident(h.unit)) for h in sc.history
        ]
        merged["distances"] += [replace(d, a=place(d.a), b=place(d.b)) for d in sc.distances]
        merged["pins"] += [replace(p, person=ident(p.person), unit=ident(p.unit)) for p in sc.pins]
        goals.update({ident(p): ident(u) for p, u in part.goal.items()})
        roles.update({ident(p): r for p, r in part.roles.items()})
    first = parts[0].scenario
    scenario = replace(
        first,
        name=name or f"虚构纪委监委（{counties}个县区，{people}人，{units}个单位，种子{seed}）",
        people=tuple(merged["people"]),
        units=tuple(merged["units"]),
        relations=tuple(merged["relations"]),
        history=tuple(merged["history"]),
        distances=tuple(merged["distances"]),
        pins=tuple(merged["pins"]),
        # a district's time limit for every two counties (one process per core): the
        # city gets 50 s, the province 500 s, against about 1-2 s per county
        solver=replace(first.solver, time_limit=first.solver.time_limit * max(1, counties // 2)),
    )
    return _Built(scenario, goals, roles)


def generate_preset_with_plan(
    name: str, *, plan_date: dt.date = DEFAULT_PLAN_DATE
) -> tuple[Scenario, Plan]:
    """:func:`generate_preset` and the target plan it was built from."""
    return generate_with_plan(**_preset_arguments(name, plan_date))


def _witness(built: _Built) -> Plan:
    s = built.scenario
    assignments: dict[tuple[str, int], str] = {}
    roles: dict[tuple[str, int], str] = {}
    for pid, unit in built.goal.items():
        for t in s.periods:
            if not retired_by(s, pid, t):
                assignments[(pid, t)] = unit
                roles[(pid, t)] = built.roles[pid]
    return Plan(s, assignments, roles)


def _retires(female: bool, birth: dt.date, spec: Retirement) -> dt.date:
    """The statutory retirement date of someone born on ``birth`` (rule 40)."""
    stub = Person("_", "_", "F" if female else "M", birth, "_", birth)
    return statutory_retirement(stub, spec)


def _build(
    people: int,
    units: int,
    seed: int,
    *,
    plan_date: dt.date,
    name: str | None,
    horizon: int,
    pins: int,
) -> _Built:
    """The generator proper: a target plan first, then the situation today around it.

    The target plan (the witness) places everyone not retired by the plan date so that
    every hard rule holds at its default; the situation today is derived from it by
    rotating "movers" among their target posts within their role (a head goes to a
    head post, a deputy to a deputy post), so both have one head per unit and deputies
    within the posts. Each person's data is then drawn to fit what the target asks of
    them: movers are past or within their tenure limit, not frozen, not near retirement,
    able to serve a full term, educated enough for a township, long enough at work;
    heads never head a unit in their growth place nor move after 15 years at the level;
    the deputy who succeeds a retiring head is eligible for the promotion.
    """
    if units < 8:
        raise ScenarioError(
            f"a district needs at least 8 units, not {units}",
            zh=f"一个区至少需要8个单位，而非{units}个",
        )
    rng = np.random.default_rng(seed)
    rules = RuleSet()
    layout = _layout(rng, units)
    kinds, unit_names = layout.kinds, layout.names
    n_units = len(kinds)
    width = max(2, len(str(n_units)))
    uid = [f"U{i + 1:0{width}d}" for i in range(n_units)]

    # A handful retire by the plan date: they are in today's roster but not in the plan.
    n_retired = max(1, round(0.025 * people))
    target, lo, hi = _sizes(rng, kinds, people - n_retired)
    skills = ("law", "finance", "audit")
    held = _skills(rng, people)
    retired = np.zeros(people, bool)
    retired[rng.choice(people, n_retired, replace=False)] = True
    active = np.flatnonzero(~retired)
    needs = _needs(
        rng,
        kinds,
        unit_names,
        target,
        {s: int(held[active, k].sum()) for k, s in enumerate(skills)},
    )
    goal = np.full(people, -1)
    goal[active] = _target_assignment(rng, target, needs, held[active], skills)

    # Leadership posts (职数): one head everywhere, one deputy, two in some large offices.
    # Key posts (重点岗位, rule 5): the case-handling offices and the case review office.
    is_office = np.array([k == "office" for k in kinds])
    posts = np.where(is_office & (target >= 6) & (rng.random(n_units) < 0.7), 2, 1)
    key = np.array(
        [
            k == "office" and (nm.endswith("纪检监察室") or nm == "案件审理室")
            for k, nm in zip(kinds, unit_names, strict=True)
        ]
    )

    # The retiring: placed today in units with room in the band; a third of them head
    # their unit, whose deputy (eligible, see below) succeeds them in the target plan.
    current = goal.copy()
    role = np.full(people, "member", dtype=object)
    load = target.copy()
    head_units: set[int] = set()
    for k, p in enumerate(rng.permutation(np.flatnonzero(retired)).tolist()):
        room = np.flatnonzero(load < hi)
        if not len(room):
            raise ScenarioError(
                f"{people} people do not fit {n_units} units",
                zh=f"{people}人超出{n_units}个单位的编制",
            )
        heads_room = [int(u) for u in room if target[u] >= 3 and int(u) not in head_units]
        if k < max(1, n_retired // 3) and heads_room:
            u = heads_room[int(rng.integers(len(heads_room)))]
            role[p] = "head"
            head_units.add(u)
        else:
            u = int(room[rng.integers(len(room))])
        current[p] = u
        load[u] += 1

    # Roles in each target team: a head, deputies up to the posts (a vacancy now and
    # then, so that promotions are possible), members.
    team: list[list[int]] = [[] for _ in range(n_units)]
    for p in rng.permutation(active).tolist():
        team[int(goal[p])].append(p)
    promoted: list[int] = []
    for u in range(n_units):
        staff = team[u]
        if not staff:
            continue
        if u in head_units:
            role[staff[0]] = "deputy"
            promoted.append(staff[0])
            n_dep = int(posts[u]) - 1
        else:
            role[staff[0]] = "head"
            n_dep = (
                int(posts[u]) if len(staff) >= 3 else int(len(staff) == 2 and rng.random() < 0.5)
            )
            if n_dep and rng.random() < 0.15:
                n_dep -= 1
        for d in staff[1 : 1 + n_dep]:
            role[d] = "deputy"
    is_promoted = np.zeros(people, bool)
    is_promoted[promoted] = True
    goal_role = role.copy()
    goal_role[is_promoted] = "head"

    # Who stays and who moves. Movers are rotated among the target posts of their own
    # role, so every unit has today as many heads, deputies and people as in the target.
    status = rng.choice(
        np.array(["frozen", "new", "near", "must", "free", "stay"]),
        size=people,
        p=[0.03, 0.08, 0.03, 0.2, 0.1, 0.56],
    )
    status[retired] = "retired"
    status[is_promoted] = "stay"
    for which in ("head", "deputy", "member"):
        group = np.flatnonzero((role == which) & ((status == "must") | (status == "free")))
        if len(group) < 2:
            status[group] = "stay"
            continue
        group = group[np.argsort(goal[group], kind="stable")]
        shift = int(np.bincount(goal[group]).max())
        if shift * 2 > len(group):  # one unit holds most movers: make them stay instead
            status[group] = "stay"
            continue
        current[group] = goal[np.roll(group, shift)]
    mover = (status == "must") | (status == "free")
    assert not np.any(mover & (current == goal))
    # A few leaders promoted less than a year ago, still in probation (试用期): frozen.
    leader = (role == "head") | (role == "deputy")
    settled = np.flatnonzero(leader & (status == "stay") & ~is_promoted)
    probation = np.zeros(people, bool)
    probation[rng.choice(settled, min(len(settled), max(1, round(0.012 * people))), False)] = True
    status[probation] = "frozen"

    # Tenure in whole months, by status and the limit for today's unit and role.
    mandatory = rules.mandatory_rotation
    limit = np.array(
        [
            round(12 * mandatory.limit(kinds[current[p]], role[p], bool(key[current[p]])))
            for p in range(people)
        ]
    )
    tenure = np.empty(people, int)
    r = rng.random(people)
    new = status == "new"
    tenure[new] = (r[new] * 12).astype(int)  # 0–11 months
    frozen = status == "frozen"
    tenure[frozen] = (r[frozen] * 15 * 12).astype(int)
    long_ok = (status == "near") | retired  # exempt from the limit, or leaving anyway
    tenure[long_ok] = 12 + (r[long_ok] * 14 * 12).astype(int)
    must = status == "must"
    tenure[must] = limit[must] + (r[must] ** 1.5 * (180 - limit[must])).astype(int)
    ok = (status == "free") | (status == "stay")
    tenure[ok] = 12 + (r[ok] * (limit[ok] - 12)).astype(int)
    tenure = np.minimum(tenure, 179)

    # Months at the current level (任同级职务时间) for leaders: some heads 10 years or
    # more (rule 2), a few stayers 15 or more (rule 4: no new head post, so never movers);
    # a few recently promoted in probation (试用期, frozen); the successor 2.5 years or more.
    level = np.zeros(people, int)
    for p in np.flatnonzero(leader).tolist():
        x = rng.random()
        if probation[p]:
            level[p] = int(rng.integers(0, 12))
            tenure[p] = max(tenure[p], level[p])
            continue
        if role[p] == "head" and not mover[p] and status[p] in ("stay", "near") and x < 0.12:
            level[p] = 180 + int(rng.integers(0, 61))
        elif role[p] == "head" and x < 0.3:
            level[p] = max(int(tenure[p]), 120 + int(rng.integers(0, 60)))
        elif role[p] == "deputy" and x < 0.3 and tenure[p] > 12:
            level[p] = int(rng.integers(12, tenure[p] + 1))  # promoted in place
        else:
            level[p] = int(tenure[p]) + int(rng.integers(0, 37))
        if role[p] == "head" and mover[p]:
            level[p] = min(level[p], 179)
        if is_promoted[p]:
            level[p] = max(level[p], 30)

    # Ages: at least 22 years before the current post started; leaders older, and old
    # enough for their years at the level; movers young enough to serve a full term.
    female = rng.random(people) < rng.uniform(0.35, 0.45)
    age_lo = np.maximum(24, np.ceil(tenure / 12).astype(int) + 22)
    age_lo = np.where(role == "head", np.maximum(age_lo, 36), age_lo)
    age_lo = np.where(role == "deputy", np.maximum(age_lo, 31), age_lo)
    age_lo = np.where(leader, np.maximum(age_lo, np.ceil((level + 300) / 12).astype(int)), age_lo)
    age_lo = np.where(mover, np.maximum(age_lo, 28), age_lo)
    age_lo = np.where(is_promoted, np.maximum(age_lo, 38), age_lo)
    age_hi = np.where(female, 54, 59)
    age_hi = np.where(mover, np.where(female, 49, 54), age_hi)
    age_hi = np.maximum(age_hi, age_lo)
    skew = rng.beta(1.3, 1.8, people)  # more young cadres than old
    age = age_lo + np.round(skew * (age_hi - age_lo)).astype(int)
    birth_back = age * 12 + rng.integers(1, 12, people)  # never the plan month: age exact
    birth_day = rng.integers(1, 29, people)
    # The retiring and the near-retiring: born so that the statutory date (2024 reform)
    # falls in the year before the plan date, or within the next three years.
    spec = rules.retirement
    soon = add_months(plan_date, round(rules.near_retirement.years * 12))
    for p in np.flatnonzero(retired | (status == "near")).tolist():
        base = 55 * 12 if female[p] else 60 * 12
        for _ in range(200):
            back = base + int(rng.integers(-42, 31))
            day = int(rng.integers(1, 29))
            retires = _retires(bool(female[p]), _month(plan_date, back, day), spec)
            if retired[p] and add_months(plan_date, -12) < retires <= plan_date:
                break
            if not retired[p] and plan_date < retires < soon:
                break
        else:  # not reached: the windows are a year and three years wide
            raise AssertionError("no birth date found in the retirement window")
        birth_back[p], birth_day[p] = back, day
        age[p] = back // 12

    # A prior posting, if the career before this post left room for one; older cadres
    # often came up through a township. The successor of a retiring head has at least
    # two years at the grassroots (rule 25).
    townships = np.flatnonzero(np.array([k == "township" for k in kinds]))
    grassroots = np.array([k in ("township", "area") for k in kinds])
    # new civil servants in their year of probation (rule 30)
    recruit = new & (role == "member") & (age <= 25) & (rng.random(people) < 0.8)
    prior = np.full(people, -1)
    prior_back = np.zeros(people, int)  # months back to the prior posting's start
    for p in range(people):
        u = int(current[p])
        spare = int(birth_back[p]) - int(tenure[p]) - 12 * 23
        force = bool(is_promoted[p]) and not (grassroots[u] and tenure[p] >= 24)
        if recruit[p] or spare < 24 or not (force or rng.random() < 0.7):
            continue
        options = [int(t) for t in townships if t != u]
        if force and not options:  # a tiny district: any other grassroots unit will do
            options = [v for v in range(n_units) if grassroots[v] and v != u]
        if options and (force or rng.random() < 0.5):
            v = options[int(rng.integers(len(options)))]
        else:
            v = int(rng.integers(n_units))
        if v == u:
            continue
        prior[p] = v
        # (the posting ends the day before this post starts: a whole month less)
        least = 30 if force else 24
        prior_back[p] = int(tenure[p]) + int(rng.integers(least, max(least, min(spare, 120)) + 1))

    # Work started at 22–25 (never after the first known posting or the level); movers
    # have worked five years or more (rule 30's minimum service).
    work_back = birth_back - 12 * rng.integers(22, 26, people) - rng.integers(0, 12, people)
    work_back = np.maximum.reduce([work_back, tenure, prior_back, level])
    work_back = np.where(mover, np.maximum(work_back, 61), work_back)
    work_back = np.where(recruit, tenure, work_back)
    rank_back = np.minimum(rng.integers(12, 73, people), work_back)
    rank_back = np.where(probation, level, rank_back)

    # Punishments (处分), some still within their influence period (rule 32); never the
    # successor of a retiring head.
    influence = rules.promotion_eligibility.punishment_months
    punished: dict[int, tuple[str, dt.date]] = {}
    pool = np.flatnonzero(~is_promoted)
    for p in rng.choice(pool, min(len(pool), max(2, round(0.03 * people))), replace=False):
        kind = str(rng.choice(_PUNISHMENTS, p=_PUNISHMENT_P))
        months = round(influence.get(kind, 12))
        back = int(rng.integers(1, months)) if rng.random() < 0.5 else int(rng.integers(months, 72))
        back = max(0, min(back, int(work_back[p]) - 1))
        punished[int(p)] = (kind, _month(plan_date, back, int(rng.integers(1, 29))))

    # Relatives: pairs kept apart now and in the target (not one unit, not an area office
    # and a unit it supervises, not both in the commission's internal offices), so today
    # is lawful and the target stays a witness.
    area_of = layout.area_of
    is_area = np.array([k == "area" for k in kinds])

    def apart(a: int, b: int) -> bool:
        for where in (current, goal):
            ua, ub = int(where[a]), int(where[b])
            if ua < 0 or ub < 0:
                continue
            if ua == ub or (is_office[ua] and is_office[ub]):
                return False
            if (is_area[ua] and area_of[ub] == ua) or (is_area[ub] and area_of[ua] == ub):
                return False
        return True

    n_pairs = max(10, math.ceil(people / 15))
    in_pair = np.zeros(people, bool)
    pairs: list[tuple[int, int, str]] = []
    tries = 0
    while len(pairs) < n_pairs and tries < 200 * n_pairs:
        tries += 1
        a, b = (int(x) for x in rng.integers(people, size=2))
        if a == b or in_pair[a] or in_pair[b] or not apart(a, b):
            continue
        kind = str(
            rng.choice(["spouse", "blood", "collateral", "in-law"], p=[0.4, 0.15, 0.3, 0.15])
        )
        if kind == "spouse" and female[a] == female[b]:
            continue
        if kind == "blood" and abs(int(age[a]) - int(age[b])) < 22:
            kind = "collateral"  # siblings or cousins rather than parent and child
        pairs.append((a, b, kind))
        in_pair[a] = in_pair[b] = True
    if len(pairs) < n_pairs:
        raise ScenarioError(
            "cannot place enough relatives apart; add units or people",
            zh="无法将足够多的亲属分开安排；请增加单位或人员",
        )

    surname = [_SURNAMES[i] for i in rng.integers(len(_SURNAMES), size=people)]
    for a, b, kind in pairs:
        if kind in ("blood", "collateral") and rng.random() < 0.8:
            surname[b] = surname[a]  # relatives by blood mostly share a surname

    regions = layout.regions
    place_names = layout.places
    reasons = np.array(_FROZEN_REASONS)[rng.integers(len(_FROZEN_REASONS), size=people)]
    departments = np.flatnonzero(np.array([k == "department" for k in kinds]))
    with_interests = set(
        rng.choice(active, min(len(active), max(1, round(0.02 * people))), replace=False).tolist()
    )

    person_ids = [f"P{i + 1:0{max(3, len(str(people)))}d}" for i in range(people)]
    records: list[Person] = []
    history: list[HistoryEntry] = []
    goals: dict[str, str] = {}
    goal_roles: dict[str, str] = {}
    for p in range(people):
        u, g = int(current[p]), int(goal[p])
        post_start = _month(plan_date, int(tenure[p]))
        birth = _month(plan_date, int(birth_back[p]), int(birth_day[p]))
        skill_set = frozenset(s for k, s in enumerate(skills) if held[p, k])
        # growth place: a head never heads a unit of it, today or in the target plan
        avoid = set()
        if role[p] == "head":
            avoid.add(regions[u])
        if goal_role[p] == "head":
            avoid.add(regions[g])
        if not avoid and rng.random() < 0.25:
            growth = regions[u]
        else:
            # a place they may head units in; in a tiny district there may be none left,
            # and then they grew up outside it
            allowed = [name for name in place_names if name not in avoid]
            growth = allowed[int(rng.integers(len(allowed)))] if allowed else "外县"
        home = growth if rng.random() < 0.8 else SEAT
        prefs: tuple[str, ...] = ()
        if rng.random() < 0.5:
            wanted: list[int] = []
            if mover[p] and rng.random() < 0.5:
                wanted.append(g)  # some wishes match the witness plan
            for _ in range(int(rng.integers(1, 4))):
                if area_of[u] >= 0 and rng.random() < 0.4:
                    v = int(area_of[u])  # the area office over one's own unit
                else:
                    v = int(rng.integers(n_units))
                if v != u and v not in wanted:
                    wanted.append(v)
            prefs = tuple(uid[v] for v in wanted[:3])
        interests: tuple[str, ...] = ()
        if p in with_interests and len(departments):
            # a department supervising a business of the spouse or children (rule 17)
            if mover[p] and kinds[u] == "department" and rng.random() < 0.5:
                interests = (uid[u],)  # news that forces a move
            else:
                options = [int(d) for d in departments if d not in (u, g)]
                if options:
                    interests = (uid[options[int(rng.integers(len(options)))]],)
        punishment, punishment_date = punished.get(p, ("", None))
        level_start = _month(plan_date, int(level[p])) if leader[p] else None
        probation_end = None
        if recruit[p]:
            probation_end = add_months(post_start, 12)  # new civil servants: one year
        elif leader[p] and level[p] < 48:
            assert level_start is not None
            probation_end = add_months(level_start, 12)  # in probation if within a year
        education = _education(rng, int(age[p]))
        if education == "secondary" and mover[p] and kinds[g] == "township":
            education = "college"  # rule 35: the target plan sends nobody below 大专 there
        records.append(
            Person(
                id=person_ids[p],
                name=_name(rng, bool(female[p]), surname[p]),
                gender="F" if female[p] else "M",
                birth_date=birth,
                unit=uid[u],
                post_start=post_start,
                role=str(role[p]),
                rank=_rank(rng, str(role[p]), int(age[p])),
                skills=skill_set,
                growth_place=growth,
                frozen=str(reasons[p]) if frozen[p] and not (probation[p] or recruit[p]) else "",
                preferences=prefs,
                rank_since=_month(plan_date, int(rank_back[p])),
                level_start=level_start,
                work_start=_month(plan_date, int(work_back[p])),
                probation_end=probation_end,
                punishment=punishment,
                punishment_date=punishment_date,
                education=education,
                home=home,
                interests=interests,
            )
        )
        if prior[p] >= 0:
            end = post_start - dt.timedelta(days=1)
            history.append(
                HistoryEntry(
                    person_ids[p], uid[int(prior[p])], _month(plan_date, int(prior_back[p])), end
                )
            )
        if not retired[p]:
            goals[person_ids[p]] = uid[g]
            goal_roles[person_ids[p]] = str(goal_role[p])

    unit_records = [
        Unit(
            id=uid[i],
            name=unit_names[i],
            kind=kinds[i],
            min_staff=int(lo[i]),
            max_staff=int(hi[i]),
            area=uid[int(area_of[i])] if area_of[i] >= 0 else "",
            needs=tuple(sorted((s, k) for s, k in needs[i].items() if k > 0)),
            region=regions[i],
            # cases and petitions: grows with the unit, heavier in the case offices
            workload=float(
                round(target[i] * rng.uniform(6, 14) * (1.5 if kinds[i] == "office" else 1.0))
            ),
            heads=1,
            deputies=int(posts[i]),
            key=bool(key[i]),
        )
        for i in range(n_units)
    ]
    relations = [Relation(person_ids[a], person_ids[b], kind) for a, b, kind in pairs]

    pin_records: list[Pin] = []
    candidates = [int(p) for p in rng.permutation(np.flatnonzero(status == "free"))]
    for p in candidates[:pins]:
        pin_records.append(Pin(person_ids[p], uid[int(goal[p])]))

    scenario = Scenario(
        name=name or f"虚构纪委监委（{people}人，{n_units}个单位，种子{seed}）",
        plan_date=plan_date,
        people=tuple(records),
        units=tuple(unit_records),
        relations=tuple(relations),
        history=tuple(history),
        distances=tuple(_roads(rng, layout)),
        pins=tuple(pin_records),
        rules=rules,
        horizon=horizon,
        skills=skills,
        solver=SolverSettings(time_limit=default_time_limit(horizon)),
    )
    return _Built(scenario, goals, goal_roles)


def _education(rng: np.random.Generator, age: int) -> str:
    """学历: mostly 本科; 硕士 more among the young, 大专 and 中专 among the older."""
    if age < 35:
        levels, p = ("doctorate", "master", "bachelor", "college"), (0.01, 0.3, 0.64, 0.05)
    elif age < 50:
        levels, p = ("master", "bachelor", "college", "secondary"), (0.14, 0.76, 0.08, 0.02)
    else:
        levels, p = ("master", "bachelor", "college", "secondary"), (0.05, 0.68, 0.21, 0.06)
    return str(levels[int(rng.choice(len(levels), p=p))])


def _rank(rng: np.random.Generator, role: str, age: int) -> str:
    """A 职级 consistent with the role, higher with age."""
    ladder = {"head": _RANKS_HEAD, "deputy": _RANKS_DEPUTY}.get(role, _RANKS_MEMBER)
    # position on the ladder grows with age, with some spread
    x = (age - 24) / 36 + rng.normal(0, 0.15)
    return ladder[int(min(max(x, 0.0), 0.999) * len(ladder))]
