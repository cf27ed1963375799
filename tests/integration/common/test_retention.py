"""Issue 12, hole 6: outbox, inbox and idempotency keys grew without bound. The purge deletes sent
outbox rows, inbox rows and idempotency keys past their horizons, a batch at a time, and nothing
else: unsent and set-aside outbox rows stay whatever their age."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import asyncpg
from prometheus_client import REGISTRY

from services.common.db import Database
from services.common.retention import Horizons, purge


async def test_purge_deletes_only_what_is_past_its_horizon(clean_alerts: str) -> None:
    conn = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
    old, new = "now() - interval '30 days'", "now() - interval '1 hour'"

    async def outbox(n: int, created: str, sent: str | None, failed: str | None = None) -> None:
        await conn.execute(
            "INSERT INTO outbox (event_id, topic, key, event_type, schema_version, payload, created_at, sent_at, "
            f"failed_at) SELECT gen_random_uuid()::text, 't', 'k', 'e', 1, 'x', {created}, {sent or 'NULL'}, "
            f"{failed or 'NULL'} FROM generate_series(1, {n})"
        )

    try:
        await outbox(1234, old, old)  # sent long ago: purged
        await outbox(7, old, None)  # never sent: kept
        await outbox(3, old, None, old)  # set aside: kept for the operator
        await outbox(11, new, new)  # sent recently: kept
        await conn.execute(
            "INSERT INTO inbox (consumer, event_id, processed_at) SELECT 'c', 'old-' || g, now() - interval "
            "'40 days' FROM generate_series(1, 250) g UNION ALL SELECT 'c', 'new-' || g, now() "
            "FROM generate_series(1, 5) g"
        )
        await conn.execute(
            "INSERT INTO idempotency_keys (scope, key, request_hash, status_code, body, created_at) "
            "SELECT 's', 'old-' || g, 'h', 200, '{}'::jsonb, now() - interval '10 days' FROM generate_series(1, 40) g "
            "UNION ALL SELECT 's', 'new-' || g, 'h', 200, '{}'::jsonb, now() FROM generate_series(1, 2) g"
        )
        db = Database(clean_alerts)
        seen: list[tuple[str, int]] = []
        try:
            done = await purge(
                db,
                Horizons(timedelta(days=7), timedelta(days=14), timedelta(days=7)),
                service="test-retention",
                batch=100,
                progress=lambda t, n: seen.append((t, n)),
            )
        finally:
            await db.dispose()
        assert done == {"outbox": 1234, "inbox": 250, "idempotency_keys": 40}
        assert len([s for s in seen if s[0] == "outbox"]) == 13  # a batch at a time, progress each
        remaining: Any = await conn.fetchrow(
            "SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL) AS unsent, "
            "count(*) FILTER (WHERE failed_at IS NOT NULL) AS aside, "
            "count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent FROM outbox"
        )
        assert dict(remaining) == {"unsent": 7, "aside": 3, "sent": 11}
        assert await conn.fetchval("SELECT count(*) FROM inbox") == 5
        assert await conn.fetchval("SELECT count(*) FROM idempotency_keys") == 2
        assert (
            REGISTRY.get_sample_value(
                "rw_retention_purged_total", {"service": "test-retention", "table": "outbox"}
            )
            == 1234
        )
    finally:
        await conn.close()
