"""The working-day calendar kept in a service's database and shared on `calendar.v1`.

The alerts service owns it (its admin routes import a year's holiday notice and set overrides) and
publishes the whole year after each change; every other service keeps the latest snapshot of each
year in `calendar_years` (newer versions only) and answers its due dates from the same calendar.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.calendar import Notice, WorkingDayCalendar
from services.common.events.contracts.calendar import CalendarDay, CalendarNoticeBody, CalendarYear
from services.common.events.envelope import EventEnvelope
from services.common.versioning import newer


def notice_of(body: CalendarNoticeBody | None, year: int) -> Notice | None:
    if body is None:
        return None
    return Notice(year, frozenset(body.days_off), frozenset(body.workdays), body.title)


def snapshot(
    year: int, notice: Notice | None, overrides: dict[date, tuple[bool, str | None]]
) -> CalendarYear:
    return CalendarYear(
        year=year,
        notice=None
        if notice is None
        else CalendarNoticeBody(
            title=notice.title, days_off=sorted(notice.days_off), workdays=sorted(notice.workdays)
        ),
        overrides=[
            CalendarDay(day=d, workday=w, note=n) for d, (w, n) in sorted(overrides.items()) if d.year == year
        ],
    )


def apply_snapshot(calendar: WorkingDayCalendar, year: CalendarYear, version: int | None = None) -> None:
    calendar.apply_year(
        year.year, notice_of(year.notice, year.year), {o.day: o.workday for o in year.overrides}, version
    )


_UPSERT = text(
    "INSERT INTO calendar_years (year, snapshot, version) VALUES (:y, CAST(:s AS jsonb), :v) "
    "ON CONFLICT (year) DO UPDATE SET snapshot = EXCLUDED.snapshot, version = EXCLUDED.version, "
    f"updated_at = now() WHERE {newer('calendar_years')} RETURNING year"
)


async def keep_snapshot(session: AsyncSession, year: CalendarYear, env: EventEnvelope) -> bool:
    """Store a year's snapshot unless a newer one is kept; True when it was stored."""
    stored = await session.execute(
        _UPSERT,
        {
            "y": year.year,
            "s": orjson.dumps(year.model_dump(mode="json")).decode(),
            "v": env.aggregate_version,
        },
    )
    return stored.first() is not None


async def load_snapshots(session: AsyncSession, calendar: WorkingDayCalendar) -> int:
    """Every kept year into `calendar`; returns how many."""
    rows = (await session.execute(text("SELECT snapshot, version FROM calendar_years ORDER BY year"))).all()
    for r in rows:
        snap: Any = r.snapshot
        apply_snapshot(
            calendar,
            CalendarYear.model_validate(orjson.loads(snap) if isinstance(snap, str | bytes) else snap),
            r.version,
        )
    return len(rows)
