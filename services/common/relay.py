"""The outbox relay: takes batches in id order under a transaction-scoped advisory lock (one publisher
per database however many replicas run), produces them with `acks=all`, waits for every
acknowledgement and marks the rows sent in the same transaction, so a crash at any point republishes
rather than loses, and never reorders an aggregate. A row the broker refuses for good is set aside
for an operator (`ruralwatch outbox failed|retry|drop`).
"""

from __future__ import annotations

import asyncio
import collections
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
from services.common.batches import PageBatches
from services.common.db import Database, SerialStatements, driver_of
from services.common.events.envelope import stamp_version
from services.common.events.topics import Topic
from services.common.kafka import make_producer, stop_quietly, wait_for_topics
from services.common.memory import trim_after
from services.common.outbox import NOTIFY_CHANNEL, relay_wakers
from services.common.pg_notices import listen
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
TRIM_AFTER_ROWS = 20_000  # a drained backlog this large leaves its pages with malloc (memory.trim_malloc)
RELAY_WAITS = Counter(
    "rw_outbox_relay_waits", "Relay rounds skipped because another replica was publishing", ["service"]
)
# pg_try_advisory_xact_lock key of the relay; advisory locks are per database, so one per service
RELAY_LOCK_KEY = 0x7277_6F75_7462_6F78 >> 1  # "rwoutbox", as a positive bigint


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


async def _settle_page(page: Sequence[Any], pending: list[Any], spans: list[Any]) -> dict[int, BaseException]:
    """Wait for a page's acknowledgements; the refusals by row id. A retriable one (the broker away or
    busy) is raised: nothing of the round is marked, and all of it is sent again in order."""
    try:
        results = await _settle_all(pending, timeout=30)
    finally:
        for span in spans:
            span.end()
    failed = {r["id"]: exc for r, exc in zip(page, results, strict=True) if exc is not None}
    if any(_retriable(exc) for exc in failed.values()):
        raise next(exc for exc in failed.values() if _retriable(exc))
    return failed


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


# keyset pages of one round: rows after the last one read, so a page never re-reads what is in flight.
# No FOR UPDATE: the relay lock already makes this the only publisher, and locking 2,000 rows a page
# dirtied every page it read
_FETCH = (
    "SELECT id, event_id, topic, key, event_type, schema_version, payload, attempts, traceparent "
    "FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND id > $1 ORDER BY id LIMIT $2"
)
_ROUND_SETTINGS = text(
    "SELECT set_config('synchronous_commit', 'off', true), set_config('enable_bitmapscan', 'off', true), "
    "set_config('enable_sort', 'off', true)"
)
_MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])"


