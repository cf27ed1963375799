"""One step of an alert, recorded: the alert locked, then the state's event, the audit entry (hash-chained)
and its event, written in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import configure_mappers

from services.alerts.context import SERVICE
from services.alerts.models import Alert
from services.common.audit import GENESIS_HASH, entry_hash
from services.common.auth import Principal
from services.common.db import DriverTransaction, Tx, driver_of, info_of
from services.common.errors import not_found
from services.common.events.contracts import REGISTRY
from services.common.events.contracts.alerts import AlertEvent
from services.common.events.contracts.audit import AuditEntryRecorded
from services.common.events.envelope import EventEnvelope, envelope_bytes, new_event_ids
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
    session: Tx,
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
    (bench/results/profile-transitions.txt). In an `Optimistic` step the head is the one read with the
    alert, and the entry and rows are staged for the step's single write instead (services/alerts/
    optimistic.py).
    """
    optimistic = session if isinstance(session, Optimistic) else None
    driver = await driver_of(session)
    last = optimistic.head if optimistic is not None else await driver.fetchrow(_HEAD, alert.id)
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
        rows.append(
            alert_row(event_type, alert_id, actor, at, alert_event_data(alert, **(event_extra or {})))
        )
    audit = AuditEntryRecorded(service=SERVICE, subject_type="alert", subject_id=alert_id, **entry)
    rows.append(alert_row(EventType.AUDIT_ENTRY_RECORDED, alert_id, actor, at, audit.model_dump(mode="json")))
    rows.extend(outbox_rows(more_events))
    entry_args = (
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
    if optimistic is not None:
        optimistic.stage(entry_args)  # written with the alert's final state by optimistic.attempt
        return
    written = info_of(session).get(_WRITTEN, {})
    state = alert_state(alert) if id(alert) in written else None
    if state is not None and state != written[id(alert)]:
        # a transient alert (load_for_update): its new state goes in the same statement
        sql, first = _APPEND_WITH_UPDATE, state
        written[id(alert)] = state
    else:
        sql, first = _APPEND, (alert.id,)
    await driver.execute(sql, *first, *entry_args)


class Optimistic(DriverTransaction):
    """A step written without a transaction around it (services/alerts/optimistic.py): the alert and its
    chain's head as one statement read them, and the audit entry `record` staged for the single
    statement that writes the step if the alert is still as read."""

    __slots__ = ("head", "staged", "version")

    def __init__(self, driver: Any) -> None:
        super().__init__(driver)
        self.head: Any = None  # the chain's last entry (seq, hash) when the alert was read, or None
        self.version: int = 0  # the alert row's xmin when it was read
        self.staged: tuple[Any, ...] | None = None

    def stage(self, entry_args: tuple[Any, ...]) -> None:
        if self.staged is not None:
            raise RuntimeError("an optimistic step records one audit entry")
        self.staged = entry_args


def alert_row(
    event_type: str,
    alert_id: str,
    actor: dict[str, Any],
    at: datetime,
    data: dict[str, Any],
    *,
    event_id: str | None = None,
) -> dict[str, Any]:
    """An outbox row of an alert's event, serialised without a second validation (the data was built by
    its contract model, or by intake from already-valid items). Bulk callers pass ids made in one go."""
    event_id = event_id or new_event_ids(1)[0]
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


async def load_for_update(s: Tx, alert_id: uuid.UUID, principal: Principal) -> Alert:
    """Lock the alert and return it as a plain (transient) object the session does not track: `record`
    writes its state with the audit entry, so the transition needs no ORM load and no unit-of-work flush
    (bench/results/profile-transitions.txt). `persist` writes anything changed after `record`.

    The audit chain's head is not read by the locking statement itself: under READ COMMITTED a request
    that waited for the lock re-reads the alert row but keeps the statement's old snapshot for anything
    else, so it would see the previous head and write a duplicate `seq` (issue 11, hole 5). `record`
    reads it in a statement of its own, which takes a fresh snapshot after the lock holder committed.
    """
    driver = await driver_of(s)
    if principal.village_scoped:
        row = await driver.fetchrow(_LOCK_IN_VILLAGES, alert_id, sorted(principal.villages))
    else:
        row = await driver.fetchrow(_LOCK, alert_id)
    if row is None:
        raise not_found("alert")
    alert = alert_from_row(row)
    info_of(s).setdefault(_WRITTEN, {})[id(alert)] = alert_state(alert)
    return alert


def alert_from_row(row: Any) -> Alert:
    """A transient Alert holding `row`'s values as its unchanged state, made the way the ORM makes a loaded
    instance (no __init__: SQLModel's cost a millisecond a transition under the profiler). Setting an
    attribute afterwards goes through the usual instrumentation."""
    alert: Alert = _MANAGER.new_instance()
    values = alert.__dict__
    for name, attr in ALERT_COLUMNS:
        values[attr] = row[name]
    values["id"] = uuid.UUID(bytes=row["id"].bytes)  # a standard UUID, not asyncpg's own type
    return alert


async def persist(s: Tx, alert: Alert) -> None:
    """Write a transient alert's state if it changed after `record` wrote it (or was never recorded)."""
    written = info_of(s).get(_WRITTEN, {}).get(id(alert))
    state = alert_state(alert)
    if state != written:
        driver = await driver_of(s)
        await driver.execute(_UPDATE, *state)
        info_of(s)[_WRITTEN][id(alert)] = state


def alert_state(alert: Alert) -> tuple[Any, ...]:
    """The alert's id and the values of every column `_UPDATE` writes, as the driver takes them."""
    loaded = alert.__dict__  # read directly: a transient alert holds every column (alert_from_row)
    values = []
    for name, attr in WRITABLE_COLUMNS:
        value = loaded[attr] if attr in loaded else getattr(alert, attr)  # else an expired ORM attribute
        values.append(orjson.dumps(value).decode() if name in JSONB_COLUMNS and value is not None else value)
    return (alert.id, *values)


_TABLE = sa_inspect(Alert).local_table
# the alerts columns by name and attribute (`class` is `alert_class`), and those a step may write
ALERT_COLUMNS = [(c.name, sa_inspect(Alert).get_property_by_column(c).key) for c in _TABLE.columns]
configure_mappers()  # instrumented attributes are only usable on a configured mapper (alert_from_row)
_MANAGER = sa_inspect(Alert).class_manager
WRITABLE_COLUMNS = [(n, a) for n, a in ALERT_COLUMNS if n not in ("id", "created_at")]
JSONB_COLUMNS = {c.name for c in _TABLE.columns if isinstance(c.type, JSONB)}
_WRITTEN = "alerts_written_state"
_SELECT = "SELECT " + ", ".join(f'"{n}"' for n, _ in ALERT_COLUMNS) + " FROM alerts WHERE id = $1"
# the locking selects, prepared once per connection by asyncpg; the scope is a parameter, as
# `queries.scoped` would add it
_LOCK = _SELECT + " FOR UPDATE"
_LOCK_IN_VILLAGES = _SELECT + " AND village_code = ANY($2::text[]) FOR UPDATE"
_UPDATE = (
    "UPDATE alerts SET "
    + ", ".join(
        f'"{n}" = ${i + 2}' + ("::jsonb" if n in JSONB_COLUMNS else "")
        for i, (n, _) in enumerate(WRITABLE_COLUMNS)
    )
    + " WHERE id = $1"
)

_HEAD = "SELECT seq, hash FROM audit_entries WHERE alert_id = $1 ORDER BY seq DESC LIMIT 1"


def _append_sql(*, update: bool) -> str:
    """The audit entry and the outbox rows in one round trip (the outbox's statement-level NOTIFY trigger
    fires), after the alert's new state when `update`: $1 is the alert's id, then its columns (`alert_state`),
    then the entry's fields, then the outbox rows' arrays."""
    n = 1 + (len(WRITABLE_COLUMNS) if update else 0)
    entry = ", ".join(f"${n + i}" + ("::jsonb" if i in (3, 7) else "") for i in range(1, 10))
    return (
        "WITH " + (f"alert AS ({_UPDATE}), " if update else "") + "entry AS (INSERT INTO audit_entries "
        "(alert_id, seq, at, actor, action, from_status, to_status, details, prev_hash, hash) "
        f"VALUES ($1, {entry})) " + insert_rows_sql(n + 10)
    )


_APPEND = _append_sql(update=False)
_APPEND_WITH_UPDATE = _append_sql(update=True)
