"""One sentence on why a district has no plan: the counting arguments of
:mod:`rotation.precheck` first, then the rule that the nearest plan still breaks."""

from __future__ import annotations

import dataclasses

from rotation.precheck import precheck, summarize
from rotation.rules import RuleSet
from rotation.scenario import Scenario
from rotation.solvers.staged import CANNOT_ALL_HOLD
from rotation.validate import validate


def _nearest_plan(scenario: Scenario) -> tuple[str, str]:
    """Solve with every hard rule soft at weight 1000 and name what that plan breaks."""
    from rotation.solvers.cpsat import solve

    soft = RuleSet(
        **{
            spec.name: (
                dataclasses.replace(spec, weight=1000.0) if spec.hard and spec.can_be_soft else spec
            )
            for spec in scenario.rules
        }
    )
    result = solve(scenario.replace(rules=soft), time_limit=10, explain=False)
    if result.plan is None:
        return CANNOT_ALL_HOLD
    broken = validate(scenario, result.plan)
    if not broken:
        return CANNOT_ALL_HOLD
    first = broken[0]
    spec = getattr(scenario.rules, first.rule)
    more = len(broken) - 1
    tail_en = f" (and {more} more)" if more else ""
    tail_zh = f"（另有{more}处）" if more else ""
    return (
        f"the rules cannot all hold; the nearest plan still breaks the {spec.title_en} rule: "
        f"{first.message}{tail_en}",
        f"各项规则无法同时满足；最接近的方案仍违反“{spec.title_zh}”规则：{first.message_zh}{tail_zh}",
    )


def diagnose(scenario: Scenario) -> tuple[str, str]:
    """(English, Chinese) sentence naming the tightest unit or skill: the first finding of
    :func:`rotation.precheck.precheck` (with how many more), else what the nearest plan
    breaks."""
    findings = precheck(scenario)
    return summarize(findings) if findings else _nearest_plan(scenario)
