from datetime import date

import pytest

from services.alerts import sla
from services.common.calendar import CALENDAR_FALLBACK, WorkingDayCalendar


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 9, 30), date(2026, 10, 13)),  # National Day week, make-up Saturday
        (date(2026, 2, 12), date(2026, 2, 26)),  # Spring Festival
        (date(2026, 12, 28), date(2027, 1, 5)),  # runs into 2027: the fallback calendar
    ],
)
def test_spec_due_date_examples(received: date, due: date) -> None:
    assert sla.village_due_on(WorkingDayCalendar(), received) == due


def test_fallback_is_counted_and_never_raises() -> None:
    before = CALENDAR_FALLBACK.labels(year="2031")._value.get()
    cal = WorkingDayCalendar()
    assert cal.uses_fallback(date(2031, 5, 1))
    assert cal.is_workday(date(2031, 5, 1)) is False  # fixed-date holiday
    assert cal.is_workday(date(2031, 5, 5)) is True  # a Monday
    assert cal.is_workday(date(2031, 5, 3)) is False  # a Saturday
    assert CALENDAR_FALLBACK.labels(year="2031")._value.get() > before


def test_admin_overrides_win() -> None:
    cal = WorkingDayCalendar({date(2027, 1, 2): True, date(2027, 1, 4): False})
    # Dec 28 (Mon) + 5: 29, 30, 31, Jan 2 (declared working), Jan 5 (Jan 4 declared a holiday)
    assert cal.add_working_days(date(2026, 12, 28), 5) == date(2027, 1, 5)
    assert cal.add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 5)
    assert WorkingDayCalendar().add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 5)
    assert cal.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 2)


def test_overdue_rule() -> None:
    assert not sla.is_overdue(date(2022, 3, 8), date(2022, 3, 8))
    assert sla.is_overdue(date(2022, 3, 8), date(2022, 3, 9))
    assert sla.on_time(date(2022, 3, 8), date(2022, 3, 8))
