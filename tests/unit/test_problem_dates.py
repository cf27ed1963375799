"""The detectors' pure rules: which months, quarters and semesters are due by a date; which measures
address a risk."""

from __future__ import annotations

from datetime import date

from services.common.assistance import addresses
from services.reports.findings import months_due, quarters_due, semesters_started


def test_months_due_are_the_ended_months_since_the_pairing() -> None:
    assert months_due(2022, date(2022, 12, 31), date(2021, 1, 1)) == list(range(1, 13))
    assert months_due(2022, date(2022, 7, 30), None) == [1, 2, 3, 4, 5, 6]  # July has not ended
    assert months_due(2022, date(2022, 7, 31), None) == [1, 2, 3, 4, 5, 6, 7]
    assert months_due(2022, date(2022, 12, 31), date(2022, 10, 15)) == [10, 11, 12]
    assert months_due(2022, date(2023, 3, 1), date(2023, 1, 1)) == []  # paired after the year


def test_quarters_due_are_the_ended_quarters_since_the_pairing() -> None:
    assert quarters_due(2022, date(2022, 12, 31), None) == [1, 2, 3, 4]
    assert quarters_due(2022, date(2022, 9, 29), None) == [1, 2]
    assert quarters_due(2022, date(2022, 12, 31), date(2022, 5, 1)) == [2, 3, 4]


def test_semesters_are_checked_once_started() -> None:
    assert semesters_started(2022, date(2022, 2, 28)) == []
    assert semesters_started(2022, date(2022, 3, 1)) == ["spring"]
    assert semesters_started(2022, date(2022, 12, 31)) == ["spring", "autumn"]


def test_measures_address_a_risk_only_with_a_matching_kind() -> None:
    assert addresses("major_illness", {"health"})
    assert not addresses("major_illness", {"education", "housing"})
    assert not addresses("housing", set())
    assert addresses("unknown-category", {"finance"})  # an unknown risk accepts any measure
