"""Quarterly interest subsidies: the lines of a quarter, their listing and their settlement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common import trail
from services.common.audit import audit_key
from services.common.auth import Principal
from services.common.events.contracts.loans import (
    SubsidySettled,
)
from services.common.events.envelope import new_event
from services.common.events.topics import Topic
from services.common.events.types import EventType
from services.common.i18n import t
from services.common.outbox import add_events
from services.common.scope import principal_scope
from services.loans import schedule
from services.loans.book import load_book
from services.loans.context import SERVICE, SYSTEM_JOB, LoansContext, invalid, money
from services.loans.interest import (
    previous_settlement_date,
    settlement_date_on_or_after,
)


def parse_quarter(quarter: str) -> str:
    q = quarter.strip().upper()
    if (
        len(q) != 6
        or not q[:4].isdigit()
        or q[4] != "Q"
        or q[5] not in "1234"
        or not 2000 <= int(q[:4]) <= 2100
    ):
        raise invalid([t("quarter {q} is not like 2022Q1", "季度{q}格式不对，应形如2022Q1", q=repr(quarter))])
    return q


@dataclass(frozen=True)
class Line:
    loan: Any
    line: schedule.SubsidyLine


async def subsidy_lines(
    ctx: LoansContext,
    s: AsyncSession,
    quarter: str,
    as_of: date,
    where: str = "true",
    params: dict[str, Any] | None = None,
) -> list[Line]:
    """Every loan's line for the quarter, computed by the engine from the loan rows."""
    settlement = schedule.quarter_settlement(quarter)
    start = previous_settlement_date(settlement) + timedelta(days=1)
    book = await load_book(
        s,
        f"({where}) AND subsidised AND disbursed_on IS NOT NULL AND disbursed_on <= :settle "
        "AND (closed_on IS NULL OR closed_on >= :start) ORDER BY village_code, household_code, id",
        {**(params or {}), "settle": settlement, "start": start},
    )
    ratios = ctx.ratios()
    out: list[Line] = []
    for loan in book.loans:
        line = schedule.subsidy_line(
            book.terms(loan),
            book.payments[loan.id],
            quarter=quarter,
            ratios=ratios,
            as_of=as_of,
            cap=ctx.settings.loans_subsidised_cap,
        )
        if line is not None:
            out.append(Line(loan, line))
    return out


async def subsidies(
    ctx: LoansContext, *, principal: Principal, quarter: str, village_code: str | None
) -> dict[str, Any]:
    q = parse_quarter(quarter)
    today = ctx.today()
    settlement = schedule.quarter_settlement(q)
    scope, params = principal_scope(principal)
    where = f"true{scope}"
    if village_code:
        where += " AND village_code = :vc"
        params["vc"] = village_code
    async with ctx.db.session() as s:
        lines = await subsidy_lines(ctx, s, q, today, where, params)
    paid = [x for x in lines if x.line.subsidy > 0]
    return {
        "quarter": q,
        "settlement_on": settlement.isoformat(),
        "final": today > settlement,
        "rounding": "exact per day, rounded once per borrower and quarter, half-up to the fen",
        "lines": [
            {
                "loan_id": str(x.loan.id),
                "village_code": x.loan.village_code,
                "household_code": x.loan.household_code,
                "borrower": {"name": x.loan.borrower_name_masked, "id_number": x.loan.borrower_id_masked},
                "bank": x.loan.bank,
                "principal": money(x.loan.principal),
                "first_day": x.line.first.isoformat(),
                "last_day": x.line.last.isoformat(),
                "days": x.line.days,
                "interest": money(x.line.interest),
                "subsidy": money(x.line.subsidy),
                "withheld": schedule.withheld_text(x.line.withheld),  # English and Chinese
            }
            for x in lines
        ],
        "totals": {
            "people": len(paid),
            "lines": len(lines),
            "interest": money(sum((x.line.interest for x in lines), Decimal(0))),
            "subsidy": money(sum((x.line.subsidy for x in lines), Decimal(0))),
        },
    }


