"""Issue 12, hole 1 (the consumers' half): the envelope carries the aggregate's version, and every state
projection refuses to go back to an older state, whatever order the events arrive in."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import orjson
from sqlalchemy import text

from services.alerts.handlers import household_routes as alerts_routes
from services.alerts.handlers import on_household_event as alerts_on_household
from services.common.db import Database
from services.common.events.envelope import EventEnvelope, new_event, stamp_version
from services.common.events.topics import Topic
from services.common.inbox import Message
from services.loans.handlers import on_household_event as loans_on_household
from services.loans.handlers import on_household_events as loans_on_households
from services.reports import handlers as reports

VILLAGE = "430981101201"


def _household(code: str, version: int | None, *, alleviated: bool, hashes: list[str]) -> EventEnvelope:
    env = new_event(
        event_type="households.household.updated",
        source="households",
        aggregate_type="household",
        aggregate_id=code,
        actor={"sub": "t"},
        data={
            "household_code": code,
            "village_code": VILLAGE,
            "alleviated": alleviated,
            "monitoring_type": "脱贫不稳定户" if alleviated else None,
            "member_id_hashes": hashes,
        },
    )
    if version is None:
        return env
    # exactly what a consumer reads after the relay stamped the stored bytes
    return EventEnvelope.from_bytes(stamp_version(env.to_bytes(), version))


def _message(env: EventEnvelope) -> Message:
    return Message(Topic.HOUSEHOLDS.value, 0, 0, env.aggregate_id.encode(), env.to_bytes(), {}, env)


def test_the_relay_stamp_is_a_field_of_the_envelope_and_nothing_else_changes() -> None:
    env = _household("H1", None, alleviated=True, hashes=["a"])
    raw = env.to_bytes()
    assert b"aggregate_version" not in raw  # written without it: the relay owns the version
    stamped = stamp_version(raw, 41)
    assert orjson.loads(stamped) == {**orjson.loads(raw), "aggregate_version": 41}
    assert EventEnvelope.from_bytes(stamped).aggregate_version == 41
    assert stamp_version(stamped, 99) == stamped  # never stamped twice
    assert ("aggregate_version", b"41") in EventEnvelope.from_bytes(stamped).headers()


async def test_alerts_and_loans_household_projections_never_go_back(
    clean_alerts: str, clean_loans: str
) -> None:
    code = f"4309811012{uuid.uuid4().hex[:8]}"
    newer = _household(code, 20, alleviated=True, hashes=["h-new"])
    older = _household(code, 10, alleviated=False, hashes=["h-old"])
    newest = _household(code, 30, alleviated=False, hashes=["h-newest"])
    for url, handler in ((clean_alerts, "alerts"), (clean_loans, "loans")):
        db = Database(url)
        for env in (newer, older):
            async with db.transaction() as s:
                if handler == "alerts":
                    await alerts_on_household(s, _message(env), key=b"k" * 32)
                else:
                    await loans_on_household(s, _message(env))
        conn = await asyncpg.connect(url.replace("+asyncpg", ""))
        try:
            row = await conn.fetchrow(
                "SELECT alleviated, version FROM proj_households WHERE household_code = $1", code
            )
            assert (row["alleviated"], row["version"]) == (True, 20), handler  # the older one was refused
            if handler == "alerts":
                members = await conn.fetch(
                    "SELECT id_number_hash FROM proj_members WHERE household_code = $1", code
                )
                assert [m[0] for m in members] == ["h-new"]  # and its members with it
            async with db.transaction() as s:
                if handler == "alerts":
                    await alerts_on_household(s, _message(newest), key=b"k" * 32)
                else:
                    await loans_on_household(s, _message(newest))
            row = await conn.fetchrow(
                "SELECT alleviated, version FROM proj_households WHERE household_code = $1", code
            )
            assert (row["alleviated"], row["version"]) == (False, 30), handler
        finally:
            await conn.close()
        await db.dispose()


async def test_alerts_and_loans_bulk_projections_apply_a_batch_in_order_and_never_go_back(
    clean_alerts: str, clean_loans: str
) -> None:
    """A partition's batch goes to the bulk handlers at once (one executemany): the same end state as
    one by one, out-of-order versions refused inside the batch and across batches."""
    code = f"4309811012{uuid.uuid4().hex[:8]}"
    other = f"4309811012{uuid.uuid4().hex[:8]}"
    v10 = _household(code, 10, alleviated=False, hashes=["m-a", "m-b"])
    v30 = _household(code, 30, alleviated=True, hashes=["m-b", "m-c"])
    v20 = _household(code, 20, alleviated=False, hashes=["m-x"])
    moved = _household(other, 5, alleviated=False, hashes=["m-c"])  # a member moves to another household
    v40 = _household(code, 40, alleviated=True, hashes=[])
    alerts_batch = alerts_routes.batch_consumer(key=b"k" * 32)
    for url, handler in ((clean_alerts, alerts_batch), (clean_loans, loans_on_households)):
        db = Database(url)
        async with db.transaction() as s:
            await handler(s, [_message(e) for e in (v10, v30, v20, moved)])
        conn = await asyncpg.connect(url.replace("+asyncpg", ""))
        try:
            row = await conn.fetchrow(
                "SELECT alleviated, version FROM proj_households WHERE household_code = $1", code
            )
            assert (row["alleviated"], row["version"]) == (True, 30), url
            if handler is alerts_batch:
                members = await conn.fetch(
                    "SELECT id_number_hash, household_code FROM proj_members "
                    "WHERE household_code = ANY($1::text[]) ORDER BY 1",
                    [code, other],
                )
                assert [tuple(m) for m in members] == [("m-b", code), ("m-c", other)]
            async with db.transaction() as s:
                await handler(s, [_message(e) for e in (v20, v40)])
            row = await conn.fetchrow(
                "SELECT alleviated, version FROM proj_households WHERE household_code = $1", code
            )
            assert row["version"] == 40, url
            if handler is alerts_batch:
                left = await conn.fetchval(
                    "SELECT count(*) FROM proj_members WHERE household_code = $1", code
                )
                assert left == 0  # the newest state has no members
        finally:
            await conn.close()
        await db.dispose()


async def test_reports_read_models_never_go_back_in_one_batch_or_across_batches(clean_reports: str) -> None:
    code = f"4309811012{uuid.uuid4().hex[:8]}"
    db = Database(clean_reports)
    v10 = _household(code, 10, alleviated=False, hashes=["a"])
    v20 = _household(code, 20, alleviated=True, hashes=["a", "b"])
    v30 = _household(code, 30, alleviated=False, hashes=["a", "b", "c"])
    async with db.transaction() as s:
        await reports.apply_many(s, [v20, v10])  # out of order inside one partition batch
    async with db.transaction() as s:
        await reports.apply(s, v10)  # and again, late, on its own
    conn = await asyncpg.connect(clean_reports.replace("+asyncpg", ""))
    try:
        row = await conn.fetchrow(
            "SELECT alleviated, member_count, version FROM rm_households WHERE household_code = $1", code
        )
        assert dict(row) == {"alleviated": True, "member_count": 2, "version": 20}
        unversioned = _household(code, None, alleviated=False, hashes=["z"])
        async with db.transaction() as s:
            await reports.apply_many(s, [v30, unversioned])  # an event from before versions still applies
        row = await conn.fetchrow(
            "SELECT alleviated, member_count, version FROM rm_households WHERE household_code = $1", code
        )
        assert dict(row) == {"alleviated": False, "member_count": 1, "version": None}
    finally:
        await conn.close()
    await db.dispose()


async def test_two_writers_of_one_household_stage_versions_in_commit_order(clean_households: str) -> None:
    """The writer that commits second reads the first one's change and takes the higher version."""
    from services.households.events import household_events

    db = Database(clean_households)
    conn = await asyncpg.connect(clean_households.replace("+asyncpg", ""))
    try:
        hid = uuid.uuid4()
        code = f"4309811012{uuid.uuid4().hex[:8]}"
        await conn.execute(
            "INSERT INTO villages (code, name, kind) VALUES ($1, '试验村', 'village') ON CONFLICT DO NOTHING",
            VILLAGE,
        )
        await conn.execute(
            "INSERT INTO households (id, household_code, village_code, alleviated) VALUES ($1, $2, $3, false)",
            hid,
            code,
            VILLAGE,
        )
        first_holds = asyncio.Event()
        release = asyncio.Event()

        async def first() -> Any:
            async with db.transaction() as s:
                await household_events(s, [hid], change="snapshot", event_type="households.household.updated")
                first_holds.set()
                await release.wait()
                await s.execute(text("UPDATE households SET alleviated = true WHERE id = :i"), {"i": hid})
                return await household_events(
                    s, [hid], change="snapshot", event_type="households.household.updated"
                )

        async def second() -> Any:
            await first_holds.wait()
            async with db.transaction() as s:
                return await household_events(
                    s, [hid], change="snapshot", event_type="households.household.updated"
                )

        t1 = asyncio.create_task(first())
        t2 = asyncio.create_task(second())
        await first_holds.wait()
        await asyncio.sleep(0.5)
        assert not t2.done()  # the second writer waits for the household's lock
        release.set()
        _, late = await asyncio.gather(t1, t2)
        assert late[0].data["alleviated"] is True  # it read the first writer's committed change
    finally:
        await conn.close()
        await db.dispose()
