"""Idempotent inbox consumer: effect and `(consumer, event_id)` in one transaction, then the offset.

A message whose handler keeps failing goes, after bounded retries, to `<topic>.dlq` with the error and
its origin in headers, and the partition moves on. A database outage is not the message's fault: the
runner waits for the database and retries without dead-lettering.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from prometheus_client import Counter, Gauge
from sqlalchemy import Column, DateTime, Index, String, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field

from services.common import tracing
from services.common.db import Database, PlatformBase, is_transient_db_error
from services.common.deadletter import dead_letter
from services.common.events.envelope import EventEnvelope
from services.common.events.topics import TOPIC_OWNERS, dlq
from services.common.inbox_records import declared_event_types, record_many, record_once, wanted
from services.common.kafka import make_consumer, make_producer, stop_quietly, until_stopped, wait_for_topics
from services.common.logwatch import LogWatch, Rebalances, resume_from_committed
from services.common.prefetch import Decoded, Prefetch
from services.common.redact import safe_error

log = structlog.get_logger(__name__)

CONSUMED = Counter("rw_consumer_messages", "Messages handled", ["consumer", "result"])
CONSUMER_LAG = Gauge(
    "rw_consumer_lag", "Messages behind the partition end", ["consumer", "topic", "partition"]
)


class InboxEntry(PlatformBase, table=True):
    __tablename__ = "inbox"

    consumer: str = Field(sa_column=Column(String(200), primary_key=True))
    event_id: str = Field(sa_column=Column(String(200), primary_key=True))
    processed_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (Index("ix_inbox_processed_at", "processed_at"),)  # the retention purge walks it


class PoisonMessage(Exception):
    """The message can never be handled (undecodable, wrong shape); it goes to the DLQ at once."""


@dataclass
class Message:
    """A consumed record; `envelope` is set when the value is an event envelope."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, bytes] = field(default_factory=dict)
    envelope: EventEnvelope | None = None

    @property
    def message_id(self) -> str:
        if self.envelope is not None:
            return str(self.envelope.event_id)
        if "event_id" in self.headers:
            return self.headers["event_id"].decode(errors="replace")
        return f"{self.topic}:{self.partition}:{self.offset}"


Handler = Callable[[AsyncSession, Message], Awaitable[None]]
BatchHandler = Callable[[AsyncSession, list[Message]], Awaitable[None]]


_is_transient_db_error = is_transient_db_error
MAX_RECORDS = 500  # a poll; 2,000 made no difference to a province catch-up (108.0 against 102.3 s)


def _event_type(msg: Message) -> str | None:
    return msg.envelope.event_type if msg.envelope is not None else None


