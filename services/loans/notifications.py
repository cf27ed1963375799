"""Reminders that reach people: each `loans.loan.repayment_due_soon` becomes one text message to the
borrower and one row on the village's call list, once (keyed by the reminder, whatever the broker
redelivers); a sender job delivers the messages through the provider with retries; an opt-out stops
the messages, never the call list; every send is a sealed entry on the loan's audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
import structlog
from prometheus_client import Counter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common import trail
from services.common.audit import audit_key
from services.common.auth import Principal
from services.common.errors import not_found
from services.common.events.contracts.loans import RepaymentDueSoon
from services.common.events.dispatch import EventRoutes
from services.common.events.envelope import EventEnvelope
from services.common.events.types import EventType
from services.common.ids import mask_phone
from services.common.outbox import add_events
from services.common.redact import safe_error
from services.common.scope import principal_scope
from services.loans.context import SERVICE, LoansContext
from services.loans.sms import RpcSmsProvider, SmsResult, SmsSender

log = structlog.get_logger(__name__)

GROUP = "loans.notifications"
SENT = Counter("rw_sms_sent", "Reminder text messages by outcome", ["outcome"])
SYSTEM_SENDER = {"sub": "system:sms-sender"}


def provider_from(ctx: LoansContext) -> SmsSender | None:
    s = ctx.settings
    if not s.loans_sms_url:
        return None
    return RpcSmsProvider(
        endpoint=s.loans_sms_url,
        access_key_id=s.loans_sms_access_key_id,
        access_key_secret=s.loans_sms_access_key_secret.get_secret_value(),
        sign_name=s.loans_sms_sign_name,
        template_code=s.loans_sms_template_code,
    )


def make_handler(ctx: LoansContext) -> Callable[..., Awaitable[None]]:
    routes: EventRoutes[Callable[..., Awaitable[None]]] = EventRoutes()

    @routes.on(EventType.LOANS_LOAN_REPAYMENT_DUE_SOON)
    async def _due_soon(session: AsyncSession, r: RepaymentDueSoon, _env: EventEnvelope) -> None:
        await list_reminder(ctx, session, r)

    return routes.consumer()


async def list_reminder(ctx: LoansContext, s: AsyncSession, r: RepaymentDueSoon) -> None:
    """The message and the call-list row of one reminder (nothing new when either exists)."""
    loan = (
        await s.execute(
            text("SELECT borrower_phone_enc, sms_opt_out FROM loans WHERE id = :id"), {"id": r.loan_id}
        )
    ).first()
    if loan is None:
        return
    if not ctx.settings.loans_sms_url:
        status = "disabled"
    elif loan.sms_opt_out:
        status = "opted_out"
    elif loan.borrower_phone_enc is None:
        status = "no_phone"
    else:
        status = "pending"
    params = {"kind": r.due_kind, "amount": r.amount, "due_on": r.due_on.isoformat()}
    await s.execute(
        text(
            "INSERT INTO notifications (id, reminder_id, loan_id, village_code, channel, status, params) "
            "VALUES (:id, :r, :l, :v, 'sms', :st, CAST(:p AS jsonb)) ON CONFLICT (reminder_id) DO NOTHING"
        ),
        {
            "id": uuid.uuid4(),
            "r": r.reminder_id,
            "l": r.loan_id,
            "v": r.village_code,
            "st": status,
            "p": orjson.dumps(params).decode(),
        },
    )
    await s.execute(
        text(
            "INSERT INTO call_list (id, reminder_id, loan_id, village_code, due_kind, due_on, amount, listed_on) "
            "VALUES (:id, :r, :l, :v, :k, :d, CAST(:a AS numeric), :on) ON CONFLICT (reminder_id) DO NOTHING"
        ),
        {
            "id": uuid.uuid4(),
            "r": r.reminder_id,
            "l": r.loan_id,
            "v": r.village_code,
            "k": r.due_kind,
            "d": r.due_on,
            "a": r.amount,
            "on": r.sent_on,
        },
    )


def _backoff(attempts: int, base: float) -> timedelta:
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 3600.0))


async def send_due(
    ctx: LoansContext, provider: SmsSender | None = None, *, limit: int = 100
) -> dict[str, int]:
    """Send the messages whose time has come; returns counts by outcome. Each message is claimed with
    SKIP LOCKED (replicas share the work), sent, and its outcome and audit entry committed together."""
    provider = provider or provider_from(ctx)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if provider is None:
        return counts
    tried: list[uuid.UUID] = []  # one attempt per message per run, however short the backoff
    for _ in range(limit):
        async with ctx.db.transaction() as s:
            row = (
                await s.execute(
                    text(
                        "SELECT n.id, n.loan_id, n.params, n.attempts, l.borrower_phone_enc, l.sms_opt_out "
                        "FROM notifications n JOIN loans l ON l.id = n.loan_id "
                        "WHERE n.status = 'pending' AND n.next_attempt_at <= now() "
                        "AND n.id <> ALL(CAST(:tried AS uuid[])) "
                        "ORDER BY n.next_attempt_at LIMIT 1 FOR UPDATE OF n SKIP LOCKED"
                    ),
                    {"tried": tried},
                )
            ).first()
            if row is None:
                break
            tried.append(row.id)
            outcome = await _deliver(ctx, s, provider, row)
            counts[outcome] += 1
    return counts


async def _deliver(ctx: LoansContext, s: AsyncSession, provider: SmsSender, row: Any) -> str:
    if row.sms_opt_out or row.borrower_phone_enc is None:
        status = "opted_out" if row.sms_opt_out else "no_phone"
        await s.execute(
            text("UPDATE notifications SET status = :st WHERE id = :id"), {"st": status, "id": row.id}
        )
        return "failed"
    phone = ctx.cipher.open("loans", "borrower_phone_enc", row.loan_id, row.borrower_phone_enc)
    params = row.params if isinstance(row.params, dict) else orjson.loads(row.params)
    attempts = row.attempts + 1
    try:
        result = await provider.send(phone=phone, params=params, out_id=str(row.id))
    except Exception as exc:  # an adapter's own bug must not stop the others
        result = SmsResult(False, "adapter_error", safe_error(exc), retriable=True)
    if result.ok:
        outcome, status = "sent", "sent"
    elif result.retriable and attempts < ctx.settings.loans_sms_max_attempts:
        outcome, status = "retry", "pending"
    else:
        outcome, status = "failed", "failed"
    await s.execute(
        text(
            "UPDATE notifications SET status = :st, attempts = :a, last_error = :e, provider_id = :p, "
            "sent_at = CASE WHEN :ok THEN now() END, next_attempt_at = :next WHERE id = :id"
        ),
        {
            "st": status,
            "a": attempts,
            "e": None if result.ok else f"{result.code}: {result.message}"[:300],
            "p": result.provider_id,
            "ok": result.ok,
            "next": datetime.now(UTC) + _backoff(attempts, ctx.settings.loans_sms_retry_seconds),
            "id": row.id,
        },
    )
    env = await trail.append_entry(
        s,
        key=audit_key(ctx.settings),
        service=SERVICE,
        subject_type="loan",
        subject_id=str(row.loan_id),
        actor=SYSTEM_SENDER,
        action="reminder_sms_sent" if result.ok else "reminder_sms_failed",
        details={
            "notification_id": str(row.id),
            "attempt": attempts,
            "code": result.code,
            "provider_id": result.provider_id,
            "to": mask_phone(phone),
            "retry": status == "pending",
        },
    )
    await add_events(s, [env])
    SENT.labels(outcome).inc()
    if not result.ok:
        log.warning(
            "sms_not_sent",
            notification_id=str(row.id),
            code=result.code,
            attempt=attempts,
            will_retry=status == "pending",
        )
    return outcome


async def call_list(
    ctx: LoansContext, *, principal: Principal, village_code: str | None, open_only: bool
) -> list[dict[str, Any]]:
    """The reminders to phone, in the caller's villages, newest due first; the phone shown masked."""
    scope, p = principal_scope(principal, "c.village_code")
    where = "true" + scope
    if village_code:
        where += " AND c.village_code = :vc"
        p["vc"] = village_code
    if open_only:
        where += " AND c.outcome IS NULL"
    async with ctx.db.session() as s:
        rows = (
            await s.execute(
                text(
                    "SELECT c.*, l.household_code, l.borrower_name_masked, l.borrower_phone_masked, "
                    "n.status AS sms_status FROM call_list c JOIN loans l ON l.id = c.loan_id "
                    f"LEFT JOIN notifications n ON n.reminder_id = c.reminder_id WHERE {where} "
                    "ORDER BY c.due_on, c.id LIMIT 1000"
                ),
                p,
            )
        ).all()
    return [
        {
            "id": str(r.id),
            "loan_id": str(r.loan_id),
            "village_code": r.village_code,
            "household_code": r.household_code,
            "borrower_name": r.borrower_name_masked,
            "phone": r.borrower_phone_masked,
            "due_kind": r.due_kind,
            "due_on": r.due_on.isoformat(),
            "amount": f"{r.amount:.2f}",
            "listed_on": r.listed_on.isoformat(),
            "sms_status": r.sms_status,
            "outcome": r.outcome,
            "outcome_note": r.outcome_note,
            "called_by": r.called_by,
        }
        for r in rows
    ]


