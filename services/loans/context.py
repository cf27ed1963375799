"""What the loans use cases share: the service's context, money formatting, error builders and date arithmetic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from services.common.db import Database
from services.common.errors import APIError
from services.common.ids import PiiCipher
from services.loans.config import LoansSettings
from services.loans.interest import (
    RatioPoint,
)

SERVICE = "loans"
LIVE = ("applied", "approved", "disbursed")
SYSTEM_JOB = {"sub": "system:loans-daily-job"}


@dataclass
class LoansContext:
    db: Database
    settings: LoansSettings
    cipher: PiiCipher
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def today(self) -> date:
        return self.clock().astimezone(ZoneInfo(self.settings.timezone)).date()

    def ratios(self) -> list[RatioPoint]:
        return [
            RatioPoint(date.fromisoformat(d), Decimal(r))
            for d, r in self.settings.loans_subsidy_ratios.items()
        ]


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def invalid(
    errors: list[str], code: str = "validation_failed", message: str = "the request is not valid"
) -> APIError:
    return APIError(422, code, message, errors)


def conflict(message: str, details: list[Any]) -> APIError:
    return APIError(409, "invalid_state", message, details)


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (a 31 Jan loan of 1 month matures 28/29 Feb)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError("unreachable")


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
