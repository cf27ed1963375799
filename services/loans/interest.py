"""Interest and interest subsidies (贴息) of small poverty-alleviation loans (小额信贷). Pure.

Interest accrues daily on the outstanding principal at the annual rate / 360 and is settled on the
20th of March, June, September and December (结息日). A settlement period runs from the day after the
previous settlement date (or the disbursement date) to the settlement date, both included.

Rounding: interest and subsidies are computed exactly in Decimal per day and rounded once per borrower
and period, half-up to the fen (0.01 yuan).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
SUBSIDISED_CAP = Decimal("50000")
SETTLEMENT_MONTHS = (3, 6, 9, 12)
DAYS_IN_YEAR = Decimal(360)


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def settlement_date_on_or_after(day: date) -> date:
    """The first settlement date (the 20th of the quarter's last month) on or after `day`."""
    for month in SETTLEMENT_MONTHS:
        candidate = date(day.year, month, 20)
        if candidate >= day:
            return candidate
    return date(day.year + 1, 3, 20)


def previous_settlement_date(settlement: date) -> date:
    month = settlement.month - 3
    return date(settlement.year, month, 20) if month > 0 else date(settlement.year - 1, 12, 20)


def settlement_period(settlement: date, disbursed_on: date) -> tuple[date, date]:
    """First and last accrual day of the period that ends on `settlement`."""
    start = max(previous_settlement_date(settlement) + timedelta(days=1), disbursed_on)
    return start, settlement


@dataclass(frozen=True)
class RatePoint:
    """An annual rate in force from `effective_on` (e.g. the 1-year LPR of that period)."""

    effective_on: date
    annual_rate: Decimal


def rate_on(rates: Sequence[RatePoint], day: date) -> Decimal:
    applicable = [r for r in rates if r.effective_on <= day]
    if not applicable:
        raise ValueError(f"no rate in force on {day.isoformat()}")
    return max(applicable, key=lambda r: r.effective_on).annual_rate


@dataclass(frozen=True)
class PrincipalChange:
    """Outstanding principal from `on` (disbursement, repayment)."""

    on: date
    outstanding: Decimal


def outstanding_on(changes: Sequence[PrincipalChange], day: date) -> Decimal:
    applicable = [c for c in changes if c.on <= day]
    return max(applicable, key=lambda c: c.on).outstanding if applicable else Decimal(0)


def _segments(first: date, last: date, breaks: Iterable[date]) -> Iterable[tuple[date, int]]:
    """Split first..last at the given change days: (segment start, number of days)."""
    cuts = sorted({d for d in breaks if first < d <= last} | {first})
    for i, start in enumerate(cuts):
        end = cuts[i + 1] - timedelta(days=1) if i + 1 < len(cuts) else last
        yield start, (end - start).days + 1


def _numerator(
    first: date,
    last: date,
    principal: Sequence[PrincipalChange],
    rates: Sequence[RatePoint],
    cap: Decimal | None,
    ratios: Sequence[RatioPoint] = (),
) -> Decimal:
    """Σ base × rate (× ratio) × days over the constant stretches of first..last (exact in Decimal)."""
    total = Decimal(0)
    breaks = [c.on for c in principal] + [r.effective_on for r in rates] + [r.effective_on for r in ratios]
    for start, days in _segments(first, last, breaks):
        base = outstanding_on(principal, start)
        if cap is not None:
            base = min(base, cap)
        if not base:
            continue
        term = base * rate_on(rates, start) * days
        if ratios:
            term *= ratio_on(ratios, start)
        total += term
    return total


def period_interest(
    *,
    first: date,
    last: date,
    principal: Sequence[PrincipalChange],
    rates: Sequence[RatePoint],
    cap: Decimal | None = None,
) -> Decimal:
    """Exact (unrounded) interest for the days first..last; `cap` limits the principal counted.

    Accrual is daily at rate / 360; summed over stretches where principal and rate are constant and
    divided once, so the only rounding is the final one to the fen.
    """
    if last < first:
        return Decimal(0)
    return _numerator(first, last, principal, rates, cap) / DAYS_IN_YEAR


@dataclass(frozen=True)
class RatioPoint:
    """The share of subsidised interest the government pays, from `effective_on`."""

    effective_on: date
    ratio: Decimal


def subsidy_for_period(
    *,
    first: date,
    last: date,
    principal: Sequence[PrincipalChange],
    rates: Sequence[RatePoint],
    ratios: Sequence[RatioPoint],
    overdue_days: Iterable[date] = (),
    cap: Decimal = SUBSIDISED_CAP,
) -> Decimal:
    """The period's interest subsidy, to the fen: nothing when the borrower was overdue on any day of it."""
    if any(first <= d <= last for d in overdue_days):
        return Decimal("0.00")
    if last < first:
        return Decimal("0.00")
    return to_fen(_numerator(first, last, principal, rates, cap, ratios) / DAYS_IN_YEAR)


def ratio_on(ratios: Sequence[RatioPoint], day: date) -> Decimal:
    applicable = [r for r in ratios if r.effective_on <= day]
    if not applicable:
        raise ValueError(f"no subsidy ratio configured for {day.isoformat()}")
    return max(applicable, key=lambda r: r.effective_on).ratio
