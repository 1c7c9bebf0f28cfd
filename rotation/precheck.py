"""Checks before solving: counting arguments that prove a scenario has no plan.

Each check is a necessary condition of the model that the rules it rests on impose
when they are on and hard; a :class:`Finding` is therefore a proof that the rules
cannot all hold, in words a department can act on (who, where, which rule). The
checks are not complete: a scenario without findings may still have no plan (kin
avoidance, team rules and the like are not counted here), and the solver decides.

Who may go where is the model's own domain (:func:`rotation.models.variables.
candidate_units` after the person-level duties, and the roles the hard pair rules
leave, as :func:`rotation.models.variables.build_variables` computes them), so a
finding and the model never disagree on a placement. Every present person must take
exactly one unit (the ``assignment`` rule); without it nothing here holds and
:func:`precheck` finds nothing.

The checks, each for every group of units — each unit, each area (the area office and
the units it supervises), the whole scenario — and then for the tightest group a
maximum flow finds (a Hall-type argument: the demand of a group cannot exceed the
number of distinct people who may go to at least one of its units):

* headcount (``headcount``): people against the sum of the bands, the minimum of a
  group against the people who may work there, and the people who may go nowhere but
  a group against its maximum;
* skills (``skill_cover``): a group's need of a skill against the distinct holders who
  may work there;
* leadership (``leadership_slots``): the head posts that must be filled against the
  people who may take them, and the people who can only be head or deputy of their
  unit against its posts;
* people with no unit left to go to (``assignment``).

Those are round 1's. Each round of a plan of several rounds is then counted as a whole
(:func:`_by_round`): the people at work in it (less those retired by its date and those
an absence surely takes away, plus the planned hires of that round or before) against
the units' minimum headcount and each skill's need; and each absence against the rounds
it could cover, where every person counted is needed at work.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from rotation.facts import (
    ROLE_ZH,
    SKILL_ZH,
    Duty,
    base_roles,
    is_frozen,
    obligations,
    retired_by,
    work_start,
)
from rotation.models.variables import (
    _RoleScreen,
    candidate_units,
    narrows,
    pair_rules,
    reachable_units,
)
from rotation.reasons import Reason
from rotation.result import Result
from rotation.scenario import Absence, Hire, Person, Scenario, Unit
from rotation.validate.common import Names, round_text, tenure_text, years_number, years_text
from rotation.validate.training import absence_text

NAMED = 5
"""How many people a sentence names before it says "and N more"."""


@dataclass(frozen=True)
class Finding:
    """One counting argument that rules the scenario out: ``demand`` exceeds ``supply``.

    ``kind`` is what is counted: "headcount" (people against bands), "stranded" (a
    person with no unit left), "skill", "head" (head posts to fill), "posts" (people
    who can only be head or deputy of a unit, against its posts) or "absence" (an
    absence no round can spare its person for). ``scope`` is the group of units: "all",
    "unit", "area" (an area office and the units it supervises), "cut" (a group a
    maximum flow found) or "person". ``units`` are the group's units;
    ``people`` those who may fill it, or for an upper bound ("posts", a maximum) those
    who cannot go elsewhere, or the person with nowhere to go; ``blocked`` is (person,
    rule) for each rule that keeps someone out of the group (for an upper bound: out of
    every other unit; for "stranded": out of every unit).
    ``rules`` names the rule the count rests on first, then the rules that keep people
    out: relaxing any of them may remove the finding.
    """

    kind: str
    scope: str
    en: str
    zh: str
    rules: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    blocked: tuple[tuple[str, str], ...] = ()
    skill: str = ""
    demand: int = 0
    supply: int = 0

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` ("en" or "zh")."""
        return self.zh if lang == "zh" else self.en


def precheck(scenario: Scenario) -> list[Finding]:
    """The counting arguments that prove ``scenario`` has no plan (empty: none found).

    Each finding is certain: a plan satisfying the hard rules it names cannot exist.
    Findings are ordered: totals, people with nowhere to go, headcount by group,
    skills, leadership posts, then the rounds of a plan of several rounds counted as a
    whole (:func:`_by_round`).
    """
    rules = scenario.rules
    if not rules.assignment.enabled:
        return []  # without "one unit per person" nobody's place is counted
    from rotation.solvers.decompose import split

    parts = split(scenario)
    if len(parts) > 1:
        # counties that exchange no one are checked apart (the flows are superlinear);
        # what is short in one county is short in the whole
        return [finding for part in parts for finding in precheck(part)]
    domains = _Domains(scenario)
    found: list[Finding] = []
    bands = rules.headcount.enabled and rules.headcount.hard
    # with vacancies on, too few people or skills is a post left to recruitment; planned
    # hires add people the counts below do not see
    short = not rules.vacancies.enabled and not scenario.hires
    if bands:
        found += _totals(domains, short)
    found += _stranded(domains)
    if bands:
        if short:
            found += _headcount_min(domains, found)
        found += _headcount_max(domains, found)
    if short and rules.skill_cover.enabled and rules.skill_cover.hard:
        for skill in scenario.skills:
            found += _skill(domains, skill)
    slots = rules.leadership_slots
    if slots.enabled and slots.hard:
        found += _heads(domains)
        found += _posts(domains)
    if not rules.vacancies.enabled:
        found += _by_round(domains, found)
    return found


