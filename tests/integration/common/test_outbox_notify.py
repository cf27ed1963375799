"""Who sends `NOTIFY rw_outbox`: writers in a process without the relay (a CLI, psql, an older replica),
not the service's own connections, which wake their relay themselves (services/common/outbox.py). And a
relay kept out by another replica's round tries again soon, since no NOTIFY will come for its rows."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg

from services.common.db import Database
from services.common.outbox import NOTIFY_CHANNEL, add_events
from services.common.relay import RELAY_LOCK_KEY, OutboxRelay
from tests.conftest import village_event, wait_for


async def _notified_by(db: Database, listener: asyncpg.Connection) -> bool:
    heard = asyncio.Event()
    callback = lambda *_: heard.set()  # noqa: E731
    await listener.add_listener(NOTIFY_CHANNEL, callback)
    try:
        async with db.transaction() as s:
            await add_events(
                s, [village_event("430981101299", source="households", aggregate_id=str(uuid.uuid4()))]
            )
        # a notification is delivered at the writer's commit; a round trip on the listener's connection
        # after that commit has surely brought it in
        await listener.fetchval("SELECT 1")
        await asyncio.sleep(0.2)
        return heard.is_set()
    finally:
        await listener.remove_listener(NOTIFY_CHANNEL, callback)


async def test_the_services_own_connections_do_not_notify_and_others_do(clean_alerts: str) -> None:
    listener = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
    own, elsewhere = Database(clean_alerts, own_relay=True), Database(clean_alerts)
    try:
        assert await _notified_by(elsewhere, listener) is True
        assert await _notified_by(own, listener) is False
    finally:
        await listener.close()
        await own.dispose()
        await elsewhere.dispose()


async def test_a_relay_kept_out_by_another_replica_tries_again_without_a_notify(
    stack: Any, clean_alerts: str
) -> None:
    db = Database(clean_alerts, own_relay=True)
    # idle for a minute between rounds: only the retry after being outpaced can publish within the test
    relay = OutboxRelay(db, stack.kafka_bootstrap, service="test-outpaced", idle_seconds=60)
    other = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
    stop = asyncio.Event()
    task: asyncio.Task[None] | None = None
    try:
        tx = other.transaction()
        await tx.start()
        await other.execute("SELECT pg_advisory_xact_lock($1)", RELAY_LOCK_KEY)  # another replica's round
        async with db.transaction() as s:
            await add_events(
                s, [village_event("430981101299", source="households", aggregate_id=str(uuid.uuid4()))]
            )
        # the relay starts after that commit (no wake is pending for it) and finds the round going on
        task = asyncio.create_task(relay.run(stop))
        await wait_for(lambda: relay.outpaced)
        await tx.rollback()  # that round ends; no NOTIFY comes from this process's commit

        async def published() -> bool:
            return await other.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0

        await wait_for(published, timeout=20)
    finally:
        stop.set()
        if task is not None:
            task.cancel()  # it may be idling for its minute
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await other.close()
        await db.dispose()


@contextlib.asynccontextmanager
async def running_relay(
    stack: Any, url: str, service: str, *, linger_seconds: float
) -> AsyncIterator[tuple[Database, Callable[[], Awaitable[bool]]]]:
    """A connected relay of its own process (a one-minute poll) on `url`: its Database and a check that
    every outbox row is published; stopped and closed after."""
    db = Database(url, own_relay=True)
    relay = OutboxRelay(
        db, stack.kafka_bootstrap, service=service, idle_seconds=60, linger_seconds=linger_seconds
    )
    check = await asyncpg.connect(url.replace("+asyncpg", ""))
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))

    async def published() -> bool:
        return await check.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0

    try:
        await wait_for(lambda: relay.connected, timeout=30)
        yield db, published
    finally:
        stop.set()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await check.close()
        await db.dispose()


async def test_an_idle_relay_sends_a_commit_at_once_and_lingers_only_after_sending(
    stack: Any, clean_alerts: str
) -> None:
    """Sporadic events (an office's everyday load) go out when they commit; the linger that gathers a
    trickle into one batch applies only after a round that sent rows. With a one-minute linger, a relay
    that lingered after every wake would hold the first event for that minute."""
    async with running_relay(stack, clean_alerts, "test-idle", linger_seconds=60) as (db, published):
        async with db.transaction() as s:
            await add_events(s, [village_event("430981101298", source="households")])
        await wait_for(published, timeout=20)
        # that round sent a row, so the relay now lingers: the next commit waits for the linger's end
        async with db.transaction() as s:
            await add_events(s, [village_event("430981101297", source="households")])
        await asyncio.sleep(1)
        assert not await published()


async def test_an_idle_relay_wakes_on_another_processs_commit(stack: Any, clean_alerts: str) -> None:
    """A commit of another process (a CLI, an older replica) reaches the relay by NOTIFY, through its LISTEN
    connection (services/common/pg_notices.listen): with a one-minute poll, only the notice can explain
    an event published within seconds."""
    writer = Database(clean_alerts)  # not the relay's process: its inserts notify
    try:
        async with running_relay(stack, clean_alerts, "test-woken", linger_seconds=0.01) as (_, published):
            # listening, and past the first idle round (which published nothing)
            await wait_for(lambda: _listening(clean_alerts), timeout=30)
            await asyncio.sleep(0.5)
            async with writer.transaction() as s:
                await add_events(s, [village_event("430981101296", source="households")])
            await wait_for(published, timeout=10)
    finally:
        await writer.dispose()


async def _listening(url: str) -> bool:
    check = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        return bool(
            await check.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE $1",
                f"LISTEN%{NOTIFY_CHANNEL}%",
            )
        )
    finally:
        await check.close()
