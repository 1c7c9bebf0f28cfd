"""Dates as personnel files write them, and tenure arithmetic without floats."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

_FORMS = (
    # 2019-03-01, 2019/3/1, 2019.03.01
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"), True),
    # 2019-03, 2019.03, 2019/3
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), False),
    # 20190301
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), True),
    # 201903
    (re.compile(r"^(\d{4})(\d{2})$"), False),
)


def parse_date(text: object) -> dt.date:
    """Read a date in any of the forms seen in a 干部名册.

    ``2019-03-01``, ``2019-03``, ``2019.03`` and ``201903`` (and ``20190301``,
    ``2019/3/1``, ``2019年3月``, ``2019年3月1日``); a month without a day means its first
    day. Raises ``ValueError``
    with the text when it cannot be read.
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    # 2019年3月1日: 月 separates the day as 年 does the month (2019年3月 ends with it)
    s = str(text).strip().replace("年", "-").replace("月", "-").replace("日", "")
    s = s.rstrip("-")
    for pattern, has_day in _FORMS:
        m = pattern.match(s)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            day = int(m.group(3)) if has_day else 1
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise ValueError(f"cannot read the date '{text}' (use 2019-03-01, 2019-03, 2019.03 or 201903)")


@lru_cache(maxsize=1 << 16)
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (clamped to the month's end).

    Cached: the checker asks for the same few dates (round dates, retirement dates)
    tens of thousands of times per plan."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def years_to_months(years: float) -> int:
    """A rule's parameter in years as whole months (0.5 years = 6 months)."""
    return round(years * 12)


def served_at_least(start: dt.date, on: dt.date, years: float) -> bool:
    """Whether someone who started on ``start`` has served ``years`` by ``on``."""
    return add_months(start, years_to_months(years)) <= on


def full_years(start: dt.date, on: dt.date) -> int:
    """Completed years between two dates (anniversaries passed)."""
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return years


def period_date(plan_date: dt.date, period: int, months_per_period: int = 12) -> dt.date:
    """The date of round ``period`` (1 is the plan date itself)."""
    return add_months(plan_date, (period - 1) * months_per_period)
