"""Reads of the loans service: lists, one loan with its schedule, statistics, the borrower revealed,
all scoped by the caller's villages and masked unless revealed."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from services.common import trail
from services.common.audit import audit_key
from services.common.auth import Principal, Role
from services.common.errors import not_found
from services.common.pages import decode_cursor, encode_cursor
from services.common.scope import principal_scope
from services.loans import schedule
from services.loans.book import load_book, loan_row, outstanding_on
from services.loans.context import SERVICE, LoansContext, money
from services.loans.interest import (
    SUBSIDISED_CAP,
)


def loan_out(row: Any, principal: Principal, *, outstanding: Decimal) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "household_code": row.household_code,
        "village_code": row.village_code,
        "borrower": {
            "name": row.borrower_name_masked,
            "id_number": row.borrower_id_masked,
        },
        "principal": money(row.principal),
        "subsidised_principal": money(min(row.principal, SUBSIDISED_CAP)),
        "outstanding": money(outstanding),
        "term_months": row.term_months,
        "top_up": row.top_up,
        "purpose": row.purpose,
        "status": row.status,
        "applied_on": row.applied_on.isoformat(),
        "approved_on": row.approved_on.isoformat() if row.approved_on else None,
        "disbursed_on": row.disbursed_on.isoformat() if row.disbursed_on else None,
        "maturity_on": row.maturity_on.isoformat() if row.maturity_on else None,
        "closed_on": row.closed_on.isoformat() if row.closed_on else None,
        "bank": row.bank,
        "annual_rate": None if row.annual_rate is None else f"{row.annual_rate.normalize():f}",
        "rate_series": row.rate_series,
    }


async def list_loans(
    ctx: LoansContext,
    *,
    principal: Principal,
    village_code: str | None,
    household_code: str | None,
    status: str | None,
    overdue: bool | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    scope, params = principal_scope(principal)
    where = f"true{scope}"
    clauses = [where]
    for name, value in (
        ("village_code", village_code),
        ("household_code", household_code),
        ("status", status),
    ):
        if value is not None:
            clauses.append(f"{name} = :{name}")
            params[name] = value
    if overdue is not None:
        clauses.append(
            ("" if overdue else "NOT ")
            + "EXISTS (SELECT 1 FROM overdue_episodes e WHERE e.loan_id = loans.id AND e.cleared_on IS NULL)"
        )
    if cursor:
        at, lid = decode_cursor(cursor, datetime, uuid.UUID)
        clauses.append("(created_at, id) > (:c_at, :c_id)")
        params.update(c_at=at, c_id=lid)
    params["limit"] = limit + 1
    today = ctx.today()
    async with ctx.db.session() as s:
        book = await load_book(s, " AND ".join(clauses) + " ORDER BY created_at, id LIMIT :limit", params)
    rows = book.loans[:limit]
    items = [loan_out(r, principal, outstanding=outstanding_on(book, r, today)) for r in rows]
    nxt = encode_cursor(rows[-1].created_at, rows[-1].id) if len(book.loans) > limit else None
    return items, nxt


async def get_loan(ctx: LoansContext, *, principal: Principal, loan_id: uuid.UUID) -> dict[str, Any]:
    today = ctx.today()
    async with ctx.db.session() as s:
        loan = await loan_row(s, loan_id, principal, lock=False)
        book = await load_book(s, "id = :id", {"id": loan_id})
        repayments = (
            await s.execute(
                text(
                    "SELECT id, paid_on, interest, principal FROM repayments WHERE loan_id = :id "
                    "ORDER BY paid_on, created_at"
                ),
                {"id": loan_id},
            )
        ).all()
        episodes = (
            await s.execute(
                text(
                    "SELECT id, overdue_since, due_kind, due_on, amount_due, cleared_on FROM overdue_episodes "
                    "WHERE loan_id = :id ORDER BY overdue_since"
                ),
                {"id": loan_id},
            )
        ).all()
        reminders = (
            await s.execute(
                text(
                    "SELECT due_kind, due_on, days_before, status, sent_on FROM reminders WHERE loan_id = :id "
                    "ORDER BY due_on, days_before DESC"
                ),
                {"id": loan_id},
            )
        ).all()
    out = loan_out(loan, principal, outstanding=outstanding_on(book, loan, today))
    if loan.disbursed_on is not None:
        terms = book.terms(loan)
        horizon = max(today, loan.maturity_on or today)
        all_dues = schedule.dues(terms, book.payments[loan_id], through=horizon)
        out["schedule"] = [
            {
                "kind": d.kind,
                "due_on": d.due_on.isoformat(),
                "amount": money(d.amount),
                "period": [d.first.isoformat(), d.last.isoformat()] if d.first and d.last else None,
                "paid_on": d.paid_on.isoformat() if d.paid_on else None,
                "overdue": d.overdue_at_end_of(today),
            }
            for d in all_dues
        ]
        out["overdue"] = any(d.overdue_at_end_of(today) for d in all_dues)
    out["repayments"] = [
        {
            "id": str(r.id),
            "paid_on": r.paid_on.isoformat(),
            "interest": money(r.interest),
            "principal": money(r.principal),
        }
        for r in repayments
    ]
    out["overdue_episodes"] = [
        {
            "id": str(e.id),
            "overdue_since": e.overdue_since.isoformat(),
            "due_kind": e.due_kind,
            "due_on": e.due_on.isoformat(),
            "amount_due": money(e.amount_due),
            "cleared_on": e.cleared_on.isoformat() if e.cleared_on else None,
        }
        for e in episodes
    ]
    out["reminders"] = [
        {
            "due_kind": r.due_kind,
            "due_on": r.due_on.isoformat(),
            "days_before": r.days_before,
            "status": r.status,
            "sent_on": r.sent_on.isoformat(),
        }
        for r in reminders
    ]
    return out


async def loan_stats(ctx: LoansContext, *, principal: Principal, as_of: date) -> dict[str, Any]:
    """Borrowers with a loan outstanding at the end of `as_of`, and the outstanding principal."""
    scope, params = principal_scope(principal)
    where = f"true{scope}"
    async with ctx.db.session() as s:
        book = await load_book(
            s,
            f"{where} AND disbursed_on IS NOT NULL AND disbursed_on <= :d AND (closed_on IS NULL OR closed_on > :d)",
            {**params, "d": as_of},
        )
    live = [(r, outstanding_on(book, r, as_of)) for r in book.loans]
    live = [(r, o) for r, o in live if o > 0]
    by_village: dict[str, dict[str, Any]] = {}
    for r, o in live:
        v = by_village.setdefault(r.village_code, {"borrowers": 0, "outstanding": Decimal(0)})
        v["borrowers"] += 1
        v["outstanding"] += o
    return {
        "as_of": as_of.isoformat(),
        "borrowers": len({r.borrower_id_hash for r, _ in live}),
        "loans": len(live),
        "outstanding": money(sum((o for _, o in live), Decimal(0))),
        "by_village": {
            k: {"borrowers": v["borrowers"], "outstanding": money(v["outstanding"])}
            for k, v in sorted(by_village.items())
        },
    }


async def reveal_borrower(ctx: LoansContext, *, principal: Principal, loan_id: uuid.UUID) -> dict[str, Any]:
    """The auditor reads the unmasked borrower; the read itself is recorded."""
    assert principal.role is Role.auditor
    async with ctx.db.transaction() as s:
        row = (
            await s.execute(
                text("SELECT id, borrower_name_enc, borrower_id_enc FROM loans WHERE id = :id"),
                {"id": loan_id},
            )
        ).first()
        if row is None:
            raise not_found("loan")
        # a sealed entry on the loan's trail and an event on audit.trail.v1, with the read
        await trail.record_reveal(
            s,
            key=audit_key(ctx.settings),
            service=SERVICE,
            subject_type="loan",
            subject_id=str(loan_id),
            actor=principal.actor(),
            fields=["name", "id_number"],
        )
    return {
        "name": ctx.cipher.open("loans", "borrower_name_enc", row.id, row.borrower_name_enc),
        "id_number": ctx.cipher.open("loans", "borrower_id_enc", row.id, row.borrower_id_enc),
    }