def summarize(findings: Sequence[Finding]) -> tuple[str, str]:
    """(English, Chinese): the first finding, and how many more there are."""
    first = findings[0]
    more = len(findings) - 1
    if not more:
        return first.en, first.zh
    return (
        f"{first.en} (and {more} more from the checks before solving)",
        f"{first.zh}（求解前检查另发现{more}处问题）",
    )


def infeasible_result(
    findings: Sequence[Finding],
    *,
    time_limit: float = 0.0,
    seed: int = 0,
    workers: int = 1,
    wall_time: float = 0.0,
) -> Result:
    """An INFEASIBLE :class:`Result` for a scenario the checks rule out, without
    solving (``solver`` "precheck"); its message is :func:`summarize`'s."""
    en, zh = summarize(findings)
    return Result(
        "INFEASIBLE",
        None,
        wall_time=wall_time,
        solver="precheck",
        seed=seed,
        workers=workers,
        time_limit=time_limit,
        message=en,
        message_zh=zh,
    )


# ---------------------------------------------------------------------------
# who may go where, and why not


class _Domains:
    """The model's domains for period 1: for every present person, the units they may
    be given and the roles they may hold there; and why a place is closed to someone."""

    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.duties = obligations(scenario)
        self.narrowing = [spec for spec in pair_rules(scenario) if narrows(spec, False)]
        self.present = [p for p in scenario.people if self.duties[p.id].duty is not Duty.RETIRED]
        self.candidates: dict[str, frozenset[str]] = {}
        self.roles: dict[str, dict[str, tuple[str, ...]]] = {}
        for p in self.present:
            screen = _RoleScreen(scenario, p, self.narrowing)
            duty = self.duties[p.id]
            units = frozenset(candidate_units(scenario, duty, switchable=False, person=p.id))
            self.candidates[p.id] = units
            allowed = {}
            for unit in reachable_units(scenario, p.id, switchable=False):
                if unit.id in units and (roles := screen.roles(unit)):
                    allowed[unit.id] = roles
            self.roles[p.id] = allowed
        self.all_units = tuple(u.id for u in scenario.units)
        # each area: its office and the units it supervises (a lone office is a unit)
        self.areas = {
            a.id: (a.id, *(u.id for u in scenario.units if u.area == a.id))
            for a in scenario.units
            if a.kind == "area"
        }

    def units_of(self, pid: str, role: str | None = None) -> frozenset[str]:
        """The units ``pid`` may be given (in ``role``, or in any role)."""
        allowed = self.roles[pid]
        return frozenset(u for u, roles in allowed.items() if role is None or role in roles)

    def groups(self, whole: bool = True) -> list[tuple[str, tuple[str, ...]]]:
        """(scope, units): each unit, each area with supervised units, the whole."""
        out: list[tuple[str, tuple[str, ...]]] = [("unit", (u,)) for u in self.all_units]
        out += [("area", units) for units in self.areas.values() if len(units) > 1]
        if whole:
            out.append(("all", self.all_units))
        return out

    def barrier(self, p: Person, unit: Unit, role: str | None = None) -> Reason:
        """Why ``p`` may not be given ``unit`` (in ``role``, or in any role): a duty, the
        leadership structure or a hard pair rule; ``kind`` is the rule's name."""
        s = self.s
        if unit.id not in self.candidates[p.id]:
            return self.duty(p)
        base = base_roles(s, p, unit)
        wanted = base if role is None else tuple(r for r in base if r == role)
        for r in wanted:
            for spec in self.narrowing:
                if spec.concerns(s, p, r) and (why := spec.breach(s, p, unit, r)):
                    return Reason(spec.name, *why)
        who, where = _who(p), _where(unit)
        if role is None:  # no role of their level exists there
            return Reason(
                "leadership_slots",
                f"{who}, a {p.role}, keeps their level and {where} has no {p.role} post",
                f"{who}现任{ROLE_ZH[p.role]}，平级交流而{where}无{ROLE_ZH[p.role]}职数",
            )
        return Reason(
            "leadership_slots",
            f"{who}, a {p.role}, may not become {role} of {where} (one level up at most)",
            f"{who}现任{ROLE_ZH[p.role]}，不能越级担任{where}{ROLE_ZH[role]}",
        )

    def duty(self, p: Person) -> Reason:
        """The person-level duty that fixes where ``p`` goes (or that they must leave)."""
        s, ob = self.s, self.duties[p.id]
        who = _who(p)
        here = _where(s.unit[ob.unit or p.unit])
        if ob.duty is Duty.PINNED:
            return Reason("pins", f"{who} is pinned to {here}", f"{who}已指定安排到{here}")
        if ob.duty is Duty.MUST_MOVE:
            limit = years_number(ob.limit_years)
            return Reason(
                "mandatory_rotation",
                f"{who} must leave {here} after {tenure_text(ob.months)} (limit {limit})",
                f"{who}在{here}任职{tenure_text(ob.months, 'zh')}，满{limit}年须交流",
            )
        if ob.duty is Duty.STAY_FROZEN:
            why = is_frozen(p, s.plan_date)
            return Reason(
                "frozen",
                f"{who} stays in {here}: not to be moved ({why})",
                f"{who}暂不交流（{why}），须留任{here}",
            )
        if ob.duty is Duty.STAY_NEAR_RETIREMENT:
            near = years_number(s.rules.near_retirement.years)
            return Reason(
                "near_retirement",
                f"{who} stays in {here}: retires on {ob.retires}, within {near} years",
                f"{who}将于{ob.retires}退休，距退休不满{near}年，须留任{here}",
            )
        if ob.duty is Duty.STAY_SERVICE:
            spec = s.rules.minimum_service
            years = spec.township_years if s.unit[p.unit].kind == "township" else spec.years
            since = work_start(s, p.id)
            return Reason(
                "minimum_service",
                f"{who} stays in {here}: a new recruit (since {since}) within the minimum "
                f"service of {years_text(years)}",
                f"{who}为新录用人员（{since}参加工作），未满最低服务年限"
                f"{years_number(years)}年，须留任{here}",
            )
        least = s.rules.minimum_stay.years
        return Reason(
            "minimum_stay",
            f"{who} stays in {here}: fewer than {years_text(least)} there (minimum stay)",
            f"{who}在{here}任职未满{years_number(least)}年，须留任",
        )

    def reasons(self, p: Person, units: Iterable[str], role: str | None = None) -> list[Reason]:
        """Why ``p`` may go to none of ``units``: one reason per rule, in unit order."""
        out: dict[str, Reason] = {}
        for uid in units:
            why = self.barrier(p, self.s.unit[uid], role)
            out.setdefault(why.kind, why)
        return list(out.values())


