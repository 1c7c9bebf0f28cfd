"""What every checker shares: the violation record, names and numbers in sentences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rotation.facts import ROLE_ZH, SKILL_ZH
from rotation.plan import Plan
from rotation.scenario import Scenario


@dataclass(frozen=True)
class Violation:
    """One rule broken (or, for a soft rule, one cost incurred) in one period."""

    rule: str
    period: int
    message: str
    message_zh: str
    person: str | None = None
    unit: str | None = None
    amount: float = 1.0

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` ("en" or "zh")."""
        return self.message_zh if lang == "zh" else self.message


def tenure_text(months: int, lang: str = "en") -> str:
    """``6 years 2 months`` / ``6年2个月``."""
    years, rest = divmod(months, 12)
    if lang == "zh":
        if not years and rest:
            return f"{rest}个月"
        return f"{years}年" + (f"{rest}个月" if rest else "")
    month_text = f"{rest} month{'s' if rest != 1 else ''}"
    if not years and rest:
        return month_text
    text = f"{years} year{'s' if years != 1 else ''}"
    return text + (f" {month_text}" if rest else "")


def years_number(value: float) -> str:
    """``5`` / ``0.5``: a parameter in years as written in sentences."""
    return f"{value:g}"


def years_text(value: float) -> str:
    """``1 year`` / ``5 years`` / ``0.5 years``."""
    return f"{value:g} year{'' if value == 1 else 's'}"


def round_text(scenario: Scenario, period: int, lang: str = "en") -> str:
    """``round 3 (2029)`` / ``第3轮（2029年）``: a round of the plan and its year."""
    from rotation.facts import round_date

    year = round_date(scenario, period).year
    return f"第{period}轮（{year}年）" if lang == "zh" else f"round {period} ({year})"


class Names:
    """Labels for sentences: 张三 (P001), 城关镇纪委 (U05)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario

    def p(self, pid: str) -> str:
        person = self.scenario.person.get(pid)
        return f"{person.name} ({pid})" if person else pid

    def u(self, uid: str | None) -> str:
        unit = self.scenario.unit.get(uid or "")
        return f"{unit.name} ({uid})" if unit else str(uid)

    def r(self, period: int, lang: str = "en") -> str:
        """``round 3 (2029)`` / ``第3轮（2029年）`` (:func:`round_text`)."""
        return round_text(self.scenario, period, lang)


Check = Callable[[Scenario, Plan, Any], list[Violation]]

__all__ = [
    "ROLE_ZH",
    "SKILL_ZH",
    "Check",
    "Names",
    "Violation",
    "round_text",
    "tenure_text",
    "years_number",
    "years_text",
]