class InboxConsumer:
    """Runs one consumer group over some topics with an idempotent, transactional handler."""

    def __init__(
        self,
        *,
        db: Database,
        bootstrap: str,
        name: str,
        topics: list[str],
        handler: Handler,
        envelopes: bool = True,
        max_retries: int = 3,
        retry_backoff: float = 0.2,
        before: Callable[[AsyncSession], Awaitable[None]] | None = None,
        batch_handler: BatchHandler | None = None,
        log_check_interval: float = 5.0,
    ) -> None:
        """`before` runs first in every transaction, before the inbox is touched (e.g. to take a lock
        that a rebuild holds while it writes the same inbox rows). `batch_handler`, when given, takes a
        partition batch's fresh messages at once (in order); if it raises, the batch is handled one by
        one with `handler`, so a poison message still reaches the DLQ alone."""
        self.db = db
        self.bootstrap = bootstrap
        self.name = name
        self.topics = topics
        self.handler = handler
        self.envelopes = envelopes
        self.max_retries = max_retries
        self.retry_backoff = retry_backoff
        self.before = before
        self.batch_handler = batch_handler
        # records of other types are passed over undecoded and leave no inbox row: the households saga
        # acts on 1 alerts event type of the 2 events a provincial alert makes (bench/province.py)
        self.wants = declared_event_types(handler, batch_handler) if envelopes else None
        self.connected = False
        self._consumer: AIOKafkaConsumer | None = None
        self._dlq_producer: AIOKafkaProducer | None = None
        self._rebalances = Rebalances()
        self._watch = LogWatch(bootstrap=bootstrap, name=name, interval=log_check_interval)

    def _decode(self, record: Any) -> Message:
        msg = Message(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=record.key,
            value=record.value or b"",
            headers={k: v for k, v in (record.headers or [])},
        )
        if self.envelopes:
            try:
                msg.envelope = EventEnvelope.from_bytes(msg.value)
            except ValueError as exc:
                raise PoisonMessage(f"not an event envelope: {safe_error(exc)}") from exc
            owners = TOPIC_OWNERS.get(record.topic)
            if owners is not None and msg.envelope.source not in owners:
                raise PoisonMessage(
                    f"{msg.envelope.event_type} from {msg.envelope.source!r} on {record.topic}, "
                    f"which only {', '.join(sorted(owners))} may publish"
                )
        return msg

    async def handle_batches(self, batches: dict[Any, list[Any]], pre: Decoded | None = None) -> None:
        """Handle what one poll returned, every partition's records in one transaction; on any failure,
        partition by partition, and within a partition one by one (a bad message does not take its
        neighbours down with it).

        A transaction per partition cost a round of BEGIN, inbox, writes and COMMIT for each of the
        three partitions of each topic in a poll, while the reports read models caught up on a
        province's push (bench/results/profile-reports-province.txt). Records keep their partition's
        order: each partition's run follows the one before in the list the handler gets. `pre`: the
        records already decoded (prefetch.py).
        """
        if pre is None:
            pre = {tp: self._decode_pure(records) for tp, records in batches.items()}
        decoded = {tp: await self._dead_letter_poison(part) for tp, part in pre.items()}
        messages = [m for part in decoded.values() for _, m in part]
        if len(decoded) > 1 and len(messages) > 1:
            try:
                applied = await self._apply_batch(messages)
            except Exception as exc:
                log.info("consumer_poll_fallback", consumer=self.name, error=safe_error(exc))
            else:
                CONSUMED.labels(self.name, "ok").inc(applied)
                CONSUMED.labels(self.name, "duplicate").inc(len(messages) - applied)
                return
        for part in decoded.values():
            await self._handle_decoded(part)

    async def _handle_decoded(self, decoded: list[tuple[Any, Message]]) -> None:
        """One partition's records in one transaction; on any failure, one by one."""
        if len(decoded) == 1:
            CONSUMED.labels(self.name, await self.handle_record(decoded[0][0])).inc()
            return
        if not decoded:
            return
        try:
            applied = await self._apply_batch([m for _, m in decoded])
            CONSUMED.labels(self.name, "ok").inc(applied)
            CONSUMED.labels(self.name, "duplicate").inc(len(decoded) - applied)
            return
        except Exception as exc:
            log.info("consumer_batch_fallback", consumer=self.name, error=safe_error(exc))
        for record, _ in decoded:
            CONSUMED.labels(self.name, await self.handle_record(record)).inc()

    def _decode_pure(self, records: list[Any]) -> list[tuple[Any, Message | PoisonMessage]]:
        """Each record's message, or why it is poison (nothing is sent anywhere: see prefetch.py)."""
        out: list[tuple[Any, Message | PoisonMessage]] = []
        for record in records:
            if self.wants is not None and not wanted(record, self.wants):
                CONSUMED.labels(self.name, "passed_over").inc()
                continue
            try:
                out.append((record, self._decode(record)))
            except PoisonMessage as exc:
                out.append((record, exc))
        return out

    async def _dead_letter_poison(
        self, decoded: list[tuple[Any, Message | PoisonMessage]]
    ) -> list[tuple[Any, Message]]:
        """The decoded messages; each undecodable record goes to the DLQ at once."""
        good: list[tuple[Any, Message]] = []
        for record, msg in decoded:
            if isinstance(msg, PoisonMessage):
                await self._dead_letter(record, msg, attempts=0)
                CONSUMED.labels(self.name, "dlq").inc()
            else:
                good.append((record, msg))
        return good

    async def _apply_batch(self, messages: list[Message]) -> int:
        """The messages not seen before, applied in one transaction; returns how many."""
        async with self.db.transaction() as session:
            if self.before is not None:
                await self.before(session)
            ids = [m.message_id for m in messages]  # each worked out once (str of a UUID)
            fresh = await record_many(session, self.name, ids)
            todo: list[Message] = []
            for msg, message_id in zip(messages, ids, strict=True):
                if message_id in fresh:
                    fresh.discard(message_id)
                    todo.append(msg)
            if self.batch_handler is not None:
                with tracing.consume_spans(self.name, todo):
                    await self.batch_handler(session, todo)
            else:
                for msg in todo:
                    with tracing.consume_span(self.name, msg.topic, msg.headers, _event_type(msg)):
                        await self.handler(session, msg)
        return len(todo)

    async def handle_record(self, record: Any) -> str:
        """Handle one record to the end (effect, redelivery skip or DLQ); returns the result label."""
        try:
            msg = self._decode(record)
        except PoisonMessage as exc:
            await self._dead_letter(record, exc, attempts=0)
            return "dlq"
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self.db.transaction() as session:
                    if self.before is not None:
                        await self.before(session)
                    if not await record_once(session, self.name, msg.message_id):
                        return "duplicate"
                    with tracing.consume_span(self.name, msg.topic, msg.headers, _event_type(msg)):
                        await self.handler(session, msg)
                return "ok"
            except PoisonMessage as exc:
                await self._dead_letter(record, exc, attempts=attempt)
                return "dlq"
            except Exception as exc:
                if _is_transient_db_error(exc):
                    log.warning("consumer_db_unavailable", consumer=self.name, error=safe_error(exc))
                    await asyncio.sleep(min(self.retry_backoff * attempt, 5.0))
                    attempt = 0
                    continue
                if attempt >= self.max_retries:
                    log.error(
                        "consumer_giving_up",
                        consumer=self.name,
                        topic=msg.topic,
                        offset=msg.offset,
                        error=safe_error(exc),
                    )
                    await self._dead_letter(record, exc, attempts=attempt)
                    return "dlq"
                log.warning("consumer_retry", consumer=self.name, attempt=attempt, error=safe_error(exc))
                await asyncio.sleep(self.retry_backoff * attempt)

    async def _dead_letter(self, record: Any, exc: BaseException, *, attempts: int) -> None:
        if self._dlq_producer is None:
            self._dlq_producer = make_producer(self.bootstrap, client_id=f"{self.name}-dlq")
            await self._dlq_producer.start()
        await dead_letter(self._dlq_producer, self.name, record, exc, attempts=attempts)

    def _handled(self, batches: dict[Any, list[Any]]) -> None:
        assert self._consumer is not None
        for tp, records in batches.items():
            self._watch.handled(tp, records[-1].offset, records[-1].value, records[-1].key)
            with contextlib.suppress(Exception):
                end = self._consumer.highwater(tp)
                if end is not None:
                    CONSUMER_LAG.labels(self.name, tp.topic, str(tp.partition)).set(
                        max(end - (records[-1].offset + 1), 0)
                    )

    async def _start(self) -> AIOKafkaConsumer:
        await wait_for_topics(self.bootstrap, [*self.topics, *(dlq(t) for t in self.topics)])
        consumer = make_consumer(
            self.bootstrap, *self.topics, group_id=self.name, client_id=self.name, listener=self._rebalances
        )
        try:
            await consumer.start()
        except BaseException:
            # a start cut short (the service stopping, the broker away) leaves a join request in flight:
            # do not wait out its answer
            await stop_quietly(consumer, timeout=1.0)
            raise
        return consumer

    async def _close(self) -> None:
        consumer, self._consumer = self._consumer, None
        producer, self._dlq_producer = self._dlq_producer, None
        self.connected = False
        for closable in (consumer, producer):
            if closable is not None:
                await stop_quietly(closable)
        await self._watch.close()

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop` is set; reconnect with backoff while the broker is away."""
        backoff = 0.5
        prefetch = Prefetch(self._decode_pure, MAX_RECORDS)
        try:
            while not stop.is_set():
                try:
                    if self._consumer is None:
                        self._consumer = await until_stopped(self._start(), stop)
                        if self._consumer is None:
                            break  # stopped while joining the group
                        self.connected = True
                        backoff = 0.5
                    epoch = self._rebalances.epoch
                    taken = await prefetch.take()
                    if taken is None:
                        batches = await self._consumer.getmany(timeout_ms=200, max_records=MAX_RECORDS)
                        pre = None
                    else:
                        epoch, batches, pre = taken
                    if batches:
                        prefetch.start(self._consumer, self._rebalances.epoch)  # during these writes
                        await self.handle_batches(batches, pre)
                        if self._rebalances.epoch != epoch:
                            # partitions moved while these were handled: what was applied stays (the
                            # inbox dedupes its redelivery); positions go back to the committed offsets
                            await prefetch.discard(self._consumer)
                            await resume_from_committed(self._consumer, self.name)
                        else:
                            await self._consumer.commit({tp: rs[-1].offset + 1 for tp, rs in batches.items()})
                            self._handled(batches)
                    if self._watch.answered:  # it may seek: not with a poll in flight
                        await prefetch.discard(self._consumer)
                    await self._watch.rewind_if_lost(self._consumer)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.warning("consumer_error", consumer=self.name, error=safe_error(exc), retry_in=backoff)
                    await prefetch.discard(None)
                    await self._close()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), backoff)
                    backoff = min(backoff * 2, 5.0)
        finally:
            await prefetch.discard(None)
            await self._close()


__all__ = ["InboxConsumer", "InboxEntry", "Message", "PoisonMessage", "TopicPartition", "record_once"]
