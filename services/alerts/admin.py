"""Administration of the alerts service: the working-day calendar (the year's holiday notice and the
overrides of single dates), which it owns and publishes on `calendar.v1` for every service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts.context import SERVICE, AlertsContext
from services.alerts.due_dates import move_due_dates
from services.common.auth import Principal
from services.common.calendar import Notice
from services.common.calendar_store import snapshot
from services.common.errors import APIError
from services.common.events.envelope import new_event
from services.common.events.topics import Topic
from services.common.events.types import EventType
from services.common.i18n import t
from services.common.outbox import add_events
from services.common.pg_notices import CALENDAR_CHANNEL, notify

log = structlog.get_logger(__name__)


async def _publish_year(s: AsyncSession, year: int, principal: Principal) -> None:
    """Stage the whole year as it now stands, in the caller's transaction."""
    row = (
        await s.execute(
            text("SELECT title, days_off, workdays FROM calendar_notices WHERE year = :y"), {"y": year}
        )
    ).first()
    notice = (
        None if row is None else Notice(year, frozenset(row.days_off), frozenset(row.workdays), row.title)
    )
    overrides = {
        r.day: (r.workday, r.note)
        for r in await s.execute(
            text("SELECT day, workday, note FROM calendar_overrides WHERE extract(year FROM day) = :y"),
            {"y": year},
        )
    }
    await add_events(
        s,
        [
            new_event(
                event_type=EventType.CALENDAR_YEAR_PUBLISHED,
                source=SERVICE,
                aggregate_type="calendar_year",
                aggregate_id=str(year),
                data=snapshot(year, notice, overrides),
                actor=principal.actor(),
            )
        ],
        Topic.CALENDAR.value,
    )


@asynccontextmanager
async def _changing_year(ctx: AlertsContext, year: int, principal: Principal) -> AsyncIterator[AsyncSession]:
    """A change to one year of the calendar: serialised per year, the whole year published in the same
    transaction, the calendar in memory reloaded after the commit."""
    async with ctx.db.transaction() as s:
        await s.execute(text("SELECT pg_advisory_xact_lock(hashtextextended('calendar', :y))"), {"y": year})
        yield s
        moved = await move_due_dates(ctx, s, year=year, actor=principal.actor())
        await _publish_year(s, year, principal)
        await notify(s, CALENDAR_CHANNEL, str(year))  # the service's other processes reload at the commit
    await ctx.load_calendar()
    log.info("calendar_changed", year=year, **{f"moved_{k}": v for k, v in moved.items()})


FIRST_YEAR, LAST_YEAR = 2000, 2200  # the years a calendar is kept for (calendar.v1's contract)


def _check_year(day: date) -> None:
    """A date the calendar can hold (fuzzing sent `0`, which pydantic reads as 1970-01-01)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise APIError(
            422,
            "validation_failed",
            "the date is outside the calendar",
            [
                t(
                    "day {d} is not in {a}-{b}",
                    "日期{d}不在{a}至{b}年之间",
                    d=day.isoformat(),
                    a=FIRST_YEAR,
                    b=LAST_YEAR,
                )
            ],
        )


async def set_calendar_override(
    ctx: AlertsContext, *, day: date, workday: bool, note: str | None, principal: Principal
) -> None:
    _check_year(day)
    async with _changing_year(ctx, day.year, principal) as s:
        await s.execute(
            text(
                "INSERT INTO calendar_overrides (day, workday, note, set_by) VALUES (:d, :w, :n, :b) "
                "ON CONFLICT (day) DO UPDATE SET workday = EXCLUDED.workday, note = EXCLUDED.note, "
                "set_by = EXCLUDED.set_by, set_at = now()"
            ),
            {"d": day, "w": workday, "n": note, "b": principal.sub},
        )


async def delete_calendar_override(ctx: AlertsContext, *, day: date, principal: Principal) -> None:
    _check_year(day)
    async with _changing_year(ctx, day.year, principal) as s:
        await s.execute(text("DELETE FROM calendar_overrides WHERE day = :d"), {"d": day})


async def import_notice(ctx: AlertsContext, *, notice: Notice, principal: Principal) -> None:
    """Store the year's holiday notice (replacing an earlier import) and publish the year."""
    errors = notice.errors()
    if not notice.days_off:
        errors.append(t("days_off is empty", "放假日期不能为空"))
    if errors:
        raise APIError(422, "validation_failed", "the notice is not valid", errors)
    async with _changing_year(ctx, notice.year, principal) as s:
        await s.execute(
            text(
                "INSERT INTO calendar_notices (year, title, days_off, workdays, imported_by) "
                "VALUES (:y, :t, CAST(:o AS date[]), CAST(:w AS date[]), :b) ON CONFLICT (year) DO UPDATE SET "
                "title = EXCLUDED.title, days_off = EXCLUDED.days_off, workdays = EXCLUDED.workdays, "
                "imported_by = EXCLUDED.imported_by, imported_at = now()"
            ),
            {
                "y": notice.year,
                "t": notice.title,
                "o": sorted(notice.days_off),
                "w": sorted(notice.workdays),
                "b": principal.sub,
            },
        )
