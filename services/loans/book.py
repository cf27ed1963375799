"""Loan rows into the pure engine: the book of terms and payments, the outstanding principal, the
loan's events and its row (scoped, optionally locked); the overdue flag cleared when a loan is whole."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import Principal
from services.common.errors import not_found
from services.common.events.contracts.loans import (
    LoanChanged,
    LoanOverdue,
)
from services.common.events.envelope import new_event
from services.common.events.types import EventType
from services.common.outbox import add_events
from services.loans import schedule
from services.loans.context import SERVICE, money
from services.loans.interest import (
    SUBSIDISED_CAP,
    RatePoint,
)
from services.loans.rates import series_points


@dataclass
class LoanBook:
    """Loans with their repayments and rates, loaded together for the engine."""

    loans: list[Any]
    payments: dict[uuid.UUID, list[schedule.Payment]]
    series: dict[str, list[RatePoint]]

    def terms(self, loan: Any) -> schedule.Terms:
        if loan.annual_rate is not None:
            rates: Sequence[RatePoint] = [RatePoint(loan.disbursed_on, loan.annual_rate)]
        else:
            rates = self.series.get(loan.rate_series or "", [])
        return schedule.Terms(
            disbursed_on=loan.disbursed_on,
            maturity_on=loan.maturity_on,
            principal=loan.principal,
            rates=rates,
            closed_on=loan.closed_on if loan.status == "written_off" else None,
        )


LOAN_COLUMNS = (
    "id, household_code, village_code, borrower_name_masked, borrower_id_hash, borrower_id_masked, "
    "borrower_birth_year, "
    "principal, term_months, top_up, subsidised, purpose, status, applied_on, approved_on, disbursed_on, "
    "maturity_on, closed_on, bank, annual_rate, rate_series, notes, created_at"
)


async def load_book(s: AsyncSession, where: str, params: dict[str, Any]) -> LoanBook:
    loans = (await s.execute(text(f"SELECT {LOAN_COLUMNS} FROM loans WHERE {where}"), params)).all()
    ids = [r.id for r in loans]
    payments: dict[uuid.UUID, list[schedule.Payment]] = {i: [] for i in ids}
    if ids:
        rows = await s.execute(
            text(
                "SELECT loan_id, paid_on, interest, principal FROM repayments "
                "WHERE loan_id = ANY(CAST(:ids AS uuid[])) ORDER BY paid_on, created_at"
            ),
            {"ids": ids},
        )
        for r in rows:
            payments[r.loan_id].append(schedule.Payment(r.paid_on, r.interest, r.principal))
    series: dict[str, list[RatePoint]] = {}
    for name in {r.rate_series for r in loans if r.annual_rate is None and r.rate_series}:
        series[name] = await series_points(s, name)
    return LoanBook(list(loans), payments, series)


def outstanding_on(book: LoanBook, loan: Any, day: date) -> Decimal:
    if loan.disbursed_on is None:
        return Decimal("0.00")
    return schedule.outstanding_at(book.terms(loan), book.payments[loan.id], day)


def loan_changed(loan: Any, outstanding: Decimal, **override: Any) -> LoanChanged:
    values = {
        "loan_id": str(loan.id),
        "household_code": loan.household_code,
        "village_code": loan.village_code,
        "borrower_id_hash": loan.borrower_id_hash,
        "status": loan.status,
        "principal": money(loan.principal),
        "subsidised_principal": money(min(loan.principal, SUBSIDISED_CAP) if loan.subsidised else Decimal(0)),
        "outstanding": money(outstanding),
        "term_months": loan.term_months,
        "top_up": loan.top_up,
        "applied_on": loan.applied_on,
        "approved_on": loan.approved_on,
        "disbursed_on": loan.disbursed_on,
        "maturity_on": loan.maturity_on,
        "closed_on": loan.closed_on,
        "bank": loan.bank,
        "annual_rate": None if loan.annual_rate is None else f"{loan.annual_rate.normalize():f}",
        "rate_series": loan.rate_series,
    }
    values.update(override)
    return LoanChanged(**values)


def loan_event(event_type: str, loan_id: str, data: Any, actor: dict[str, Any]) -> Any:
    return new_event(
        event_type=event_type,
        source=SERVICE,
        aggregate_type="loan",
        aggregate_id=loan_id,
        data=data,
        actor=actor,
        correlation_id=loan_id,
    )


async def loan_row(s: AsyncSession, loan_id: uuid.UUID, principal: Principal | None, *, lock: bool) -> Any:
    row = (
        await s.execute(
            text(f"SELECT {LOAN_COLUMNS} FROM loans WHERE id = :id" + (" FOR UPDATE" if lock else "")),
            {"id": loan_id},
        )
    ).first()
    if row is None or (principal is not None and not principal.can_see_village(row.village_code)):
        raise not_found("loan")
    return row


async def clear_overdue(
    s: AsyncSession, loan_id: uuid.UUID, on: date, actor: dict[str, Any], loan: Any
) -> None:
    ep = (
        await s.execute(
            text(
                "UPDATE overdue_episodes SET cleared_on = :on WHERE loan_id = :l AND cleared_on IS NULL "
                "RETURNING id, overdue_since, due_kind, due_on, amount_due"
            ),
            {"on": on, "l": loan_id},
        )
    ).first()
    if ep is None:
        return
    await add_events(
        s,
        [
            loan_event(
                EventType.LOANS_LOAN_OVERDUE_CLEARED,
                str(loan_id),
                LoanOverdue(
                    loan_id=str(loan_id),
                    episode_id=str(ep.id),
                    household_code=loan.household_code,
                    village_code=loan.village_code,
                    borrower_id_hash=loan.borrower_id_hash,
                    overdue_since=ep.overdue_since,
                    due_kind=ep.due_kind,
                    due_on=ep.due_on,
                    amount_due=money(ep.amount_due) or "0.00",
                    cleared_on=on,
                ),
                actor,
            )
        ],
    )
