"""One step of an alert, recorded: the alert locked, then the state's event, the audit entry (hash-chained)
and its event, written in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.alerts.context import SERVICE
from services.alerts.models import Alert
from services.common.audit import GENESIS_HASH, entry_hash
from services.common.auth import Principal
from services.common.db import driver_of
from services.common.errors import not_found
from services.common.events.contracts import REGISTRY
from services.common.events.contracts.alerts import AlertEvent
from services.common.events.contracts.audit import AuditEntryRecorded
from services.common.events.envelope import EventEnvelope, envelope_bytes
from services.common.events.types import EventType
from services.common.outbox import insert_rows_sql, mark_dirty, outbox_rows, row_arrays

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
    """Append the audit entry and stage the alert event, the audit event and any others in the outbox.

    Two statements straight to the driver (db.driver_of): the chain's head, read after the alert row is
    locked (every caller holds it) in a statement of its own, then the entry and every outbox row in one
    CTE. Through the ORM's execution layer these cost more than half a transition's CPU
    (bench/results/profile-transitions.txt).
    """
    driver = await driver_of(session)
    last = await driver.fetchrow(_HEAD, alert.id)
    seq, prev = (last["seq"] + 1, last["hash"]) if last else (1, GENESIS_HASH)
    at = datetime.now(UTC)
    alert_id = str(alert.id)
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
        subject_id=alert_id,
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=alert.status,
        details=details,
    )
    rows = []
    if event_type:
        rows.append(_row(event_type, alert_id, actor, at, alert_event_data(alert, **(event_extra or {}))))
    audit = AuditEntryRecorded(service=SERVICE, subject_type="alert", subject_id=alert_id, **entry)
    rows.append(_row(EventType.AUDIT_ENTRY_RECORDED, alert_id, actor, at, audit.model_dump(mode="json")))
    rows.extend(outbox_rows(more_events))
    await driver.execute(
        _APPEND,
        alert.id,
        seq,
        at,
        orjson.dumps(actor).decode(),
        action,
        from_status,
        alert.status,
        orjson.dumps(details).decode(),
        prev,
        entry["hash"],
        *row_arrays(rows),
    )
    mark_dirty(session)


def _row(
    event_type: str, alert_id: str, actor: dict[str, Any], at: datetime, data: dict[str, Any]
) -> dict[str, Any]:
    """An outbox row of an alert's event, serialised without a second validation (the data was built by
    its contract model)."""
    event_id = str(uuid.uuid4())
    return {
        "event_id": event_id,
        "topic": REGISTRY[event_type].topic,
        "key": alert_id,
        "event_type": event_type,
        "schema_version": 1,
        "payload": envelope_bytes(
            event_id=event_id,
            event_type=event_type,
            source=SERVICE,
            aggregate_type="alert",
            aggregate_id=alert_id,
            data=data,
            actor=actor,
            occurred_at=at,
            correlation_id=alert_id,
        ),
    }


_HEAD = "SELECT seq, hash FROM audit_entries WHERE alert_id = $1 ORDER BY seq DESC LIMIT 1"
# the entry and the outbox rows in one round trip (the outbox's statement-level NOTIFY trigger fires)
_APPEND = (
    "WITH entry AS (INSERT INTO audit_entries "
    "(alert_id, seq, at, actor, action, from_status, to_status, details, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9, $10)) " + insert_rows_sql(11)
)


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
