"""A poll taken in the background and then discarded (a rebalance, a lost log, a stop) is read again:
taking it moved the consumer's position past its records, and discarding it must move it back, or those
records would be skipped for good. On the real broker."""

from __future__ import annotations

import uuid
from typing import Any

from services.common.kafka import ensure_topics, make_consumer, make_producer
from services.common.prefetch import Prefetch
from tests.conftest import wait_for


def _values(batches: dict[Any, list[Any]]) -> list[bytes]:
    return sorted(r.value for records in batches.values() for r in records)


async def test_a_discarded_poll_is_read_again_and_a_taken_one_is_not(stack: Any) -> None:
    topic = f"test.prefetch.{uuid.uuid4().hex[:8]}.v1"
    await ensure_topics(stack.kafka_bootstrap, [topic], partitions=3)
    producer = make_producer(stack.kafka_bootstrap, client_id="test-prefetch")
    await producer.start()
    sent = [f"r{i:03d}".encode() for i in range(60)]
    try:
        for i, value in enumerate(sent):
            await producer.send(topic, value, key=f"k{i % 9}".encode())
        await producer.flush()
    finally:
        await producer.stop()
    consumer = make_consumer(stack.kafka_bootstrap, topic, group_id=f"test.prefetch.{uuid.uuid4().hex[:8]}")
    await consumer.start()
    try:
        decoded_calls: list[int] = []

        def decode(records: list[Any]) -> list[tuple[Any, Any]]:
            decoded_calls.append(len(records))
            return [(r, r.value) for r in records]

        prefetch = Prefetch(decode, max_records=10)
        first: dict[Any, list[Any]] = {}

        async def some() -> bool:
            prefetch.start(consumer, 0)
            taken = await prefetch.take()
            assert taken is not None
            first.update(taken[1])
            return bool(first)

        await wait_for(some, timeout=30)  # the group joined and the first records came
        assert sum(decoded_calls) == sum(len(rs) for rs in first.values())  # decoded with the poll

        # taken in the background and discarded: the same records come again
        assert len(_values(first)) <= 10
        prefetch.start(consumer, 0)
        await wait_for(lambda: _done(prefetch), timeout=10)
        assert prefetch._task is not None
        dropped = _values(prefetch._task.result()[0])
        assert dropped, "the discarded poll took records"
        await prefetch.discard(consumer)
        again: dict[Any, list[Any]] = {}

        async def all_again() -> bool:
            batches = await consumer.getmany(timeout_ms=200, max_records=1000)
            for tp, records in batches.items():
                again.setdefault(tp, []).extend(records)
            return len(_values(again)) >= len(sent) - len(_values(first))

        await wait_for(all_again, timeout=30)
        assert sorted(_values(first) + _values(again)) == sorted(sent)  # nothing skipped, nothing twice
        assert set(dropped) <= set(_values(again))

        # discarded while still waiting for records: nothing was taken, and what comes later is read
        prefetch.start(consumer, 0)
        await prefetch.discard(consumer)
        assert await prefetch.take() is None
        producer = make_producer(stack.kafka_bootstrap, client_id="test-prefetch-2")
        await producer.start()
        try:
            await producer.send_and_wait(topic, b"later", key=b"k0")
        finally:
            await producer.stop()
        later: list[bytes] = []

        async def got_later() -> bool:
            later.extend(_values(await consumer.getmany(timeout_ms=200)))
            return b"later" in later

        await wait_for(got_later, timeout=30)
        assert later == [b"later"]
    finally:
        await consumer.stop()


async def _done(prefetch: Prefetch) -> bool:
    return prefetch._task is not None and prefetch._task.done()
