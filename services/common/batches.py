"""A relay page as Kafka record batches, one per topic and partition, filled in id order.

Record by record (`producer.send`) cost twice the CPU and half the throughput of filling the batches
here (bench/results/profile-relay.txt). The partition is the producer's own choice for the key
(`_partitioner`, as `_partition` calls it: the default murmur2 partitioner), so an aggregate's events land where `send` put them and
per-key order holds across a rolling upgrade; the size check is the producer's own (`_serialize`), so a
record too large is refused before it leaves, as `send` refused it. aiokafka is pinned in
requirements.lock; test_inbox_outbox.py fails if these private hooks change.
"""

from __future__ import annotations

from typing import Any

from aiokafka import AIOKafkaProducer


class PageBatches:
    """Fills one batch per topic and partition; each row ends with its batch's delivery future, or the
    exception that kept it from being sent."""

    def __init__(self, producer: AIOKafkaProducer, rows: int) -> None:
        self.producer = producer
        self.pending: list[Any] = [None] * rows
        self._open: dict[tuple[str, int], tuple[Any, list[int]]] = {}
        self._partitions: dict[str, tuple[list[int], list[int]]] = {}

    async def add(
        self, row: int, topic: str, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> None:
        producer = self.producer
        try:
            if topic not in self._partitions:
                await producer.client._wait_on_metadata(topic)
                metadata = producer._metadata
                self._partitions[topic] = (
                    list(metadata.partitions_for_topic(topic)),
                    list(metadata.available_partitions_for_topic(topic)),
                )
            key, value = producer._serialize(key, value, headers)
            # what `_partition` computes, with the topic's partition lists read once a page (they were
            # rebuilt for every record: most of this method's time)
            partition = producer._partitioner(key, *self._partitions[topic])
        except Exception as exc:
            self.pending[row] = exc
            return
        slot = (topic, partition)
        if slot not in self._open:
            self._open[slot] = (producer.create_batch(), [])
        if self._open[slot][0].append(key=key, value=value, timestamp=None, headers=headers) is None:
            await self._ship(slot)  # full: it goes, and this record opens the next one
            self._open[slot] = (producer.create_batch(), [])
            self._open[slot][0].append(key=key, value=value, timestamp=None, headers=headers)
        self._open[slot][1].append(row)

    async def ship_all(self) -> list[Any]:
        for slot in list(self._open):
            await self._ship(slot)
        return self.pending

    async def _ship(self, slot: tuple[str, int]) -> None:
        builder, members = self._open.pop(slot)
        try:
            future: Any = await self.producer.send_batch(builder, slot[0], partition=slot[1])
        except Exception as exc:
            future = exc
        for m in members:
            self.pending[m] = future