# ---------------------------------------------------------------------------
# sentences


def _who(p: Person) -> str:
    return f"{p.name} ({p.id})"


def _where(u: Unit) -> str:
    return f"{u.name} ({u.id})"


def _place(d: _Domains, scope: str, units: Sequence[str]) -> tuple[str, str]:
    """The group in words: a unit, an area with the units it supervises, all units or a
    list of units."""
    s = d.s
    if scope == "unit":
        name = _where(s.unit[units[0]])
        return name, name
    if scope == "area":
        office = _where(s.unit[units[0]])
        rest = len(units) - 1
        return (
            f"{office} and the {rest} unit{'s' if rest > 1 else ''} it supervises",
            f"{office}及其联系的{rest}个单位",
        )
    if scope == "all":
        return "the district's units", "全区各单位"
    names = [_where(s.unit[u]) for u in units]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} together", "、".join(names) + "合计"


def _count(n: int, one: str, many: str) -> str:
    """``1 person`` / ``3 people``."""
    return f"{n} {one if n == 1 else many}"


def _names(d: _Domains, people: Sequence[str]) -> tuple[str, str]:
    """Up to :data:`NAMED` people by name and id, then how many more."""
    shown = [_who(d.s.person[p]) for p in people[:NAMED]]
    more = len(people) - len(shown)
    return (
        ", ".join(shown) + (f" and {more} more" if more else ""),
        "、".join(shown) + (f"等{len(people)}人" if more else ""),
    )


def _blocked_text(d: _Domains, blocked: Sequence[tuple[str, list[Reason]]]) -> tuple[str, str]:
    """Why the people kept out are kept out: up to :data:`NAMED` of them with every rule
    that bars them, then the rest counted by rule."""
    shown = blocked[:NAMED]
    en = ["; ".join(r.en for r in reasons) for _, reasons in shown]
    zh = ["；".join(r.zh for r in reasons) for _, reasons in shown]
    rest = blocked[NAMED:]
    if rest:
        by_rule = Counter(reasons[0].kind for _, reasons in rest)
        titles = {spec.name: spec for spec in d.s.rules}
        en.append(
            f"and {len(rest)} more ("
            + ", ".join(f"{titles[k].title_en}: {n}" for k, n in by_rule.most_common())
            + ")"
        )
        zh.append(
            f"另有{len(rest)}人（"
            + "，".join(f"{titles[k].title_zh}{n}人" for k, n in by_rule.most_common())
            + "）"
        )
    return "; ".join(en), "；".join(zh)


def _rules_of(first: str, blocked: Iterable[tuple[str, list[Reason]]]) -> tuple[str, ...]:
    rest = sorted({r.kind for _, reasons in blocked for r in reasons} - {first})
    return (first, *rest)


def _pairs(blocked: Iterable[tuple[str, list[Reason]]]) -> tuple[tuple[str, str], ...]:
    return tuple((pid, r.kind) for pid, reasons in blocked for r in reasons)


