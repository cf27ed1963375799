"""A loan after its application: the decision, the disbursement (rate fixed or floating) and the write-off."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from services.common.auth import Principal
from services.common.events.types import EventType
from services.common.i18n import t
from services.common.outbox import add_events
from services.loans.book import clear_overdue, load_book, loan_changed, loan_event, loan_row, outstanding_on
from services.loans.context import LoansContext, add_months, conflict, invalid
from services.loans.queries import loan_out
from services.loans.rates import series_points


def not_before(errors: list[str], name: str, day: date, floor: date | None, floor_name: str) -> None:
    if floor is not None and day < floor:
        errors.append(
            t(
                "{name} {d} is before {floor_name} {f}",
                "{name}{d}早于{floor_name}{f}",
                name=name,
                d=day.isoformat(),
                floor_name=floor_name,
                f=floor.isoformat(),
            )
        )


async def decide(
    ctx: LoansContext, *, principal: Principal, loan_id: uuid.UUID, approve: bool, on: date, notes: str | None
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        loan = await loan_row(s, loan_id, principal, lock=True)
        if loan.status != "applied":
            raise conflict(f"the loan is {loan.status}; only an applied loan can be decided", [loan.status])
        errors: list[str] = []
        if on > ctx.today():
            errors.append(t("decided_on {d} is in the future", "审批日期{d}晚于今天", d=on.isoformat()))
        not_before(errors, "decided_on", on, loan.applied_on, "applied_on")
        if errors:
            raise invalid(errors)
        status = "approved" if approve else "rejected"
        await s.execute(
            text(
                "UPDATE loans SET status = :st, approved_on = :on, notes = COALESCE(:n, notes), "
                "closed_on = :closed, updated_at = now() WHERE id = :id"
            ),
            {"st": status, "on": on, "n": notes, "closed": None if approve else on, "id": loan_id},
        )
        row = await loan_row(s, loan_id, None, lock=False)
        await add_events(
            s,
            [
                loan_event(
                    f"loans.loan.{status}", str(loan_id), loan_changed(row, Decimal(0)), principal.actor()
                )
            ],
        )
    return loan_out(row, principal, outstanding=Decimal(0))


async def disburse(
    ctx: LoansContext,
    *,
    principal: Principal,
    loan_id: uuid.UUID,
    disbursed_on: date,
    bank: str,
    annual_rate: Decimal | None,
    rate_series: str | None,
    floating: bool,
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        loan = await loan_row(s, loan_id, principal, lock=True)
        if loan.status != "approved":
            raise conflict(
                f"the loan is {loan.status}; only an approved loan can be disbursed", [loan.status]
            )
        errors: list[str] = []
        if disbursed_on > ctx.today():
            errors.append(
                t("disbursed_on {d} is in the future", "放款日期{d}晚于今天", d=disbursed_on.isoformat())
            )
        not_before(errors, "disbursed_on", disbursed_on, loan.approved_on, "approved_on")
        series = rate_series or ctx.settings.loans_default_rate_series
        fixed: Decimal | None = annual_rate
        if annual_rate is not None and floating:
            errors.append(
                t(
                    "a floating loan follows its rate series; give annual_rate or floating, not both",
                    "浮动利率贷款按利率序列计息：年利率与浮动利率只能选其一",
                )
            )
        if annual_rate is None:
            points = await series_points(s, series)
            if not points:
                errors.append(
                    t(
                        "rate series {s} has no rates; known series come from GET /v1/admin/rates",
                        "利率序列{s}没有任何利率（可用序列见 GET /v1/admin/rates）",
                        s=repr(series),
                    )
                )
            elif points[0].effective_on > disbursed_on:
                errors.append(
                    t(
                        "rate series {s} has no rate in force on {d}",
                        "利率序列{s}在{d}没有适用的利率",
                        s=repr(series),
                        d=disbursed_on.isoformat(),
                    )
                )
            elif not floating:
                fixed = max(
                    (p for p in points if p.effective_on <= disbursed_on), key=lambda p: p.effective_on
                ).annual_rate
        elif not Decimal("0") < annual_rate < Decimal("1"):
            errors.append(
                t(
                    "annual_rate must be a fraction between 0 and 1, e.g. 0.0475 for 4.75%",
                    "年利率应为0到1之间的小数，例如4.75%填0.0475",
                )
            )
        if errors:
            raise invalid(errors)
        await s.execute(
            text(
                "UPDATE loans SET status = 'disbursed', disbursed_on = :d, maturity_on = :m, bank = :b, "
                "annual_rate = :r, rate_series = :rs, updated_at = now() WHERE id = :id"
            ),
            {
                "d": disbursed_on,
                "m": add_months(disbursed_on, loan.term_months),
                "b": bank,
                "r": fixed,
                "rs": None if annual_rate is not None else series,
                "id": loan_id,
            },
        )
        row = await loan_row(s, loan_id, None, lock=False)
        await add_events(
            s,
            [
                loan_event(
                    EventType.LOANS_LOAN_DISBURSED,
                    str(loan_id),
                    loan_changed(row, row.principal),
                    principal.actor(),
                )
            ],
        )
    return loan_out(row, principal, outstanding=row.principal)


async def write_off(
    ctx: LoansContext, *, principal: Principal, loan_id: uuid.UUID, on: date, notes: str | None
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        loan = await loan_row(s, loan_id, principal, lock=True)
        if loan.status != "disbursed":
            raise conflict(
                f"the loan is {loan.status}; only a disbursed loan can be written off", [loan.status]
            )
        errors: list[str] = []
        if on > ctx.today():
            errors.append(t("written_off_on {d} is in the future", "核销日期{d}晚于今天", d=on.isoformat()))
        not_before(errors, "written_off_on", on, loan.disbursed_on, "disbursed_on")
        if errors:
            raise invalid(errors)
        book = await load_book(s, "id = :id", {"id": loan_id})
        outstanding = outstanding_on(book, book.loans[0], on)
        await s.execute(
            text(
                "UPDATE loans SET status = 'written_off', closed_on = :on, notes = COALESCE(:n, notes), "
                "updated_at = now() WHERE id = :id"
            ),
            {"on": on, "n": notes, "id": loan_id},
        )
        await clear_overdue(s, loan_id, on, principal.actor(), loan)
        row = await loan_row(s, loan_id, None, lock=False)
        await add_events(
            s,
            [
                loan_event(
                    EventType.LOANS_LOAN_WRITTEN_OFF,
                    str(loan_id),
                    loan_changed(row, outstanding),
                    principal.actor(),
                )
            ],
        )
    return loan_out(row, principal, outstanding=outstanding)
