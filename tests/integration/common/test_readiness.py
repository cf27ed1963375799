"""Issue 12, hole 3: /readyz means "can serve". A broker that is away degrades the service (writes
wait in the outbox) but keeps it in rotation; a database one migration ahead of the code (the
migrations Job of a rolling upgrade ran first) is ready; a database behind the code, or unreachable,
is not."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI

from services.common.app import MigrationHead, alembic_head, database_check
from services.common.db import Database
from services.common.migrations import drop_database, ensure_database, upgrade
from services.common.observability import health_router
from services.common.settings import database_url_for
from services.launcher.devstack import ROOT, Stack
from services.launcher.testing import TEST_DB_PREFIX


async def test_database_ahead_is_ready_behind_is_not(stack: Stack) -> None:
    name = f"{TEST_DB_PREFIX}readiness"
    await drop_database(stack.database_url, name)
    await ensure_database(stack.database_url, name)
    url = database_url_for(stack.database_url, name)
    migrations = ROOT / "services" / "loans" / "migrations"
    head = alembic_head(migrations)
    older = sorted(head.known - {head.head})[0]
    db = Database(url)
    conn = await asyncpg.connect(database_url_for(stack.database_url, name, driver="postgresql"))
    try:
        await asyncio.to_thread(upgrade, migrations, url, older)
        assert (await database_check(db, head)).startswith("migrations pending")
        await asyncio.to_thread(upgrade, migrations, url, "head")
        assert await database_check(db, head) == "ok"
        # the next release's migration ran (a revision this code has never seen)
        await conn.execute("UPDATE alembic_version SET version_num = '20991231_0099'")
        assert await database_check(db, head) == "ok (database ahead: 20991231_0099)"
    finally:
        await conn.close()
        await db.dispose()
        await drop_database(stack.database_url, name)


async def _readyz(checks: dict[str, Any]) -> httpx.Response:
    async def readiness() -> dict[str, Any]:
        return checks

    app = FastAPI()
    app.include_router(health_router(readiness, "probe"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        r = await c.get("/readyz")
        r.metrics = (await c.get("/metrics")).text  # type: ignore[attr-defined]
        return r


async def test_broker_away_is_degraded_but_ready_database_away_is_not() -> None:
    r = await _readyz({"database": "ok", "broker": "not connected"})
    assert r.status_code == 200 and r.json()["status"] == "degraded"
    assert 'rw_degraded{dependency="broker",service="probe"} 1.0' in r.metrics  # type: ignore[attr-defined]
    r = await _readyz({"database": "ok", "broker": "ok"})
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert 'rw_degraded{dependency="broker",service="probe"} 0.0' in r.metrics  # type: ignore[attr-defined]
    r = await _readyz({"database": "unreachable", "broker": "ok"})
    assert r.status_code == 503 and r.json()["status"] == "unavailable"
    r = await _readyz({"database": "ok (database ahead: x)", "broker": "ok"})
    assert r.status_code == 200


def test_migration_head_knows_every_revision() -> None:
    head = alembic_head(ROOT / "services" / "alerts" / "migrations")
    assert isinstance(head, MigrationHead) and head.head in head.known and len(head.known) >= 4


async def test_the_broker_probe_says_at_once_when_the_broker_is_away(stack: Stack) -> None:
    """A relay or consumer learns the broker is gone only when a request times out (up to 30 s; a
    consumer with nothing to read, never): readiness probes a TCP connect instead, cached briefly."""
    from services.common.kafka import BrokerProbe
    from services.launcher.freeport import free_port

    assert await BrokerProbe(stack.kafka_bootstrap).reachable()
    away = BrokerProbe(f"127.0.0.1:{free_port()}", timeout=0.5)
    assert not await away.reachable()
    either = BrokerProbe(f"127.0.0.1:{free_port()},{stack.kafka_bootstrap}")
    assert await either.reachable()  # any bootstrap broker will do
