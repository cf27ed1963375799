"""The outbox relay: takes batches in id order under a transaction-scoped advisory lock (one publisher
per database however many replicas run), produces them with `acks=all`, waits for every
acknowledgement and marks the rows sent in the same transaction, so a crash at any point republishes
rather than loses, and never reorders an aggregate. A row the broker refuses for good is set aside
for an operator (`ruralwatch outbox failed|retry|drop`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from prometheus_client import Counter, Gauge
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common import tracing
from services.common.db import Database
from services.common.events.envelope import stamp_version
from services.common.events.topics import Topic
from services.common.kafka import make_producer, stop_quietly, wait_for_topics
from services.common.outbox import NOTIFY_CHANNEL, relay_wakers
from services.common.redact import safe_error

log = structlog.get_logger(__name__)


OUTBOX_BACKLOG = Gauge("rw_outbox_backlog", "Outbox rows not yet published", ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "rw_outbox_oldest_age_seconds", "Age of the oldest unpublished outbox row", ["service"]
)
OUTBOX_PUBLISHED = Counter("rw_outbox_published", "Outbox rows published", ["service"])
OUTBOX_ERRORS = Counter("rw_outbox_publish_errors", "Failed relay rounds", ["service"])
OUTBOX_SET_ASIDE = Counter(
    "rw_outbox_set_aside", "Outbox rows set aside as unsendable (failed state)", ["service"]
)
OUTBOX_FAILED = Gauge("rw_outbox_failed", "Outbox rows set aside and waiting for an operator", ["service"])
# rounds a row refused for a non-retriable reason is tried before it is set aside; a record too large
# for the broker is set aside at once (no retry can shrink it)
MAX_ATTEMPTS = 3
RELAY_WAITS = Counter(
    "rw_outbox_relay_waits", "Relay rounds skipped because another replica was publishing", ["service"]
)
# pg_try_advisory_xact_lock key of the relay; advisory locks are per database, so one per service
RELAY_LOCK_KEY = 0x7277_6F75_7462_6F78 >> 1  # "rwoutbox", as a positive bigint


async def resend(db: Database, since: datetime) -> int:
    """Mark every event written since `since` unsent, so the relay publishes it again.

    For a broker that lost acknowledged messages (a restarted in-memory broker, an unclean leader
    election): consumers dedupe by event id, so resending more than was lost is harmless.
    """
    async with db.transaction() as session:
        result = await session.execute(
            text("UPDATE outbox SET sent_at = NULL WHERE created_at >= :since AND sent_at IS NOT NULL"),
            {"since": since},
        )
        await session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def _settle_all(pending: list[Any], timeout: float) -> list[BaseException | None]:
    """For each send, None when it was acknowledged, else its error (one refusal does not hide the
    others). Waits on the delivery futures themselves: a task per message (gather over coroutines) cost
    a third of the relay's throughput."""
    futures = [p for p in pending if not isinstance(p, BaseException)]
    if futures:
        _, late = await asyncio.wait(futures, timeout=timeout)
        if late:
            raise TimeoutError(f"{len(late)} of {len(futures)} sends not acknowledged in {timeout:.0f} s")
    out: list[BaseException | None] = []
    for p in pending:
        if isinstance(p, BaseException):
            out.append(p)
        elif p.cancelled():
            out.append(asyncio.CancelledError())
        else:
            out.append(p.exception())
    return out


def _too_large(exc: BaseException) -> bool:
    from aiokafka.errors import MessageSizeTooLargeError, RecordTooLargeError

    return isinstance(exc, MessageSizeTooLargeError | RecordTooLargeError)


def _retriable(exc: BaseException) -> bool:
    """True for what waiting can fix (the broker away, a timeout, a leader election)."""
    from aiokafka.errors import KafkaError

    if _too_large(exc):
        return False
    if isinstance(exc, KafkaError):
        return bool(getattr(exc, "retriable", False)) or type(exc).__name__ in (
            "KafkaConnectionError",
            "KafkaTimeoutError",
            "NodeNotReadyError",
            "RequestTimedOutError",
        )
    return isinstance(exc, ConnectionError | OSError | asyncio.TimeoutError)


