"""Working-day calendar: China's public holidays and make-up working days (调休), for every year.

Each date is answered by the first of these that knows it:
1. an admin override of that one date (a working day or a day off);
2. the State Council's notice for that year (国务院办公厅关于某年部分节假日安排的通知), imported by an
   admin as a small table of days off and make-up working days and shared with every service on the
   `calendar.v1` topic;
3. the `chinese_calendar` package (the notices up to the year it was released for);
4. a fallback from the rules themselves, for a year nobody has imported: the public holidays of the
   《全国年节及纪念日放假办法》 as revised in 2024 (New Year's Day 1 day; Spring Festival 4 days, the
   lunar New Year's Eve to the 3rd of the first lunar month; Qingming 1 day, the solar term; Labour
   Day 2 days; Dragon Boat 1 day, the 5th of the 5th lunar month; Mid-Autumn 1 day, the 15th of the 8th
   lunar month; National Day 3 days), the lunar dates from `lunar_python`; a holiday that falls on a
   Saturday or Sunday gives the next working day off instead (补休, article 6). A notice also moves
   weekends to make a long break; the fallback cannot guess that, so it is logged, counted in
   `rw_calendar_fallback_total` and shown by `GET /v1/admin/calendar`, and never raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
import structlog
from prometheus_client import Counter

from services.common.i18n import t

log = structlog.get_logger(__name__)

CALENDAR_FALLBACK = Counter(
    "rw_calendar_fallback", "Working-day look-ups answered by the fallback calendar", ["year"]
)


@dataclass(frozen=True)
class Notice:
    """A year's holiday notice: the days off and the weekend days worked instead (调休上班)."""

    year: int
    days_off: frozenset[date]
    workdays: frozenset[date]
    title: str = ""

    def errors(self) -> list[str]:
        """What makes the table impossible (dates of another year, a date both off and worked)."""
        out: list[str] = [
            t("{d} is not in {y}", "{d}不在{y}年内", d=d.isoformat(), y=self.year)
            for d in sorted(self.days_off | self.workdays)
            if d.year != self.year
        ]
        out += [
            t("{d} is both a day off and a working day", "{d}既是放假日又是上班日", d=d.isoformat())
            for d in sorted(self.days_off & self.workdays)
        ]
        return out


@lru_cache(maxsize=8192)
def _statutory_workday(day: date) -> bool | None:
    """The packaged notices' answer, or None for a year the package does not cover."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def _lunar(year: int, month: int, day: int) -> date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    from lunar_python import Solar

    solar = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=256)
def public_holidays(year: int) -> tuple[tuple[str, tuple[date, ...]], ...]:
    """The public holidays of `year` by the 2024 rules, each festival with its days."""
    new_year = _lunar(year, 1, 1)
    return (
        ("元旦", (date(year, 1, 1),)),
        ("春节", tuple(new_year + timedelta(days=i) for i in range(-1, 3))),
        ("清明节", (_qingming(year),)),
        ("劳动节", (date(year, 5, 1), date(year, 5, 2))),
        ("端午节", (_lunar(year, 5, 5),)),
        ("中秋节", (_lunar(year, 8, 15),)),
        ("国庆节", tuple(date(year, 10, d) for d in (1, 2, 3))),
    )


@lru_cache(maxsize=256)
def fallback_days_off(year: int) -> frozenset[date]:
    """Weekdays off in `year` by the rules alone: the holidays, and a day in lieu for each holiday that
    falls on a weekend (the next weekday after the festival that is not already off)."""
    off: set[date] = set()
    for _, days in public_holidays(year):
        off.update(days)
    for _, days in public_holidays(year):
        owed = sum(1 for d in days if d.weekday() >= 5)
        day = max(days)
        while owed:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in off:
                off.add(day)
                owed -= 1
    return frozenset(d for d in off if d.weekday() < 5)


@dataclass
class WorkingDayCalendar:
    """Answers whether a date is a working day and adds working days to a date."""

    overrides: dict[date, bool] = field(default_factory=dict)
    notices: dict[int, Notice] = field(default_factory=dict)
    _warned_years: set[int] = field(default_factory=set)
    # the version (calendar.v1 aggregate version) each year was applied from: an older one never replaces it
    year_versions: dict[int, int] = field(default_factory=dict)

    def set_overrides(self, overrides: Mapping[date, bool]) -> None:
        self.overrides = dict(overrides)

    def set_notices(self, notices: Iterable[Notice]) -> None:
        self.notices = {n.year: n for n in notices}

    def apply_year(
        self, year: int, notice: Notice | None, overrides: Mapping[date, bool], version: int | None = None
    ) -> None:
        """Replace what is known of `year` (a `calendar.v1` snapshot): its notice and its overrides — unless
        `version` is older than the one applied (a reload from a table that the newer snapshot's
        transaction has not committed yet must not undo it)."""
        if version is not None:
            if version < self.year_versions.get(year, -1):
                return
            self.year_versions[year] = version
        if notice is None:
            self.notices.pop(year, None)
        else:
            self.notices[year] = notice
        self.overrides = {d: w for d, w in self.overrides.items() if d.year != year}
        self.overrides.update({d: w for d, w in overrides.items() if d.year == year})

    def source(self, day: date) -> str:
        """Which layer answers for `day`: override, notice, statutory or fallback."""
        if day in self.overrides:
            return "override"
        if day.year in self.notices:
            return "notice"
        return "statutory" if _statutory_workday(day) is not None else "fallback"

    def uses_fallback(self, day: date) -> bool:
        return self.source(day) == "fallback"

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        notice = self.notices.get(day.year)
        if notice is not None:
            if day in notice.days_off:
                return False
            return day in notice.workdays or day.weekday() < 5
        statutory = _statutory_workday(day)
        if statutory is not None:
            return statutory
        CALENDAR_FALLBACK.labels(year=str(day.year)).inc()
        if day.year not in self._warned_years:
            self._warned_years.add(day.year)
            log.warning(
                "calendar_fallback",
                year=day.year,
                reason="no holiday notice for this year (import it: PUT /v1/admin/calendar/notices/{year}); "
                "using the public holidays by the rules, lunar dates computed, days in lieu for weekends",
            )
        return day.weekday() < 5 and day not in fallback_days_off(day.year)

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
