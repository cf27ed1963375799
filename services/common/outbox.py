"""Transactional outbox: events are written with the state change, and a relay publishes them.

Writers call `add_events(session, envelopes)` inside their transaction (or `add_rows` with bytes
already encoded, COPY past a threshold); the commit wakes the relay (`NOTIFY`). The relay itself is
in `services.common.relay`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, LargeBinary, String, event, func, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import Field

from services.common import tracing
from services.common.db import AFTER_COMMIT, OWN_RELAY_SETTING, PlatformBase, Tx, driver_of, info_of
from services.common.events.contracts import REGISTRY
from services.common.events.envelope import EventEnvelope


class OutboxMessage(PlatformBase, table=True):
    __tablename__ = "outbox"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    # not unique in the database: ids are uuid4 made here, consumers dedupe on them (inbox), and nothing
    # looks an outbox row up by it. Its unique index was about 40 % of PostgreSQL's CPU in the relay
    # (every "sent" mark is a non-HOT update, a new entry in each index): 5.2 -> 3.2 s draining 200,000
    # rows, measured 2026-12-03; and a unique check for every row staged (*_outbox_event_id_not_unique)
    event_id: str = Field(sa_column=Column(String(36), nullable=False))
    topic: str = Field(sa_column=Column(String(200), nullable=False))
    key: str = Field(sa_column=Column(String(200), nullable=False))
    event_type: str = Field(sa_column=Column(String(200), nullable=False))
    schema_version: int = Field(sa_column=Column(Integer, nullable=False))
    payload: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    sent_at: datetime | None = Field(sa_column=Column(DateTime(timezone=True), nullable=True))
    # a row the broker refuses for a reason retrying cannot fix (too large, an unknown topic, refused
    # by an ACL) is set aside after `attempts` rounds, so it stops blocking every row behind it
    attempts: int = Field(sa_column=Column(Integer, server_default="0", nullable=False))
    failed_at: datetime | None = Field(sa_column=Column(DateTime(timezone=True), nullable=True))
    failure: str | None = Field(sa_column=Column(String(500), nullable=True))
    # W3C traceparent of the span that staged the event (tracing on), so the relay publishes it as a
    # child of the request that wrote it (services/common/tracing.py)
    traceparent: str | None = Field(sa_column=Column(String(55), nullable=True))

    __table_args__ = (
        Index("ix_outbox_unsent", "id", postgresql_where=text("sent_at IS NULL")),
        Index("ix_outbox_failed", "id", postgresql_where=text("failed_at IS NOT NULL")),
    )


relay_wakers: set[asyncio.Event] = set()

NOTIFY_CHANNEL = "rw_outbox"
# Statement-level: one NOTIFY per inserting statement, delivered at commit, so a relay in another
# process (another instance of the service) wakes at once instead of waiting for its next poll.
NOTIFY_TRIGGER_SQL = [
    f"""CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{NOTIFY_CHANNEL}', '');
    RETURN NULL;
END $$""",
    "DROP TRIGGER IF EXISTS outbox_notify ON outbox",
    "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()",
]
NOTIFY_TRIGGER_DOWN_SQL = [
    "DROP TRIGGER IF EXISTS outbox_notify ON outbox",
    "DROP FUNCTION IF EXISTS outbox_notify()",
]
# A process that runs the service's relay wakes it itself when it commits (`mark_dirty`): its connections
# say so (OWN_RELAY_SETTING, Database(own_relay=True)) and its inserts send no NOTIFY. PostgreSQL takes one
# database-wide lock to queue a notification and holds it through the commit's WAL flush, so every
# notifying commit waited for the one before: the transitions' top wait (881 samples against 228 running,
# pg_stat_activity 2026-12-03), 13 % of their throughput. Writers elsewhere (a CLI, psql, an older
# replica) still notify; a relay that another replica's round kept out tries again soon (relay.py).
NOTIFY_FROM_ELSEWHERE_SQL = [
    f"""CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('{OWN_RELAY_SETTING}', true), '') <> 'on' THEN
        PERFORM pg_notify('{NOTIFY_CHANNEL}', '');
    END IF;
    RETURN NULL;
END $$"""
]
NOTIFY_FROM_ELSEWHERE_DOWN_SQL = NOTIFY_TRIGGER_SQL[:1]
COPY_THRESHOLD = 200


def _wake_relays_after(info: dict[str, Any]) -> None:
    if info.pop("outbox_dirty", False):
        for ev in relay_wakers:
            ev.set()


@event.listens_for(Session, "after_commit")
def _wake_relays(session: Session) -> None:
    _wake_relays_after(session.info)


AFTER_COMMIT.append(_wake_relays_after)  # the same for driver transactions (db.driver_transaction)


def outbox_rows(envelopes: Sequence[EventEnvelope], topic: str | None = None) -> list[dict[str, Any]]:
    """Rows for the outbox table; the topic comes from the contract registry unless given."""
    rows = []
    for env in envelopes:
        rows.append(
            {
                "event_id": str(env.event_id),
                "topic": topic or REGISTRY[env.event_type].topic,
                "key": env.aggregate_id,
                "event_type": env.event_type,
                "schema_version": env.schema_version,
                "payload": env.to_bytes(),
            }
        )
    return rows


async def add_events(
    session: AsyncSession, envelopes: Sequence[EventEnvelope], topic: str | None = None
) -> None:
    """Stage events in the caller's transaction; they are published only if it commits."""
    if envelopes:
        await add_rows(session, outbox_rows(envelopes, topic))


