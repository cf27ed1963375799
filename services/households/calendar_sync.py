"""The households service's copy of the working-day calendar: each year as published on `calendar.v1`
(kept in `calendar_years`, newest version only) and loaded into the context's calendar, so the
identification deadlines (15 working days) follow the same notices and overrides as the alerts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from services.common.calendar_store import apply_snapshot, keep_snapshot, load_snapshots
from services.common.events.contracts.calendar import CalendarYear
from services.common.events.dispatch import EventRoutes
from services.common.events.envelope import EventEnvelope
from services.common.events.types import EventType
from services.households.context import HouseholdsContext

GROUP = "households.calendar"


def make_calendar_handler(ctx: HouseholdsContext) -> Callable[..., Awaitable[None]]:
    routes: EventRoutes[Callable[..., Awaitable[None]]] = EventRoutes()

    @routes.on(EventType.CALENDAR_YEAR_PUBLISHED)
    async def _year(session: AsyncSession, year: CalendarYear, env: EventEnvelope) -> None:
        if await keep_snapshot(session, year, env):
            # applied to the calendar in memory now; a rollback after this is retried (the same
            # snapshot again) and a restart reloads the table
            apply_snapshot(ctx.calendar, year)

    return routes.consumer()


async def load_calendar(ctx: HouseholdsContext) -> None:
    async with ctx.db.session() as s:
        await load_snapshots(s, ctx.calendar)
