"""Outbox relay and inbox consumer on the real PostgreSQL and broker."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import orjson
import sqlalchemy

from services.common.db import Database
from services.common.events.envelope import new_event
from services.common.events.topics import Topic, dlq
from services.common.inbox import InboxConsumer, Message
from services.common.kafka import ensure_topics
from services.common.outbox import add_events
from services.common.relay import OutboxRelay
from tests.conftest import village_event, wait_for


async def test_relay_publishes_each_event_with_key_and_headers(
    stack: Any, clean_alerts: str, kafka_reader: Any
) -> None:
    db = Database(clean_alerts)
    relay = OutboxRelay(db, stack.kafka_bootstrap, service="test")
    marker = str(uuid.uuid4())
    envelopes = [
        new_event(
            event_type="households.village.registered",
            source="test",
            aggregate_type="village",
            aggregate_id=f"{marker}-{i % 3}",
            actor={"sub": "t"},
            data={"code": "430981101299", "name": marker, "kind": "village"},
        )
        for i in range(30)
    ]
    async with db.transaction() as s:
        await add_events(s, envelopes[:10])
    async with db.transaction() as s:
        await add_events(s, envelopes[10:])
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        records = await kafka_reader.read(
            Topic.HOUSEHOLDS.value, until=lambda rs: sum(marker.encode() in r.value for r in rs) >= 30
        )
    finally:
        stop.set()
        await task
    mine = [r for r in records if marker.encode() in r.value]
    assert len(mine) == 30
    assert {dict(r.headers)["event_id"].decode() for r in mine} == {str(e.event_id) for e in envelopes}
    assert all(r.key == orjson.loads(r.value)["aggregate_id"].encode() for r in mine)
    # per aggregate, the order of the outbox is the order on the topic
    for k in range(3):
        key = f"{marker}-{k}".encode()
        assert [dict(r.headers)["event_id"].decode() for r in mine if r.key == key] == [
            str(e.event_id) for e in envelopes if e.aggregate_id.encode() == key
        ]
    conn = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
    try:
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0
        # each event carries its aggregate's version (its outbox id) in the body and a header
        ids = dict(
            await conn.fetch("SELECT event_id, id FROM outbox WHERE payload LIKE $1", f"%{marker}%".encode())
        )
    finally:
        await conn.close()
    for r in mine:
        env = orjson.loads(r.value)
        assert env["aggregate_version"] == ids[env["event_id"]] == int(dict(r.headers)["aggregate_version"])
    for k in range(3):
        versions = [
            orjson.loads(r.value)["aggregate_version"] for r in mine if r.key == f"{marker}-{k}".encode()
        ]
        assert versions == sorted(versions) and len(set(versions)) == len(versions)
    backlog, age = await relay.update_metrics()
    assert backlog == 0 and age == 0.0
    await db.dispose()


async def test_rolled_back_transaction_publishes_nothing(clean_alerts: str) -> None:
    db = Database(clean_alerts)
    env = new_event(
        event_type="households.village.registered",
        source="test",
        aggregate_type="village",
        aggregate_id="x",
        actor={"sub": "t"},
        data={"code": "430981101299", "name": "x", "kind": "village"},
    )
    try:
        async with db.transaction() as s:
            await add_events(s, [env])
            raise RuntimeError("the state change failed")
    except RuntimeError:
        pass
    conn = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
    try:
        assert await conn.fetchval("SELECT count(*) FROM outbox") == 0
    finally:
        await conn.close()
    await db.dispose()


async def test_inbox_redelivery_has_no_second_effect_and_failures_go_to_dlq(
    stack: Any, clean_alerts: str, kafka_publish: Any, kafka_reader: Any
) -> None:
    topic = f"test.inbox.{uuid.uuid4().hex[:8]}.v1"
    await ensure_topics(stack.kafka_bootstrap, [topic, dlq(topic)], partitions=1)
    db = Database(clean_alerts)
    attempts: dict[str, int] = {}
    conn = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
    await conn.execute("CREATE TABLE IF NOT EXISTS test_effects (id serial PRIMARY KEY, name text)")
    await conn.execute("TRUNCATE test_effects")

    async def effects() -> list[str]:
        return [r["name"] for r in await conn.fetch("SELECT name FROM test_effects ORDER BY id")]

    async def done() -> bool:
        return "after" in await effects()

    async def handler(session: Any, msg: Message) -> None:
        assert msg.envelope is not None
        name = msg.envelope.data["name"]
        attempts[name] = attempts.get(name, 0) + 1
        if name == "always-fails":
            raise RuntimeError("handler bug")
        await session.execute(sqlalchemy.text("INSERT INTO test_effects (name) VALUES (:n)"), {"n": name})

    consumer = InboxConsumer(
        db=db,
        bootstrap=stack.kafka_bootstrap,
        name=f"test.{topic}",
        topics=[topic],
        handler=handler,
        max_retries=3,
        retry_backoff=0.01,
    )

    def ev(name: str, code: str) -> Any:
        return village_event(code, name)

    first = ev("first", "430981101288")
    await kafka_publish(topic, first)
    await kafka_publish(topic, first)  # delivered twice
    await kafka_publish(topic, ev("always-fails", "430981101287"))
    await kafka_publish(topic, b"\x00garbage", key="g")
    await kafka_publish(topic, ev("after", "430981101286"))
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await wait_for(done, timeout=30)
    finally:
        stop.set()
        await task
    assert await effects() == ["first", "after"]  # the redelivered "first" had no second effect
    assert attempts["always-fails"] >= 3
    dead = await kafka_reader.read(dlq(topic), until=lambda rs: len(rs) >= 2)
    reasons = {dict(r.headers)["dlq.error_type"].decode(): dict(r.headers) for r in dead}
    assert set(reasons) == {"RuntimeError", "PoisonMessage"}
    assert reasons["RuntimeError"]["dlq.attempts"] == b"3"
    assert reasons["RuntimeError"]["dlq.origin_topic"] == topic.encode()
    try:
        assert await conn.fetchval("SELECT count(*) FROM inbox WHERE consumer = $1", f"test.{topic}") == 2
    finally:
        await conn.execute("DROP TABLE test_effects")
        await conn.close()
    await db.dispose()


async def test_two_relays_on_one_database_keep_every_aggregates_order(
    stack: Any, clean_alerts: str, kafka_reader: Any
) -> None:
    """Issue 12, hole 1: with two replicas, each relay took its own id range (SKIP LOCKED) and sent
    it concurrently, so an aggregate's later event could land first. A backlog of many relay batches
    is published by two relays at once; on the topic every aggregate's events are in outbox order."""
    db = Database(clean_alerts)
    marker = str(uuid.uuid4())
    keys, per_key = 40, 30
    envelopes = [
        new_event(
            event_type="households.village.registered",
            source="households",
            aggregate_type="village",
            aggregate_id=f"{marker}-{i % keys}",
            actor={"sub": "t"},
            data={"code": "430981101299", "name": f"{marker}#{i}", "kind": "village"},
        )
        for i in range(keys * per_key)
    ]
    for start in range(0, len(envelopes), 100):  # many commits, all before the relays start: a backlog
        async with db.transaction() as s:
            await add_events(s, envelopes[start : start + 100])
    relays = [OutboxRelay(db, stack.kafka_bootstrap, service=f"test-{n}", batch_size=10) for n in range(3)]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(r.run(stop)) for r in relays]
    try:
        records = await kafka_reader.read(
            Topic.HOUSEHOLDS.value,
            until=lambda rs: len({r.value for r in rs if marker.encode() in r.value}) >= len(envelopes),
            timeout=60,
        )
    finally:
        stop.set()
        await asyncio.gather(*tasks)
    mine = [orjson.loads(r.value) for r in records if marker.encode() in r.value]
    seen = {e["event_id"] for e in mine}
    assert seen == {str(e.event_id) for e in envelopes}
    violations = 0
    for k in range(keys):
        order = [int(e["data"]["name"].split("#")[1]) for e in mine if e["aggregate_id"] == f"{marker}-{k}"]
        first_seen = list(dict.fromkeys(order))  # a republished duplicate is harmless; order is what counts
        violations += first_seen != sorted(first_seen)
    assert violations == 0, f"{violations} aggregates out of order"
    await db.dispose()


