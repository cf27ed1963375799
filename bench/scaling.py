"""Throughput against instances: several reports processes sharing the `reports.read-models` group.

Once: the alerts service takes a provincial feed and publishes its events; they are captured from the
topics. Then, for each instance count k: a fresh broker (topics of 12 partitions), a fresh reports
database, k reports processes started and ready, the captured events produced as fast as the broker
takes them, and the time until the read models hold all of them. Writes bench/results/scaling.json.

`python -m bench.scaling [--alerts 50000] [--instances 1 2 3 4]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.province import count
from bench.run import items
from services.common.auth import mint_token
from services.common.demo_town import VILLAGES
from services.common.events.topics import Topic
from services.common.settings import database_url_for
from services.launcher.devstack import Broker, ServiceProcess, Stack, publish_raw, read_topic
from services.launcher.freeport import free_port

RESULTS = Path(__file__).parent / "results"
PARTITIONS = 12


async def capture(stack: Stack, n: int) -> list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]]:
    """Feed `n` alerts to the alerts service and read back every event it published."""
    from services.common.migrations import drop_database

    await drop_database(stack.database_url, "rwscale_alerts")
    await asyncio.to_thread(stack.prepare, ["alerts"])
    url = database_url_for(stack.database_url, "rwscale_alerts", driver="postgresql")
    conn = await asyncpg.connect(url)
    await conn.executemany("INSERT INTO proj_villages (code, name, kind) VALUES ($1, $2, $3)", VILLAGES)
    await conn.close()
    proc = stack.start_service("alerts")
    await asyncio.to_thread(proc.wait_ready, 90)
    try:
        token = {"Authorization": f"Bearer {mint_token(sub='bench', role='integration')}"}
        async with httpx.AsyncClient(base_url=proc.url, timeout=600) as client:
            r = await client.post(
                "/v1/feeds",
                headers=token,
                json={"batch_id": "SCALE", "issued_on": "2022-03-01", "items": items(n, "SC")},
            )
            assert r.status_code == 200 and r.json()["accepted"] == n, r.text[:300]
        while True:
            if not await count(url, "SELECT count(*) FROM outbox WHERE sent_at IS NULL"):
                break
            await asyncio.sleep(0.5)
    finally:
        proc.stop()
    out = []
    for topic in (Topic.ALERTS.value, Topic.AUDIT.value):
        for rec in await read_topic(stack.kafka_bootstrap, topic):
            out.append((topic, rec.key, rec.value, list(rec.headers or [])))
    return out


async def one_run(stack: Stack, k: int, messages: list[Any], n: int) -> dict[str, Any]:
    from services.common.migrations import drop_database

    assert stack.broker is not None
    stack.broker.stop()
    stack.broker.start(stack.workdir)  # empty, topics of PARTITIONS partitions
    await drop_database(stack.database_url, "rwscale_reports")
    await asyncio.to_thread(stack.prepare, ["reports"])
    url = database_url_for(stack.database_url, "rwscale_reports", driver="postgresql")
    procs = [
        ServiceProcess("reports", free_port(), stack.env(), stack.workdir / f"reports-{k}-{i}.log")
        for i in range(k)
    ]
    for p in procs:
        p.start()
    try:
        for p in procs:
            await asyncio.to_thread(p.wait_ready, 120)
        await asyncio.sleep(3)  # let the group settle its partition assignment
        t0 = time.perf_counter()
        await publish_raw(stack.kafka_bootstrap, messages)
        t_produced = time.perf_counter() - t0
        while True:
            done = await count(url, "SELECT count(*) FROM rm_alerts") + await count(
                url, "SELECT count(*) FROM rm_audit_entries"
            )
            if done >= 2 * n:
                break
            await asyncio.sleep(0.25)
        seconds = time.perf_counter() - t0
    finally:
        for p in procs:
            p.stop()
    return {
        "instances": k,
        "events": len(messages),
        "seconds": round(seconds, 2),
        "events_per_s": round(len(messages) / seconds),
        "produce_seconds": round(t_produced, 2),
    }


async def main_async(n: int, counts: list[int]) -> dict[str, Any]:
    stack = Stack(
        db_prefix="rwscale_",
        kafka_port=free_port(),
        ports={"alerts": free_port(), "reports": free_port()},
        extra_env={"RW_ALERTS_SLA_SWEEP_SECONDS": "0", "RW_LOG_LEVEL": "WARNING", "RW_DB_POOL_SIZE": "5"},
    )
    os.environ.pop("RW_KAFKA_BOOTSTRAP", None)
    await asyncio.to_thread(stack.start_postgres)
    stack.broker = Broker(stack.kafka_port, partitions=PARTITIONS)
    stack.broker.start(stack.workdir)
    stack.kafka_bootstrap = stack.broker.bootstrap
    try:
        messages = await capture(stack, n)
        print(f"captured {len(messages):,} events of {n:,} alerts")
        runs = []
        for k in counts:
            res = await one_run(stack, k, messages, n)
            print(
                f"  {k} instance(s): {res['events']:,} events in {res['seconds']} s = {res['events_per_s']:,}/s"
            )
            runs.append(res)
        return {
            "at": datetime.now(UTC).isoformat(),
            "cpus": os.cpu_count(),
            "partitions": PARTITIONS,
            "alerts": n,
            "runs": runs,
        }
    finally:
        await asyncio.to_thread(stack.stop)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--alerts", type=int, default=50_000)
    parser.add_argument("--instances", type=int, nargs="*", default=[1, 2, 3, 4])
    args = parser.parse_args()
    res = asyncio.run(main_async(args.alerts, args.instances))
    print(f"\n{'instances':>9} {'events':>9} {'seconds':>8} {'events/s':>9} {'vs 1':>6}")
    base = res["runs"][0]["events_per_s"]
    for r in res["runs"]:
        print(
            f"{r['instances']:>9} {r['events']:>9,} {r['seconds']:>8} {r['events_per_s']:>9,} {r['events_per_s'] / base:>6.2f}"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scaling.json").write_text(json.dumps(res, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