class OutboxRelay:
    """Publishes unsent outbox rows in batches and marks them sent."""

    def __init__(
        self,
        db: Database,
        bootstrap: str,
        *,
        service: str,
        batch_size: int = 2000,
        sub_batches: int = 8,
        in_flight: int = 2,
        idle_seconds: float = 0.5,
        linger_seconds: float = 0.02,
    ) -> None:
        self.db = db
        self.bootstrap = bootstrap
        self.service = service
        self.batch_size = batch_size
        self.round_rows = batch_size * sub_batches
        self.in_flight = in_flight
        self.idle_seconds = idle_seconds
        self.outpaced = False  # the last round found another replica's relay inside a round
        self.linger_seconds = linger_seconds
        self._producer: AIOKafkaProducer | None = None
        self._wake = asyncio.Event()
        self._drained_since_trim = 0
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
        """Publish one round; returns how many rows it took (sent or refused).

        A round is up to `sub_batches` pages in one leader transaction, pipelined (`_round`): page k+1
        is read and handed to the producer while page k's acknowledgements are on their way. A
        retriable failure anywhere rolls the whole round back, marks included: everything in it is sent
        again, in order (consumers dedupe).
        """
        producer = await self._ensure_producer()
        async with self.db.transaction() as session:
            # for this round's transaction only: losing a "sent" mark in a database crash only
            # republishes (consumers dedupe), so no fsync wait; and the page read walks the partial
            # index in id order. Right after a bulk COPY the statistics say "one unsent row", and the
            # planner sorted the whole backlog for every page instead (EXPLAIN: bitmap scan + external
            # sort, 0.3 s a page at 100,000 rows; the relay fell to 4,000 rows/s)
            await session.execute(_ROUND_SETTINGS)
            # one publisher per database at a time, so per-aggregate order survives any number of
            # replicas: with SKIP LOCKED alone two relays took neighbouring id ranges and sent them
            # concurrently (issue 12, hole 1). A transaction lock: released at commit, or at once when
            # the holder dies, so another replica takes over on its next round (ADR 0006).
            leader = (
                await session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": RELAY_LOCK_KEY})
            ).scalar()
            self.outpaced = not leader
            if not leader:
                RELAY_WAITS.labels(self.service).inc()
                return 0
            # the relay's own statements on the session's connection, straight through asyncpg: SQLAlchemy's
            # row processing of 2,000 payloads per page cost as much as the broker (profile-relay.txt)
            driver = await driver_of(session)
            taken, sent, refused = await self._round(driver, producer)
            if not taken:
                return 0
            if refused:
                await self._refused(session, taken, refused)
        OUTBOX_PUBLISHED.labels(self.service).inc(len(sent))
        return len(taken)

    async def _round(
        self, driver: Any, producer: AIOKafkaProducer
    ) -> tuple[list[Any], list[int], dict[int, BaseException]]:
        """Read pages and hand them to the producer, `in_flight` pages ahead of the acknowledgements, and
        mark each page sent once acknowledged; returns the rows taken, the ids marked and the refusals
        that retrying cannot fix.

        The statements (the next page's read, an acknowledged page's marks) run one at a time on the
        connection but in the background: PostgreSQL reads and rewrites rows while this process fills
        record batches. Marked at the end in one UPDATE, the marks cost a quarter of the round, waited
        for (bench/results/profile-relay.txt). They commit with the round or not at all.
        """
        db = SerialStatements()
        taken: list[Any] = []
        sent: list[int] = []
        refused: dict[int, BaseException] = {}
        in_flight: collections.deque[tuple[Sequence[Any], list[Any], list[Any]]] = collections.deque()
        reading: asyncio.Future[Any] | None = db.submit(driver.fetch, _FETCH, 0, self.batch_size)
        try:
            while reading is not None or in_flight:
                if reading is not None:
                    rows = await reading
                    reading = None
                    if rows:
                        taken.extend(rows)
                        if len(rows) == self.batch_size and len(taken) < self.round_rows:
                            reading = db.submit(driver.fetch, _FETCH, rows[-1]["id"], self.batch_size)
                        in_flight.append((rows, *(await self._send(producer, rows))))
                    if reading is not None and len(in_flight) < self.in_flight:
                        continue  # keep pages in flight while the next is read and sent
                if in_flight:
                    page, pending, spans = in_flight.popleft()
                    failed = await _settle_page(page, pending, spans)
                    refused.update(failed)
                    marks = [r["id"] for r in page if r["id"] not in failed]
                    if marks:
                        db.submit(driver.execute, _MARK_SENT, marks)
                        sent += marks
            await db.drain()
        finally:
            await db.drain(quietly=True)  # a failed round: let the statements end before the rollback
        return taken, sent, refused

    async def _send(self, producer: AIOKafkaProducer, rows: Sequence[Any]) -> tuple[list[Any], list[Any]]:
        """Hand a page to the producer as record batches (services/common/batches.py); per row, its
        batch's delivery future or the error that refused it before it left, and the tracing spans to
        end once they settle."""
        batches = PageBatches(producer, len(rows))
        spans = []
        for i, r in enumerate(rows):
            topic = r["topic"]
            headers = [
                ("event_id", r["event_id"].encode()),
                ("event_type", r["event_type"].encode()),
                ("schema_version", b"%d" % r["schema_version"]),
                ("aggregate_version", b"%d" % r["id"]),
            ]
            span, traceparent = tracing.publish_span(topic, r["traceparent"], r["event_type"])
            if traceparent:
                headers.append(("traceparent", traceparent.encode()))
            if span is not None:
                spans.append(span)
            await batches.add(
                i, topic, r["key"].encode(), stamp_version(bytes(r["payload"]), r["id"]), headers
            )
        return await batches.ship_all(), spans

    async def _refused(
        self, session: AsyncSession, rows: Sequence[Any], refused: dict[int, BaseException]
    ) -> None:
        """Count an attempt on each refused row; set it aside once retrying cannot help."""
        by_id = {r["id"]: r for r in rows}
        updates = []
        for row_id, exc in refused.items():
            attempts = by_id[row_id]["attempts"] + 1
            final = attempts >= MAX_ATTEMPTS or _too_large(exc)
            reason = f"{type(exc).__name__}: {safe_error(exc)}"[:500]
            updates.append({"i": row_id, "a": attempts, "f": final, "r": reason})
            log.error(
                "outbox_row_set_aside" if final else "outbox_row_refused",
                service=self.service,
                outbox_id=row_id,
                event_type=by_id[row_id]["event_type"],
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
        """Wake on `NOTIFY rw_outbox` from any process (and once on every reconnect, for the commits whose
        notice came while it was cut off); polling covers the gaps."""

        async def wake() -> None:
            self._wake.set()

        await listen(self.db.url, NOTIFY_CHANNEL, wake, stop)

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
                    self._drained_since_trim += sent
                    backoff = 0.2
                    if loop.time() - last_metrics > 2:
                        last_metrics = loop.time()
                        await self.update_metrics()
                    if sent >= self.batch_size:
                        continue  # a backlog: keep publishing full batches
                    if not sent and not self.outpaced:
                        self._drained_since_trim = trim_after(self._drained_since_trim, TRIM_AFTER_ROWS)
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(self._wake.wait(), self.idle_seconds)
                        continue  # idle until now: the first commit goes out at once, nothing to gather
                    # outpaced: another replica was inside a round, whose page may have been read before
                    # this process's commit, and this process's commits send it no NOTIFY
                    # (outbox.OWN_RELAY_SETTING): try again after the linger instead of idling.
                    # After a round that sent rows, a trickle of commits gathers into one batch instead
                    # of one round per commit
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
