"""Working-day calendar: China's statutory holidays and make-up working days (调休), with a fallback.

A year that `chinese_calendar` does not cover falls back to Monday–Friday minus the fixed-date holidays
(Jan 1, May 1–2, Oct 1–3); admin overrides (a date declared a working day or a holiday) win over both.
The fallback is logged and counted in `rw_calendar_fallback_total` and never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
import structlog
from prometheus_client import Counter

log = structlog.get_logger(__name__)

CALENDAR_FALLBACK = Counter(
    "rw_calendar_fallback", "Working-day look-ups answered by the fallback calendar", ["year"]
)
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})


@lru_cache(maxsize=8192)
def _statutory_workday(day: date) -> bool | None:
    """The statutory answer, or None for a year the calendar does not cover."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


class WorkingDayCalendar:
    """Answers whether a date is a working day and adds working days to a date."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self.overrides: dict[date, bool] = dict(overrides or {})
        self._warned_years: set[int] = set()

    def set_overrides(self, overrides: Mapping[date, bool]) -> None:
        self.overrides = dict(overrides)

    def uses_fallback(self, day: date) -> bool:
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            return True
        return False

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        statutory = _statutory_workday(day)
        if statutory is not None:
            return statutory
        CALENDAR_FALLBACK.labels(year=str(day.year)).inc()
        if day.year not in self._warned_years:
            self._warned_years.add(day.year)
            log.warning(
                "calendar_fallback",
                year=day.year,
                reason="statutory calendar does not cover this year; using Mon-Fri minus "
                "fixed holidays plus admin overrides",
            )
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must be >= 0")
        current, counted = start, 0
        while counted < days:
            current += timedelta(days=1)
            if self.is_workday(current):
                counted += 1
        return current
