"""A broker that loses its log (tansu restarted; Kafka after an unclean election) and is refilled by the
outboxes' resend: a running consumer must read the new log from its start, not from its old offset."""

from __future__ import annotations

import asyncio
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from services.common.db import Database
from services.common.events.topics import Topic
from services.common.inbox import InboxConsumer, Message
from services.common.kafka import make_producer
from services.common.logwatch import LogWatch
from services.launcher.devstack import Broker
from services.launcher.freeport import free_port
from tests.conftest import wait_for


async def _produce(bootstrap: str, ids: list[str]) -> None:
    producer = make_producer(bootstrap, client_id="test-log-lost")
    await producer.start()
    try:
        for i, event_id in enumerate(ids):
            await producer.send(
                Topic.ALERTS.value,
                value=f"payload {event_id}".encode(),
                key=f"k{i % 7}".encode(),
                headers=[("event_id", event_id.encode())],
            )
        await producer.flush()
    finally:
        await producer.stop()


async def test_a_running_consumer_reads_a_lost_and_refilled_log_from_its_start(clean_alerts: str) -> None:
    broker = Broker(port=free_port())
    workdir = Path(tempfile.mkdtemp(prefix="rw-log-lost-"))
    await asyncio.to_thread(broker.start, workdir)
    db = Database(clean_alerts)
    seen: list[str] = []

    async def handler(session: Any, msg: Message) -> None:
        seen.append(msg.message_id)

    consumer = InboxConsumer(
        db=db,
        bootstrap=broker.bootstrap,
        name=f"test.log-lost.{uuid.uuid4().hex[:8]}",
        topics=[Topic.ALERTS.value],
        handler=handler,
        envelopes=False,
        log_check_interval=0.3,
    )
    before = [f"before-{i}-{uuid.uuid4().hex[:6]}" for i in range(120)]
    after = [f"after-{i}-{uuid.uuid4().hex[:6]}" for i in range(200)]
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await _produce(broker.bootstrap, before)

        async def read_before() -> bool:
            return set(before) <= set(seen)

        await wait_for(read_before, timeout=60)
        await asyncio.sleep(1.0)  # two checks: the anchors are now records of the first log
        # Restarted while this process is not looking (the event loop blocked, as under CPU starvation
        # or a paused VM): its consumer sees no failed heartbeat, keeps its member id and position, and
        # the new broker takes both without a word.
        broker.stop()
        time.sleep(0.5)  # noqa: ASYNC251 - blocking the loop is the point
        broker.start(workdir)
        # the new log is refilled past every old offset before the consumer is back
        await _produce(broker.bootstrap, after)

        async def read_after() -> bool:
            return set(after) <= set(seen)

        try:
            await wait_for(read_after, timeout=60)
        except Exception:
            missing = sorted(set(after) - set(seen))
            raise AssertionError(
                f"{len(missing)} of {len(after)} records of the new log never handled"
            ) from None
    finally:
        stop.set()
        await task
        await asyncio.to_thread(broker.stop)
        await db.dispose()
    assert sorted(seen) == sorted(before + after)  # each handled once: the rewind re-read nothing twice


async def _read_all(bootstrap: str, tp: TopicPartition, count: int) -> list[Any]:
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest")
    await reader.start()
    try:
        reader.assign([tp])
        await reader.seek_to_beginning(tp)
        records: list[Any] = []
        while len(records) < count:
            records += (await reader.getmany(tp, timeout_ms=2_000)).get(tp, [])
        return records
    finally:
        await reader.stop()


async def test_the_log_watch_tells_a_kept_log_from_a_rewritten_or_truncated_one() -> None:
    broker = Broker(port=free_port())
    workdir = Path(tempfile.mkdtemp(prefix="rw-log-watch-"))
    await asyncio.to_thread(broker.start, workdir)
    tp = TopicPartition(Topic.ALERTS.value, 0)
    other = TopicPartition(Topic.ALERTS.value, 1)  # checked in the same round (a probe per partition)
    both = {tp, other}
    watch = LogWatch(bootstrap=broker.bootstrap, name="test-log-watch", interval=0.0)

    async def produce(ids: list[str]) -> None:
        producer = make_producer(broker.bootstrap, client_id="test-log-watch")
        await producer.start()
        try:
            for event_id in ids:
                for p in both:
                    await producer.send(p.topic, value=event_id.encode(), key=b"k", partition=p.partition)
            await producer.flush()
        finally:
            await producer.stop()

    async def handle_all(count: int) -> None:
        for p in both:
            for record in await _read_all(broker.bootstrap, p, count):
                watch.handled(p, record.offset, record.value, record.key)

    try:
        await produce([f"a{i}" for i in range(50)])
        await handle_all(50)
        assert await watch.stale(both) == set()  # the first check sets the anchors
        assert watch.anchors[tp].offset == 49 and watch.anchors[other].offset == 49
        await produce([f"b{i}" for i in range(20)])  # the log grows: still the same log
        assert await watch.stale(both) == set()
        assert watch.anchors[other].offset == 49  # checked, and kept (nothing newer was handled)

        # lost and refilled past the anchor with other records: rewritten
        await asyncio.to_thread(broker.stop)
        await asyncio.to_thread(broker.start, workdir)
        await produce([f"c{i}" for i in range(80)])
        assert await watch.stale(both) == both
        assert tp not in watch.anchors  # read again from the start; a new anchor comes after

        await handle_all(80)
        assert await watch.stale({tp}) == set()
        assert watch.anchors[tp].offset == 79
        # lost and refilled short of the anchor: truncated
        await asyncio.to_thread(broker.stop)
        await asyncio.to_thread(broker.start, workdir)
        await produce([f"d{i}" for i in range(10)])
        assert await watch.stale({tp}) == {tp}

        # the broker away: nothing is called stale, and the check comes again
        await handle_all(10)
        assert await watch.stale({tp}) == set()
        await asyncio.to_thread(broker.stop)
        assert await watch.stale({tp}) == set()
        assert watch.anchors[tp].offset == 9
    finally:
        await watch.close()
        await asyncio.to_thread(broker.stop)