# ---------------------------------------------------------------------------
# groups of units against the people who may fill them (Hall), and a maximum flow


Classes = dict[frozenset[str], list[str]]
"""People grouped by the units open to them (the flow network has one node per class)."""


def _classes(units_of: Mapping[str, frozenset[str]]) -> Classes:
    out: Classes = defaultdict(list)
    for pid, units in units_of.items():
        if units:
            out[units].append(pid)
    return out


class _Ledger:
    """The groups already reported for one count, with their shortfalls, so that a group
    is reported only when it is short of more than the reported groups inside it
    (deficits of groups without common people add up: the union is at least as short)
    and than any reported group around it."""

    def __init__(self) -> None:
        self.found: list[tuple[frozenset[str], int]] = []

    def news(self, units: frozenset[str], short: int) -> bool:
        if any(units <= g and short <= n for g, n in self.found):
            return False  # a reported group around it is short as much: nothing new
        inside = [(g, n) for g, n in self.found if g <= units]
        top = [(g, n) for g, n in inside if not any(g < h for h, _ in inside)]
        return short > sum(n for _, n in top)

    def add(self, units: frozenset[str], short: int) -> None:
        self.found.append((units, short))


def _flow_groups(classes: Classes, cap: Mapping[str, int], side: str) -> list[tuple[str, ...]]:
    """The groups of units a maximum flow proves short, each connected.

    The network is source → class (its size) → each unit open to the class (unbounded)
    → sink (``cap``). With ``side`` "sink" the caps are demands (a minimum to fill):
    the units that can still reach the sink in the residual network of a maximum flow
    form the smallest group whose demand exceeds the people who may go to any of its
    units (Hall's condition; its shortfall is the flow's). With ``side`` "source" the
    caps are room (a maximum): the units reachable from the source, with the people who
    may go only to them, form the smallest group with more such people than room. A
    group falls apart into parts with no common people, each short on its own.
    """
    if _greedy_fits(classes, cap, side):
        return []  # the maximum flow saturates every cap: no group is short
    return _max_flow_groups(classes, cap, side)


def _max_flow_groups(classes: Classes, cap: Mapping[str, int], side: str) -> list[tuple[str, ...]]:
    """:func:`_flow_groups` by the maximum flow itself."""
    graph = nx.DiGraph()
    graph.add_node("s")
    graph.add_node("t")
    for i, (units, people) in enumerate(classes.items()):
        graph.add_edge("s", ("c", i), capacity=len(people))
        for u in units:
            graph.add_edge(("c", i), ("u", u))  # no capacity: unbounded
    for u, c in cap.items():
        if c > 0:
            graph.add_edge(("u", u), "t", capacity=c)
    _, flow = nx.maximum_flow(graph, "s", "t")
    residual = nx.DiGraph()
    for a, b, data in graph.edges(data=True):
        f = flow[a][b]
        if f < data.get("capacity", float("inf")):
            residual.add_edge(a, b)
        if f > 0:
            residual.add_edge(b, a)
    if side == "sink":
        near = nx.ancestors(residual, "t") if "t" in residual else set()
    else:
        near = nx.descendants(residual, "s") if "s" in residual else set()
    units_in = {n[1] for n in near if isinstance(n, tuple) and n[0] == "u"}
    # the parts: units joined when some class of people may go to both
    parts = nx.Graph()
    parts.add_nodes_from(units_in)
    keys = list(classes)
    for n in near:
        if isinstance(n, tuple) and n[0] == "c":
            inside = [u for u in keys[n[1]] if u in units_in]
            parts.add_edges_from(itertools.pairwise(inside))
    order = {u: i for i, u in enumerate(cap)}
    return [
        tuple(sorted(part, key=lambda u: order.get(u, len(order))))
        for part in nx.connected_components(parts)
    ]


def _greedy_fits(classes: Classes, cap: Mapping[str, int], side: str) -> bool:
    """Whether a greedy placement already meets every cap: each class of people, those
    open to the fewest units first, goes to its units with the most left to fill. With
    ``side`` "sink" every demand is filled, with "source" everyone is placed within the
    room; then the maximum flow of :func:`_flow_groups` saturates and finds no group,
    so it need not run (a province's counties: most of 6.4 s of prechecks were flows).
    A greedy that fails proves nothing; the flow decides."""
    left = {u: c for u, c in cap.items() if c > 0}
    for units, people in sorted(classes.items(), key=lambda item: len(item[0])):
        n = len(people)
        for u in sorted((u for u in units if left.get(u, 0) > 0), key=lambda u: -left[u]):
            take = min(n, left[u])
            left[u] -= take
            n -= take
            if not n:
                break
        if n and side == "source":
            return False  # someone who may go only to full units
    return side == "source" or not any(left.values())


Describe = Callable[[str, tuple[str, ...], int, list[str], frozenset[str]], Finding]
"""Make the finding for (scope, units, demand, people who may fill it, those units)."""


