"""Hand-computed interest and subsidy cases (issue 4)."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from services.loans.interest import (
    PrincipalChange,
    RatePoint,
    RatioPoint,
    period_interest,
    settlement_date_on_or_after,
    settlement_period,
    subsidy_for_period,
    to_fen,
)

RATE_370 = [RatePoint(date(2020, 1, 1), Decimal("0.037"))]
FULL = [RatioPoint(date(2020, 1, 1), Decimal("1"))]


def test_50000_at_370_for_90_days_is_462_50() -> None:
    p = [PrincipalChange(date(2022, 1, 1), Decimal("50000"))]
    # 2022-03-21 .. 2022-06-18 is 90 days
    assert to_fen(
        period_interest(first=date(2022, 3, 21), last=date(2022, 6, 18), principal=p, rates=RATE_370)
    ) == Decimal("462.50")


def test_settlement_dates_and_a_mid_quarter_disbursement() -> None:
    assert settlement_date_on_or_after(date(2022, 2, 10)) == date(2022, 3, 20)
    assert settlement_date_on_or_after(date(2022, 12, 21)) == date(2023, 3, 20)
    first, last = settlement_period(date(2022, 3, 20), disbursed_on=date(2022, 2, 10))
    assert (first, last) == (date(2022, 2, 10), date(2022, 3, 20))  # 39 days
    p = [PrincipalChange(date(2022, 2, 10), Decimal("30000"))]
    # 30,000 × 3.70% / 360 × 39 = 120.25
    assert to_fen(period_interest(first=first, last=last, principal=p, rates=RATE_370)) == Decimal("120.25")


def test_rate_change_inside_a_period() -> None:
    rates = [RatePoint(date(2020, 1, 1), Decimal("0.037")), RatePoint(date(2022, 5, 20), Decimal("0.0365"))]
    p = [PrincipalChange(date(2022, 1, 1), Decimal("50000"))]
    first, last = settlement_period(date(2022, 6, 20), disbursed_on=date(2022, 1, 1))  # 03-21 .. 06-20
    # 60 days at 3.70% (03-21..05-19) = 308.3333…, 32 days at 3.65% (05-20..06-20) = 162.2222… → 470.56
    assert to_fen(period_interest(first=first, last=last, principal=p, rates=rates)) == Decimal("470.56")


def test_80000_is_subsidised_on_50000_only() -> None:
    p = [PrincipalChange(date(2022, 1, 1), Decimal("80000"))]
    sub = subsidy_for_period(
        first=date(2022, 3, 21), last=date(2022, 6, 18), principal=p, rates=RATE_370, ratios=FULL
    )
    assert sub == Decimal("462.50")
    assert to_fen(
        period_interest(first=date(2022, 3, 21), last=date(2022, 6, 18), principal=p, rates=RATE_370)
    ) == Decimal("740.00")


def test_a_period_with_an_overdue_day_gets_no_subsidy() -> None:
    p = [PrincipalChange(date(2022, 1, 1), Decimal("50000"))]
    assert subsidy_for_period(
        first=date(2022, 3, 21),
        last=date(2022, 6, 20),
        principal=p,
        rates=RATE_370,
        ratios=FULL,
        overdue_days=[date(2022, 4, 2)],
    ) == Decimal("0.00")


def test_a_70_percent_ratio_period() -> None:
    p = [PrincipalChange(date(2023, 1, 1), Decimal("50000"))]
    ratios = [RatioPoint(date(2020, 1, 1), Decimal("1")), RatioPoint(date(2024, 1, 1), Decimal("0.7"))]
    # 2024-03-21 .. 2024-06-18 (90 days): 462.50 × 70% = 323.75
    assert subsidy_for_period(
        first=date(2024, 3, 21), last=date(2024, 6, 18), principal=p, rates=RATE_370, ratios=ratios
    ) == Decimal("323.75")


@settings(max_examples=200, deadline=None)
@given(
    principal=st.integers(min_value=1, max_value=100_000),
    repaid=st.integers(min_value=0, max_value=100_000),
    repay_day=st.integers(min_value=0, max_value=120),
    rate_change_day=st.integers(min_value=0, max_value=120),
    days=st.integers(min_value=1, max_value=120),
)
def test_stretch_sums_equal_the_day_by_day_sum(
    principal: int, repaid: int, repay_day: int, rate_change_day: int, days: int
) -> None:
    start = date(2022, 1, 1)
    changes = [PrincipalChange(start, Decimal(principal))]
    changes.append(PrincipalChange(start + timedelta(days=repay_day), Decimal(max(principal - repaid, 0))))
    rates = [
        RatePoint(date(2020, 1, 1), Decimal("0.0475")),
        RatePoint(start + timedelta(days=rate_change_day), Decimal("0.0365")),
    ]
    last = start + timedelta(days=days - 1)
    exact = Fraction(0)  # day by day, in exact rationals (a Decimal day-sum drifts at 1e-25 and can
    day = start  # turn an exact half-fen tie such as 173.565 into 173.5649999…)
    while day <= last:
        base = max((c for c in changes if c.on <= day), key=lambda c: c.on).outstanding
        rate = max((r for r in rates if r.effective_on <= day), key=lambda r: r.effective_on).annual_rate
        exact += Fraction(base) * Fraction(rate) / 360
        day += timedelta(days=1)
    fen = exact * 100
    want = Decimal(int(fen) + (1 if fen - int(fen) >= Fraction(1, 2) else 0)) / 100  # half-up, amounts ≥ 0
    assert to_fen(period_interest(first=start, last=last, principal=changes, rates=rates)) == want
