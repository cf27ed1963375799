"""What the alerts use cases share: the service's context (database, settings, calendar, cipher, clock)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.alerts.config import AlertsSettings
from services.alerts.models import CalendarNotice, CalendarOverride
from services.common.audit import audit_key
from services.common.calendar import Notice, WorkingDayCalendar
from services.common.db import Database
from services.common.ids import PiiCipher

SERVICE = "alerts"
SYSTEM_SWEEPER = {"sub": "system:sla-sweeper"}
SYSTEM_SAGA = {"sub": "system:households-saga"}


@dataclass
class AlertsContext:
    """What the use cases need: database, settings, calendar, PII cipher and a clock."""

    db: Database
    settings: AlertsSettings
    calendar: WorkingDayCalendar
    cipher: PiiCipher
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    evidence_store: Any = None  # made on first use (services/alerts/evidence.py: store_of)

    def today(self) -> date:
        return self.clock().astimezone(ZoneInfo(self.settings.timezone)).date()

    @property
    def audit_key(self) -> bytes:
        return audit_key(self.settings)

    async def load_calendar(self) -> None:
        """The overrides and the imported holiday notices, from this service's tables (it owns them)."""
        async with self.db.session() as s:
            await calendar_from(s, self.calendar)


async def calendar_from(s: AsyncSession, calendar: WorkingDayCalendar) -> WorkingDayCalendar:
    """Set `calendar` to the overrides and notices as the session sees them (a change it made included)."""
    rows = (await s.execute(select(col(CalendarOverride.day), col(CalendarOverride.workday)))).all()
    notices = (await s.execute(select(CalendarNotice))).scalars().all()
    calendar.set_overrides({r.day: r.workday for r in rows})
    calendar.set_notices(
        Notice(n.year, frozenset(n.days_off), frozenset(n.workdays), n.title) for n in notices
    )
    return calendar
