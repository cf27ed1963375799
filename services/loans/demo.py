"""The demo loan book played through the loans service's own use cases (eligibility included);
repayments follow the engine's schedule to today. A few current loans (2025-2026, at the LPR) show
live reminders, and one of them is overdue. The plan itself is in `demo_plan.py`.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from services.common.auth import Principal, Role
from services.common.demo_town import build_people
from services.common.errors import APIError
from services.loans import applications, context, decisions, rates, repayments, schedule, scheduled
from services.loans.book import load_book
from services.loans.demo_plan import (
    BANKS,
    PURPOSES,
    D,
    PlannedLoan,
    assign_borrowers,
    plan_2022_book,
    plan_current_loans,
)

SEED_ACTOR = Principal(sub="system:demo-seed", role=Role.town_officer, name="demo seed")


async def _wait_for_projection(
    ctx: context.LoansContext, codes: list[str], timeout: float, progress: Any
) -> None:
    """Until the projection has caught up with the households topic and makes every borrower eligible."""
    from services.common.events.topics import Topic
    from services.common.kafka import group_lag
    from services.loans.handlers import PROJECTION_GROUP

    deadline = time.monotonic() + timeout
    last_n = -1
    while True:
        async with ctx.db.session() as s:
            n = (
                await s.execute(
                    text(
                        "SELECT count(*) FROM proj_households WHERE household_code = ANY(CAST(:c AS text[])) "
                        "AND cardinality(member_id_hashes) > 0 AND (alleviated OR monitoring_type IS NOT NULL)"
                    ),
                    {"c": codes},
                )
            ).scalar_one()
        if n != last_n:
            progress("waiting for the households projection", n, len(codes))
            last_n = n
        if n >= len(codes):
            lag = await group_lag(ctx.settings.kafka_bootstrap, PROJECTION_GROUP, Topic.HOUSEHOLDS.value)
            if lag == 0:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the loans service knows {n} of the {len(codes)} borrowers' households after {timeout:.0f}s; "
                "is the households service seeded and the loans service running?"
            )
        await asyncio.sleep(1.0)


async def seed(
    ctx: context.LoansContext,
    *,
    progress: Callable[[str, int, int], Any] | None = None,
    projection_timeout: float = 180.0,
) -> dict[str, Any]:
    """Load the demo loan book into an empty loans database (a database with loans is left alone)."""
    started = time.perf_counter()

    def report(stage: str, done: int, total: int) -> None:
        if progress:
            progress(stage, done, total)

    async with ctx.db.session() as s:
        if (await s.execute(text("SELECT EXISTS (SELECT 1 FROM loans)"))).scalar():
            return {"seeded": False, "reason": "the loans database already holds loans"}
    await rates.seed_rate_table(ctx)
    today = ctx.today()
    people, groups = build_people()
    book = plan_2022_book()
    current = plan_current_loans(today)
    loans = [*book, *current]
    assign_borrowers(loans, people, groups)
    await _wait_for_projection(ctx, sorted({x.household_code for x in loans}), projection_timeout, report)
    rng = random.Random(11)
    payments = 0
    for n, planned in enumerate(sorted(loans, key=lambda x: x.disbursed_on), start=1):
        try:
            payments += await _play_loan(ctx, planned, today, rng)
        except APIError as exc:
            raise RuntimeError(
                f"demo loan for {planned.household_code} refused: {exc.message}: {exc.details}"
            ) from exc
        report("loans and repayments", n, len(loans))
    job = await scheduled.daily_job(ctx)  # today's overdue loans, reminders and the ended quarters' lines
    report("daily job (overdue, reminders, settled quarters)", 1, 1)
    return {
        "seeded": True,
        "loans": len(loans),
        "repayments": payments,
        "overdue_today": job.overdue_raised,
        "reminders_sent": job.reminders_sent,
        "quarters_settled": len(job.quarters_settled),
        "seconds": round(time.perf_counter() - started, 1),
    }


async def _play_loan(ctx: context.LoansContext, planned: PlannedLoan, today: date, rng: random.Random) -> int:
    assert planned.borrower is not None
    applied = planned.disbursed_on - timedelta(days=rng.randint(10, 20))
    _, loan = await applications.apply(
        ctx,
        principal=SEED_ACTOR,
        app=applications.Application(
            household_code=planned.household_code,
            borrower_id_number=planned.borrower.id_number,
            borrower_name=planned.borrower.name,
            principal=planned.principal,
            term_months=36,
            applied_on=applied,
            purpose=rng.choice(PURPOSES),
        ),
    )
    loan_id = uuid.UUID(loan["id"])
    await decisions.decide(
        ctx,
        principal=SEED_ACTOR,
        loan_id=loan_id,
        approve=True,
        on=planned.disbursed_on - timedelta(days=rng.randint(1, 5)),
        notes=None,
    )
    await decisions.disburse(
        ctx,
        principal=SEED_ACTOR,
        loan_id=loan_id,
        disbursed_on=planned.disbursed_on,
        bank=rng.choice(BANKS),
        annual_rate=None,
        rate_series=planned.rate_series,
        floating=False,
    )
    # repay by the engine's own schedule: interest on each due date, principal at maturity
    async with ctx.db.session() as s:
        book = await load_book(s, "id = :id", {"id": loan_id})
    row = book.loans[0]
    terms = book.terms(row)
    principal_paid = (
        [schedule.Payment(row.maturity_on, D(0), row.principal)] if row.maturity_on <= today else []
    )
    dues = schedule.dues(terms, principal_paid, through=today)
    by_day: dict[date, list[Decimal]] = {}
    for due in dues:
        if planned.unpaid_from is not None and due.due_on >= planned.unpaid_from:
            continue
        day = planned.late.get(due.due_on, due.due_on)
        if day > today:
            continue
        amounts = by_day.setdefault(day, [D(0), D(0)])
        amounts[0 if due.kind == "interest" else 1] += due.amount
    for day, (interest, principal) in sorted(by_day.items()):
        await repayments.record_repayment(
            ctx,
            principal=SEED_ACTOR,
            loan_id=loan_id,
            paid_on=day,
            interest=interest,
            principal_amount=principal,
        )
    return len(by_day)
