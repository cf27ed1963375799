"""What a problem finding is, the detectors' names (Chinese and English), and the pure date logic they
share: which months, quarters and semesters of a year are due as of a date."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

DETECTORS: dict[str, str] = {
    "rain_and_dew_omission": "a vocational student of an eligible household has no 雨露计划 subsidy in a semester",
    "rain_and_dew_wrong_entry": "a 雨露计划 subsidy went to a member who is not an eligible vocational student",
    "loan_late_repayment": "a borrower was late on a due date (an overdue episode)",
    "loan_reminder_not_delivered": "a due fell overdue without a reminder sent before it",
    "measures_not_targeted": "a monitored household has no measure that addresses its risk category",
    "helper_missed_visit": "a paired household went a month without a helper's visit",
    "helper_missed_income": "a paired household has no income record for a quarter",
    "alert_closed_without_followup": "an alert was closed without the required revisit or remediation",
    "under_line_not_enrolled": "a household's per-capita income is not above the monitoring line and it is "
    "not a monitoring object (应纳未纳)",
}

# the school year's semesters start in these months (a semester is checked once it has started)
SEMESTER_START = {"spring": 3, "autumn": 9}
ASSISTED = "(h.alleviated OR h.monitoring_status IS NOT NULL)"


@dataclass(frozen=True)
class Finding:
    detector: str
    village_code: str
    subject: str  # what the finding is about: a household, a member, a loan, an alert
    reason: str
    records: dict[str, Any]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def months_due(year: int, as_of: date, since: date | None) -> list[int]:
    """The months of `year` that ended by `as_of` and in which the pairing was in force."""
    first = 1 if since is None or since.year < year else (since.month if since.year == year else 13)
    return [m for m in range(first, 13) if month_end(year, m) <= as_of]


def quarters_due(year: int, as_of: date, since: date | None) -> list[int]:
    """The quarters of `year` that ended by `as_of` and in which the pairing was in force."""
    first = (
        1 if since is None or since.year < year else ((since.month - 1) // 3 + 1 if since.year == year else 5)
    )
    return [q for q in range(first, 5) if month_end(year, q * 3) <= as_of]


def semesters_started(year: int, as_of: date) -> list[str]:
    return [s for s, month in SEMESTER_START.items() if date(year, month, 1) <= as_of]


def json_list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return value
    loaded: list[dict[str, Any]] = orjson.loads(value)
    return loaded


def json_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    loaded: dict[str, Any] = orjson.loads(value)
    return loaded
