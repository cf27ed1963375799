"""What the profiles and probes in bench/ share: an alerts database on the real PostgreSQL and broker,
with the town's villages in its projection, and the alerts app in this process over ASGI."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import asyncpg
import httpx
import psutil

from services.common.demo_town import VILLAGES
from services.common.settings import database_url_for
from services.launcher.devstack import ServiceProcess, Stack
from services.launcher.freeport import free_port


@asynccontextmanager
async def alerts_database(
    prefix: str, *, ports: dict[str, int] | None = None, extra_env: dict[str, str] | None = None
) -> AsyncIterator[tuple[Stack, str]]:
    """A stack (PostgreSQL, broker) with a fresh, migrated `<prefix>alerts` database; its asyncpg URL."""
    from services.common.migrations import drop_database

    stack = Stack(db_prefix=prefix, kafka_port=free_port(), ports=ports or {}, extra_env=extra_env or {})
    os.environ.pop("RW_KAFKA_BOOTSTRAP", None)
    await asyncio.to_thread(stack.start_postgres)
    await asyncio.to_thread(stack.start_broker)
    try:
        await drop_database(stack.database_url, f"{prefix}alerts")
        await asyncio.to_thread(stack.prepare, ["alerts"])
        url = database_url_for(stack.database_url, f"{prefix}alerts", driver="postgresql")
        conn = await asyncpg.connect(url)
        try:
            await conn.executemany(
                "INSERT INTO proj_villages (code, name, kind) VALUES ($1, $2, $3)", VILLAGES
            )
        finally:
            await conn.close()
        yield stack, url
    finally:
        await asyncio.to_thread(stack.stop)


@asynccontextmanager
async def alerts_service(prefix: str) -> AsyncIterator[tuple[str, ServiceProcess, psutil.Process]]:
    """The alerts service as its own uvicorn process (one worker, SLA sweep off, warnings only) on a fresh
    database: its asyncpg URL, the process and a psutil handle on it (CPU, RSS)."""
    async with alerts_database(
        prefix,
        ports={"alerts": free_port()},
        extra_env={"RW_ALERTS_SLA_SWEEP_SECONDS": "0", "RW_LOG_LEVEL": "WARNING"},
    ) as (stack, url):
        proc = stack.start_service("alerts")
        await asyncio.to_thread(proc.wait_ready)
        assert proc.process is not None
        yield url, proc, psutil.Process(proc.process.pid)


@asynccontextmanager
async def alerts_in_process(prefix: str) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """The alerts app in this process (lifespan on: relay and consumers run) and an ASGI client."""
    from services.alerts.app import create_app
    from services.alerts.config import AlertsSettings

    async with alerts_database(prefix) as (stack, url):
        settings = AlertsSettings(
            database_url=stack.database_url,
            kafka_bootstrap=stack.kafka_bootstrap,
            db_prefix=prefix,
            alerts_sla_sweep_seconds=0,
            log_level="WARNING",
        )
        app = create_app(settings)
        async with AsyncExitStack() as ex:
            await ex.enter_async_context(app.router.lifespan_context(app))
            client = await ex.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://alerts", timeout=600
                )
            )
            yield client, url