def _short_groups(
    d: _Domains,
    units_of: Mapping[str, frozenset[str]],
    need: Mapping[str, int],
    describe: Describe,
    ledger: _Ledger,
    whole: bool = True,
) -> list[Finding]:
    """Every group (unit, area, whole, then the flow's) whose demand exceeds the people
    who may go to at least one of its units, unless reported groups inside explain it."""
    classes = _classes(units_of)
    out = []

    def report(scope: str, units: tuple[str, ...]) -> None:
        group = frozenset(units)
        demand = sum(need.get(u, 0) for u in units)
        able = [p for key, people in classes.items() if key & group for p in people]
        short = demand - len(able)
        if short > 0 and ledger.news(group, short):
            ledger.add(group, short)
            out.append(describe(scope, units, demand, able, group))

    for scope, units in d.groups(whole):
        report(scope, units)
    if sum(need.values()):
        for units in _flow_groups(classes, need, "sink"):
            report("cut", units)
    return out


# ---------------------------------------------------------------------------
# the checks


def _totals(d: _Domains, short: bool = True) -> list[Finding]:
    """People against the sum of the bands (the minimum only when ``short``: with
    vacancies allowed, too few people is a recruitment need, not a contradiction)."""
    units, n = d.s.units, len(d.present)
    low, high = sum(u.min_staff for u in units), sum(u.max_staff for u in units)
    everyone = d.all_units
    out = []
    if short and low > n:
        out.append(
            Finding(
                "headcount",
                "all",
                f"the units need at least {low} people in all but there are {n}",
                f"各单位最少共需{low}人，现有人员仅{n}人",
                ("headcount",),
                everyone,
                demand=low,
                supply=n,
            )
        )
    if high < n:
        out.append(
            Finding(
                "headcount",
                "all",
                f"the units can hold at most {high} people in all but there are {n}",
                f"各单位最多共容纳{high}人，现有人员{n}人",
                ("headcount",),
                everyone,
                demand=n,
                supply=high,
            )
        )
    return out


def _stranded(d: _Domains) -> list[Finding]:
    """People in the plan with no unit left to go to."""
    out = []
    for p in d.present:
        if d.roles[p.id]:
            continue
        reasons = d.reasons(p, d.all_units)
        en, zh = _blocked_text(d, [(p.id, reasons)])
        out.append(
            Finding(
                "stranded",
                "person",
                f"{_who(p)} has no unit left to go to: {en}",
                f"{_who(p)}无单位可安排：{zh}",
                _rules_of("assignment", [(p.id, reasons)]),
                people=(p.id,),
                blocked=_pairs([(p.id, reasons)]),
                demand=1,
                supply=0,
            )
        )
    return out


def _headcount_min(d: _Domains, found: Sequence[Finding]) -> list[Finding]:
    """Each group's minimum against the people who may work in it."""
    s = d.s
    need = {u.id: u.min_staff for u in s.units}
    ledger = _Ledger()
    # the whole is the total check; people with nowhere to go are reported on their own
    total = max(sum(need.values()) - len(d.present), 0)
    stranded = sum(f.kind == "stranded" for f in found)
    if total + stranded:
        ledger.add(frozenset(d.all_units), total + stranded)

    def describe(
        scope: str, units: tuple[str, ...], demand: int, able: list[str], group: frozenset[str]
    ) -> Finding:
        where_en, where_zh = _place(d, scope, units)
        verb = "needs" if scope == "unit" else "need"
        out = [p for p in d.present if not (d.units_of(p.id) & group)]
        out.sort(key=lambda p: p.unit not in group)  # the group's own people first
        blocked = [(p.id, d.reasons(p, units)) for p in out]
        who_en, who_zh = _names(d, able)
        why_en, why_zh = _blocked_text(d, blocked)
        if able:
            some_en = f"only {len(able)} may work there ({who_en}); the others may not"
            some_zh = f"可安排的仅{len(able)}人（{who_zh}）；其余人员不能安排"
        else:
            some_en, some_zh = "nobody may work there", "无人可安排"
        return Finding(
            "headcount",
            scope,
            f"{where_en} {verb} at least {demand} people but {some_en}: {why_en}",
            f"{where_zh}最少需要{demand}人，{some_zh}：{why_zh}",
            _rules_of("headcount", blocked),
            units,
            tuple(able),
            _pairs(blocked),
            demand=demand,
            supply=len(able),
        )

    units_of = {p.id: d.units_of(p.id) for p in d.present}
    return _short_groups(d, units_of, need, describe, ledger, whole=False)


