"""The next poll of a consumer, fetched and decoded while the one before it is written.

A consumer that fetches, decodes, writes and commits one poll after the other leaves the database idle
while it decodes and itself idle while the database writes: the reports consumer used about 55 % of a
core catching up on a province's push, waiting on its own round trips
(bench/results/profile-reports-province.txt). With the next poll taken during the writes, the two
overlap.

Taking a poll moves the consumer's position past its records. A poll taken but not handled (the
group rebalanced, the broker's log was lost, the consumer is stopping) is therefore discarded by
seeking each of its partitions back to its first record, so nothing is skipped; decoding does nothing
else (a poison record is dead-lettered only when its poll is handled).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer

Decoded = dict[Any, list[tuple[Any, Any]]]


class Prefetch:
    """At most one poll in flight beside the consumer's handling of the one before it."""

    def __init__(self, decode: Callable[[list[Any]], list[tuple[Any, Any]]], max_records: int) -> None:
        self.decode = decode
        self.max_records = max_records
        self._task: asyncio.Task[tuple[dict[Any, list[Any]], Decoded]] | None = None
        self._epoch = 0

    def start(self, consumer: AIOKafkaConsumer, epoch: int) -> None:
        """Take the next poll in the background; `epoch` is the group's rebalance count now."""
        assert self._task is None, "one poll in flight at a time"
        self._epoch = epoch
        self._task = asyncio.create_task(self._poll(consumer))

    async def _poll(self, consumer: AIOKafkaConsumer) -> tuple[dict[Any, list[Any]], Decoded]:
        batches = await consumer.getmany(timeout_ms=200, max_records=self.max_records)
        return batches, {tp: self.decode(records) for tp, records in batches.items()}

    async def take(self) -> tuple[int, dict[Any, list[Any]], Decoded] | None:
        """The poll taken in the background, with the rebalance count from before it was taken; None when
        none is in flight. A failure in taking it is raised here."""
        task, self._task = self._task, None
        if task is None:
            return None
        batches, decoded = await task
        return self._epoch, batches, decoded

    async def discard(self, consumer: AIOKafkaConsumer | None) -> None:
        """Drop the poll in flight; what it had taken is read again (positions go back to its first
        records). Without a consumer (it is being closed), only stop taking it."""
        task, self._task = self._task, None
        if task is None:
            return
        if not task.done():
            task.cancel()
        await asyncio.wait([task])  # not `await task`: a cancellation of the caller itself must propagate
        if task.cancelled() or task.exception() is not None or consumer is None:
            return
        batches, _ = task.result()
        assigned = consumer.assignment()
        for tp, records in batches.items():
            if records and tp in assigned:
                with contextlib.suppress(Exception):  # a partition revoked meanwhile: its owner reads it
                    consumer.seek(tp, records[0].offset)