async def settle_subsidies(ctx: LoansContext, *, as_of: date) -> dict[str, int]:
    """Store each ended quarter's lines once and publish `loans.subsidy.settled` for each (for reports)."""
    out: dict[str, int] = {}
    async with ctx.db.transaction() as s:
        first = (await s.execute(text("SELECT min(disbursed_on) FROM loans WHERE subsidised"))).scalar()
        if first is None:
            return out
        settled = {r.quarter for r in await s.execute(text("SELECT quarter FROM settled_quarters"))}
        settlement = settlement_date_on_or_after(first)
        while settlement < as_of:
            q = schedule.quarter_of_settlement(settlement)
            if q not in settled:
                lines = await subsidy_lines(ctx, s, q, as_of)
                events = []
                for x in lines:
                    await s.execute(
                        text(
                            "INSERT INTO subsidy_lines (quarter, loan_id, interest, subsidy, withheld) "
                            "VALUES (:q, :l, :i, :s, :w) ON CONFLICT DO NOTHING"
                        ),
                        {
                            "q": q,
                            "l": x.loan.id,
                            "i": x.line.interest,
                            "s": x.line.subsidy,
                            "w": x.line.withheld,
                        },
                    )
                    events.append(
                        new_event(
                            event_type=EventType.LOANS_SUBSIDY_SETTLED,
                            source=SERVICE,
                            aggregate_type="loan",
                            aggregate_id=str(x.loan.id),
                            data=SubsidySettled(
                                quarter=q,
                                settlement_on=settlement,
                                loan_id=str(x.loan.id),
                                household_code=x.loan.household_code,
                                village_code=x.loan.village_code,
                                borrower_id_hash=x.loan.borrower_id_hash,
                                first_day=x.line.first,
                                last_day=x.line.last,
                                days=x.line.days,
                                interest=money(x.line.interest) or "0.00",
                                subsidy=money(x.line.subsidy) or "0.00",
                                withheld=x.line.withheld,
                            ),
                            actor=SYSTEM_JOB,
                        )
                    )
                await add_events(s, events, Topic.LOANS.value)
                await s.execute(
                    text("INSERT INTO settled_quarters (quarter, lines) VALUES (:q, :n)"),
                    {"q": q, "n": len(lines)},
                )
                out[q] = len(lines)
            settlement = settlement_date_on_or_after(settlement + timedelta(days=1))
    return out


async def claim_list(
    ctx: LoansContext, *, principal: Principal, quarter: str, village_code: str | None, file_format: str
) -> dict[str, Any]:
    """The quarter's subsidy claim list (贴息申请清单) with the borrowers' full names and ID numbers, for
    the finance office and the bank; the download is a sealed entry on the quarter's trail, with its
    events, in the same transaction as the read."""
    out = await subsidies(ctx, principal=principal, quarter=quarter, village_code=village_code)
    ids = [uuid.UUID(x["loan_id"]) for x in out["lines"]]
    async with ctx.db.transaction() as s:
        sealed = {
            r.id: r
            for r in await s.execute(
                text("SELECT id, borrower_name_enc, borrower_id_enc FROM loans WHERE id = ANY(:ids)"),
                {"ids": ids},
            )
        }
        env = await trail.append_entry(
            s,
            key=audit_key(ctx.settings),
            service=SERVICE,
            subject_type="subsidy_claims",
            subject_id=out["quarter"],
            actor=principal.actor(),
            action="claim_list_downloaded",
            details={"village_code": village_code, "lines": len(ids), "format": file_format},
        )
        await add_events(s, [env])
    for x in out["lines"]:
        row = sealed[uuid.UUID(x["loan_id"])]
        x["borrower"] = {
            "name": ctx.cipher.open("loans", "borrower_name_enc", row.id, row.borrower_name_enc),
            "id_number": ctx.cipher.open("loans", "borrower_id_enc", row.id, row.borrower_id_enc),
        }
    return out