def _headcount_max(d: _Domains, found: Sequence[Finding]) -> list[Finding]:
    """People who may go only to a group against its maximum."""
    s = d.s
    room = {u.id: u.max_staff for u in s.units}
    units_of = {p.id: d.units_of(p.id) for p in d.present}
    classes = _classes(units_of)
    ledger = _Ledger()
    over = len(d.present) - sum(room.values())
    if over > 0:
        ledger.add(frozenset(d.all_units), over)
    out = []

    def report(scope: str, units: tuple[str, ...]) -> None:
        group = frozenset(units)
        stuck = [p for key, people in classes.items() if key <= group for p in people]
        places = sum(room[u] for u in units)
        excess = len(stuck) - places
        if excess <= 0 or not ledger.news(group, excess):
            return
        ledger.add(group, excess)
        where_en, where_zh = _place(d, scope, units)
        others = [u for u in d.all_units if u not in group]
        blocked = [(pid, d.reasons(s.person[pid], others)) for pid in stuck]
        why_en, why_zh = _blocked_text(d, blocked)
        its = "its maximum" if scope == "unit" else "their maximum in all"
        out.append(
            Finding(
                "headcount",
                scope,
                f"{where_en} must take {len(stuck)} people who can go to no other unit, above "
                f"{its} of {places}: {why_en}",
                f"{where_zh}有{len(stuck)}人只能安排在该处，超过最多人数{places}人：{why_zh}",
                _rules_of("headcount", blocked),
                units,
                tuple(stuck),
                _pairs(blocked),
                demand=len(stuck),
                supply=places,
            )
        )

    for scope, units in d.groups(whole=False):
        report(scope, units)
    for units in _flow_groups(classes, room, "source"):
        report("cut", units)
    return out


def _skill(d: _Domains, skill: str) -> list[Finding]:
    """Each group's need of ``skill`` against the distinct holders who may work there."""
    s = d.s
    need = {u.id: n for u in s.units if (n := u.needs_map.get(skill, 0)) > 0}
    if not need:
        return []
    holders = [p for p in d.present if skill in p.skills]
    units_of = {p.id: d.units_of(p.id) for p in holders}
    zh_skill = SKILL_ZH.get(skill, skill)

    def describe(
        scope: str, units: tuple[str, ...], demand: int, able: list[str], group: frozenset[str]
    ) -> Finding:
        where_en, where_zh = _place(d, scope, units)
        verb = "needs" if scope == "unit" else "need"
        out = [p for p in holders if not (units_of[p.id] & group)]
        out.sort(key=lambda p: p.unit not in group)  # the group's own holders first
        blocked = [(p.id, d.reasons(p, units)) for p in out]
        who_en, who_zh = _names(d, able)
        n = len(holders)
        en = f"{where_en} {verb} {_count(demand, 'person', 'people')} with {skill} but "
        zh = f"{where_zh}共需{zh_skill}专业人员{demand}名，"
        if not blocked:  # everyone who holds it may go there: there are too few
            if n:
                en += f"only {n} hold{'s' if n == 1 else ''} it ({who_en})"
                zh += f"全区仅有{n}名（{who_zh}）"
            else:
                en += "nobody holds it"
                zh += f"全区没有{zh_skill}专业人员"
        else:
            why_en, why_zh = _blocked_text(d, blocked)
            holders_en = _count(n, f"{skill} holder", f"{skill} holders")
            if able:
                en += f"only {len(able)} of the {holders_en} may work there ({who_en}); "
                en += f"the others may not: {why_en}"
                zh += f"全区{n}名{zh_skill}专业人员中可安排的仅{len(able)}名（{who_zh}）；"
                zh += f"其余人员不能安排：{why_zh}"
            else:
                en += f"none of the {holders_en} may work there: {why_en}"
                zh += f"全区{n}名{zh_skill}专业人员均不能安排到该处：{why_zh}"
        return Finding(
            "skill",
            scope,
            en,
            zh,
            _rules_of("skill_cover", blocked),
            units,
            tuple(able),
            _pairs(blocked),
            skill,
            demand,
            len(able),
        )

    return _short_groups(d, units_of, need, describe, _Ledger())


def _heads(d: _Domains) -> list[Finding]:
    """The head posts that must be filled against the people who may take them."""
    s = d.s
    spec = s.rules.leadership_slots
    need = {u.id: n for u in s.units if (n := spec.heads_needed(s, u)) > 0}
    if not need:
        return []
    units_of = {p.id: d.units_of(p.id, "head") for p in d.present}
    # who could plausibly lead: today's heads and deputies (a member rises one level)
    leaders = [p for p in d.present if p.role in ("head", "deputy")]

    def describe(
        scope: str, units: tuple[str, ...], demand: int, able: list[str], group: frozenset[str]
    ) -> Finding:
        where_en, where_zh = _place(d, scope, units)
        heads_en = f"{demand} head{'s' if demand > 1 else ''}"
        heads_en += "" if scope == "unit" else " in all"
        out = [p for p in leaders if not (units_of[p.id] & group)]
        out.sort(key=lambda p: p.unit not in group)  # their own leaders first
        blocked = [(p.id, d.reasons(p, units, "head")) for p in out]
        who_en, who_zh = _names(d, able)
        if able:
            en = (
                f"{where_en} must have {heads_en} but only {len(able)} may take the post ({who_en})"
            )
            zh = f"{where_zh}须配备负责人{demand}名，可任职的仅{len(able)}人（{who_zh}）"
        else:
            en = f"{where_en} must have {heads_en} but nobody may take the post"
            zh = f"{where_zh}须配备负责人{demand}名，但无人可任"
        if blocked:
            why_en, why_zh = _blocked_text(d, blocked)
            en += f"; of today's heads and deputies: {why_en}"
            zh += f"；现任负责人和副职中：{why_zh}"
        return Finding(
            "head",
            scope,
            en,
            zh,
            _rules_of("leadership_slots", blocked),
            units,
            tuple(able),
            _pairs(blocked),
            demand=demand,
            supply=len(able),
        )

    return _short_groups(d, units_of, need, describe, _Ledger())


