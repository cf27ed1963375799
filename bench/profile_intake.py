"""Where a workflow transition's time goes: the alerts app in this process (ASGI, lifespan on) on the real
PostgreSQL and broker, N verifications at 32 concurrent clients under pyinstrument.

`python -m bench.profile_transitions [--n 2000]` → bench/results/profile-intake.txt
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from contextlib import AsyncExitStack
from pathlib import Path

import asyncpg
import httpx
import orjson
from pyinstrument import Profiler

from bench.run import items
from services.common.auth import mint_token
from services.common.demo_town import VILLAGES
from services.common.settings import database_url_for
from services.launcher.devstack import Stack
from services.launcher.freeport import free_port

RESULTS = Path(__file__).parent / "results"


async def main_async(n: int, clients: int, show_all: bool = False) -> None:
    from services.alerts.app import create_app
    from services.alerts.config import AlertsSettings
    from services.common.migrations import drop_database

    stack = Stack(db_prefix="rwprof_", kafka_port=free_port(), ports={})
    os.environ.pop("RW_KAFKA_BOOTSTRAP", None)
    await asyncio.to_thread(stack.start_postgres)
    await asyncio.to_thread(stack.start_broker)
    try:
        await drop_database(stack.database_url, "rwprof_alerts")
        await asyncio.to_thread(stack.prepare, ["alerts"])
        url = database_url_for(stack.database_url, "rwprof_alerts", driver="postgresql")
        conn = await asyncpg.connect(url)
        await conn.executemany("INSERT INTO proj_villages (code, name, kind) VALUES ($1, $2, $3)", VILLAGES)
        await conn.close()
        settings = AlertsSettings(
            database_url=stack.database_url,
            kafka_bootstrap=stack.kafka_bootstrap,
            db_prefix="rwprof_",
            alerts_sla_sweep_seconds=0,
            log_level="WARNING",
        )
        app = create_app(settings)
        async with AsyncExitStack() as ex:
            await ex.enter_async_context(app.router.lifespan_context(app))
            client = await ex.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://alerts", timeout=60
                )
            )
            integration = {
                "Authorization": f"Bearer {mint_token(sub='p', role='integration')}",
                "Content-Type": "application/json",
            }
            body = orjson.dumps({"batch_id": "PROF", "issued_on": "2022-03-01", "items": items(n, "PF")})
            profiler = Profiler(interval=0.001, async_mode="disabled")
            t = time.perf_counter()
            profiler.start()
            r = await client.post("/v1/feeds", headers=integration, content=body)
            profiler.stop()
            elapsed = time.perf_counter() - t
            assert r.status_code == 200, r.text[:300]
        text = profiler.output_text(unicode=False, color=False, show_all=show_all)
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / "profile-intake.txt"
        out.write_text(
            f"{n} items taken in in {elapsed:.2f} s ({n / elapsed:.0f}/s, HTTP in -> committed, in-process ASGI)\n\n{text}"
        )
        print(f"{n} items in {elapsed:.2f} s; profile in {out}")
    finally:
        await asyncio.to_thread(stack.stop)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args()
    asyncio.run(main_async(args.n, args.clients, args.all))


if __name__ == "__main__":
    main()
