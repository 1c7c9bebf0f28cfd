"""What a re-plan after one resignation changes, against planning again from scratch.

Each case is planned, one person it places resigns, and the rest is planned again twice
in the same time: with the first plan as the published one (``previous``, what
``rotation solve --previous`` does) and without it. Printed per case: the published
plan's tier 1, then for the re-plan and the plan from scratch their tier 1 and how many
published decisions they change (by :func:`rotation.replan.kept_count`, the leaver's own
included), and the medians.

Cases are random districts of one to five rounds with planned hires, absences to
schedule and, in half of them, posts left to recruitment (seeded by the case number), or
a preset. Not a test and not timed in tests. Run from the repository root::

    .venv/bin/python benchmarks/replan.py --cases 20 --time-limit 8
    .venv/bin/python benchmarks/replan.py --preset district-5y --runs 3 --time-limit 20
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rotation.facts import retired_by  # noqa: E402
from rotation.generate import PRESETS, generate, generate_preset  # noqa: E402
from rotation.plan import Plan  # noqa: E402
from rotation.replan import kept_count, with_previous  # noqa: E402
from rotation.result import Result  # noqa: E402
from rotation.scenario import Absence, Hire, Scenario  # noqa: E402
from rotation.solvers import solve  # noqa: E402

SKILLS = ("law", "finance", "audit")


def random_district(case: int) -> Scenario | None:
    """A district of one to five rounds with hires, absences and maybe vacancies (None
    when the generator cannot staff the sizes drawn)."""
    pick = random.Random(case)
    horizon = pick.randint(1, 5)
    try:
        s = generate(
            pick.randint(40, 90), pick.randint(8, 16), pick.randint(0, 10**6), horizon=horizon
        )
    except ValueError:
        return None
    hires = tuple(
        Hire(f"H{i}", pick.randint(1, horizon), frozenset(pick.sample(SKILLS, pick.randint(0, 2))))
        for i in range(pick.randint(0, 3))
    )
    here = [p.id for p in s.people if not retired_by(s, p.id, horizon)]
    away = []
    for pid in pick.sample(here, pick.randint(0, 3)):
        first = pick.randint(1, horizon)
        kind = pick.choice(("training", "secondment"))
        away.append(Absence(pid, kind, pick.randint(1, 2), first, pick.randint(first, horizon)))
    s = s.replace(hires=hires, absences=tuple(away))
    if pick.random() < 0.5:
        s = s.replace(rules=replace(s.rules, vacancies=replace(s.rules.vacancies, enabled=True)))
    return s


def resign(s: Scenario, plan: Plan, pick: random.Random) -> Scenario:
    """``s`` without one person ``plan`` places in round 1, and every row naming them."""
    placed = sorted({pid for (pid, t) in plan.assignments if t == 1 and pid in s.person})
    gone = pick.choice(placed)
    return s.replace(
        people=tuple(p for p in s.people if p.id != gone),
        relations=tuple(r for r in s.relations if gone not in (r.a, r.b)),
        history=tuple(h for h in s.history if h.person != gone),
        pins=tuple(p for p in s.pins if p.person != gone),
        absences=tuple(a for a in s.absences if a.person != gone),
    )


def tier1(result: Result) -> float:
    """The first tier's value (0 when the objective has none)."""
    return result.tiers[0].value if result.tiers else 0.0


def run(name: str, s: Scenario, seed: int, limit: float) -> tuple[float, ...] | None:
    """One case: (published tier 1, re-plan tier 1, its changes, scratch tier 1, its
    changes), or None when a solve finds no plan in time."""
    first = solve(s, time_limit=limit)
    if first.plan is None:
        print(f"{name}: no first plan ({first.status})")
        return None
    after = resign(s, first.plan, random.Random(seed))
    again = solve(after, time_limit=limit, previous=first.plan)
    scratch = solve(after, time_limit=limit)
    if again.plan is None or scratch.plan is None:
        print(f"{name}: no plan after the resignation")
        return None
    carrying = with_previous(after, first.plan)
    kept, published = kept_count(again.plan)
    kept_scratch, _ = kept_count(Plan(carrying, scratch.plan.assignments))
    row = (
        tier1(first),
        tier1(again),
        float(published - kept),
        tier1(scratch),
        float(published - kept_scratch),
    )
    print(
        f"| {name} | {s.horizon} | {published} | {row[0]:g} | {row[1]:g} | {row[2]:g} "
        f"| {row[3]:g} | {row[4]:g} |",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20, help="random districts")
    parser.add_argument("--preset", choices=sorted(PRESETS), help="a preset instead")
    parser.add_argument("--runs", type=int, default=3, help="with --preset: resignations")
    parser.add_argument("--time-limit", type=float, default=8.0)
    args = parser.parse_args()
    print(
        "| case | rounds | published decisions | published tier 1 | re-plan tier 1 "
        "| re-plan changes | scratch tier 1 | scratch changes |"
    )
    print("|---|---|---|---|---|---|---|---|")
    rows = []
    if args.preset:
        s = generate_preset(args.preset)
        for k in range(args.runs):
            rows.append(run(f"{args.preset} #{k + 1}", s, k, args.time_limit))
    else:
        for case in range(args.cases):
            district = random_district(case)
            if district is not None:
                rows.append(run(f"random {case}", district, case, args.time_limit))
    done = [row for row in rows if row is not None]
    if done:
        medians = [statistics.median(col) for col in zip(*done, strict=True)]
        print(
            f"| median of {len(done)} | | | {medians[0]:g} | {medians[1]:g} | {medians[2]:g} "
            f"| {medians[3]:g} | {medians[4]:g} |"
        )


if __name__ == "__main__":
    main()
