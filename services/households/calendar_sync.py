"""The households service's copy of the working-day calendar: each year as published on `calendar.v1`
(kept in `calendar_years`, newest version only) and loaded into the context's calendar, so the
identification deadlines (15 working days) follow the same notices and overrides as the alerts — those
of objects still being identified are counted again when their year changes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.calendar_store import apply_snapshot, keep_snapshot, load_snapshots
from services.common.events.contracts.calendar import CalendarYear
from services.common.events.dispatch import EventRoutes
from services.common.events.envelope import EventEnvelope
from services.common.events.types import EventType
from services.common.pg_notices import CALENDAR_CHANNEL, notify
from services.households.context import HouseholdsContext

GROUP = "households.calendar"


def make_calendar_handler(ctx: HouseholdsContext) -> Callable[..., Awaitable[None]]:
    routes: EventRoutes[Callable[..., Awaitable[None]]] = EventRoutes()

    @routes.on(EventType.CALENDAR_YEAR_PUBLISHED)
    async def _year(session: AsyncSession, year: CalendarYear, env: EventEnvelope) -> None:
        if await keep_snapshot(session, year, env):
            # applied to the calendar in memory now; a rollback after this is retried (the same
            # snapshot again) and a restart reloads the table
            apply_snapshot(ctx.calendar, year, env.aggregate_version)
            await move_identification_deadlines(ctx, session, year.year)
            # one member of the consumer group takes the event: the service's other processes reload
            # from `calendar_years` when this commits (services/common/pg_notices.py)
            await notify(session, CALENDAR_CHANNEL, str(year.year))

    return routes.consumer()


async def move_identification_deadlines(ctx: HouseholdsContext, session: AsyncSession, year: int) -> int:
    """Count again, on the calendar as now published, the identification deadline of every object still
    being identified whose first clue came in `year` or the year before (the rest cannot reach `year`)."""
    days = ctx.settings.households_identification_working_days
    rows = (
        await session.execute(
            text(
                "SELECT id, first_clue_on, identification_due_on FROM monitoring_objects "
                "WHERE status = 'identifying' AND first_clue_on BETWEEN :a AND :b ORDER BY id FOR UPDATE"
            ),
            {"a": date(year - 1, 1, 1), "b": date(year, 12, 31)},
        )
    ).all()
    moved = [
        {"id": r.id, "d": due}
        for r in rows
        if (due := ctx.calendar.add_working_days(r.first_clue_on, days)) != r.identification_due_on
    ]
    if moved:
        await session.execute(
            text("UPDATE monitoring_objects SET identification_due_on = :d WHERE id = :id"), moved
        )
    return len(moved)


async def load_calendar(ctx: HouseholdsContext) -> None:
    async with ctx.db.session() as s:
        await load_snapshots(s, ctx.calendar)