async def test_a_relay_publishes_nothing_while_another_replica_holds_the_relay_lock(
    stack: Any, clean_alerts: str
) -> None:
    """The mechanism behind the order guarantee, deterministically: while another replica is inside a
    relay round (it holds the database's relay lock), this relay sends nothing and leaves every row
    unsent; when that round ends (commit or a dead connection), this relay takes the next one."""
    from services.common.relay import RELAY_LOCK_KEY

    db = Database(clean_alerts)
    env = new_event(
        event_type="households.village.registered",
        source="households",
        aggregate_type="village",
        aggregate_id=str(uuid.uuid4()),
        actor={"sub": "t"},
        data={"code": "430981101299", "name": "x", "kind": "village"},
    )
    async with db.transaction() as s:
        await add_events(s, [env])
    relay = OutboxRelay(db, stack.kafka_bootstrap, service="test-follower")
    other = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
    try:
        tx = other.transaction()
        await tx.start()
        await other.execute("SELECT pg_advisory_xact_lock($1)", RELAY_LOCK_KEY)  # another replica's round
        assert await relay.publish_batch() == 0
        assert await other.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 1
        await other.close()  # that replica dies mid-round: its lock goes with its connection
        assert await relay.publish_batch() == 1
    finally:
        if not other.is_closed():
            await other.close()
        await relay._drop_producer()
        await db.dispose()


