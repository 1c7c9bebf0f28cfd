"""Why a district has no plan: a minimal set of rule instances that cannot hold together.

Every hard rule instance (a unit's band, one skill need, one person's duty, one
relative pair …) is an assumption literal of the switchable model (see
:mod:`rotation.explain.oracle`). CP-SAT proves the model infeasible under all of them
and returns the assumptions it used (``sufficient_assumptions_for_infeasibility``);
that set is not guaranteed minimal (google/or-tools#3017, #3983, #5141), so it is
shrunk by deletion: each member is dropped in turn and stays out if the rest is still
infeasible (the new core of that solve may drop more at once); otherwise it is needed.
When every such check is answered the result is a minimal conflict: removing any one
member leaves a set that can hold. A check that runs out of time keeps its member and
marks the conflict not proven minimal.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from rotation.explain.describe import describe_conflict
from rotation.explain.oracle import SAT, UNKNOWN, UNSAT, Force, Key, Oracle
from rotation.facts import ROLE_ZH, Duty
from rotation.scenario import Scenario
from rotation.validate.common import Names

DEFAULT_TIME = 20.0
"""Seconds for finding and shrinking a conflict (a district takes a few)."""


@dataclass(frozen=True)
class ConflictMember:
    """One rule instance of a conflict: the rule's name, the key of its switch in the
    model (e.g. ``("U1", 1, "min")`` for a unit's minimum headcount, ``("P3",)`` for a
    person's duty) and what it demands in words, with the data behind it."""

    rule: str
    key: tuple[object, ...]
    en: str
    zh: str

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` ("en" or "zh")."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Conflict:
    """Rule instances that cannot all hold. ``minimal``: dropping any one member leaves a
    set that can hold (proved by re-solving); False when a check ran out of time.
    ``summary_en``/``summary_zh`` say in one sentence what the members add up to."""

    members: tuple[ConflictMember, ...]
    minimal: bool
    summary_en: str = ""
    summary_zh: str = ""

    @property
    def keys(self) -> set[Key]:
        """The (rule, key) of every member."""
        return {(m.rule, m.key) for m in self.members}

    def text(self, lang: str = "en") -> str:
        """The summary, then one numbered line per member."""
        lines = [self.summary_zh if lang == "zh" else self.summary_en]
        for i, m in enumerate(self.members, 1):
            lines.append(f"  {i}. {m.text(lang)}")
        if not self.minimal:
            lines.append(
                "  （时限内未能证明以上各项缺一不可）"
                if lang == "zh"
                else "  (not proven minimal within the time limit)"
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class Core:
    """A conflict as indices into an :class:`Oracle`'s instances (before the words)."""

    members: tuple[int, ...]
    minimal: bool


def find_core(oracle: Oracle, deadline: float, shrink: bool = True) -> Core | None:
    """The instances of a conflict in ``oracle``'s model, minimal if ``shrink`` and time
    allows; None when every instance can hold together (or time ran out first)."""
    every = list(range(len(oracle)))
    first = oracle.check(every, deadline - time.perf_counter(), quick=1.0)
    if first.status != UNSAT:
        return None
    core = list(first.core)
    if not shrink:
        return Core(tuple(core), False)
    return shrink_core(oracle, core, deadline)


def shrink_core(oracle: Oracle, core: Iterable[int], deadline: float) -> Core:
    """Deletion: drop each member in turn; keep it out when the rest is still infeasible
    (then keep only that solve's core, which holds every member found needed so far:
    a set without a needed member is feasible), keep it in when the rest can hold."""
    current = list(core)
    needed: set[int] = set()
    minimal = True
    while True:
        todo = [i for i in current if i not in needed]
        if not todo:
            break
        member = todo[0]
        rest = [i for i in current if i != member]
        answer = oracle.check(rest, deadline - time.perf_counter())
        if answer.status == UNSAT:
            smaller = set(answer.core)
            current = [i for i in rest if i in smaller]
        elif answer.status == SAT:
            needed.add(member)
        else:
            assert answer.status == UNKNOWN
            needed.add(member)  # unproven: keep it, and say so
            minimal = False
    return Core(tuple(current), minimal)


def conflict_of(oracle: Oracle, core: Core, decision: tuple[str, str] | None = None) -> Conflict:
    """The conflict in words (``decision``: the forced decision it is about, if any)."""
    if not core.members:
        return _structural(oracle, decision)
    keys = [oracle.keys[i] for i in core.members]
    described = describe_conflict(oracle.scenario, keys, core.minimal, decision)
    members = tuple(
        ConflictMember(rule, key, en, zh)
        for (rule, key), (en, zh) in zip(keys, described.lines, strict=True)
    )
    return Conflict(members, core.minimal, described.summary_en, described.summary_zh)


def _structural(oracle: Oracle, decision: tuple[str, str] | None) -> Conflict:
    """No rule instance is needed to prove infeasibility: the structure alone (one unit
    per person, with a post of their level) cannot hold; name who has no unit left."""
    s, ctx = oracle.scenario, oracle.ctx
    n = Names(s)
    members = []
    for p in s.people:
        if s.duties[p.id].duty is Duty.RETIRED or ctx.by_person.get((p.id, 1)):
            continue
        role_zh = ROLE_ZH.get(p.role, p.role)
        members.append(
            ConflictMember(
                "assignment",
                (p.id,),
                f"{n.p(p.id)} ({p.role}) has no unit with a post of their level to be placed in",
                f"{n.p(p.id)}（{role_zh}）没有设置相应职位的单位可以安排",
            )
        )
    if not members:
        head = decision or ("the plan", "方案")
        members.append(
            ConflictMember(
                "assignment",
                (),
                f"{head[0]}: one unit per person, each with a post of their level, cannot hold",
                f"{head[1]}：无法使每人在且仅在一个设有相应职位的单位",
            )
        )
    summary = (
        "no plan places everyone, whatever the rules",
        "无论规则如何，都无法为每个人安排单位",
    )
    return Conflict(tuple(members), True, *summary)


def find_conflict(
    scenario: Scenario,
    *,
    force: Iterable[Force] = (),
    time_limit: float = DEFAULT_TIME,
    decision: tuple[str, str] | None = None,
) -> Conflict | None:
    """A minimal set of hard rule instances of ``scenario`` that cannot hold together
    (with the ``force`` constraints always in place: ``decision`` says what they force,
    in English and Chinese, for the summary), in words; None when the hard rules can all
    hold. Single worker, as CP-SAT's cores need."""
    deadline = time.perf_counter() + time_limit
    oracle = Oracle(scenario, force)
    core = find_core(oracle, deadline)
    return None if core is None else conflict_of(oracle, core, decision)


def is_infeasible(scenario: Scenario, keys: Iterable[Key], time_limit: float = 10.0) -> bool | None:
    """Whether the rule instances ``keys`` of ``scenario`` alone cannot hold (None: not
    decided in time); for checking a conflict's minimality from outside."""
    oracle = Oracle(scenario)
    answer = oracle.check([oracle.index[k] for k in keys], time_limit)
    return None if answer.status == UNKNOWN else answer.status == UNSAT
