"""Retention: purge sent outbox rows, inbox rows and idempotency keys past their horizons.

Without it the three platform tables grow for as long as the town uses the system (issue 12, hole 6).
Each service runs `purge` every `RW_RETENTION_INTERVAL_SECONDS`; `ruralwatch purge` runs it by hand.
Rows go in small batches, each its own short transaction, oldest first, and a row another transaction
holds is skipped (SKIP LOCKED), so the relay and the consumers never wait on the purge.

What each horizon must exceed:
- sent outbox rows: how far back `ruralwatch outbox resend --since` may need to reach (a broker that
  lost acknowledged messages); unsent and set-aside rows are never purged;
- inbox rows: the longest a message can be redelivered after it was handled (an uncommitted offset
  is redelivered within seconds; a consumer group reset to an old offset is an operator's act, and a
  projection rebuild clears its own inbox first);
- idempotency keys: how long a client may retry a request with the same `Idempotency-Key`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog
from prometheus_client import Counter
from sqlalchemy import text

from services.common.db import Database

log = structlog.get_logger(__name__)

PURGED = Counter("rw_retention_purged", "Rows deleted by the retention purge", ["service", "table"])

# indexes the purge walks (created by each service's migration)
RETENTION_INDEX_SQL = [
    "CREATE INDEX IF NOT EXISTS ix_inbox_processed_at ON inbox (processed_at)",
    "CREATE INDEX IF NOT EXISTS ix_idempotency_keys_created_at ON idempotency_keys (created_at)",
]
RETENTION_INDEX_DOWN_SQL = [
    "DROP INDEX IF EXISTS ix_idempotency_keys_created_at",
    "DROP INDEX IF EXISTS ix_inbox_processed_at",
]


@dataclass(frozen=True)
class Horizons:
    outbox_sent: timedelta
    inbox: timedelta
    idempotency: timedelta

    @classmethod
    def from_settings(cls, settings: Any) -> Horizons:
        return cls(
            outbox_sent=timedelta(days=settings.retention_outbox_days),
            inbox=timedelta(days=settings.retention_inbox_days),
            idempotency=timedelta(days=settings.retention_idempotency_days),
        )


# one statement per table: delete up to :n of the oldest purgeable rows, skipping rows in use
_DELETES = {
    "outbox": (
        "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE id > :last AND sent_at IS NOT NULL "
        "AND created_at < now() - CAST(:h AS interval) ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED) "
        "RETURNING id AS k"
    ),
    "inbox": (
        "DELETE FROM inbox WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM inbox "
        "WHERE processed_at < now() - CAST(:h AS interval) ORDER BY processed_at LIMIT :n "
        "FOR UPDATE SKIP LOCKED) RETURNING 0 AS k"
    ),
    "idempotency_keys": (
        "DELETE FROM idempotency_keys WHERE (scope, key) IN (SELECT scope, key FROM idempotency_keys "
        "WHERE created_at < now() - CAST(:h AS interval) ORDER BY created_at LIMIT :n "
        "FOR UPDATE SKIP LOCKED) RETURNING 0 AS k"
    ),
}


async def purge(
    db: Database,
    horizons: Horizons,
    *,
    service: str,
    batch: int = 5000,
    progress: Callable[[str, int], Any] | None = None,
) -> dict[str, int]:
    """Delete every row past its horizon, a batch per transaction; returns rows deleted per table."""
    done: dict[str, int] = {}
    for table, horizon in (
        ("outbox", horizons.outbox_sent),
        ("inbox", horizons.inbox),
        ("idempotency_keys", horizons.idempotency),
    ):
        deleted, last, started = 0, 0, time.perf_counter()
        while True:
            async with db.transaction() as s:
                # a purge never waits long on a lock and never holds one long
                await s.execute(text("SET LOCAL lock_timeout = '2s'"))
                rows = (
                    await s.execute(
                        text(_DELETES[table]),
                        {"h": horizon, "n": batch, "last": last},
                    )
                ).all()
            if table == "outbox" and rows:
                last = max(r.k for r in rows)
            deleted += len(rows)
            PURGED.labels(service, table).inc(len(rows))
            if progress is not None:
                progress(table, deleted)
            if len(rows) < batch:
                break
        done[table] = deleted
        if deleted:
            log.info(
                "retention_purged",
                service=service,
                table=table,
                rows=deleted,
                seconds=round(time.perf_counter() - started, 2),
            )
    return done
