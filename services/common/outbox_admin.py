"""What an operator does to the outbox (`ruralwatch outbox …`): resend what a broker lost, and list,
retry or drop the rows the relay set aside (services/common/relay.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import text

from services.common.db import Database
from services.common.outbox import NOTIFY_CHANNEL

log = structlog.get_logger(__name__)


async def resend(db: Database, since: datetime) -> int:
    """Mark every event written since `since` unsent, so the relay publishes it again.

    For a broker that lost acknowledged messages (a restarted in-memory broker, an unclean leader
    election): consumers dedupe by event id, so resending more than was lost is harmless.
    """
    async with db.transaction() as session:
        result = await session.execute(
            text("UPDATE outbox SET sent_at = NULL WHERE created_at >= :since AND sent_at IS NOT NULL"),
            {"since": since},
        )
        await session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def set_aside_rows(db: Database) -> list[dict[str, Any]]:
    """The rows the relay set aside, oldest first (for `ruralwatch outbox failed`)."""
    async with db.session() as session:
        rows = await session.execute(
            text(
                "SELECT id, event_id, topic, event_type, key, attempts, failed_at, failure, length(payload) AS bytes "
                "FROM outbox WHERE failed_at IS NOT NULL AND sent_at IS NULL ORDER BY id"
            )
        )
        return [dict(r._mapping) for r in rows]


async def retry_set_aside(db: Database, ids: Sequence[int] | None) -> int:
    """Put set-aside rows (all, or `ids`) back in the queue; returns how many."""
    async with db.transaction() as session:
        where = "" if ids is None else " AND id = ANY(:ids)"
        result = await session.execute(
            text(
                "UPDATE outbox SET failed_at = NULL, attempts = 0 WHERE failed_at IS NOT NULL "
                f"AND sent_at IS NULL{where}"
            ),
            {"ids": list(ids or [])},
        )
        await session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def drop_set_aside(db: Database, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Delete set-aside rows for good (only rows that are set aside); returns what was dropped."""
    async with db.transaction() as session:
        rows = await session.execute(
            text(
                "DELETE FROM outbox WHERE failed_at IS NOT NULL AND sent_at IS NULL AND id = ANY(:ids) "
                "RETURNING id, event_id, event_type, key, failure"
            ),
            {"ids": list(ids)},
        )
        dropped = [dict(r._mapping) for r in rows]
    for d in dropped:
        log.warning("outbox_row_dropped", **{k: str(v) for k, v in d.items()})
    return dropped