def _posts(d: _Domains) -> list[Finding]:
    """People who can only be head (or only deputy) of one unit, against its posts."""
    s = d.s
    out = []
    for unit in s.units:
        for role, posts in (("head", unit.heads), ("deputy", unit.deputies)):
            stuck = [p for p in d.present if d.roles[p.id] == {unit.id: (role,)}]
            if len(stuck) <= posts:
                continue
            others = [u for u in d.all_units if u != unit.id]
            blocked = [(p.id, d.reasons(p, others)) for p in stuck]
            why_en, why_zh = _blocked_text(d, blocked)
            where = _where(unit)
            out.append(
                Finding(
                    "posts",
                    "unit",
                    f"{where} has {len(stuck)} people who can only be its {role}, above its "
                    f"{posts} {role} post{'s' if posts != 1 else ''}: {why_en}",
                    f"{where}有{len(stuck)}人只能任该单位{ROLE_ZH[role]}，超过职数{posts}名：{why_zh}",
                    _rules_of("leadership_slots", blocked),
                    (unit.id,),
                    tuple(p.id for p in stuck),
                    _pairs(blocked),
                    demand=len(stuck),
                    supply=posts,
                )
            )
    return out


# ---------------------------------------------------------------------------
# each round of a plan of several rounds, counted as a whole

VACANCY_HINT = (
    "; with [rules.vacancies] on, the plan names the posts to recruit for instead",
    "；开启[rules.vacancies]（空缺岗位）后，方案将列出需招录的岗位",
)
"""What to do about a round short of people or skills: the plan as a recruitment plan."""


@dataclass(frozen=True)
class _Count:
    """One thing counted in every round: everyone (``skill`` ""), or the holders of one
    skill; ``demand`` per round is what the units need at work."""

    rule: str
    skill: str
    demand: int

    @property
    def kind(self) -> str:
        """The :attr:`Finding.kind` of a shortfall: "skill" or "headcount"."""
        return "skill" if self.skill else "headcount"

    def counts(self, skills: frozenset[str]) -> bool:
        """Whether someone with ``skills`` is counted."""
        return not self.skill or self.skill in skills

    def what(self) -> tuple[str, str]:
        """(English, Chinese): whom the count is of."""
        if not self.skill:
            return "people", "人员"
        return f"people with {self.skill}", f"{SKILL_ZH.get(self.skill, self.skill)}专业人员"


def _by_round(d: _Domains, found: Sequence[Finding]) -> list[Finding]:
    """Each round counted as a whole: the people who can be at work in it against what
    the units need, for the minimum headcount and each skill (the first round each is
    short in; round 1 only where its checks above found nothing of the kind); then each
    absence that no round of its window can spare. Vacancies off: a shortfall is then
    no plan, not a post to recruit for.

    Who can be at work in round t: everyone not retired by its date (rule 40) less those
    whose absence covers t from any round it may start in (rule 43, hard), plus the
    planned hires of round t or before; a unit's minimum and its skill cover count the
    people at work (:meth:`rotation.plan.Plan.at_work`), each in one unit, so the
    units together need at least the sum of their minimums, and of their needs of a
    skill. Found on a five-round district whose 11 units needing audit had 11 holders
    left after the retirements of round 4, one of whom had training due in round 4 or 5:
    the solver searched 120 s in vain.
    """
    s = d.s
    rules = s.rules
    counts = []
    if rules.headcount.enabled and rules.headcount.hard:
        counts.append(_Count("headcount", "", sum(u.min_staff for u in s.units)))
    if rules.skill_cover.enabled and rules.skill_cover.hard:
        for skill in s.skills:
            need = sum(u.needs_map.get(skill, 0) for u in s.units)
            if need:
                counts.append(_Count("skill_cover", skill, need))
    kinds = {(f.kind, f.skill) for f in found}
    counts = [c for c in counts if (c.kind, c.skill) not in kinds]
    training = rules.training.enabled and rules.training.hard
    absences = [a for a in s.absences if training and a.person in s.person and s.starts(a)]
    # the rounds an absence covers whichever round it starts in
    sure = {i: _sure_rounds(s, a) for i, a in enumerate(absences)}
    rounds = [_Round.of(s, t, absences, sure) for t in s.periods] if counts else []
    out = []
    for count in counts:
        slack = {}
        for rnd in rounds:
            finding, slack[rnd.period] = _round_count(d, count, rnd)
            if finding is not None:
                out.append(finding)
                break
        else:
            out += _absences(d, count, absences, sure, slack)
    return out