async def set_aside_rows(db: Database) -> list[dict[str, Any]]:
    """The rows the relay set aside, oldest first (for `ruralwatch outbox failed`)."""
    async with db.session() as session:
        rows = await session.execute(
            text(
                "SELECT id, event_id, topic, event_type, key, attempts, failed_at, failure, length(payload) AS bytes "
                "FROM outbox WHERE failed_at IS NOT NULL AND sent_at IS NULL ORDER BY id"
            )
        )
        return [dict(r._mapping) for r in rows]


async def retry_set_aside(db: Database, ids: Sequence[int] | None) -> int:
    """Put set-aside rows (all, or `ids`) back in the queue; returns how many."""
    async with db.transaction() as session:
        where = "" if ids is None else " AND id = ANY(:ids)"
        result = await session.execute(
            text(
                "UPDATE outbox SET failed_at = NULL, attempts = 0 WHERE failed_at IS NOT NULL "
                f"AND sent_at IS NULL{where}"
            ),
            {"ids": list(ids or [])},
        )
        await session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def drop_set_aside(db: Database, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Delete set-aside rows for good (only rows that are set aside); returns what was dropped."""
    async with db.transaction() as session:
        rows = await session.execute(
            text(
                "DELETE FROM outbox WHERE failed_at IS NOT NULL AND sent_at IS NULL AND id = ANY(:ids) "
                "RETURNING id, event_id, event_type, key, failure"
            ),
            {"ids": list(ids)},
        )
        dropped = [dict(r._mapping) for r in rows]
    for d in dropped:
        log.warning("outbox_row_dropped", **{k: str(v) for k, v in d.items()})
    return dropped


class OutboxRelay:
    """Publishes unsent outbox rows in batches and marks them sent."""

    def __init__(
        self,
        db: Database,
        bootstrap: str,
        *,
        service: str,
        batch_size: int = 2000,
        idle_seconds: float = 0.5,
        linger_seconds: float = 0.02,
    ) -> None:
        self.db = db
        self.bootstrap = bootstrap
        self.service = service
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self.linger_seconds = linger_seconds
        self._producer: AIOKafkaProducer | None = None
        self._wake = asyncio.Event()
        self.connected = False

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            await wait_for_topics(self.bootstrap, [t.value for t in Topic])
            producer = make_producer(self.bootstrap, client_id=f"{self.service}-relay")
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
            self.connected = True
        return self._producer

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        self.connected = False
        if producer is not None:
            await stop_quietly(producer)

    async def publish_batch(self) -> int:
        """Publish one batch; returns how many rows were sent."""
        producer = await self._ensure_producer()
        async with self.db.transaction() as session:
            # losing a "sent" mark in a database crash only republishes (consumers dedupe): no fsync wait
            await session.execute(text("SET LOCAL synchronous_commit = off"))
            # one publisher per database at a time, so per-aggregate order survives any number of
            # replicas: with SKIP LOCKED alone two relays took neighbouring id ranges and sent them
            # concurrently (issue 12, hole 1). A transaction lock: released at commit, or at once when
            # the holder dies, so another replica takes over on its next round (ADR 0006).
            leader = (
                await session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": RELAY_LOCK_KEY})
            ).scalar()
            if not leader:
                RELAY_WAITS.labels(self.service).inc()
                return 0
            rows = (
                await session.execute(
                    text(
                        "SELECT id, event_id, topic, key, event_type, schema_version, payload, attempts, "
                        "traceparent "
                        "FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT :n "
                        "FOR UPDATE SKIP LOCKED"
                    ),
                    {"n": self.batch_size},
                )
            ).all()
            if not rows:
                return 0
            pending: list[Any] = []
            spans = []
            for r in rows:
                headers = [
                    ("event_id", r.event_id.encode()),
                    ("event_type", r.event_type.encode()),
                    ("schema_version", str(r.schema_version).encode()),
                    ("aggregate_version", str(r.id).encode()),
                ]
                span, traceparent = tracing.publish_span(r.topic, r.traceparent, r.event_type)
                if traceparent:
                    headers.append(("traceparent", traceparent.encode()))
                if span is not None:
                    spans.append(span)
                try:
                    pending.append(
                        await producer.send(
                            r.topic,
                            value=stamp_version(bytes(r.payload), r.id),
                            key=r.key.encode(),
                            headers=headers,
                        )
                    )
                except Exception as exc:  # refused before it left (e.g. larger than max_request_size)
                    pending.append(exc)
            try:
                results = await _settle_all(pending, timeout=30)
            finally:
                for span in spans:
                    span.end()
            refused = {r.id: exc for r, exc in zip(rows, results, strict=True) if exc is not None}
            if any(_retriable(exc) for exc in refused.values()):
                # the broker is away or busy: nothing is marked, the whole batch is sent again in order
                raise next(exc for exc in refused.values() if _retriable(exc))
            sent = [r.id for r in rows if r.id not in refused]
            await session.execute(
                text("UPDATE outbox SET sent_at = now() WHERE id = ANY(:ids)"), {"ids": sent}
            )
            if refused:
                await self._refused(session, rows, refused)
        OUTBOX_PUBLISHED.labels(self.service).inc(len(sent))
        return len(rows)

    async def _refused(
        self, session: AsyncSession, rows: Sequence[Any], refused: dict[int, BaseException]
    ) -> None:
        """Count an attempt on each refused row; set it aside once retrying cannot help."""
        by_id = {r.id: r for r in rows}
        updates = []
        for row_id, exc in refused.items():
            attempts = by_id[row_id].attempts + 1
            final = attempts >= MAX_ATTEMPTS or _too_large(exc)
            reason = f"{type(exc).__name__}: {safe_error(exc)}"[:500]
            updates.append({"i": row_id, "a": attempts, "f": final, "r": reason})
            log.error(
                "outbox_row_set_aside" if final else "outbox_row_refused",
                service=self.service,
                outbox_id=row_id,
                event_type=by_id[row_id].event_type,
                attempts=attempts,
                error=reason,
            )
        await session.execute(
            text(
                "UPDATE outbox SET attempts = :a, failure = :r, "
                "failed_at = CASE WHEN CAST(:f AS boolean) THEN now() END WHERE id = :i"
            ),
            updates,
        )
        OUTBOX_SET_ASIDE.labels(self.service).inc(sum(1 for u in updates if u["f"]))

    async def update_metrics(self) -> tuple[int, float]:
        async with self.db.session() as session:
            row = (
                await session.execute(
                    text(
                        "SELECT count(*) FILTER (WHERE failed_at IS NULL) AS n, "
                        "min(created_at) FILTER (WHERE failed_at IS NULL) AS oldest, "
                        "count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed FROM outbox WHERE sent_at IS NULL"
                    )
                )
            ).one()
        age = (datetime.now(UTC) - row.oldest).total_seconds() if row.oldest else 0.0
        OUTBOX_BACKLOG.labels(self.service).set(row.n)
        OUTBOX_OLDEST_AGE.labels(self.service).set(age)
        OUTBOX_FAILED.labels(self.service).set(row.failed)
        return int(row.n), age

    async def _listen(self, stop: asyncio.Event) -> None:
        """Wake on `NOTIFY rw_outbox` from any process; reconnect quietly, polling covers the gaps."""
        import asyncpg

        url = self.db.url.replace("postgresql+asyncpg", "postgresql")
        while not stop.is_set():
            conn = None
            try:
                conn = await asyncpg.connect(url, timeout=5)
                await conn.add_listener(NOTIFY_CHANNEL, lambda *_: self._wake.set())
                while not stop.is_set() and not conn.is_closed():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), 5)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.debug("outbox_listen_failed", error=repr(exc)[:200])
            finally:
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(conn.close(), 2)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 2)

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; back off and reconnect while the broker or database is down."""
        listener = asyncio.create_task(self._listen(stop))
        try:
            await self._run(stop)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await listener

    async def _run(self, stop: asyncio.Event) -> None:
        relay_wakers.add(self._wake)
        backoff = 0.2
        last_metrics = 0.0
        loop = asyncio.get_running_loop()
        try:
            while not stop.is_set():
                try:
                    self._wake.clear()
                    sent = await self.publish_batch()
                    backoff = 0.2
                    if loop.time() - last_metrics > 2:
                        last_metrics = loop.time()
                        await self.update_metrics()
                    if sent >= self.batch_size:
                        continue  # a backlog: keep publishing full batches
                    if not sent:
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(self._wake.wait(), self.idle_seconds)
                    # let a trickle of commits gather into one batch instead of one round per commit
                    await asyncio.sleep(self.linger_seconds)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    OUTBOX_ERRORS.labels(self.service).inc()
                    log.warning(
                        "outbox_relay_error", service=self.service, error=safe_error(exc), retry_in=backoff
                    )
                    await self._drop_producer()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), backoff)
                    backoff = min(backoff * 2, 5.0)
        finally:
            relay_wakers.discard(self._wake)
            await self._drop_producer()
