"""The SLA sweeper: alerts past their deadline are marked overdue, once, with an audit entry."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select
from sqlmodel import col

from services.alerts.context import SYSTEM_SWEEPER, AlertsContext
from services.alerts.models import Alert
from services.alerts.recording import record
from services.alerts.workflow import (
    STAGE_OF,
    Status,
)
from services.common.events.types import EventType


async def sweep_overdue(ctx: AlertsContext, *, today: date | None = None, batch: int = 500) -> int:
    """Mark every open stage past its due date overdue, once per stage, with its event."""
    as_of = today or ctx.today()
    total = 0
    while True:
        async with ctx.db.transaction() as s:
            alerts = (
                await s.scalars(
                    select(Alert)
                    .where(
                        col(Alert.overdue).is_(False),
                        or_(
                            and_(
                                col(Alert.status) == Status.pending_village.value,
                                col(Alert.village_due_on) < as_of,
                            ),
                            and_(
                                col(Alert.status) == Status.village_verified.value,
                                col(Alert.town_due_on) < as_of,
                            ),
                        ),
                    )
                    .order_by(col(Alert.id))
                    .limit(batch)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for alert in alerts:
                stage = STAGE_OF[Status(alert.status)]
                due_on = alert.village_due_on if stage == "village" else alert.town_due_on
                alert.overdue, alert.overdue_stage = True, stage
                await record(
                    s,
                    alert,
                    key=ctx.audit_key,
                    actor=SYSTEM_SWEEPER,
                    action="overdue",
                    from_status=alert.status,
                    details={
                        "stage": stage,
                        "due_on": due_on.isoformat() if due_on else None,
                        "as_of": as_of.isoformat(),
                    },
                    event_type=EventType.ALERTS_ALERT_OVERDUE,
                    event_extra={"overdue_stage": stage, "due_on": due_on},
                )
        total += len(alerts)
        if len(alerts) < batch:
            return total