async def record_outcome(
    ctx: LoansContext, *, principal: Principal, entry_id: uuid.UUID, outcome: str, note: str | None, on: date
) -> None:
    """What came of the call; a cadre of another village gets 404."""
    async with ctx.db.transaction() as s:
        row = (
            await s.execute(
                text("SELECT id, loan_id, village_code FROM call_list WHERE id = :id FOR UPDATE"),
                {"id": entry_id},
            )
        ).first()
        if row is None or not principal.can_see_village(row.village_code):
            raise not_found("call-list entry")
        await s.execute(
            text(
                "UPDATE call_list SET outcome = :o, outcome_note = :n, called_by = :b, called_at = now() "
                "WHERE id = :id"
            ),
            {"o": outcome, "n": note, "b": principal.sub, "id": entry_id},
        )
        env = await trail.append_entry(
            s,
            key=audit_key(ctx.settings),
            service=SERVICE,
            subject_type="loan",
            subject_id=str(row.loan_id),
            actor=principal.actor(),
            action="reminder_called",
            details={"call_list_id": str(entry_id), "outcome": outcome, "on": on.isoformat()},
        )
        await add_events(s, [env])


async def set_opt_out(ctx: LoansContext, *, principal: Principal, loan_id: uuid.UUID, opt_out: bool) -> None:
    """The borrower asked for no more messages (回复TD), or asked for them again."""
    async with ctx.db.transaction() as s:
        row = (
            await s.execute(text("SELECT village_code FROM loans WHERE id = :id FOR UPDATE"), {"id": loan_id})
        ).first()
        if row is None or not principal.can_see_village(row.village_code):
            raise not_found("loan")
        await s.execute(
            text("UPDATE loans SET sms_opt_out = :o WHERE id = :id"), {"o": opt_out, "id": loan_id}
        )
        if opt_out:
            await s.execute(
                text(
                    "UPDATE notifications SET status = 'opted_out' WHERE loan_id = :id AND status = 'pending'"
                ),
                {"id": loan_id},
            )
        env = await trail.append_entry(
            s,
            key=audit_key(ctx.settings),
            service=SERVICE,
            subject_type="loan",
            subject_id=str(loan_id),
            actor=principal.actor(),
            action="sms_opt_out" if opt_out else "sms_opt_in",
            details={},
        )
        await add_events(s, [env])
