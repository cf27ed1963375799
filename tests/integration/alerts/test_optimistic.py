"""A workflow step is written optimistically (services/alerts/optimistic.py): read, decide, then one
statement that writes only if the alert and its chain are still as read. These tests change the alert
between the read and the write, on the real PostgreSQL, and check that the step is tried again from a
fresh read, that nothing of the stale attempt is written, and that the chain still links."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import asyncpg
import pytest

from services.alerts import optimistic
from tests.conftest import VILLAGE_CODES, feed_item

V1 = VILLAGE_CODES[1]
VERIFY = {"visited_on": "2022-03-02", "reported_on": "2022-03-03", "visitors": ["甲"], "finding": "no_risk"}


@pytest.fixture
async def api(api: Any) -> Any:
    """The shared client (conftest.py) with one alert received, `aid`."""
    client = api
    r = await client.post(
        "/v1/feeds",
        headers=client.integration,
        json={"batch_id": "O-1", "issued_on": "2022-03-01", "items": [feed_item(1, village=V1)]},
    )
    assert r.json()["accepted"] == 1, r.text
    client.aid = (await client.get("/v1/alerts", headers=client.officer)).json()["items"][0]["id"]
    return client


def _meanwhile(db: str, sql: str, *args: Any) -> None:
    """Run `sql` on a connection of its own and wait for its commit, from inside the service's (sync)
    code: in a thread with its own event loop, the service's loop being blocked meanwhile."""

    async def run() -> None:
        conn = await asyncpg.connect(db)
        try:
            await conn.execute(sql, *args)
        finally:
            await conn.close()

    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(run())
        except BaseException as exc:  # surfaced in the test, not lost in the thread
            failure.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(30)
    if failure:
        raise failure[0]


def _between_read_and_write(monkeypatch: pytest.MonkeyPatch, change: Callable[[int], None]) -> list[int]:
    """Call change(attempt) after each optimistic attempt decided and before it writes; returns the list
    of attempts made (alert_out is the last thing an attempt does before its write)."""
    attempts: list[int] = []
    real = optimistic.alert_out

    def spy(*args: Any, **kwargs: Any) -> Any:
        attempts.append(len(attempts) + 1)
        change(len(attempts))
        return real(*args, **kwargs)

    monkeypatch.setattr(optimistic, "alert_out", spy)
    return attempts


async def _chain(api: Any) -> dict[str, Any]:
    r = await api.get(f"/v1/alerts/{api.aid}/audit", headers=api.officer, params={"verify": "true"})
    assert r.status_code == 200, r.text
    return r.json()


async def _outbox_verified(api: Any) -> int:
    conn = await asyncpg.connect(api.db_url)
    try:
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM outbox WHERE event_type = 'alerts.alert.verified' AND key = $1", api.aid
            )
        )
    finally:
        await conn.close()


async def test_an_alert_updated_between_read_and_write_is_read_again(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # another writer updates the row (a new xmin) after the first attempt read it: that attempt's
    # write matches no row and writes nothing; the second reads the new row and succeeds
    def touch(attempt: int) -> None:
        if attempt == 1:
            _meanwhile(
                api.db_url, "UPDATE alerts SET description = 'changed meanwhile' WHERE id = $1::uuid", api.aid
            )

    attempts = _between_read_and_write(monkeypatch, touch)
    r = await api.post(f"/v1/alerts/{api.aid}/verification", headers=api.officer, json=VERIFY)
    assert r.status_code == 200, r.text
    assert attempts == [1, 2]
    assert r.json()["description"] == "changed meanwhile"  # the second attempt's read, not the first's
    chain = await _chain(api)
    assert chain["verified"] is True, chain.get("first_break")
    assert [e["action"] for e in chain["entries"]].count("verified") == 1
    assert await _outbox_verified(api) == 1  # the stale attempt staged no event


async def test_an_entry_appended_between_read_and_write_is_linked_after(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an entry appended without touching the alert row (as evidence does) takes the seq the first
    # attempt wanted: its write fails on (alert_id, seq) as a whole; the second links after that entry
    marker = "ab" * 32

    def append(attempt: int) -> None:
        if attempt == 1:
            _meanwhile(
                api.db_url,
                "INSERT INTO audit_entries (alert_id, seq, at, actor, action, from_status, to_status, details, "
                "prev_hash, hash) SELECT alert_id, seq + 1, now(), '{}'::jsonb, 'appended_meanwhile', "
                "to_status, to_status, '{}'::jsonb, hash, $2 FROM audit_entries WHERE alert_id = $1::uuid "
                "ORDER BY seq DESC LIMIT 1",
                api.aid,
                marker,
            )

    attempts = _between_read_and_write(monkeypatch, append)
    r = await api.post(f"/v1/alerts/{api.aid}/verification", headers=api.officer, json=VERIFY)
    assert r.status_code == 200, r.text
    assert attempts == [1, 2]
    entries = (await _chain(api))["entries"]
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert [e["action"] for e in entries][1:] == ["appended_meanwhile", "verified"]
    assert entries[2]["prev_hash"] == marker
    assert await _outbox_verified(api) == 1
    conn = await asyncpg.connect(api.db_url)
    try:
        assert (
            await conn.fetchval("SELECT status FROM alerts WHERE id = $1::uuid", api.aid)
            == "village_verified"
        )
    finally:
        await conn.close()


async def test_a_step_that_always_conflicts_takes_the_locking_path(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def touch(_attempt: int) -> None:
        _meanwhile(api.db_url, "UPDATE alerts SET description = description WHERE id = $1::uuid", api.aid)

    attempts = _between_read_and_write(monkeypatch, touch)
    r = await api.post(f"/v1/alerts/{api.aid}/verification", headers=api.officer, json=VERIFY)
    assert r.status_code == 200, r.text
    assert attempts == list(range(1, optimistic.ATTEMPTS + 1))  # then the lock, which cannot be overtaken
    chain = await _chain(api)
    assert chain["verified"] is True, chain.get("first_break")
    assert [e["action"] for e in chain["entries"]].count("verified") == 1
    assert await _outbox_verified(api) == 1


async def test_twins_with_one_idempotency_key_write_once_and_answer_alike(api: Any) -> None:
    headers = {**api.officer, "Idempotency-Key": "twin-1"}
    first, second = await asyncio.gather(
        *(api.post(f"/v1/alerts/{api.aid}/verification", headers=headers, json=VERIFY) for _ in range(2))
    )
    assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)
    assert first.json() == second.json()
    assert [e["action"] for e in (await _chain(api))["entries"]].count("verified") == 1
    assert await _outbox_verified(api) == 1