async def add_rows(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Stage prepared outbox rows (event_id, topic, key, event_type, schema_version, payload)."""
    if not rows:
        return
    traceparent = tracing.current_traceparent()  # one writer, one context for the whole call
    if len(rows) >= COPY_THRESHOLD:
        # COPY inside the caller's transaction: the fast path for bulk intake
        await copy_rows(await driver_of(session), rows, traceparent)
        mark_dirty(session)
        return
    await session.execute(
        text(
            "INSERT INTO outbox (event_id, topic, key, event_type, schema_version, payload, traceparent) "
            "SELECT *, CAST(:tp AS varchar) FROM unnest(CAST(:e AS text[]), CAST(:t AS text[]), "
            "CAST(:k AS text[]), CAST(:y AS text[]), CAST(:v AS int[]), CAST(:p AS bytea[]))"
        ),
        {
            "tp": traceparent,
            "e": [r["event_id"] for r in rows],
            "t": [r["topic"] for r in rows],
            "k": [r["key"] for r in rows],
            "y": [r["event_type"] for r in rows],
            "v": [r["schema_version"] for r in rows],
            "p": [r["payload"] for r in rows],
        },
    )
    session.sync_session.info["outbox_dirty"] = True


async def copy_rows(driver: Any, rows: Sequence[dict[str, Any]], traceparent: str | None = None) -> None:
    """COPY prepared rows into the outbox on `driver` (the asyncpg connection of the caller's
    transaction, `db.driver_of`); the caller marks the session dirty (`mark_dirty`)."""
    traceparent = traceparent or tracing.current_traceparent()
    await driver.copy_records_to_table(
        "outbox",
        columns=["event_id", "topic", "key", "event_type", "schema_version", "payload", "traceparent"],
        records=[
            (
                r["event_id"],
                r["topic"],
                r["key"],
                r["event_type"],
                r["schema_version"],
                r["payload"],
                traceparent,
            )
            for r in rows
        ],
    )


def insert_rows_sql(first: int = 1, *, only_if: str = "") -> str:
    """One statement staging prepared rows, for callers that write through the driver (`db.driver_of`);
    its seven parameters (`row_arrays`) are numbered from `first`, to follow a caller's own. `only_if`
    names a CTE of the caller's statement: the rows are staged only when it returned a row."""
    e, t, k, y, v, p, tp = (f"${first + i}" for i in range(7))
    return (
        "INSERT INTO outbox (event_id, topic, key, event_type, schema_version, payload, traceparent) "
        f"SELECT *, {tp}::varchar FROM unnest({e}::text[], {t}::text[], {k}::text[], {y}::text[], "
        f"{v}::int[], {p}::bytea[])" + (f" WHERE EXISTS (SELECT FROM {only_if})" if only_if else "")
    )


def row_arrays(rows: Sequence[dict[str, Any]]) -> tuple[Any, ...]:
    """The parameters of `insert_rows_sql` for `rows` (the traceparent of the current span last)."""
    return (
        [r["event_id"] for r in rows],
        [r["topic"] for r in rows],
        [r["key"] for r in rows],
        [r["event_type"] for r in rows],
        [r["schema_version"] for r in rows],
        [r["payload"] for r in rows],
        tracing.current_traceparent(),
    )


def mark_dirty(session: Tx) -> None:
    """Wake this process's relays when the transaction commits (other processes wake on NOTIFY)."""
    info_of(session)["outbox_dirty"] = True


EVENT_ID_NOT_UNIQUE_SQL = ["ALTER TABLE outbox DROP CONSTRAINT IF EXISTS uq_outbox_event_id"]
EVENT_ID_NOT_UNIQUE_DOWN_SQL = ["ALTER TABLE outbox ADD CONSTRAINT uq_outbox_event_id UNIQUE (event_id)"]
SET_ASIDE_SQL = [
    "ALTER TABLE outbox ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0",
    "ALTER TABLE outbox ADD COLUMN IF NOT EXISTS failed_at timestamptz",
    "ALTER TABLE outbox ADD COLUMN IF NOT EXISTS failure varchar(500)",
    "CREATE INDEX IF NOT EXISTS ix_outbox_failed ON outbox (id) WHERE failed_at IS NOT NULL",
]
TRACEPARENT_SQL = ["ALTER TABLE outbox ADD COLUMN IF NOT EXISTS traceparent varchar(55)"]
TRACEPARENT_DOWN_SQL = ["ALTER TABLE outbox DROP COLUMN IF EXISTS traceparent"]
SET_ASIDE_DOWN_SQL = [
    "DROP INDEX IF EXISTS ix_outbox_failed",
    "ALTER TABLE outbox DROP COLUMN IF EXISTS failure",
    "ALTER TABLE outbox DROP COLUMN IF EXISTS failed_at",
    "ALTER TABLE outbox DROP COLUMN IF EXISTS attempts",
]
