"""Use cases of the loans service. Each writes its state and its events (outbox) in one transaction."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common import idempotency, trail
from services.common.audit import audit_key
from services.common.auth import Principal, Role
from services.common.db import Database
from services.common.errors import APIError, not_found
from services.common.events.contracts.loans import (
    LoanChanged,
    LoanOverdue,
    RepaymentDueSoon,
    RepaymentRecorded,
    SubsidySettled,
)
from services.common.events.envelope import new_event
from services.common.events.topics import Topic
from services.common.ids import PiiCipher, birth_date_of, mask_id_number, mask_name, validate_id_number
from services.common.outbox import add_events
from services.loans import schedule
from services.loans.config import LoansSettings
from services.loans.interest import (
    SUBSIDISED_CAP,
    RatePoint,
    RatioPoint,
    period_interest,
    previous_settlement_date,
    settlement_date_on_or_after,
    to_fen,
)

log = structlog.get_logger(__name__)

SERVICE = "loans"
LIVE = ("applied", "approved", "disbursed")
SYSTEM_JOB = {"sub": "system:loans-daily-job"}


@dataclass
class LoansContext:
    db: Database
    settings: LoansSettings
    cipher: PiiCipher
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def today(self) -> date:
        return self.clock().astimezone(ZoneInfo(self.settings.timezone)).date()

    def ratios(self) -> list[RatioPoint]:
        return [
            RatioPoint(date.fromisoformat(d), Decimal(r))
            for d, r in self.settings.loans_subsidy_ratios.items()
        ]


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _invalid(
    errors: list[str], code: str = "validation_failed", message: str = "the request is not valid"
) -> APIError:
    return APIError(422, code, message, errors)


def _conflict(message: str, details: list[Any]) -> APIError:
    return APIError(409, "invalid_state", message, details)


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (a 31 Jan loan of 1 month matures 28/29 Feb)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError("unreachable")


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --------------------------------------------------------------------------- rates


async def seed_rate_table(ctx: LoansContext) -> int:
    """Insert the configured rate points the table does not hold yet; admins add later ones over HTTP."""
    points = [
        {"s": series, "d": date.fromisoformat(day), "r": rate}
        for series, table in ctx.settings.loans_rate_table.items()
        for day, rate in table.items()
    ]
    if not points:
        return 0
    async with ctx.db.transaction() as s:
        result = await s.execute(
            text(
                "INSERT INTO rate_points (series, effective_on, annual_rate) VALUES (:s, :d, :r) "
                "ON CONFLICT DO NOTHING"
            ),
            points,
        )
    return int(getattr(result, "rowcount", 0) or 0)


async def rate_table(ctx: LoansContext) -> dict[str, list[dict[str, str]]]:
    async with ctx.db.session() as s:
        rows = (
            await s.execute(text("SELECT series, effective_on, annual_rate FROM rate_points ORDER BY 1, 2"))
        ).all()
    out: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        out.setdefault(r.series, []).append(
            {"effective_on": r.effective_on.isoformat(), "annual_rate": f"{r.annual_rate.normalize():f}"}
        )
    return out


async def put_rate_points(ctx: LoansContext, series: str, points: Sequence[tuple[date, Decimal]]) -> int:
    async with ctx.db.transaction() as s:
        await s.execute(
            text(
                "INSERT INTO rate_points (series, effective_on, annual_rate) VALUES (:s, :d, :r) "
                "ON CONFLICT (series, effective_on) DO UPDATE SET annual_rate = EXCLUDED.annual_rate"
            ),
            [{"s": series, "d": d, "r": r} for d, r in points],
        )
    return len(points)


async def _series_points(s: AsyncSession, series: str) -> list[RatePoint]:
    rows = await s.execute(
        text("SELECT effective_on, annual_rate FROM rate_points WHERE series = :s ORDER BY effective_on"),
        {"s": series},
    )
    return [RatePoint(r.effective_on, r.annual_rate) for r in rows]


# --------------------------------------------------------------------------- loan rows → engine


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
        series[name] = await _series_points(s, name)
    return LoanBook(list(loans), payments, series)


def _outstanding(book: LoanBook, loan: Any, day: date) -> Decimal:
    if loan.disbursed_on is None:
        return Decimal("0.00")
    return schedule.outstanding_at(book.terms(loan), book.payments[loan.id], day)


def _changed(loan: Any, outstanding: Decimal, **override: Any) -> LoanChanged:
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


def _event(event_type: str, loan_id: str, data: Any, actor: dict[str, Any]) -> Any:
    return new_event(
        event_type=event_type,
        source=SERVICE,
        aggregate_type="loan",
        aggregate_id=loan_id,
        data=data,
        actor=actor,
        correlation_id=loan_id,
    )


async def _loan_row(s: AsyncSession, loan_id: uuid.UUID, principal: Principal | None, *, lock: bool) -> Any:
    row = (
        await s.execute(
            text(f"SELECT {LOAN_COLUMNS} FROM loans WHERE id = :id" + (" FOR UPDATE" if lock else "")),
            {"id": loan_id},
        )
    ).first()
    if row is None or (principal is not None and not principal.can_see_village(row.village_code)):
        raise not_found("loan")
    return row


# --------------------------------------------------------------------------- application (eligibility)


@dataclass(frozen=True)
class Application:
    household_code: str
    borrower_id_number: str
    borrower_name: str
    principal: Decimal
    term_months: int
    applied_on: date
    top_up: bool = False
    purpose: str | None = None


def eligibility_errors(
    app: Application,
    *,
    household: Any | None,
    borrower_hash: str | None,
    live_loans: int,
    settings: LoansSettings,
    today: date,
) -> list[str]:
    """Every reason the application is refused (empty when eligible). Pure."""
    errors: list[str] = []
    if app.applied_on > today:
        errors.append(f"applied_on {app.applied_on.isoformat()} is in the future")
    if household is None:
        errors.append(f"household {app.household_code} is not in the registry")
    elif not (household.alleviated or household.monitoring_type):
        errors.append(
            f"household {app.household_code} is neither alleviated (脱贫户) nor a monitoring object "
            "nor marginal (边缘易致贫户)"
        )
    id_errors = validate_id_number(app.borrower_id_number, today=today)
    errors += [f"borrower {e}" for e in id_errors]
    if not id_errors:
        if household is not None and borrower_hash not in set(household.member_id_hashes or ()):
            errors.append(f"the borrower is not a member of household {app.household_code}")
        age = age_on(birth_date_of(app.borrower_id_number.strip().upper()), app.applied_on)
        lo, hi = settings.loans_borrower_min_age, settings.loans_borrower_max_age
        if not lo <= age <= hi:
            errors.append(
                f"the borrower is {age} on {app.applied_on.isoformat()}; borrowers must be aged {lo}-{hi}"
            )
    cap, top = settings.loans_max_principal, settings.loans_max_top_up_principal
    if app.principal <= 0:
        errors.append("principal must be positive")
    elif app.principal > top:
        errors.append(f"principal {money(app.principal)} exceeds {money(top)}, the most a top-up may reach")
    elif app.principal > cap and not app.top_up:
        errors.append(
            f"principal {money(app.principal)} exceeds {money(cap)}; only a top-up (top_up: true) may go above it, "
            f"up to {money(top)}, and only the first {money(settings.loans_subsidised_cap)} is subsidised"
        )
    if app.principal.as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append("principal has more than two decimal places")
    if not 1 <= app.term_months <= settings.loans_max_term_months:
        errors.append(
            f"term_months {app.term_months} is outside 1-{settings.loans_max_term_months} (≤ 3 years)"
        )
    if live_loans:
        errors.append(f"household {app.household_code} already has a live subsidised loan")
    return errors


async def apply(
    ctx: LoansContext, *, principal: Principal, app: Application, idem_key: str | None = None
) -> tuple[int, dict[str, Any]]:
    fingerprint = idempotency.request_fingerprint(
        {**app.__dict__, "principal": str(app.principal), "applied_on": app.applied_on.isoformat()}
    )
    scope = f"loans.apply|{principal.sub}"
    async with ctx.db.transaction() as s:
        replayed = await idempotency.replay(s, scope=scope, key=idem_key, fingerprint=fingerprint)
        if replayed is not None:
            return replayed
        # one application at a time per household: the check and the insert cannot interleave
        await s.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 1))"), {"k": f"loan|{app.household_code}"}
        )
        household = (
            await s.execute(
                text("SELECT * FROM proj_households WHERE household_code = :h"), {"h": app.household_code}
            )
        ).first()
        if household is not None and not principal.can_see_village(household.village_code):
            household = None
        id_number = app.borrower_id_number.strip().upper()
        borrower_hash = ctx.cipher.lookup_hash(id_number) if not validate_id_number(id_number) else None
        live = (
            await s.execute(
                text(
                    "SELECT count(*) FROM loans WHERE household_code = :h AND subsidised "
                    "AND status IN ('applied', 'approved', 'disbursed')"
                ),
                {"h": app.household_code},
            )
        ).scalar_one()
        errors = eligibility_errors(
            app,
            household=household,
            borrower_hash=borrower_hash,
            live_loans=live,
            settings=ctx.settings,
            today=ctx.today(),
        )
        if errors:
            raise APIError(422, "not_eligible", "the application is refused", errors)
        assert household is not None and borrower_hash is not None
        loan_id = uuid.uuid4()
        await s.execute(
            text(
                "INSERT INTO loans (id, household_code, village_code, borrower_name_enc, borrower_name_masked, "
                "borrower_id_enc, borrower_id_hash, borrower_id_masked, borrower_birth_year, principal, "
                "term_months, top_up, subsidised, purpose, status, applied_on) VALUES (:id, :h, :v, :n, :nm, "
                ":enc, :hash, :masked, :born, :p, :t, :top, true, :purpose, 'applied', :on)"
            ),
            {
                "id": loan_id,
                "h": app.household_code,
                "v": household.village_code,
                "n": ctx.cipher.seal("loans", "borrower_name_enc", loan_id, app.borrower_name),
                "nm": mask_name(app.borrower_name),
                "enc": ctx.cipher.seal("loans", "borrower_id_enc", loan_id, id_number),
                "hash": borrower_hash,
                "masked": mask_id_number(id_number),
                "born": birth_date_of(id_number).year,
                "p": app.principal,
                "t": app.term_months,
                "top": app.top_up,
                "purpose": app.purpose,
                "on": app.applied_on,
            },
        )
        row = await _loan_row(s, loan_id, None, lock=False)
        await add_events(
            s, [_event("loans.loan.applied", str(loan_id), _changed(row, Decimal(0)), principal.actor())]
        )
        body = loan_out(row, principal, outstanding=Decimal(0))
        await idempotency.remember(
            s, scope=scope, key=idem_key, fingerprint=fingerprint, status_code=201, body=body
        )
    return 201, body


# --------------------------------------------------------------------------- approval, disbursement, write-off


def _not_before(errors: list[str], name: str, day: date, floor: date | None, floor_name: str) -> None:
    if floor is not None and day < floor:
        errors.append(f"{name} {day.isoformat()} is before {floor_name} {floor.isoformat()}")


async def decide(
    ctx: LoansContext, *, principal: Principal, loan_id: uuid.UUID, approve: bool, on: date, notes: str | None
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        loan = await _loan_row(s, loan_id, principal, lock=True)
        if loan.status != "applied":
            raise _conflict(f"the loan is {loan.status}; only an applied loan can be decided", [loan.status])
        errors: list[str] = []
        if on > ctx.today():
            errors.append(f"decided_on {on.isoformat()} is in the future")
        _not_before(errors, "decided_on", on, loan.applied_on, "applied_on")
        if errors:
            raise _invalid(errors)
        status = "approved" if approve else "rejected"
        await s.execute(
            text(
                "UPDATE loans SET status = :st, approved_on = :on, notes = COALESCE(:n, notes), "
                "closed_on = :closed, updated_at = now() WHERE id = :id"
            ),
            {"st": status, "on": on, "n": notes, "closed": None if approve else on, "id": loan_id},
        )
        row = await _loan_row(s, loan_id, None, lock=False)
        await add_events(
            s, [_event(f"loans.loan.{status}", str(loan_id), _changed(row, Decimal(0)), principal.actor())]
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
        loan = await _loan_row(s, loan_id, principal, lock=True)
        if loan.status != "approved":
            raise _conflict(
                f"the loan is {loan.status}; only an approved loan can be disbursed", [loan.status]
            )
        errors: list[str] = []
        if disbursed_on > ctx.today():
            errors.append(f"disbursed_on {disbursed_on.isoformat()} is in the future")
        _not_before(errors, "disbursed_on", disbursed_on, loan.approved_on, "approved_on")
        series = rate_series or ctx.settings.loans_default_rate_series
        fixed: Decimal | None = annual_rate
        if annual_rate is not None and floating:
            errors.append("a floating loan follows its rate series; give annual_rate or floating, not both")
        if annual_rate is None:
            points = await _series_points(s, series)
            if not points:
                errors.append(
                    f"rate series {series!r} has no rates; known series come from GET /v1/admin/rates"
                )
            elif points[0].effective_on > disbursed_on:
                errors.append(f"rate series {series!r} has no rate in force on {disbursed_on.isoformat()}")
            elif not floating:
                fixed = max(
                    (p for p in points if p.effective_on <= disbursed_on), key=lambda p: p.effective_on
                ).annual_rate
        elif not Decimal("0") < annual_rate < Decimal("1"):
            errors.append("annual_rate must be a fraction between 0 and 1, e.g. 0.0475 for 4.75%")
        if errors:
            raise _invalid(errors)
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
        row = await _loan_row(s, loan_id, None, lock=False)
        await add_events(
            s, [_event("loans.loan.disbursed", str(loan_id), _changed(row, row.principal), principal.actor())]
        )
    return loan_out(row, principal, outstanding=row.principal)


async def write_off(
    ctx: LoansContext, *, principal: Principal, loan_id: uuid.UUID, on: date, notes: str | None
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        loan = await _loan_row(s, loan_id, principal, lock=True)
        if loan.status != "disbursed":
            raise _conflict(
                f"the loan is {loan.status}; only a disbursed loan can be written off", [loan.status]
            )
        errors: list[str] = []
        if on > ctx.today():
            errors.append(f"written_off_on {on.isoformat()} is in the future")
        _not_before(errors, "written_off_on", on, loan.disbursed_on, "disbursed_on")
        if errors:
            raise _invalid(errors)
        book = await load_book(s, "id = :id", {"id": loan_id})
        outstanding = _outstanding(book, book.loans[0], on)
        await s.execute(
            text(
                "UPDATE loans SET status = 'written_off', closed_on = :on, notes = COALESCE(:n, notes), "
                "updated_at = now() WHERE id = :id"
            ),
            {"on": on, "n": notes, "id": loan_id},
        )
        await _clear_overdue(s, loan_id, on, principal.actor(), loan)
        row = await _loan_row(s, loan_id, None, lock=False)
        await add_events(
            s, [_event("loans.loan.written_off", str(loan_id), _changed(row, outstanding), principal.actor())]
        )
    return loan_out(row, principal, outstanding=outstanding)


# --------------------------------------------------------------------------- repayments


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
        loan = await _loan_row(s, loan_id, principal, lock=True)
        if loan.status != "disbursed":
            raise _conflict(f"the loan is {loan.status}; repayments go to a disbursed loan", [loan.status])
        book = await load_book(s, "id = :id", {"id": loan_id})
        outstanding_now = _outstanding(book, loan, max(today, paid_on))
        errors: list[str] = []
        if paid_on > today:
            errors.append(f"paid_on {paid_on.isoformat()} is in the future")
        _not_before(errors, "paid_on", paid_on, loan.disbursed_on, "disbursed_on")
        for name, amount in (("interest", interest), ("principal", principal_amount)):
            if amount < 0:
                errors.append(f"{name} must not be negative")
            if amount.as_tuple().exponent < -2:  # type: ignore[operator]
                errors.append(f"{name} has more than two decimal places")
        if interest == 0 and principal_amount == 0:
            errors.append("a repayment pays interest, principal or both")
        if principal_amount > outstanding_now:
            errors.append(
                f"principal {money(principal_amount)} exceeds the outstanding {money(outstanding_now)}"
            )
        if errors:
            raise _invalid(errors)
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
            _event(
                "loans.loan.repayment_recorded",
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
            last_paid = max(p.paid_on for p in book.payments[loan_id])
            await s.execute(
                text("UPDATE loans SET status = 'repaid', closed_on = :d, updated_at = now() WHERE id = :id"),
                {"d": last_paid, "id": loan_id},
            )
            row = await _loan_row(s, loan_id, None, lock=False)
            events.append(
                _event("loans.loan.repaid", str(loan_id), _changed(row, outstanding), principal.actor())
            )
        if state["overdue_due"] is None:
            await _clear_overdue(s, loan_id, today, principal.actor(), loan)
        await add_events(s, events)
        row = await _loan_row(s, loan_id, None, lock=False)
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


# --------------------------------------------------------------------------- reading


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


def _scope_sql(principal: Principal) -> tuple[str, dict[str, Any]]:
    if principal.village_scoped:
        return "village_code = ANY(CAST(:scope AS text[]))", {"scope": sorted(principal.villages)}
    return "true", {}


def _cursor(created_at: datetime, loan_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{loan_id}".encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        at, lid = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.fromisoformat(at), uuid.UUID(lid)
    except (ValueError, UnicodeDecodeError) as exc:
        raise APIError(400, "bad_request", "cursor is not valid") from exc


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
    where, params = _scope_sql(principal)
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
        at, lid = _decode_cursor(cursor)
        clauses.append("(created_at, id) > (:c_at, :c_id)")
        params.update(c_at=at, c_id=lid)
    params["limit"] = limit + 1
    today = ctx.today()
    async with ctx.db.session() as s:
        book = await load_book(s, " AND ".join(clauses) + " ORDER BY created_at, id LIMIT :limit", params)
    rows = book.loans[:limit]
    items = [loan_out(r, principal, outstanding=_outstanding(book, r, today)) for r in rows]
    nxt = _cursor(rows[-1].created_at, rows[-1].id) if len(book.loans) > limit else None
    return items, nxt


async def get_loan(ctx: LoansContext, *, principal: Principal, loan_id: uuid.UUID) -> dict[str, Any]:
    today = ctx.today()
    async with ctx.db.session() as s:
        loan = await _loan_row(s, loan_id, principal, lock=False)
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
    out = loan_out(loan, principal, outstanding=_outstanding(book, loan, today))
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
    where, params = _scope_sql(principal)
    async with ctx.db.session() as s:
        book = await load_book(
            s,
            f"{where} AND disbursed_on IS NOT NULL AND disbursed_on <= :d AND (closed_on IS NULL OR closed_on > :d)",
            {**params, "d": as_of},
        )
    live = [(r, _outstanding(book, r, as_of)) for r in book.loans]
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


# --------------------------------------------------------------------------- overdue, reminders, settlement


async def _clear_overdue(
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
            _event(
                "loans.loan.overdue_cleared",
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
                await _clear_overdue(s, loan.id, today, SYSTEM_JOB, loan)
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
    return _event(
        "loans.loan.overdue",
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
                _event(
                    "loans.loan.repayment_due_soon",
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


# --------------------------------------------------------------------------- subsidies


def parse_quarter(quarter: str) -> str:
    q = quarter.strip().upper()
    if (
        len(q) != 6
        or not q[:4].isdigit()
        or q[4] != "Q"
        or q[5] not in "1234"
        or not 2000 <= int(q[:4]) <= 2100
    ):
        raise _invalid([f"quarter {quarter!r} is not like 2022Q1"])
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
    where, params = _scope_sql(principal)
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
                "withheld": x.line.withheld,
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
                            event_type="loans.subsidy.settled",
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
