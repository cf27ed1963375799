"""A record a consumer cannot handle, sent to its topic's dead-letter topic with why and where from."""

from __future__ import annotations

from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from prometheus_client import Counter

from services.common.events.topics import dlq
from services.common.redact import safe_error

log = structlog.get_logger()
DLQ_SENT = Counter("rw_dlq_messages", "Messages sent to a dead-letter topic", ["consumer", "topic"])


async def dead_letter(
    producer: AIOKafkaProducer, consumer: str, record: Any, exc: BaseException, *, attempts: int
) -> None:
    """`record` on `<topic>.dlq` as it came (value, key, headers), with the error, its type, the origin
    topic, partition and offset, the consumer and the attempts made in `dlq.*` headers."""
    headers = [
        *(record.headers or []),
        ("dlq.error", safe_error(exc).encode()),
        ("dlq.error_type", type(exc).__name__.encode()),
        ("dlq.origin_topic", record.topic.encode()),
        ("dlq.origin_partition", str(record.partition).encode()),
        ("dlq.origin_offset", str(record.offset).encode()),
        ("dlq.consumer", consumer.encode()),
        ("dlq.attempts", str(attempts).encode()),
    ]
    fut = await producer.send(dlq(record.topic), value=record.value, key=record.key, headers=headers)
    await fut
    DLQ_SENT.labels(consumer, record.topic).inc()
    log.error(
        "dead_lettered",
        consumer=consumer,
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        error=safe_error(exc),
    )
