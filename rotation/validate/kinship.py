"""Checkers: kin avoidance (rules 14–18)."""

from __future__ import annotations

from typing import Any

from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import Names, Violation


def check_kin_avoidance(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Relatives are not in one unit, nor one in an area office over the other's unit."""
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
                        f"{n.u(ua)} in period {t}",
                        f"{n.p(rel.a)} 与 {n.p(rel.b)} 有亲属关系，第{t}轮同在{n.u(ua)}",
                        person=rel.a,
                        unit=ua,
                    )
                )
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
                            f"where relative {n.p(other)} works (period {t})",
                            f"{n.p(boss)} 在{n.u(u_boss)}，其亲属 {n.p(other)} 在其联系监督的"
                            f"{n.u(u_other)}（第{t}轮）",
                            person=boss,
                            unit=u_boss,
                        )
                    )
    return out


def check_kin_lower_moves(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 18: pairs in each other's way today where only the higher-ranked one moves."""
    return []  # STUB: being written (issue 3)
