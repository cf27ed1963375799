"""Repayments: recorded against the schedule, idempotent per request, and the loan's state after them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common import idempotency
from services.common.auth import Principal
from services.common.events.contracts.loans import (
    RepaymentRecorded,
)
from services.common.events.types import EventType
from services.common.i18n import Text, t
from services.common.outbox import add_events
from services.loans import schedule
from services.loans.book import clear_overdue, load_book, loan_changed, loan_event, loan_row, outstanding_on
from services.loans.context import LoansContext, conflict, invalid, money
from services.loans.decisions import not_before
from services.loans.queries import loan_out


def repayment_errors(
    paid_on: date,
    interest: Decimal,
    principal: Decimal,
    *,
    today: date,
    disbursed_on: date | None,
    outstanding: Decimal,
) -> list[str]:
    """Every reason a repayment is refused (empty when it may be recorded). Pure."""
    errors: list[str] = []
    if paid_on > today:
        errors.append(t("paid_on {d} is in the future", "还款日期{d}晚于今天", d=paid_on.isoformat()))
    not_before(errors, "paid_on", paid_on, disbursed_on, "disbursed_on")
    for name, zh, amount in (("interest", "利息", interest), ("principal", "本金", principal)):
        if amount < 0:
            errors.append(Text(f"{name} must not be negative", f"{zh}不能为负数"))
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            errors.append(Text(f"{name} has more than two decimal places", f"{zh}最多保留两位小数"))
    if interest == 0 and principal == 0:
        errors.append(t("a repayment pays interest, principal or both", "还款金额为零：利息与本金至少填一项"))
    if principal > outstanding:
        errors.append(
            t(
                "principal {p} exceeds the outstanding {o}",
                "归还本金{p}元超过未还本金{o}元",
                p=money(principal),
                o=money(outstanding),
            )
        )
    return errors


async def _close_repaid(
    s: AsyncSession, loan_id: uuid.UUID, payments: Sequence[schedule.Payment], principal: Principal
) -> Any:
    """Nothing is left to pay: the loan is repaid on its last payment's day; returns its event."""
    await s.execute(
        text("UPDATE loans SET status = 'repaid', closed_on = :d, updated_at = now() WHERE id = :id"),
        {"d": max(p.paid_on for p in payments), "id": loan_id},
    )
    row = await loan_row(s, loan_id, None, lock=False)
    return loan_event(
        EventType.LOANS_LOAN_REPAID, str(loan_id), loan_changed(row, Decimal(0)), principal.actor()
    )


async def record_repayment(
    ctx: LoansContext,
    *,
    principal: Principal,
    loan_id: uuid.UUID,
    paid_on: date,
    interest: Decimal,
    principal_amount: Decimal,
    idem_key: str | None = None,
) -> tuple[int, dict[str, Any]]:
    fingerprint = idempotency.request_fingerprint(
        {"loan": str(loan_id), "paid_on": paid_on.isoformat(), "i": str(interest), "p": str(principal_amount)}
    )
    scope = f"loans.repay|{principal.sub}"
    today = ctx.today()
    async with ctx.db.transaction() as s:
        replayed = await idempotency.replay(s, scope=scope, key=idem_key, fingerprint=fingerprint)
        if replayed is not None:
            return replayed
        loan = await loan_row(s, loan_id, principal, lock=True)
        if loan.status != "disbursed":
            raise conflict(f"the loan is {loan.status}; repayments go to a disbursed loan", [loan.status])
        book = await load_book(s, "id = :id", {"id": loan_id})
        outstanding_now = outstanding_on(book, loan, max(today, paid_on))
        errors = repayment_errors(
            paid_on,
            interest,
            principal_amount,
            today=today,
            disbursed_on=loan.disbursed_on,
            outstanding=outstanding_now,
        )
        if errors:
            raise invalid(errors)
        repayment_id = uuid.uuid4()
        await s.execute(
            text(
                "INSERT INTO repayments (id, loan_id, paid_on, interest, principal, recorded_by) "
                "VALUES (:id, :l, :d, :i, :p, CAST(:a AS jsonb))"
            ),
            {
                "id": repayment_id,
                "l": loan_id,
                "d": paid_on,
                "i": interest,
                "p": principal_amount,
                "a": orjson.dumps(principal.actor()).decode(),
            },
        )
        book.payments[loan_id].append(schedule.Payment(paid_on, interest, principal_amount))
        book.payments[loan_id].sort(key=lambda p: p.paid_on)
        terms = book.terms(loan)
        outstanding = schedule.outstanding_at(terms, book.payments[loan_id], max(today, paid_on))
        events = [
            loan_event(
                EventType.LOANS_LOAN_REPAYMENT_RECORDED,
                str(loan_id),
                RepaymentRecorded(
                    loan_id=str(loan_id),
                    repayment_id=str(repayment_id),
                    household_code=loan.household_code,
                    village_code=loan.village_code,
                    paid_on=paid_on,
                    interest=money(interest) or "0.00",
                    principal=money(principal_amount) or "0.00",
                    outstanding=money(outstanding) or "0.00",
                ),
                principal.actor(),
            )
        ]
        state = loan_state(terms, book.payments[loan_id], today)
        if outstanding == 0 and state["interest_unpaid"] == Decimal(0):
            events.append(await _close_repaid(s, loan_id, book.payments[loan_id], principal))
        if state["overdue_due"] is None:
            await clear_overdue(s, loan_id, today, principal.actor(), loan)
        await add_events(s, events)
        row = await loan_row(s, loan_id, None, lock=False)
        body = {"repayment_id": str(repayment_id), "loan": loan_out(row, principal, outstanding=outstanding)}
        await idempotency.remember(
            s, scope=scope, key=idem_key, fingerprint=fingerprint, status_code=201, body=body
        )
    return 201, body


def loan_state(terms: schedule.Terms, payments: Sequence[schedule.Payment], today: date) -> dict[str, Any]:
    """What is due, paid, overdue and coming next, as of the end of `today`."""
    all_dues = schedule.dues(terms, payments, through=today)
    interest_due = sum((d.amount for d in all_dues if d.kind == "interest"), Decimal(0))
    interest_paid = sum((p.interest for p in payments), Decimal(0))
    return {
        "dues": all_dues,
        "interest_unpaid": max(interest_due - interest_paid, Decimal(0)),
        "overdue_due": schedule.first_overdue(all_dues, today),
    }