def _sure_rounds(s: Scenario, a: Absence) -> frozenset[int]:
    """The rounds ``a`` covers from every round it may start in."""
    covered = [set(s.away_rounds(a, start)) for start in s.starts(a)]
    return frozenset(set.intersection(*covered))


@dataclass(frozen=True)
class _Round:
    """Who is gone from round ``period`` of the plan: the people retired by its date, and
    those an absence surely takes away (not retired); and the hires who have joined."""

    period: int
    retired: frozenset[str]
    away: frozenset[str]
    hires: tuple[Hire, ...]

    @staticmethod
    def of(
        s: Scenario, t: int, absences: Sequence[Absence], sure: Mapping[int, frozenset[int]]
    ) -> _Round:
        retired = frozenset(p.id for p in s.people if retired_by(s, p.id, t))
        away = frozenset(a.person for i, a in enumerate(absences) if t in sure[i]) - retired
        return _Round(t, retired, away, tuple(h for h in s.hires if h.round <= t))


def _round_count(d: _Domains, count: _Count, rnd: _Round) -> tuple[Finding | None, int]:
    """Round ``rnd`` of ``count``: a finding if fewer can be at work than the units need,
    and the slack (how many more can be at work than needed)."""
    s = d.s
    mine = [p.id for p in s.people if count.counts(p.skills)]
    gone = [p for p in mine if p in rnd.retired]
    away = [p for p in mine if p in rnd.away]
    hires = [h for h in rnd.hires if count.counts(h.skills)]
    supply = len(mine) - len(gone) - len(away) + len(hires)
    if supply >= count.demand:
        return None, supply - count.demand
    when, when_zh = round_text(s, rnd.period), round_text(s, rnd.period, "zh")
    what, what_zh = count.what()
    en = (
        f"in {when} the units need {count.demand} {what} at work in all but at most "
        f"{supply} can be: {len(mine)} today"
    )
    zh = f"{when_zh}各单位共需{what_zh}{count.demand}名在岗，最多只有{supply}名：现有{len(mine)}名"
    if gone:
        names, names_zh = _names(d, gone)
        en += f", {len(gone)} retired by then ({names})"
        zh += f"，其中{len(gone)}名届时已退休（{names_zh}）"
    if away:
        names, names_zh = _names(d, away)
        en += f", {len(away)} away training or on a secondment ({names})"
        zh += f"，{len(away)}名外出培训或挂职（{names_zh}）"
    if hires:
        en += f", {len(hires)} planned hire{'s' if len(hires) > 1 else ''} added"
        zh += f"，另计划招录{len(hires)}名"
    rules = (count.rule,) + (("retirement",) if gone else ()) + (("training",) if away else ())
    finding = Finding(
        count.kind,
        "all",
        en + VACANCY_HINT[0],
        zh + VACANCY_HINT[1],
        rules,
        d.all_units,
        skill=count.skill,
        demand=count.demand,
        supply=supply,
    )
    return finding, supply - count.demand


def _absences(
    d: _Domains,
    count: _Count,
    absences: Sequence[Absence],
    sure: Mapping[int, frozenset[int]],
    slack: Mapping[int, int],
) -> list[Finding]:
    """The absences of people ``count`` counts that no start can fit: from every round it
    may start in, it would take its person away in a round where everyone counted is
    needed at work (no slack; the rounds it surely covers are in the slack already)."""
    s = d.s
    out = []
    for i, a in enumerate(absences):
        if not count.counts(s.person[a.person].skills):
            continue

        # a start fits if each round it covers can spare the person, or counts them out
        # already, or is after they retire
        if any(
            all(
                slack[t] >= 1 or t in sure[i] or retired_by(s, a.person, t)
                for t in s.away_rounds(a, start)
            )
            for start in s.starts(a)
        ):
            continue
        first, last = s.starts(a)[0], s.away_rounds(a, s.starts(a)[-1])[-1]
        retiring = any(retired_by(s, p.id, last) for p in s.people if count.counts(p.skills))
        what, what_zh = count.what()
        text, text_zh = absence_text(s, Names(s), a)
        out.append(
            Finding(
                "absence",
                "person",
                f"{text} cannot be taken: in every round it could cover (rounds {first} to "
                f"{last}) the units need all {count.demand} {what} who can be at work"
                + VACANCY_HINT[0],
                f"{text_zh}无法安排：其可能离岗的各轮（第{first}至{last}轮）中，各单位需要"
                f"全部{count.demand}名可在岗的{what_zh}在岗" + VACANCY_HINT[1],
                ("training", count.rule) + (("retirement",) if retiring else ()),
                d.all_units,
                (a.person,),
                skill=count.skill,
                demand=count.demand,
                supply=count.demand,
            )
        )
    return out
