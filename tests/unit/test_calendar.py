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


def test_the_fallback_knows_the_lunar_holidays_of_2027() -> None:
    """No notice for 2027 is packaged: the Spring Festival (lunar New Year 2027-02-06, a Saturday) is
    computed: Eve to the 3rd off (Feb 5–8), two days in lieu for the weekend (Feb 9, 10)."""
    cal = WorkingDayCalendar()
    assert cal.uses_fallback(date(2027, 2, 3))
    assert [d.day for d in (date(2027, 2, n) for n in range(4, 12)) if not cal.is_workday(d)] == [
        5,
        6,
        7,
        8,
        9,
        10,
    ]
    # an alert received on 2027-02-03: Feb 4, then 11, 12, 15, 16
    assert sla.village_due_on(cal, date(2027, 2, 3)) == date(2027, 2, 16)
    assert not cal.is_workday(date(2027, 4, 5))  # Qingming, the solar term
    assert not cal.is_workday(date(2027, 6, 9))  # Dragon Boat, 5th of the 5th lunar month
    assert not cal.is_workday(date(2027, 9, 15))  # Mid-Autumn, 15th of the 8th lunar month
    assert not cal.is_workday(date(2027, 10, 4))  # in lieu of National Day's Saturday


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_fallback_never_takes_a_day_off_that_a_real_notice_worked(year: int) -> None:
    """Checked against the notices of the years the package covers under the 2024 rules: every day the
    fallback gives off was off in the notice (the notice adds more: bridging days and make-up
    Saturdays, which no rule predicts)."""
    import chinese_calendar

    from services.common.calendar import fallback_days_off, public_holidays

    for _, days in public_holidays(year):
        assert all(not chinese_calendar.is_workday(d) for d in days)
    assert all(not chinese_calendar.is_workday(d) for d in fallback_days_off(year))
    assert len(fallback_days_off(year)) >= 11  # 13 public holidays, fewer on weekends, + days in lieu


def test_an_imported_notice_wins_over_the_fallback_and_overrides_win_over_both() -> None:
    from services.common.calendar import Notice

    notice = Notice(
        2027,
        days_off=frozenset(date(2027, 2, d) for d in range(5, 13)),  # Fri 5th – Fri 12th
        workdays=frozenset({date(2027, 2, 14)}),  # Sunday worked
        title="国务院办公厅关于2027年部分节假日安排的通知",
    )
    cal = WorkingDayCalendar()
    cal.set_notices([notice])
    assert cal.source(date(2027, 2, 3)) == "notice" and not cal.uses_fallback(date(2027, 2, 3))
    # Feb 4, then Sun 14, 15, 16, 17
    assert sla.village_due_on(cal, date(2027, 2, 3)) == date(2027, 2, 17)
    assert cal.is_workday(date(2027, 4, 5))  # the notice is the whole year: what it leaves out is worked
    cal.apply_year(2027, notice, {date(2027, 2, 15): False})
    assert sla.village_due_on(cal, date(2027, 2, 3)) == date(2027, 2, 18)
    cal.apply_year(2027, None, {})
    assert sla.village_due_on(cal, date(2027, 2, 3)) == date(2027, 2, 16)  # back to the fallback
    assert Notice(2027, frozenset({date(2028, 1, 3)}), frozenset({date(2028, 1, 3)})).errors() == [
        "2028-01-03 is not in 2027",
        "2028-01-03 is both a day off and a working day",
    ]


def test_an_older_snapshot_never_replaces_a_newer_one() -> None:
    """Found by CI (test_calendar_sync, 2026-12-03): the consumer applies version 7 in memory, then a
    deadline computed meanwhile reloads the table, which still holds version 6 until the consumer's
    transaction commits; the reload must not undo the newer year."""
    cal = WorkingDayCalendar()
    cal.apply_year(2027, None, {date(2027, 2, 15): False}, version=7)
    cal.apply_year(2027, None, {}, version=6)  # the table, not yet committed
    assert cal.overrides == {date(2027, 2, 15): False}
    cal.apply_year(2027, None, {}, version=8)
    assert cal.overrides == {} and cal.year_versions == {2027: 8}
    cal.apply_year(2027, None, {date(2027, 2, 16): False})  # no version (an older event): applied as before
    assert cal.overrides == {date(2027, 2, 16): False}
