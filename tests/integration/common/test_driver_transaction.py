"""`Database.driver_transaction`: a transaction straight on a pooled asyncpg connection (the workflow's hot
path) commits, rolls back, wakes the relays and gives back or discards its connection."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import pytest

from services.common.db import Database, driver_of
from services.common.outbox import add_events, mark_dirty, relay_wakers


async def _outbox_count(db: Database, marker: str) -> int:
    async with db.transaction() as s:
        driver = await driver_of(s)
        return int(await driver.fetchval("SELECT count(*) FROM outbox WHERE key = $1", marker))


async def _stage(tx: Any, marker: str) -> None:
    await (await driver_of(tx)).execute(
        "INSERT INTO outbox (event_id, topic, key, event_type, schema_version, payload) "
        "VALUES ($1, 't', $2, 'x', 1, '\\x00')",
        str(uuid.uuid4()),
        marker,
    )


async def test_commits_and_wakes_this_process_relays_after_commit(clean_alerts: str) -> None:
    db = Database(clean_alerts)
    woken = asyncio.Event()
    relay_wakers.add(woken)
    marker = str(uuid.uuid4())
    try:
        async with db.driver_transaction() as tx:
            await _stage(tx, marker)
            mark_dirty(tx)
            assert not woken.is_set()  # not before the commit: a relay would find nothing yet
            assert await _outbox_count(db, marker) == 0  # another connection does not see it yet
        assert woken.is_set()
        assert await _outbox_count(db, marker) == 1
    finally:
        relay_wakers.discard(woken)
        await db.dispose()


async def test_an_error_rolls_back_every_statement(clean_alerts: str) -> None:
    db = Database(clean_alerts)
    marker = str(uuid.uuid4())
    woken = asyncio.Event()
    relay_wakers.add(woken)
    try:
        with pytest.raises(RuntimeError):
            async with db.driver_transaction() as tx:
                await _stage(tx, marker)
                mark_dirty(tx)
                raise RuntimeError("a step failed after writing")
        assert await _outbox_count(db, marker) == 0
        assert not woken.is_set()
        # the connection went back to the pool clean: the next transaction on it works and commits
        async with db.driver_transaction() as tx:
            assert await tx.driver.fetchval("SELECT 1") == 1
            assert tx.driver.is_in_transaction()
    finally:
        relay_wakers.discard(woken)
        await db.dispose()


async def test_a_connection_killed_mid_transaction_is_discarded_not_pooled(clean_alerts: str) -> None:
    db = Database(clean_alerts, pool_size=1)
    try:
        with pytest.raises((asyncpg.exceptions.ConnectionDoesNotExistError, asyncpg.InterfaceError, OSError)):
            async with db.driver_transaction() as tx:
                pid = await tx.driver.fetchval("SELECT pg_backend_pid()")
                killer = await asyncpg.connect(clean_alerts.replace("+asyncpg", ""))
                try:
                    await killer.execute("SELECT pg_terminate_backend($1)", pid)
                finally:
                    await killer.close()
                await tx.driver.fetchval("SELECT 1")
        # the pool hands out a live connection afterwards, not the dead one
        async with db.driver_transaction() as tx:
            assert await tx.driver.fetchval("SELECT pg_backend_pid()") != pid
    finally:
        await db.dispose()


async def test_sessions_and_driver_transactions_share_one_pool(clean_alerts: str) -> None:
    db = Database(clean_alerts, pool_size=1)
    try:
        async with db.driver_transaction() as tx:
            first = await tx.driver.fetchval("SELECT pg_backend_pid()")
        async with db.transaction() as s:
            assert await (await driver_of(s)).fetchval("SELECT pg_backend_pid()") == first
        assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        await db.dispose()


async def test_add_events_through_a_session_still_wakes_relays(clean_alerts: str) -> None:
    from services.common.events.envelope import new_event

    db = Database(clean_alerts)
    woken = asyncio.Event()
    relay_wakers.add(woken)
    try:
        async with db.transaction() as s:
            await add_events(
                s,
                [
                    new_event(
                        event_type="households.village.registered",
                        source="test",
                        aggregate_type="village",
                        aggregate_id="v",
                        actor={"sub": "t"},
                        data={"code": "430981101299", "name": "x", "kind": "village"},
                    )
                ],
            )
        assert woken.is_set()
    finally:
        relay_wakers.discard(woken)
        await db.dispose()


async def test_a_connection_left_in_a_transaction_is_discarded_not_pooled(
    clean_alerts: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request cancelled while its rollback was due leaves the connection inside a transaction: pooled
    again, the next transaction would run inside the old one and commit what it had written."""
    db = Database(clean_alerts, pool_size=1)
    marker = str(uuid.uuid4())

    async def cut_short(self: Any) -> None:
        raise asyncio.CancelledError  # the task cancelled before the ROLLBACK went out

    try:
        async with db.driver_transaction() as tx:  # the pool's connection made (its set-up rolls back too)
            first = await tx.driver.fetchval("SELECT pg_backend_pid()")
        monkeypatch.setattr(asyncpg.transaction.Transaction, "_Transaction__rollback", cut_short)
        with pytest.raises(asyncio.CancelledError):
            async with db.driver_transaction() as tx:
                assert await tx.driver.fetchval("SELECT pg_backend_pid()") == first
                await _stage(tx, marker)
                raise RuntimeError("a step failed")
        monkeypatch.undo()
        async with db.driver_transaction() as tx:
            assert await tx.driver.fetchval("SELECT pg_backend_pid()") != first
            assert not await tx.driver.fetchval("SELECT count(*) FROM outbox WHERE key = $1", marker)
        assert await _outbox_count(db, marker) == 0
    finally:
        monkeypatch.undo()
        await db.dispose()
