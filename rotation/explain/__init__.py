"""Explanations: why a district has no plan and what would repair it, why a person moves
or stays, and what a posting the plan did not choose would cost.

- :func:`find_conflict`: a minimal set of hard rule instances that cannot hold together,
  each in a sentence with the data behind it (:mod:`rotation.explain.conflict`);
- :func:`repairs`: up to five changes that make the district plannable, each verified
  by a plan that passes the checker, ranked by policy cost (:mod:`rotation.explain.repair`);
- :func:`explain_person` and :func:`why_not`: the decision forced the other way and
  solved again (:mod:`rotation.explain.why`);
- :func:`explain_infeasible`: the conflict and the repairs together, within one time
  budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from rotation.explain.conflict import Conflict, ConflictMember, find_conflict
from rotation.explain.repair import POLICY_COSTS, Change, Repair, repairs
from rotation.explain.why import PersonExplanation, WhyNot, explain_person, why_not
from rotation.scenario import Scenario


@dataclass(frozen=True)
class Infeasibility:
    """Why a scenario has no plan (``conflict``; None if none was found in time) and the
    ``repairs`` that would give it one, cheapest first."""

    conflict: Conflict | None
    repairs: tuple[Repair, ...]

    def text(self, lang: str = "en") -> str:
        """The conflict, then the numbered repairs."""
        zh = lang == "zh"
        lines = ["无可行方案：" if zh else "No plan exists:"]
        if self.conflict is None:
            lines.append(
                "  时限内未能找出相互冲突的规则"
                if zh
                else "  the conflicting rules were not found within the time limit"
            )
        else:
            lines.append(self.conflict.text(lang))
        lines.append("")
        if not self.repairs:
            lines.append(
                "时限内未找到经验证的调整方案"
                if zh
                else "No verified repair found within the time limit"
            )
            return "\n".join(lines)
        lines.append(
            "可行的调整（按代价排序，均已重新求解并校验）："
            if zh
            else "Repairs (cheapest first, each re-solved and checked):"
        )
        for i, repair in enumerate(self.repairs, 1):
            lines.append(f"  {i}. {repair.text(lang)}")
        return "\n".join(lines)


def explain_infeasible(
    scenario: Scenario,
    *,
    time_limit: float = 30.0,
    costs: Mapping[str, float] | None = None,
    limit: int = 5,
) -> Infeasibility:
    """The minimal conflict of an infeasible ``scenario`` and up to ``limit`` verified
    repairs, within ``time_limit`` seconds in all. The two are found side by side, on
    two threads (CP-SAT releases the GIL, and a conflict's core needs a single worker
    anyway), and the repairs then say how many of the conflict's members they lift.
    A feasible scenario gives no conflict and no repairs."""
    # the scenario's cached facts are computed here, not raced for by the two threads
    _ = scenario.duties, scenario.person, scenario.unit, scenario.rules_by_name
    with ThreadPoolExecutor(max_workers=2) as pool:
        conflict_job = pool.submit(find_conflict, scenario, time_limit=time_limit)
        repair_job = pool.submit(repairs, scenario, costs=costs, limit=limit, time_limit=time_limit)
        conflict = conflict_job.result()
        found = repair_job.result()
    if conflict is None:
        return Infeasibility(None, tuple(found))
    return Infeasibility(conflict, tuple(r.lifting(scenario, conflict) for r in found))


__all__ = [
    "POLICY_COSTS",
    "Change",
    "Conflict",
    "ConflictMember",
    "Infeasibility",
    "PersonExplanation",
    "Repair",
    "WhyNot",
    "explain_infeasible",
    "explain_person",
    "find_conflict",
    "repairs",
    "why_not",
]
