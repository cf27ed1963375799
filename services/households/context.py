"""What the households use cases share: the service's context (database, settings, calendar, cipher, clock)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from services.common.calendar import WorkingDayCalendar
from services.common.db import Database
from services.common.ids import PiiCipher
from services.households.config import HouseholdsSettings

SERVICE = "households"
IMPORT_CHUNK = 5000


@dataclass
class HouseholdsContext:
    db: Database
    settings: HouseholdsSettings
    calendar: WorkingDayCalendar
    cipher: PiiCipher
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def today(self) -> date:
        return self.clock().astimezone(ZoneInfo(self.settings.timezone)).date()
