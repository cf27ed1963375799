"""One step of an alert, recorded: the alert locked, then the state's event, the audit entry (hash-chained)
and its event, written in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.alerts.context import SERVICE
from services.alerts.models import Alert, AuditEntry
from services.common.audit import GENESIS_HASH, entry_hash
from services.common.auth import Principal
from services.common.errors import not_found
from services.common.events.contracts.alerts import AlertEvent
from services.common.events.contracts.audit import AuditEntryRecorded
from services.common.events.envelope import EventEnvelope, new_event
from services.common.events.types import EventType
from services.common.outbox import add_events

STAGE_FIELDS = (
    "received_on",
    "village_due_on",
    "reported_on",
    "finding",
    "village_on_time",
    "town_due_on",
    "reviewed_on",
    "decision",
    "town_on_time",
    "closed_on",
    "outcome",
    "final_outcome",
)


def stage_fields(alert: Alert) -> dict[str, Any]:
    """The dates and results of each stage, as both the events and the API show them."""
    return {name: getattr(alert, name) for name in STAGE_FIELDS}


def alert_event_data(alert: Alert, **extra: Any) -> dict[str, Any]:
    data = AlertEvent(
        alert_id=str(alert.id),
        external_id=alert.external_id,
        batch_id=alert.batch_id,
        source=alert.source,
        village_code=alert.village_code,
        household_code=alert.household_code,
        household_match=alert.household_match,
        alert_class=alert.alert_class,
        category=alert.category,
        status=alert.status,
        **stage_fields(alert),
        **extra,
    )
    return data.model_dump(mode="json")


def _audit_event(
    alert_id: str, entry: dict[str, Any], actor: dict[str, Any], correlation_id: str
) -> EventEnvelope:
    payload = AuditEntryRecorded(service=SERVICE, subject_type="alert", subject_id=alert_id, **entry)
    return new_event(
        event_type=EventType.AUDIT_ENTRY_RECORDED,
        source=SERVICE,
        aggregate_type="alert",
        aggregate_id=alert_id,
        data=payload,
        actor=actor,
        correlation_id=correlation_id,
    )


async def record(
    session: AsyncSession,
    alert: Alert,
    *,
    key: bytes,
    actor: dict[str, Any],
    action: str,
    from_status: str | None,
    details: dict[str, Any],
    event_type: str | None,
    event_extra: dict[str, Any] | None = None,
    more_events: Sequence[EventEnvelope] = (),
) -> None:
    """Append the audit entry and stage the alert event, the audit event and any others in the outbox."""
    # read after the alert row is locked (every caller holds it), in a statement of its own
    last = (
        await session.execute(
            select(col(AuditEntry.seq), col(AuditEntry.hash))
            .where(col(AuditEntry.alert_id) == alert.id)
            .order_by(col(AuditEntry.seq).desc())
            .limit(1)
        )
    ).first()
    cached = (last.seq, last.hash) if last else None
    seq, prev = (cached[0] + 1, cached[1]) if cached else (1, GENESIS_HASH)
    at = datetime.now(UTC)
    entry: dict[str, Any] = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "from_status": from_status,
        "to_status": alert.status,
        "details": details,
        "prev_hash": prev,
    }
    entry["hash"] = entry_hash(
        prev,
        key=key,
        subject_id=str(alert.id),
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=alert.status,
        details=details,
    )
    # a Core insert, not an ORM object to flush: a transition writes one entry, and the unit of work's
    # bookkeeping for it cost more than the statement (bench/results/profile-transitions.txt)
    await session.execute(insert(AuditEntry).values(alert_id=alert.id, **entry))
    alert_id = str(alert.id)
    envelopes = [_audit_event(alert_id, entry, actor, alert_id)]
    if event_type:
        envelopes.insert(
            0,
            new_event(
                event_type=event_type,
                source=SERVICE,
                aggregate_type="alert",
                aggregate_id=alert_id,
                data=alert_event_data(alert, **(event_extra or {})),
                actor=actor,
                correlation_id=alert_id,
            ),
        )
    await add_events(session, [*envelopes, *more_events])


async def load_for_update(s: AsyncSession, alert_id: uuid.UUID, principal: Principal) -> Alert:
    """Lock the alert, then read its audit chain's head in a statement of its own.

    The head must not be read by the locking statement itself: under READ COMMITTED a request that
    waited for the lock re-reads the alert row but keeps the statement's old snapshot for anything
    else, so it would see the previous head and write a duplicate `seq` (issue 11, hole 5). The
    second statement takes a fresh snapshot, after the lock holder committed.
    """
    if principal.village_scoped:
        found = await s.scalars(_LOCK_IN_VILLAGES, {"id": alert_id, "villages": sorted(principal.villages)})
    else:
        found = await s.scalars(_LOCK, {"id": alert_id})
    alert = found.first()
    if alert is None:
        raise not_found("alert")
    return alert


# the locking selects, built once (the profile showed building them on every call; the compiled form is
# cached by SQLAlchemy either way): the scope is a parameter, as `queries.scoped` would add it
_LOCK = select(Alert).where(col(Alert.id) == bindparam("id")).with_for_update(of=Alert)
_LOCK_IN_VILLAGES = (
    select(Alert)
    .where(
        col(Alert.id) == bindparam("id"), col(Alert.village_code).in_(bindparam("villages", expanding=True))
    )
    .with_for_update(of=Alert)
)