async def test_an_unsendable_row_is_set_aside_and_the_rest_flow(
    stack: Any, clean_alerts: str, kafka_reader: Any
) -> None:
    """Issue 12, hole 4: one record larger than the broker accepts failed the whole batch, and the
    relay retried it for ever, so nothing behind it was published. Now it is set aside (failed state,
    reason, metric), the rows around it are published, and an operator can list, retry or drop it."""
    from services.common.outbox_admin import drop_set_aside, retry_set_aside, set_aside_rows

    db = Database(clean_alerts)
    marker = str(uuid.uuid4())

    def env(i: int, name: str) -> Any:
        return new_event(
            event_type="households.village.registered",
            source="households",
            aggregate_type="village",
            aggregate_id=f"{marker}-{i}",
            actor={"sub": "t"},
            data={"code": "430981101299", "name": name, "kind": "village"},
        )

    events = [env(0, f"{marker}-before"), env(1, marker + "x" * 1_200_000), env(2, f"{marker}-after")]
    async with db.transaction() as s:
        await add_events(s, events)
    relay = OutboxRelay(db, stack.kafka_bootstrap, service="test-set-aside")
    try:
        assert await relay.publish_batch() == 3
        assert await relay.publish_batch() == 0  # the big one is not tried again and again
        records = await kafka_reader.read(
            Topic.HOUSEHOLDS.value,
            until=lambda rs: sum(marker.encode() in r.value and len(r.value) < 10_000 for r in rs) >= 2,
        )
        published = {dict(r.headers)["event_id"].decode() for r in records if marker.encode() in r.value}
        assert published == {str(events[0].event_id), str(events[2].event_id)}
        aside = await set_aside_rows(db)
        assert [r["event_id"] for r in aside] == [str(events[1].event_id)]
        assert "MessageSizeTooLarge" in aside[0]["failure"] and aside[0]["bytes"] > 1_200_000
        backlog, _ = await relay.update_metrics()
        assert backlog == 0
        from prometheus_client import REGISTRY

        assert REGISTRY.get_sample_value("rw_outbox_failed", {"service": "test-set-aside"}) == 1
        # the operator retries it (e.g. after raising the broker's limit): it is tried again
        assert await retry_set_aside(db, None) == 1
        assert await relay.publish_batch() == 1
        assert len(await set_aside_rows(db)) == 1  # still too large here: set aside again
        dropped = await drop_set_aside(db, [aside[0]["id"]])
        assert [d["event_id"] for d in dropped] == [str(events[1].event_id)]
        assert await set_aside_rows(db) == []
    finally:
        await relay._drop_producer()
        await db.dispose()


