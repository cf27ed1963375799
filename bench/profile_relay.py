"""Where the outbox relay's time goes: N outbox rows (the sizes intake writes) published by `OutboxRelay`
in this process on the real PostgreSQL and broker, under pyinstrument, next to a raw aiokafka produce of
the same payloads.

`python -m bench.profile_relay [--n 100000]` → bench/results/profile-relay.txt
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import asyncpg
from pyinstrument import Profiler

from bench.harness import alerts_database
from bench.run import raw_produce_rate
from services.common.db import Database
from services.common.events.envelope import envelope_bytes, new_event_ids
from services.common.kafka import ensure_topics
from services.common.relay import OutboxRelay
from services.common.settings import database_url_for

RESULTS = Path(__file__).parent / "results"


def payloads(n: int) -> list[tuple[str, str, bytes]]:
    from datetime import UTC, datetime

    out = []
    now = datetime.now(UTC)
    for i, event_id in enumerate(new_event_ids(n)):
        key = f"00000000-0000-4000-8000-{i:012d}"
        out.append(
            (
                event_id,
                key,
                envelope_bytes(
                    event_id=event_id,
                    event_type="alerts.alert.received",
                    source="alerts",
                    aggregate_type="alert",
                    aggregate_id=key,
                    actor={"sub": "bench", "role": "integration"},
                    occurred_at=now,
                    data={
                        "alert_id": key,
                        "external_id": f"E-{i}",
                        "village_code": "430981101201",
                        "status": "pending_village",
                        "description": "x" * 300,
                    },
                ),
            )
        )
    return out


async def main_async(n: int) -> None:
    async with alerts_database("rwprof_") as (stack, url):
        rows = payloads(n)
        conn = await asyncpg.connect(url)
        await conn.copy_records_to_table(
            "outbox",
            records=[(e, "alerts.alert.v1", k, "alerts.alert.received", 1, p) for e, k, p in rows],
            columns=["event_id", "topic", "key", "event_type", "schema_version", "payload"],
        )
        await conn.close()
        from services.common.events.topics import Topic

        await ensure_topics(stack.kafka_bootstrap, [t.value for t in Topic])
        raw = await raw_produce_rate(stack.kafka_bootstrap, [p for _, _, p in rows])
        db = Database(database_url_for(stack.database_url, "rwprof_alerts"))
        relay = OutboxRelay(db, stack.kafka_bootstrap, service="alerts")
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        t = time.perf_counter()
        profiler.start()
        sent = 0
        while sent < n:
            got = await relay.publish_batch()
            assert got, "the relay stopped before the outbox drained"
            sent += got
        profiler.stop()
        elapsed = time.perf_counter() - t
        await relay._drop_producer()
        await db.dispose()
        text = profiler.output_text(unicode=False, color=False, show_all=False)
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / "profile-relay.txt"
        head = (
            f"{n} rows relayed in {elapsed:.2f} s ({n / elapsed:.0f}/s under the profiler); "
            f"raw aiokafka produce {raw:.0f}/s; ratio {n / elapsed / raw:.2f}\n\n"
        )
        out.write_text(head + text)
        print(head.strip(), f"; profile in {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    asyncio.run(main_async(args.n))


if __name__ == "__main__":
    main()
