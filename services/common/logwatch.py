"""Notice when the broker's log is no longer the log a consumer read, and say where to read again.

A consumer's position is an offset into one particular log. When the broker loses its log (tansu's
memory storage on a restart; on Apache Kafka, an unclean leader election) and the outboxes resend, the
new log holds different records at the same offsets, and a consumer that carries on from its old
position skips everything below it, silently: aiokafka does not rejoin the group, and the broker
accepts the old offsets. So each consumer keeps, per partition, an *anchor*: the offset and a digest
of a record it handled before the last check. Every `interval` seconds it reads the record at that
offset again through a separate, group-less client:

- the anchor's offset is out of range (past the end): the log was truncated;
- the record there has another digest: the log was rewritten;

and either way the partition is read again from its beginning (the inbox skips what was handled).
A partition whose log start moved past the anchor was only trimmed by retention: nothing to do.
The anchor moves to the newest handled record only after a check that found the old one intact, so a
record handled from a new log at a stale position never vouches for itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from dataclasses import dataclass
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import OffsetOutOfRangeError
from prometheus_client import Counter

from services.common.kafka import security_kwargs, stop_quietly
from services.common.redact import safe_error

log = structlog.get_logger(__name__)

REWOUND = Counter(
    "rw_consumer_log_rewound",
    "Partitions read again from the start after the broker lost its log",
    ["consumer", "topic"],
)


class Rebalances(ConsumerRebalanceListener):  # type: ignore[misc]
    """Counts the rebalances, so that a batch fetched before one is not committed after it."""

    def __init__(self) -> None:
        self.epoch = 0

    async def on_partitions_revoked(self, revoked: Any) -> None:
        self.epoch += 1

    async def on_partitions_assigned(self, assigned: Any) -> None:
        self.epoch += 1


async def resume_from_committed(consumer: AIOKafkaConsumer, name: str) -> None:
    """The group rebalanced while a batch was fetched or handled. Its offset is not committed (a broker
    that lost its state takes any offset, and one from the old log would make the new log's first
    records be skipped), and every partition goes back to the group's committed offset, as after any
    rebalance: the records of this round come again, and the inbox skips the handled."""
    log.info("consumer_commit_skipped_after_rebalance", consumer=name)
    for tp in consumer.assignment():
        committed = await consumer.committed(tp)
        if committed is None:
            await consumer.seek_to_beginning(tp)
        else:
            consumer.seek(tp, committed)


@dataclass(frozen=True)
class Anchor:
    offset: int
    digest: bytes


def digest(value: bytes | None, key: bytes | None) -> bytes:
    h = hashlib.blake2b(digest_size=12)
    h.update(key or b"\x00")
    h.update(b"\x1f")
    h.update(value or b"")
    return h.digest()


class LogWatch:
    """Anchors per partition and the check that compares them with the broker's log."""

    def __init__(self, *, bootstrap: str, name: str, interval: float = 5.0) -> None:
        self.bootstrap = bootstrap
        self.name = name
        self.interval = interval
        self.anchors: dict[TopicPartition, Anchor] = {}
        self.latest: dict[TopicPartition, Anchor] = {}
        self._probe: AIOKafkaConsumer | None = None
        self._next = time.monotonic() + interval
        self._task: asyncio.Task[set[TopicPartition]] | None = None

    def handled(self, tp: TopicPartition, offset: int, value: bytes | None, key: bytes | None) -> None:
        """Note the newest record handled on `tp` (it becomes the anchor after the next good check)."""
        self.latest[tp] = Anchor(offset, digest(value, key))

    def due(self) -> bool:
        return time.monotonic() >= self._next

    @property
    def answered(self) -> bool:
        """A check has ended and `rewind_if_lost` will act on its answer (it may seek)."""
        return self._task is not None and self._task.done()

    async def rewind_if_lost(self, consumer: AIOKafkaConsumer) -> None:
        """Read again from the start every partition of `consumer` whose log the broker lost.

        The check runs as its own task beside the consumption (a slow or absent broker never holds the
        consumer's loop up); its answer is acted on here, between two fetches."""
        task = self._task
        if task is None:
            if self.due():
                self._task = asyncio.create_task(self.stale(set(consumer.assignment())))
            return
        if not task.done():
            return
        self._task = None
        stale = task.result() & set(consumer.assignment())
        if stale:
            await consumer.seek_to_beginning(*stale)

    async def stale(self, assigned: set[TopicPartition]) -> set[TopicPartition]:
        """The assigned partitions whose log is not the one their anchor was read from.

        Partitions it could not check (broker away) keep their anchors for the next round. The anchors
        move to the records handled before this check began, never to one handled during it."""
        self._next = time.monotonic() + self.interval
        handled_before = dict(self.latest)
        checked: set[TopicPartition] = set()
        stale: set[TopicPartition] = set()
        try:
            stale, checked = await asyncio.wait_for(self._check(assigned), timeout=max(self.interval, 10.0))
        except Exception as exc:
            log.info("consumer_log_check_skipped", consumer=self.name, error=safe_error(exc))
            await self.close()
        for tp in checked - stale:
            if tp in handled_before:
                self.anchors[tp] = handled_before[tp]
        for tp in stale:
            self.anchors.pop(tp, None)
            self.latest.pop(tp, None)
            REWOUND.labels(self.name, tp.topic).inc()
        if stale:
            log.warning(
                "consumer_log_rewritten",
                consumer=self.name,
                partitions=sorted(f"{tp.topic}:{tp.partition}" for tp in stale),
                action="reading these partitions again from the beginning; the inbox skips what was handled",
            )
        return stale

    async def _check(self, assigned: set[TopicPartition]) -> tuple[set[TopicPartition], set[TopicPartition]]:
        anchored = {tp: a for tp, a in self.anchors.items() if tp in assigned}
        unanchored = {tp for tp in assigned if tp not in anchored}
        if not anchored:
            return set(), unanchored
        probe = await self._client()
        starts = await probe.beginning_offsets(list(anchored))
        stale: set[TopicPartition] = set()
        for tp, anchor in anchored.items():
            # Not `end_offsets`: tansu answers "latest" with the last batch's base offset + 1. The high
            # watermark of a fetch at the anchor is right on both brokers.
            if starts[tp] <= anchor.offset and not await self._same_record(probe, tp, anchor):
                stale.add(tp)
        return stale, set(anchored) | unanchored

    async def _same_record(self, probe: AIOKafkaConsumer, tp: TopicPartition, anchor: Anchor) -> bool:
        # one partition at a time: with several assigned, the fetcher waits on the ones with no position
        probe.assign([tp])
        probe.seek(tp, anchor.offset)
        try:
            batches = await probe.getmany(tp, timeout_ms=2_000, max_records=1)
        except OffsetOutOfRangeError:
            return False  # the log now ends before the anchor: truncated
        records = batches.get(tp) or []
        if not records:
            end = probe.highwater(tp)  # from this fetch (the assignment is new each time)
            if end is not None and end <= anchor.offset:
                return False  # the log now ends before the anchor: truncated
            raise TimeoutError(f"no answer for {tp.topic}:{tp.partition} at {anchor.offset}")
        if records[0].offset != anchor.offset:
            return True  # a gap (a control record, compaction): nothing says the log changed
        return digest(records[0].value, records[0].key) == anchor.digest

    async def _client(self) -> AIOKafkaConsumer:
        if self._probe is None:
            probe = AIOKafkaConsumer(
                bootstrap_servers=self.bootstrap,
                group_id=None,
                client_id=f"{self.name}-logwatch",
                enable_auto_commit=False,
                auto_offset_reset="none",
                request_timeout_ms=5_000,
                **security_kwargs(),
            )
            await probe.start()
            self._probe = probe
        return self._probe

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        probe, self._probe = self._probe, None
        if probe is not None:
            problem = await stop_quietly(probe)
            if problem:
                log.info("consumer_log_check_close_failed", consumer=self.name, error=problem[:300])


__all__ = ["Anchor", "LogWatch", "Rebalances", "digest", "resume_from_committed"]
