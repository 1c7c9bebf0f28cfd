"""Checkers: kin avoidance (rules 14–16) and the lower-ranked relative moves (rule 18)."""

from __future__ import annotations

from typing import Any

from rotation.facts import leads_office
from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import ROLE_ZH, Names, Violation


def check_kin_avoidance(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Relatives are not in one unit, nor one in an area office over the other's unit,
    nor one head or deputy of an internal office while the other works in an internal
    office (one record per pair and period for this part, whichever way round)."""
    n, out = Names(scenario), []
    for rel in scenario.relations:
        for t in scenario.periods:
            ua, ub = plan.unit_of(rel.a, t), plan.unit_of(rel.b, t)
            if ua is None or ub is None:
                continue
            if spec.same_unit and ua == ub:
                out.append(
                    Violation(
                        "kin_avoidance",
                        t,
                        f"{n.p(rel.a)} and {n.p(rel.b)} are relatives ({rel.kind}) and both in "
                        f"{n.u(ua)} in {n.r(t)}",
                        f"{n.p(rel.a)} 与 {n.p(rel.b)} 有亲属关系，{n.r(t, 'zh')}同在{n.u(ua)}",
                        person=rel.a,
                        unit=ua,
                    )
                )
            if spec.organ_leader:
                out.extend(_organ_leader(scenario, plan, n, rel.a, rel.b, t))
            if not spec.supervision:
                continue
            for boss, other, u_boss, u_other in ((rel.a, rel.b, ua, ub), (rel.b, rel.a, ub, ua)):
                unit_boss = scenario.unit.get(u_boss)
                unit_other = scenario.unit.get(u_other)
                if (
                    unit_boss is not None
                    and unit_other is not None
                    and unit_boss.kind == "area"
                    and unit_other.area == unit_boss.id
                ):
                    out.append(
                        Violation(
                            "kin_avoidance",
                            t,
                            f"{n.p(boss)} in area office {n.u(u_boss)} supervises {n.u(u_other)} "
                            f"where relative {n.p(other)} works in {n.r(t)}",
                            f"{n.p(boss)} 在{n.u(u_boss)}，其亲属 {n.p(other)} 在其联系监督的"
                            f"{n.u(u_other)}（第{t}轮）",
                            person=boss,
                            unit=u_boss,
                        )
                    )
    return out


def _organ_leader(
    scenario: Scenario, plan: Plan, n: Names, a: str, b: str, t: int
) -> list[Violation]:
    """Rule 15's 机关 part for one pair in period ``t``: at most one record."""
    for boss, other in ((a, b), (b, a)):
        u_boss = scenario.unit.get(plan.unit_of(boss, t) or "")
        u_other = scenario.unit.get(plan.unit_of(other, t) or "")
        role = plan.role_of(boss, t)
        if u_boss is None or u_other is None or u_other.kind != "office":
            continue
        if u_other.county != u_boss.county:  # another county's offices: another 机关
            continue
        if role is None or not leads_office(u_boss, role):
            continue
        return [
            Violation(
                "kin_avoidance",
                t,
                f"{n.p(boss)} is {role} of internal office {n.u(u_boss.id)} and relative "
                f"{n.p(other)} works in internal office {n.u(u_other.id)} in {n.r(t)}",
                f"{n.p(boss)} 任委机关内设机构{n.u(u_boss.id)}{ROLE_ZH[role]}，其亲属 "
                f"{n.p(other)} 在委机关内设机构{n.u(u_other.id)}工作（第{t}轮）",
                person=boss,
                unit=u_boss.id,
            )
        ]
    return []


def check_kin_lower_moves(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 18: pairs in each other's way today where only the higher-ranked one moves
    (the pairs are :meth:`rotation.rules.KinLowerMoves.pairs`; one record each)."""
    n, out = Names(scenario), []
    for high, low in spec.pairs(scenario):
        ph, pl = scenario.person[high], scenario.person[low]
        if not plan.moved(high, 1) or plan.unit_of(low, 1) != pl.unit:
            continue
        after = plan.unit_of(high, 1)
        en = (
            f"{n.p(high)} ({ph.rank}) moves from {n.u(ph.unit)} to {n.u(after)} while relative "
            f"{n.p(low)} ({pl.rank}), lower in rank, stays in {n.u(pl.unit)}; the lower-ranked "
            "one should move"
        )
        zh = (
            f"{n.p(high)}（{ph.rank}）由{n.u(ph.unit)}调往{n.u(after)}，职级较低的亲属 "
            f"{n.p(low)}（{pl.rank}）仍留在{n.u(pl.unit)}；应由职级较低一方回避"
        )
        out.append(Violation("kin_lower_moves", 1, en, zh, person=high, unit=ph.unit))
    return out
