"""Administration of the alerts service: the working-day calendar's overrides."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from services.alerts.context import AlertsContext
from services.common.auth import Principal


async def set_calendar_override(
    ctx: AlertsContext, *, day: date, workday: bool, note: str | None, principal: Principal
) -> None:
    async with ctx.db.transaction() as s:
        await s.execute(
            text(
                "INSERT INTO calendar_overrides (day, workday, note, set_by) VALUES (:d, :w, :n, :b) "
                "ON CONFLICT (day) DO UPDATE SET workday = EXCLUDED.workday, note = EXCLUDED.note, "
                "set_by = EXCLUDED.set_by, set_at = now()"
            ),
            {"d": day, "w": workday, "n": note, "b": principal.sub},
        )
    await ctx.load_calendar_overrides()


async def delete_calendar_override(ctx: AlertsContext, *, day: date) -> None:
    async with ctx.db.transaction() as s:
        await s.execute(text("DELETE FROM calendar_overrides WHERE day = :d"), {"d": day})
    await ctx.load_calendar_overrides()
