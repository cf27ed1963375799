"""Due dates on the working-day calendar and the overdue sweeper's rule."""

from __future__ import annotations

from datetime import date

from services.common.calendar import WorkingDayCalendar


def village_due_on(calendar: WorkingDayCalendar, received_on: date, working_days: int = 5) -> date:
    """The village must report within `working_days` working days of receiving the alert."""
    return calendar.add_working_days(received_on, working_days)


def town_due_on(calendar: WorkingDayCalendar, reported_on: date, working_days: int = 5) -> date:
    """The town must review within `working_days` working days of the village's report."""
    return calendar.add_working_days(reported_on, working_days)


def on_time(finished_on: date, due_on: date) -> bool:
    return finished_on <= due_on


def is_overdue(due_on: date | None, today: date) -> bool:
    """A stage still open after its due date is overdue."""
    return due_on is not None and today > due_on
