"""A disbursed loan's obligations (dues), overdue days and quarterly subsidy lines. Pure: no I/O.

Rules (documented for the bank and the finance office):
- Interest accrues daily on the outstanding principal at the annual rate / 360 from the disbursement
  day. Accrual periods end on each settlement date (the 20th of March, June, September and December),
  on the maturity date and on the day the principal is paid off; the period's interest, rounded
  half-up to the fen, is due on the day the period ends. A principal repayment counts from its day.
- The outstanding principal is due on the maturity date. Interest keeps accruing on principal that
  is still unpaid after maturity.
- Interest payments pay the oldest interest due first (prepayments are allowed). A due is paid on the
  day the payments cover it.
- A due unpaid at the end of its due date is overdue from the next day: the overdue days of a due are
  due_on + 1 .. the day it was paid (or every day since, while unpaid).
- A settlement quarter's subsidy is withheld when the borrower was overdue on any day of the period,
  or when a due falling inside the period was paid late (so a quarter whose own interest was not paid
  on its settlement date gets nothing either), and when the loan was written off by the period's end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from services.common.i18n import Text
from services.loans.interest import (
    SUBSIDISED_CAP,
    PrincipalChange,
    RatePoint,
    RatioPoint,
    outstanding_on,
    period_interest,
    previous_settlement_date,
    settlement_date_on_or_after,
    subsidy_for_period,
    to_fen,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Terms:
    disbursed_on: date
    maturity_on: date
    principal: Decimal
    rates: Sequence[RatePoint]
    closed_on: date | None = None  # written off: nothing accrues or falls due from this day


@dataclass(frozen=True)
class Payment:
    paid_on: date
    interest: Decimal
    principal: Decimal


@dataclass(frozen=True)
class Due:
    kind: str  # interest | principal
    due_on: date
    amount: Decimal
    first: date | None = None  # accrual period of an interest due
    last: date | None = None
    paid_on: date | None = None  # the day payments covered it; None while unpaid

    def overdue_span(self, as_of: date) -> tuple[date, date] | None:
        """First and last overdue day up to `as_of`, if any."""
        first = self.due_on + timedelta(days=1)
        last = self.paid_on if self.paid_on is not None else as_of
        if last < first:
            return None
        return first, min(last, as_of)

    def overdue_at_end_of(self, day: date) -> bool:
        return self.due_on < day and (self.paid_on is None or self.paid_on > day)


def principal_changes(terms: Terms, payments: Sequence[Payment]) -> list[PrincipalChange]:
    outstanding = terms.principal
    changes = [PrincipalChange(terms.disbursed_on, outstanding)]
    for p in sorted(payments, key=lambda p: p.paid_on):
        if p.principal:
            outstanding = max(outstanding - p.principal, Decimal(0))
            changes.append(PrincipalChange(p.paid_on, outstanding))
    if terms.closed_on is not None:
        changes.append(PrincipalChange(terms.closed_on, Decimal(0)))
    # several changes on one day: the last one holds
    by_day: dict[date, Decimal] = {}
    for c in changes:
        by_day[c.on] = c.outstanding
    return [PrincipalChange(d, v) for d, v in sorted(by_day.items())]


def payoff_on(changes: Sequence[PrincipalChange]) -> date | None:
    for c in changes:
        if c.outstanding == 0:
            return c.on
    return None


def _period_ends(terms: Terms, end: date) -> list[date]:
    """Ends of accrual periods from disbursement through `end` (settlement dates, maturity, `end`)."""
    ends: set[date] = set()
    s = settlement_date_on_or_after(terms.disbursed_on)
    while s <= end:
        ends.add(s)
        s = settlement_date_on_or_after(s + timedelta(days=1))
    if terms.maturity_on <= end:
        ends.add(terms.maturity_on)
    ends.add(end)
    return sorted(e for e in ends if e >= terms.disbursed_on)


def dues(terms: Terms, payments: Sequence[Payment], *, through: date) -> list[Due]:
    """Every due whose date is on or before `through`, with the day each was paid."""
    changes = principal_changes(terms, payments)
    paid_off = payoff_on(
        principal_changes(replace(terms, closed_on=None), payments)
    )  # repaid, not written off
    stop = min(d for d in (through, paid_off, terms.closed_on) if d is not None)
    out: list[Due] = []
    if stop < terms.disbursed_on:
        return out
    ends = _period_ends(terms, stop)
    # `stop` = through is only a period end if it really ends one (settlement, maturity, payoff)
    real_end = {paid_off, terms.closed_on, terms.maturity_on}
    first = terms.disbursed_on
    for last in ends:
        is_boundary = last in real_end or last == settlement_date_on_or_after(last)
        if not is_boundary:
            break
        if terms.closed_on is not None and last == terms.closed_on and last != paid_off:
            break  # written off: the last stretch is not due
        amount = to_fen(period_interest(first=first, last=last, principal=changes, rates=terms.rates))
        out.append(Due("interest", last, amount, first, last))
        first = last + timedelta(days=1)
    if terms.maturity_on <= stop or (paid_off is not None and paid_off <= through):
        principal_due_on = (
            terms.maturity_on if paid_off is None or paid_off >= terms.maturity_on else paid_off
        )
        out.append(Due("principal", principal_due_on, terms.principal, paid_on=paid_off))
    return _allocate_interest(out, payments)


def _allocate_interest(all_dues: list[Due], payments: Sequence[Payment]) -> list[Due]:
    """Oldest interest due first; a due is paid on the day the running total of payments covers it."""
    pays = sorted((p for p in payments if p.interest), key=lambda p: p.paid_on)
    out: list[Due] = []
    needed = Decimal(0)
    for due in sorted(all_dues, key=lambda d: (d.due_on, d.kind)):
        if due.kind != "interest":
            out.append(due)
            continue
        needed += due.amount
        running = Decimal(0)
        paid_on: date | None = None
        for p in pays:
            running += p.interest
            if running >= needed:
                paid_on = p.paid_on
                break
        if due.amount == 0 and paid_on is None:
            paid_on = due.due_on
        out.append(Due(due.kind, due.due_on, due.amount, due.first, due.last, paid_on))
    return out


def overdue_days(all_dues: Sequence[Due], as_of: date) -> list[tuple[date, date]]:
    spans = [d.overdue_span(as_of) for d in all_dues]
    return [s for s in spans if s is not None]


def first_overdue(all_dues: Sequence[Due], as_of: date) -> Due | None:
    """The oldest due still overdue at the end of `as_of`."""
    late = [d for d in all_dues if d.overdue_at_end_of(as_of)]
    return min(late, key=lambda d: (d.due_on, d.kind)) if late else None


def outstanding_at(terms: Terms, payments: Sequence[Payment], day: date) -> Decimal:
    return outstanding_on(principal_changes(terms, payments), day)


# --------------------------------------------------------------------------- quarters and subsidies


def quarter_settlement(quarter: str) -> date:
    """'2022Q1' → 2022-03-20."""
    year, q = int(quarter[:4]), int(quarter[5])
    return date(year, 3 * q, 20)


def quarter_of_settlement(settlement: date) -> str:
    return f"{settlement.year}Q{settlement.month // 3}"


@dataclass(frozen=True)
class SubsidyLine:
    first: date
    last: date
    days: int
    interest: Decimal  # the period's interest on the whole outstanding principal
    subsidy: Decimal
    withheld: str | None


def subsidy_line(
    terms: Terms,
    payments: Sequence[Payment],
    *,
    quarter: str,
    ratios: Sequence[RatioPoint],
    as_of: date,
    cap: Decimal = SUBSIDISED_CAP,
) -> SubsidyLine | None:
    """The quarter's line for this loan, or None when the loan accrued nothing in the quarter."""
    settlement = quarter_settlement(quarter)
    changes = principal_changes(terms, payments)
    first = max(previous_settlement_date(settlement) + timedelta(days=1), terms.disbursed_on)
    last = settlement
    if first > last:
        return None
    interest_exact = period_interest(first=first, last=last, principal=changes, rates=terms.rates)
    if interest_exact == 0:
        return None
    all_dues = dues(terms, payments, through=max(as_of, settlement))
    reasons: list[str] = []
    if terms.closed_on is not None and terms.closed_on <= last:
        reasons.append(f"written off {terms.closed_on.isoformat()}")
    for span in overdue_days(all_dues, as_of):
        if span[0] <= last and span[1] >= first:
            reasons.append(f"overdue {max(span[0], first).isoformat()}..{min(span[1], last).isoformat()}")
            break
    for due in all_dues:
        if first <= due.due_on <= last and (due.paid_on is None or due.paid_on > due.due_on):
            if due.paid_on is None and as_of <= due.due_on:
                continue  # not yet due: the quarter is still open
            state = f"paid {due.paid_on.isoformat()}" if due.paid_on else "unpaid"
            reasons.append(f"{due.kind} due {due.due_on.isoformat()} {state}")
    if reasons:
        subsidy = ZERO
    else:
        subsidy = subsidy_for_period(
            first=first, last=last, principal=changes, rates=terms.rates, ratios=ratios, cap=cap
        )
    return SubsidyLine(
        first=first,
        last=last,
        days=(last - first).days + 1,
        interest=to_fen(interest_exact),
        subsidy=subsidy,
        withheld="; ".join(reasons) or None,
    )


_WITHHELD_ZH = (
    (re.compile(r"^written off (\S+)$"), "已于{0}核销"),
    (re.compile(r"^overdue (\S+)\.\.(\S+)$"), "{0}至{1}逾期"),
    (re.compile(r"^(interest|principal) due (\S+) paid (\S+)$"), "{1}到期的{0}于{2}才归还"),
    (re.compile(r"^(interest|principal) due (\S+) unpaid$"), "{1}到期的{0}未归还"),
)
_KIND_ZH = {"interest": "利息", "principal": "本金"}


def withheld_text(withheld: str | None) -> Text | None:
    """Why a quarter's subsidy is withheld, in English (as stored and published) and Chinese."""
    if not withheld:
        return None
    parts = []
    for part in withheld.split("; "):
        for pattern, zh in _WITHHELD_ZH:
            m = pattern.match(part)
            if m:
                parts.append(zh.format(*(_KIND_ZH.get(g, g) for g in m.groups())))
                break
        else:
            parts.append(part)
    return Text(withheld, "；".join(parts) + "，不予贴息")