async def test_one_poll_of_many_partitions_is_one_transaction_and_a_bad_message_is_isolated(
    stack: Any, clean_alerts: str, kafka_publish: Any, kafka_reader: Any
) -> None:
    """What one poll returns from several partitions is applied in one transaction; when one message
    in it fails, the poll falls back to partition by partition and then one by one: every good
    message has its effect once, in its partition's order, and each bad one is dead-lettered once."""
    topic = f"test.inbox.poll.{uuid.uuid4().hex[:8]}.v1"
    await ensure_topics(stack.kafka_bootstrap, [topic, dlq(topic)], partitions=3)
    db = Database(clean_alerts)
    conn = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
    table = f"test_poll_{uuid.uuid4().hex[:8]}"
    await conn.execute(f"CREATE TABLE {table} (id serial PRIMARY KEY, code text, n int)")
    batches: list[list[int]] = []  # the partitions of each batch the handler was given

    async def write(session: Any, messages: list[Message]) -> None:
        for msg in messages:
            assert msg.envelope is not None
            if msg.envelope.data["name"] == "fails":
                raise RuntimeError("handler bug")
            await session.execute(
                sqlalchemy.text(f"INSERT INTO {table} (code, n) VALUES (:c, :n)"),
                {"c": msg.envelope.aggregate_id, "n": int(msg.envelope.data["name"])},
            )

    async def handler(session: Any, msg: Message) -> None:
        await write(session, [msg])

    async def batch_handler(session: Any, messages: list[Message]) -> None:
        batches.append(sorted({m.partition for m in messages}))
        await write(session, messages)

    consumer = InboxConsumer(
        db=db,
        bootstrap=stack.kafka_bootstrap,
        name=f"test.{topic}",
        topics=[topic],
        handler=handler,
        batch_handler=batch_handler,
        max_retries=2,
        retry_backoff=0.01,
    )

    ev = village_event

    codes = [f"4309811012{i:02d}" for i in range(12)]  # twelve keys: spread over the three partitions
    for n in range(5):
        for code in codes:
            await kafka_publish(topic, ev(code, str(n)))
    # one poll of clean messages first, so the many-partition path runs once without a failure
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))

    async def all_clean() -> bool:
        return await conn.fetchval(f"SELECT count(*) FROM {table}") == 60

    try:
        await wait_for(all_clean, timeout=30)
        clean_batches = list(batches)
        await kafka_publish(topic, ev(codes[0], "fails"))
        await kafka_publish(topic, b"\x00garbage", key=codes[1])
        for code in codes:
            await kafka_publish(topic, ev(code, "5"))

        async def all_after() -> bool:
            return await conn.fetchval(f"SELECT count(*) FROM {table}") == 72

        await wait_for(all_after, timeout=30)
        dead = await kafka_reader.read(dlq(topic), until=lambda rs: len(rs) >= 2)
        await asyncio.sleep(1)  # a second dead letter of either would be in by now
        dead = await kafka_reader.read(dlq(topic), until=lambda rs: len(rs) >= 2)
    finally:
        stop.set()
        await task
    try:
        assert any(len(parts) > 1 for parts in clean_batches), (
            clean_batches
        )  # one transaction, many partitions
        rows = await conn.fetch(f"SELECT code, n FROM {table} ORDER BY id")
        assert len(rows) == 72  # each good message once, none lost
        for code in codes:
            assert [r["n"] for r in rows if r["code"] == code] == [0, 1, 2, 3, 4, 5]  # in its order
        kinds = sorted(dict(r.headers)["dlq.error_type"].decode() for r in dead)
        assert kinds == ["PoisonMessage", "RuntimeError"], kinds  # each bad message dead-lettered once
    finally:
        await conn.execute(f"DROP TABLE {table}")
        await conn.close()
    await db.dispose()
