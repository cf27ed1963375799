"""pytest plugin (`-p services.launcher.testing`): the real PostgreSQL and broker for every test session.

Fixtures: `stack` (PostgreSQL + tansu from the launcher), `service_database` (create + migrate one
service database, truncated before each test that asks), `kafka_reader` (read a topic from the start),
`kafka_publish`, `make_token`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.common.auth import mint_token
from services.common.events.envelope import EventEnvelope
from services.common.kafka import ensure_topics, make_producer
from services.common.migrations import drop_database, migrate_service
from services.common.settings import database_url_for, dev_role_password
from services.launcher.devstack import EMBEDDED_SESSION_MS, ROOT, Stack
from services.launcher.freeport import free_port

# under pytest-xdist each worker is its own session with its own broker; its databases (and the roles
# named like them) carry the worker's name so two workers never truncate each other's tables
# (RW_TEST_DB_PREFIX sets the base, for two checkouts testing at once on one PostgreSQL)
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_BASE = os.environ.get("RW_TEST_DB_PREFIX", "rwtest_")
TEST_DB_PREFIX = f"{_BASE}{_WORKER}_" if _WORKER else _BASE
# tests run on the public dev secrets; production (the default) refuses them
os.environ.setdefault("RW_ENV", "dev")


# Test files that take minutes start first, so under `-n N --dist loadfile` (make test) the longest file
# is not the one left running alone at the end. Measured on the 2-core machine, slowest first.
SLOW_FILES = (
    "tests/reliability/test_chaos.py",  # ~220 s (CI of e5f1a6f)
    "tests/integration/reports/test_annual_report.py",  # ~140 s
    "tests/hostile/test_schemathesis_admin.py",  # ~120 s
    "tests/hostile/test_schemathesis.py",  # ~100 s
    "tests/e2e/test_launcher.py",  # ~90 s
    "tests/e2e/test_reliability.py",  # ~55 s
    "tests/hostile/test_scope.py",  # ~55 s
    "tests/e2e/test_alerts_2022.py",
    "tests/hostile/test_pii_in_logs.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return SLOW_FILES.index(path) if path in SLOW_FILES else len(SLOW_FILES)

    items.sort(key=rank)  # stable: within a rank, the collection order stays


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """PostgreSQL (RW_DATABASE_URL or embedded) and a fresh tansu broker on a free port."""
    os.environ.pop("RW_KAFKA_BOOTSTRAP", None)
    os.environ.setdefault("RW_KAFKA_SESSION_TIMEOUT_MS", EMBEDDED_SESSION_MS)  # the apps in this process
    s = Stack(
        db_prefix=TEST_DB_PREFIX,
        kafka_port=free_port(),
        ports={
            "alerts": free_port(),
            "households": free_port(),
            "loans": free_port(),
            "reports": free_port(),
        },
        extra_env={
            "RW_LOG_JSON": "true",
            "RW_ALERTS_SLA_SWEEP_SECONDS": "0",
            "RW_LOANS_DAILY_JOB_SECONDS": "0",
            "RW_LOANS_SMS_SEND_SECONDS": "0",
        },
    )
    s.start_postgres()
    s.start_broker()
    asyncio.run(ensure_topics(s.kafka_bootstrap))
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module", autouse=True)
def _a_fresh_broker_per_module(request: pytest.FixtureRequest) -> None:
    """Each test module starts on an empty broker (the session's tansu, restarted: memory storage, so
    it forgets every earlier module's events; 60 ms). A fresh consumer group therefore never wades
    through another module's tens of thousands of events, whatever order the workers ran them in
    (issue 13: no test reads another's events). Modules that use no broker do not start one."""
    mine = [i for i in request.session.items if getattr(i, "module", None) is request.module]
    if not any("stack" in getattr(i, "fixturenames", ()) for i in mine):
        return
    s: Stack = request.getfixturevalue("stack")
    if s.broker is not None:
        s.broker.stop()
        s.broker.start(s.workdir)


async def migrate_fresh(stack: Stack, service: str) -> str:
    """Drop, create and migrate `service`'s test database; returns its asyncpg URL."""
    name = f"{TEST_DB_PREFIX}{service}"
    await drop_database(stack.database_url, name)
    await migrate_service(
        stack.database_url,
        name,
        ROOT / "services" / service / "migrations",
        role_password=dev_role_password(name, "dev"),
    )
    return database_url_for(stack.database_url, name)


async def truncate_all(url: str) -> None:
    """Empty every table but alembic_version (the append-only trigger does not fire on TRUNCATE)."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
        if tables:
            await conn.execute("TRUNCATE " + ", ".join(f'"{t["tablename"]}"' for t in tables) + " CASCADE")
    finally:
        await conn.close()


class KafkaReader:
    """Reads whole topics from the beginning (no group), for assertions."""

    def __init__(self, bootstrap: str) -> None:
        self.bootstrap = bootstrap

    async def read(
        self, topic: str, *, until: Callable[[list[Any]], bool] | None = None, timeout: float = 20.0
    ) -> list[Any]:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            partitions = consumer.partitions_for_topic(topic) or set()
            if not partitions:
                await consumer._client.force_metadata_update()
                partitions = consumer.partitions_for_topic(topic) or set()
            tps = [TopicPartition(topic, p) for p in sorted(partitions)]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            records: list[Any] = []
            deadline = asyncio.get_running_loop().time() + timeout
            while asyncio.get_running_loop().time() < deadline:
                batch = await consumer.getmany(timeout_ms=300)
                for msgs in batch.values():
                    records.extend(msgs)
                if until is not None and until(records):
                    break
                if until is None and not batch:
                    ends = await consumer.end_offsets(tps)
                    positions = [await consumer.position(tp) for tp in tps]
                    if all(pos >= ends[tp] for pos, tp in zip(positions, tps, strict=True)):
                        break
            return records
        finally:
            await consumer.stop()

    async def envelopes(self, topic: str, **kwargs: Any) -> list[EventEnvelope]:
        out = []
        for r in await self.read(topic, **kwargs):
            try:
                out.append(EventEnvelope.from_bytes(r.value))
            except ValueError:
                continue
        return out


@pytest.fixture(scope="session")
def kafka_reader(stack: Stack) -> KafkaReader:
    return KafkaReader(stack.kafka_bootstrap)


@contextlib.asynccontextmanager
async def publisher(bootstrap: str, client_id: str = "tests") -> AsyncIterator[Callable[..., Any]]:
    """`publish(topic, value, key=None, headers=None)` on `bootstrap`; an envelope brings its own key and headers."""
    producer = make_producer(bootstrap, client_id=client_id)
    await producer.start()

    async def publish(
        topic: str,
        value: bytes | EventEnvelope,
        key: str | None = None,
        headers: list[tuple[str, bytes]] | None = None,
    ) -> None:
        if isinstance(value, EventEnvelope):
            headers = headers or value.headers()
            key = key or value.aggregate_id
            value = value.to_bytes()
        await producer.send_and_wait(topic, value, key=key.encode() if key else None, headers=headers or [])

    try:
        yield publish
    finally:
        await producer.stop()


@pytest.fixture
async def kafka_publish(stack: Stack) -> AsyncIterator[Callable[..., Any]]:
    async with publisher(stack.kafka_bootstrap) as publish:
        yield publish


@pytest.fixture(scope="session")
def make_token() -> Callable[..., str]:
    def make(role: str, villages: list[str] | None = None, sub: str | None = None, ttl: int = 3600) -> str:
        return mint_token(sub=sub or f"test-{role}", role=role, villages=villages or [], ttl_seconds=ttl)

    return make


def repo_path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)
