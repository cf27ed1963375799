"""The loan schedule engine: dues, payment allocation, overdue days and subsidy withholding (pure)."""

from datetime import date
from decimal import Decimal

from services.loans import schedule
from services.loans.applications import Application, eligibility_errors
from services.loans.config import LoansSettings
from services.loans.context import add_months, age_on
from services.loans.interest import RatePoint, RatioPoint

D = Decimal
TERMS = schedule.Terms(
    disbursed_on=date(2022, 1, 10),
    maturity_on=date(2023, 1, 10),
    principal=D("50000"),
    rates=[RatePoint(date(2020, 1, 1), D("0.037"))],
)
FULL = [RatioPoint(date(2020, 1, 1), D("1"))]


def test_dues_end_on_settlement_dates_and_maturity() -> None:
    dues = schedule.dues(TERMS, [], through=date(2023, 2, 1))
    interest = [(d.due_on, d.amount) for d in dues if d.kind == "interest"]
    assert interest[0] == (date(2022, 3, 20), D("359.72"))  # 70 days
    assert interest[1] == (date(2022, 6, 20), D("472.78"))  # 92 days
    assert [d for d, _ in interest][-2:] == [date(2022, 12, 20), date(2023, 1, 10)]
    assert interest[-1][1] == D("107.92")  # 12-21 .. 01-10: 21 days
    principal = [d for d in dues if d.kind == "principal"]
    assert [(p.due_on, p.amount, p.paid_on) for p in principal] == [(date(2023, 1, 10), D("50000"), None)]


def test_oldest_interest_first_and_overdue_spans() -> None:
    pays = [
        schedule.Payment(date(2022, 3, 25), D("359.72"), D("0")),  # five days late
        schedule.Payment(date(2022, 6, 20), D("472.78"), D("0")),  # on time
    ]
    dues = schedule.dues(TERMS, pays, through=date(2022, 9, 30))
    assert [(d.due_on, d.paid_on) for d in dues] == [
        (date(2022, 3, 20), date(2022, 3, 25)),
        (date(2022, 6, 20), date(2022, 6, 20)),
        (date(2022, 9, 20), None),
    ]
    assert schedule.overdue_days(dues, date(2022, 9, 30)) == [
        (date(2022, 3, 21), date(2022, 3, 25)),
        (date(2022, 9, 21), date(2022, 9, 30)),
    ]
    late = schedule.first_overdue(dues, date(2022, 9, 30))
    assert late is not None and late.due_on == date(2022, 9, 20)
    assert schedule.first_overdue(dues, date(2022, 9, 20)) is None  # due today is not overdue yet


def test_a_short_payment_leaves_the_due_unpaid() -> None:
    pays = [schedule.Payment(date(2022, 3, 20), D("300.00"), D("0"))]
    dues = schedule.dues(TERMS, pays, through=date(2022, 3, 22))
    assert dues[0].paid_on is None and dues[0].overdue_at_end_of(date(2022, 3, 21))


def test_early_full_repayment_ends_the_schedule() -> None:
    pays = [
        schedule.Payment(date(2022, 3, 20), D("359.72"), D("0")),
        schedule.Payment(date(2022, 5, 1), D("210.69"), D("50000")),
    ]
    dues = schedule.dues(TERMS, pays, through=date(2022, 12, 31))
    assert [(d.kind, d.due_on, d.amount, d.paid_on) for d in dues] == [
        ("interest", date(2022, 3, 20), D("359.72"), date(2022, 3, 20)),
        (
            "interest",
            date(2022, 5, 1),
            D("210.69"),
            date(2022, 5, 1),
        ),  # 03-21 .. 04-30: 41 days; none on the payoff day
        ("principal", date(2022, 5, 1), D("50000"), date(2022, 5, 1)),
    ]


def test_subsidy_is_withheld_for_a_quarter_with_an_overdue_day_or_its_own_late_interest() -> None:
    pays = [
        schedule.Payment(date(2022, 3, 22), D("359.72"), D("0")),
        schedule.Payment(date(2022, 6, 20), D("472.78"), D("0")),
        schedule.Payment(date(2022, 9, 20), D("472.78"), D("0")),
    ]
    q1 = schedule.subsidy_line(TERMS, pays, quarter="2022Q1", ratios=FULL, as_of=date(2022, 12, 31))
    q2 = schedule.subsidy_line(TERMS, pays, quarter="2022Q2", ratios=FULL, as_of=date(2022, 12, 31))
    q3 = schedule.subsidy_line(TERMS, pays, quarter="2022Q3", ratios=FULL, as_of=date(2022, 12, 31))
    assert q1 is not None and q1.subsidy == 0 and q1.withheld == "interest due 2022-03-20 paid 2022-03-22"
    assert q2 is not None and q2.subsidy == 0 and q2.withheld == "overdue 2022-03-21..2022-03-22"
    assert q3 is not None and (q3.subsidy, q3.withheld, q3.days) == (D("472.78"), None, 92)
    # a quarter before the disbursement has no line
    assert schedule.subsidy_line(TERMS, pays, quarter="2021Q4", ratios=FULL, as_of=date(2022, 12, 31)) is None


def test_quarters() -> None:
    assert schedule.quarter_settlement("2022Q4") == date(2022, 12, 20)
    assert schedule.quarter_of_settlement(date(2023, 3, 20)) == "2023Q1"


def test_months_ages_and_every_reason_at_once() -> None:
    assert add_months(date(2022, 1, 31), 1) == date(2022, 2, 28)
    assert add_months(date(2022, 11, 15), 36) == date(2025, 11, 15)
    assert age_on(date(1956, 1, 10), date(2022, 1, 5)) == 65
    assert age_on(date(1956, 1, 5), date(2022, 1, 5)) == 66
    from services.common.ids import make_id_number

    app = Application(
        household_code="H1",
        borrower_id_number=make_id_number("430981", date(1950, 1, 1), 901),
        borrower_name="x",
        principal=D("60000"),
        term_months=40,
        applied_on=date(2022, 1, 5),
    )
    errors = eligibility_errors(
        app, household=None, borrower_hash="h", live_loans=1, settings=LoansSettings(), today=date(2022, 2, 1)
    )
    assert len(errors) == 5 and any("aged 18-65" in e for e in errors)
