"""`python -m bench.purge`: the retention purge on a large outbox, with the relay publishing meanwhile.

Issue 12 asks that a purge of 1,000,000 sent outbox rows older than the horizon does not block the
relay. This fills an alerts database's outbox with N old sent rows, starts a real `OutboxRelay` on the
embedded broker, and while `purge` deletes them, writes one event every 20 ms and times how long each
takes from commit to `sent_at` (the relay's latency). The same latency is measured for a while
before the purge as the baseline. Prints one table and writes bench/results/purge.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg

from services.common.db import Database
from services.common.events.envelope import new_event
from services.common.outbox import add_events
from services.common.relay import OutboxRelay
from services.common.retention import Horizons, purge
from services.common.settings import database_url_for
from services.launcher.devstack import Stack
from services.launcher.freeport import free_port

RESULTS = Path(__file__).parent / "results"


async def _latencies(db: Database, conn: asyncpg.Connection, stop: asyncio.Event) -> list[float]:
    """Commit one event every 20 ms; seconds from commit to sent_at for each."""
    waits: list[float] = []
    while not stop.is_set():
        env = new_event(
            event_type="households.village.registered",
            source="households",
            aggregate_type="village",
            aggregate_id=str(uuid.uuid4()),
            actor={"sub": "bench"},
            data={"code": "430981101299", "name": "bench", "kind": "village"},
        )
        async with db.transaction() as s:
            await add_events(s, [env])
        committed = time.perf_counter()
        waits.append(await _until_sent(conn, str(env.event_id), committed))
        await asyncio.sleep(0.02)
    return waits


async def _until_sent(conn: asyncpg.Connection, event_id: str, committed: float) -> float:
    """Poll every 2 ms (the bench measures the relay; a NOTIFY would measure something else)."""
    sent = None
    while sent is None:
        await asyncio.sleep(0.002)
        sent = await conn.fetchval("SELECT sent_at FROM outbox WHERE event_id = $1", event_id)
    return time.perf_counter() - committed


def _summary(waits: list[float]) -> dict[str, float]:
    waits = sorted(waits)
    return {
        "events": len(waits),
        "p50_ms": round(1000 * statistics.median(waits), 1),
        "p99_ms": round(1000 * waits[min(len(waits) - 1, int(len(waits) * 0.99))], 1),
        "max_ms": round(1000 * waits[-1], 1),
    }


async def main_async(rows: int, baseline_seconds: float) -> dict[str, Any]:
    stack = Stack(db_prefix="rwbench_", kafka_port=free_port(), ports={})
    os.environ.pop("RW_KAFKA_BOOTSTRAP", None)
    await asyncio.to_thread(stack.start_postgres)
    await asyncio.to_thread(stack.start_broker)
    try:
        from services.common.migrations import drop_database

        await drop_database(stack.database_url, "rwbench_alerts")
        await asyncio.to_thread(stack.prepare, ["alerts"])
        url = database_url_for(stack.database_url, "rwbench_alerts")
        conn = await asyncpg.connect(
            database_url_for(stack.database_url, "rwbench_alerts", driver="postgresql")
        )
        started = time.perf_counter()
        await conn.execute(
            "INSERT INTO outbox (event_id, topic, key, event_type, schema_version, payload, created_at, sent_at) "
            "SELECT gen_random_uuid()::text, 'households.household.v1', 'k' || (g % 1000), "
            "'households.village.registered', 1, convert_to(repeat('x', 600), 'UTF8'), "
            "now() - interval '30 days', now() - interval '30 days' FROM generate_series(1, $1) g",
            rows,
        )
        await conn.execute("VACUUM ANALYZE outbox")
        fill = time.perf_counter() - started
        db = Database(url)
        relay = OutboxRelay(db, stack.kafka_bootstrap, service="bench")
        stop_relay = asyncio.Event()
        relay_task = asyncio.create_task(relay.run(stop_relay))
        try:
            stop = asyncio.Event()
            task = asyncio.create_task(_latencies(db, conn, stop))
            await asyncio.sleep(baseline_seconds)
            stop.set()
            before = _summary(await task)

            stop = asyncio.Event()
            task = asyncio.create_task(_latencies(db, conn, stop))
            t0 = time.perf_counter()
            done = await purge(
                db, Horizons(timedelta(days=7), timedelta(days=14), timedelta(days=7)), service="bench"
            )
            purge_seconds = time.perf_counter() - t0
            stop.set()
            during = _summary(await task)
        finally:
            stop_relay.set()
            await relay_task
            await db.dispose()
        left = await conn.fetchval("SELECT count(*) FROM outbox WHERE sent_at < now() - interval '7 days'")
        await conn.close()
        await drop_database(stack.database_url, "rwbench_alerts")
    finally:
        stack.stop()
    return {
        "rows": rows,
        "fill_seconds": round(fill, 1),
        "purged": done["outbox"],
        "left_past_horizon": left,
        "purge_seconds": round(purge_seconds, 1),
        "purge_rows_per_second": round(done["outbox"] / purge_seconds),
        "relay_latency_before": before,
        "relay_latency_during_purge": during,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-seconds", type=float, default=10)
    args = parser.parse_args()
    result = asyncio.run(main_async(args.rows, args.baseline_seconds))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "purge.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"purge of {result['purged']:,} sent outbox rows: {result['purge_seconds']} s "
          f"({result['purge_rows_per_second']:,} rows/s), {result['left_past_horizon']} left past the horizon")  # fmt: skip
    for label in ("relay_latency_before", "relay_latency_during_purge"):
        r = result[label]
        print(
            f"{label:<28} events {r['events']:>4}  p50 {r['p50_ms']:>7} ms  p99 {r['p99_ms']:>7} ms  max {r['max_ms']:>7} ms"
        )


if __name__ == "__main__":
    main()
