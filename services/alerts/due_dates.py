"""Due dates that follow the calendar: when a year's holiday notice is imported or a date overridden, every
open deadline counted across that year is counted again on the new calendar — a village's verification
from its receipt (or the town's return), a town's review from the village report, a rectification from its
opening — with an audit entry and an event for each one that moved, so the reports follow."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.alerts.context import AlertsContext, calendar_from
from services.alerts.models import Alert, Rectification
from services.alerts.recording import record
from services.alerts.rectification import publish_item
from services.alerts.workflow import Status
from services.common.calendar import WorkingDayCalendar
from services.common.events.types import EventType


async def _village_clock_starts(s: AsyncSession, alerts: list[Alert]) -> dict[Any, date]:
    """When each alert's village stage began: its receipt, or the town's latest return (in the trail)."""
    starts = {a.id: a.received_on for a in alerts}
    returned = [a.id for a in alerts if a.return_count]
    if returned:
        for r in await s.execute(
            text(
                "SELECT DISTINCT ON (alert_id) alert_id, details->>'reviewed_on' AS on FROM audit_entries "
                "WHERE alert_id = ANY(CAST(:ids AS uuid[])) AND action = 'returned' ORDER BY alert_id, seq DESC"
            ),
            {"ids": returned},
        ):
            if r.on:
                starts[r.alert_id] = date.fromisoformat(r.on)
    return starts


async def move_due_dates(
    ctx: AlertsContext, s: AsyncSession, *, year: int, actor: dict[str, Any]
) -> dict[str, int]:
    """Count again, on the calendar as changed in this transaction, every open deadline whose stage began
    in `year` or the year before (a stage lasts days, so one that began earlier cannot reach `year`).
    An overdue stage whose new date is still ahead is no longer overdue. Returns how many moved."""
    calendar = await calendar_from(s, WorkingDayCalendar())
    today = ctx.today()
    window = (date(year - 1, 1, 1), date(year, 12, 31))
    alerts = (
        await s.scalars(
            select(Alert)
            .where(col(Alert.status).in_([Status.pending_village.value, Status.village_verified.value]))
            .where(col(Alert.received_on) <= window[1])
            .order_by(col(Alert.id))
            .with_for_update()
        )
    ).all()
    starts = await _village_clock_starts(s, [a for a in alerts if a.status == Status.pending_village.value])
    moved = {"alerts": 0, "rectifications": 0}
    for alert in alerts:
        village = alert.status == Status.pending_village.value
        start = starts.get(alert.id) if village else alert.reported_on
        if start is None or not window[0] <= start <= window[1]:
            continue
        days = ctx.settings.alerts_village_working_days if village else ctx.settings.alerts_town_working_days
        before = alert.village_due_on if village else alert.town_due_on
        after = calendar.add_working_days(start, days)
        if after == before:
            continue
        if village:
            alert.village_due_on = after
        else:
            alert.town_due_on = after
        stage = "village" if village else "town"
        if alert.overdue and after >= today:
            alert.overdue, alert.overdue_stage = False, None
        await record(
            s,
            alert,
            key=ctx.audit_key,
            actor=actor,
            action="due_date_moved",
            from_status=alert.status,
            details={
                "stage": stage,
                "from": before.isoformat() if before else None,
                "to": after.isoformat(),
                "counted_from": start.isoformat(),
                "working_days": days,
                "reason": f"the working-day calendar of {year} changed",
            },
            event_type=EventType.ALERTS_ALERT_DUE_DATE_MOVED,
            event_extra={"overdue_stage": alert.overdue_stage, "due_on": after},
        )
        moved["alerts"] += 1
    moved["rectifications"] = await _move_rectifications(s, calendar, window, today, actor)
    return moved


async def _move_rectifications(
    s: AsyncSession,
    calendar: WorkingDayCalendar,
    window: tuple[date, date],
    today: date,
    actor: dict[str, Any],
) -> int:
    items = (
        await s.scalars(
            select(Rectification)
            .where(col(Rectification.status) == "open")
            .where(col(Rectification.opened_on).between(*window))
            .order_by(col(Rectification.id))
            .with_for_update()
        )
    ).all()
    n = 0
    for item in items:
        after = calendar.add_working_days(item.opened_on, item.working_days)
        if after == item.due_on:
            continue
        item.due_on = after
        if item.overdue and after >= today:
            item.overdue = False
        await publish_item(s, item, EventType.RECTIFICATION_DUE_DATE_MOVED, actor)
        n += 1
    return n
