"""The daily job: overdue loans raised (and an alert signal sent), reminders of coming due dates."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.events.contracts.loans import (
    LoanOverdue,
    RepaymentDueSoon,
)
from services.common.events.types import EventType
from services.common.outbox import add_events
from services.loans import schedule
from services.loans.book import clear_overdue, load_book, loan_event
from services.loans.context import SYSTEM_JOB, LoansContext, money
from services.loans.interest import (
    period_interest,
    previous_settlement_date,
    settlement_date_on_or_after,
    to_fen,
)
from services.loans.repayments import loan_state
from services.loans.subsidies import settle_subsidies

log = structlog.get_logger(__name__)


@dataclass
class JobResult:
    as_of: date
    overdue_raised: int = 0
    overdue_cleared: int = 0
    reminders_sent: int = 0
    reminders_superseded: int = 0
    subsidy_lines_settled: int = 0
    quarters_settled: list[str] = field(default_factory=list)


async def daily_job(ctx: LoansContext, *, as_of: date | None = None) -> JobResult:
    """Overdue detection, reminders and quarterly subsidy settlement for `as_of` (default today).

    Safe to run any number of times and after missed days: every effect is recorded once (unique
    rows) in the same transaction as its event, under one advisory lock.
    """
    today = as_of or ctx.today()
    result = JobResult(as_of=today)
    async with ctx.db.transaction() as s:
        await s.execute(text("SELECT pg_advisory_xact_lock(hashtextextended('loans.daily-job', 0))"))
        # lock the book first: a repayment (which locks its loan) either committed before, and the
        # rows below see it, or waits for this run; the job never judges a loan on a stale view
        await s.execute(
            text(
                "SELECT id FROM loans WHERE status = 'disbursed' AND disbursed_on <= :d ORDER BY id FOR UPDATE"
            ),
            {"d": today},
        )
        book = await load_book(s, "status = 'disbursed' AND disbursed_on <= :d", {"d": today})
        open_eps: dict[uuid.UUID, date] = {}
        known_dues: set[tuple[uuid.UUID, str, date]] = set()
        for r in await s.execute(
            text("SELECT loan_id, due_kind, due_on, overdue_since, cleared_on FROM overdue_episodes")
        ):
            known_dues.add((r.loan_id, r.due_kind, r.due_on))
            if r.cleared_on is None:
                open_eps[r.loan_id] = r.overdue_since
        helpers = {
            r.household_code: r.helper_id
            for r in await s.execute(
                text(
                    "SELECT household_code, helper_id FROM proj_households WHERE household_code = ANY(CAST(:h AS text[]))"
                ),
                {"h": [loan.household_code for loan in book.loans]},
            )
        }
        events: list[Any] = []
        for loan in book.loans:
            terms = book.terms(loan)
            pays = book.payments[loan.id]
            state = loan_state(terms, pays, today)
            late = state["overdue_due"]
            # a due that already had its episode never gets a second one (a run with an `as_of` in
            # the past would otherwise re-open it: a duplicate overdue alert), and an episode is never
            # cleared as of a day before it began
            if late is not None and loan.id not in open_eps:
                if (loan.id, late.kind, late.due_on) not in known_dues:
                    events.append(await _raise_overdue(s, loan, late, today))
                    result.overdue_raised += 1
            elif late is None and loan.id in open_eps and today >= open_eps[loan.id]:
                await clear_overdue(s, loan.id, today, SYSTEM_JOB, loan)
                result.overdue_cleared += 1
            sent, superseded = await _reminders(
                ctx, s, loan, terms, pays, today, helpers.get(loan.household_code), events
            )
            result.reminders_sent += sent
            result.reminders_superseded += superseded
        await add_events(s, events)
    settled = await settle_subsidies(ctx, as_of=today)
    result.subsidy_lines_settled = sum(settled.values())
    result.quarters_settled = sorted(settled)
    log.info(
        "loans_daily_job",
        **{k: v for k, v in result.__dict__.items() if k != "as_of"},
        as_of=today.isoformat(),
    )
    return result


async def _raise_overdue(s: AsyncSession, loan: Any, late: schedule.Due, today: date) -> Any:
    episode_id = uuid.uuid4()
    since = late.due_on + timedelta(days=1)
    await s.execute(
        text(
            "INSERT INTO overdue_episodes (id, loan_id, overdue_since, due_kind, due_on, amount_due, detected_on) "
            "VALUES (:id, :l, :since, :k, :due, :amt, :today)"
        ),
        {
            "id": episode_id,
            "l": loan.id,
            "since": since,
            "k": late.kind,
            "due": late.due_on,
            "amt": late.amount,
            "today": today,
        },
    )
    return loan_event(
        EventType.LOANS_LOAN_OVERDUE,
        str(loan.id),
        LoanOverdue(
            loan_id=str(loan.id),
            episode_id=str(episode_id),
            household_code=loan.household_code,
            village_code=loan.village_code,
            borrower_id_hash=loan.borrower_id_hash,
            overdue_since=since,
            due_kind=late.kind,
            due_on=late.due_on,
            amount_due=money(late.amount) or "0.00",
        ),
        SYSTEM_JOB,
    )


def upcoming_due_dates(terms: schedule.Terms, today: date, window_days: int) -> list[tuple[str, date]]:
    """Settlement and maturity dates from today through today + window."""
    out: list[tuple[str, date]] = []
    end = today + timedelta(days=window_days)
    s = settlement_date_on_or_after(max(today, terms.disbursed_on))
    while s <= min(end, terms.maturity_on):
        out.append(("interest", s))
        s = settlement_date_on_or_after(s + timedelta(days=1))
    if today <= terms.maturity_on <= end:
        out.append(("principal", terms.maturity_on))
    return out


async def _reminders(
    ctx: LoansContext,
    s: AsyncSession,
    loan: Any,
    terms: schedule.Terms,
    pays: Sequence[schedule.Payment],
    today: date,
    helper_id: str | None,
    events: list[Any],
) -> tuple[int, int]:
    """The reminders due by today and not yet recorded. After missed days only the latest one is sent;
    the earlier ones are recorded as superseded, so a due never gets two reminders for one day."""
    days = sorted(set(ctx.settings.loans_reminder_days), reverse=True)
    if not days:
        return 0, 0
    sent = superseded = 0
    for kind, due_on in upcoming_due_dates(terms, today, max(days)):
        candidates = [n for n in days if due_on - timedelta(days=n) <= today]
        if not candidates:
            continue
        done = {
            r.days_before
            for r in await s.execute(
                text(
                    "SELECT days_before FROM reminders WHERE loan_id = :l AND due_kind = :k AND due_on = :d"
                ),
                {"l": loan.id, "k": kind, "d": due_on},
            )
        }
        todo = [n for n in candidates if n not in done]
        if not todo:
            continue
        if kind == "interest":
            first = max(previous_settlement_date(due_on) + timedelta(days=1), terms.disbursed_on)
            changes = schedule.principal_changes(terms, pays)
            amount = to_fen(period_interest(first=first, last=due_on, principal=changes, rates=terms.rates))
        else:
            amount = schedule.outstanding_at(terms, pays, due_on)
        chosen = min(todo)
        for n in todo:
            reminder_id = uuid.uuid4()
            status = "delivered" if n == chosen else "superseded"
            await s.execute(
                text(
                    "INSERT INTO reminders (id, loan_id, due_kind, due_on, days_before, status, sent_on, amount, "
                    "helper_id) VALUES (:id, :l, :k, :d, :n, :st, :today, :amt, :h)"
                ),
                {
                    "id": reminder_id,
                    "l": loan.id,
                    "k": kind,
                    "d": due_on,
                    "n": n,
                    "st": status,
                    "today": today,
                    "amt": amount,
                    "h": helper_id,
                },
            )
            if status == "superseded":
                superseded += 1
                continue
            sent += 1
            events.append(
                loan_event(
                    EventType.LOANS_LOAN_REPAYMENT_DUE_SOON,
                    str(loan.id),
                    RepaymentDueSoon(
                        reminder_id=str(reminder_id),
                        loan_id=str(loan.id),
                        household_code=loan.household_code,
                        village_code=loan.village_code,
                        helper_id=helper_id,
                        due_kind=kind,
                        due_on=due_on,
                        days_before=n,
                        sent_on=today,
                        amount=money(amount) or "0.00",
                    ),
                    SYSTEM_JOB,
                )
            )
    return sent, superseded
