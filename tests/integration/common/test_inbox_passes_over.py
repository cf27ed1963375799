"""An inbox consumer whose handler declares its event types (EventRoutes) passes other records over
before decoding them, and leaves no inbox row for them: the households saga wants one of the two
events each provincial alert makes. Real PostgreSQL and broker."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import sqlalchemy
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.db import Database
from services.common.events.dispatch import EventRoutes
from services.common.events.envelope import EventEnvelope, new_event
from services.common.events.topics import dlq
from services.common.events.types import EventType
from services.common.inbox import CONSUMED, InboxConsumer
from services.common.kafka import ensure_topics
from tests.conftest import village_event, wait_for


def _household_updated() -> EventEnvelope:
    return new_event(
        event_type=EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED,
        source="test",
        aggregate_type="household",
        aggregate_id="430981101288000001",
        actor={"sub": "t"},
        data={"anything": "a handler of village events never reads this"},
    )


async def test_records_of_undeclared_types_are_passed_over_undecoded_and_unrecorded(
    stack: Any, clean_alerts: str, kafka_publish: Any
) -> None:
    topic = f"test.wants.{uuid.uuid4().hex[:8]}.v1"
    await ensure_topics(stack.kafka_bootstrap, [topic, dlq(topic)], partitions=1)
    conn = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
    await conn.execute("CREATE TABLE IF NOT EXISTS test_wants (id serial PRIMARY KEY, name text)")
    await conn.execute("TRUNCATE test_wants")
    routes: EventRoutes[Callable[..., Awaitable[None]]] = EventRoutes()

    @routes.on(EventType.HOUSEHOLDS_VILLAGE_REGISTERED)
    async def village(session: AsyncSession, v: Any, env: EventEnvelope) -> None:
        await session.execute(sqlalchemy.text("INSERT INTO test_wants (name) VALUES (:n)"), {"n": v.name})

    db = Database(clean_alerts)
    name = f"test.{topic}"
    consumer = InboxConsumer(
        db=db, bootstrap=stack.kafka_bootstrap, name=name, topics=[topic], handler=routes.consumer()
    )
    passed_over = CONSUMED.labels(name, "passed_over")
    before = passed_over._value.get()

    await kafka_publish(topic, village_event("430981101281", "first"))
    await kafka_publish(topic, _household_updated())  # a type the handler does not take
    # undecodable, but its header names a type nobody here wants: passed over, not dead-lettered
    await kafka_publish(topic, b"\x00garbage", key="g", headers=[("event_type", b"alerts.alert.received")])
    no_header = village_event("430981101282", "without a header")
    await kafka_publish(topic, no_header.to_bytes(), key="430981101282", headers=[("x", b"y")])  # decoded
    await kafka_publish(topic, village_event("430981101283", "after"))

    async def names() -> list[str]:
        return [r["name"] for r in await conn.fetch("SELECT name FROM test_wants ORDER BY id")]

    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await wait_for(lambda: _has(names, "after"), timeout=30)
    finally:
        stop.set()
        await task
    try:
        assert await names() == ["first", "without a header", "after"]
        assert await conn.fetchval("SELECT count(*) FROM inbox WHERE consumer = $1", name) == 3
        assert passed_over._value.get() - before == 2
        assert consumer.wants == {EventType.HOUSEHOLDS_VILLAGE_REGISTERED.encode()}
    finally:
        await conn.execute("DROP TABLE test_wants")
        await conn.close()
        await db.dispose()


async def _has(names: Callable[[], Awaitable[list[str]]], name: str) -> bool:
    return name in await names()


def test_a_handler_that_takes_anything_gets_everything() -> None:
    routes: EventRoutes[Callable[..., Awaitable[None]]] = EventRoutes()

    @routes.on(EventType.HOUSEHOLDS_VILLAGE_REGISTERED)
    async def village(session: AsyncSession, v: Any, env: EventEnvelope) -> None: ...

    async def anything(session: AsyncSession, msg: Any) -> None: ...

    db: Any = None
    declared = InboxConsumer(
        db=db,
        bootstrap="x",
        name="t",
        topics=["t"],
        handler=routes.consumer(),
        batch_handler=routes.batch_consumer(),
    )
    assert declared.wants == {b"households.village.registered"}
    mixed = InboxConsumer(
        db=db, bootstrap="x", name="t", topics=["t"], handler=anything, batch_handler=routes.batch_consumer()
    )
    assert mixed.wants is None  # one handler that does not declare: every record is decoded
    raw = InboxConsumer(
        db=db, bootstrap="x", name="t", topics=["t"], handler=routes.consumer(), envelopes=False
    )
    assert raw.wants is None
