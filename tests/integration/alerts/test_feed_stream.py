"""POST /v1/feeds reads its body as a stream (services/alerts/feeds/stream.py): the same answers as when
FastAPI parsed the batch whole, whatever order its members come in and wherever it breaks."""

from __future__ import annotations

from typing import Any

import asyncpg
import orjson
import pytest

from services.alerts.intake_rows import CHUNK
from tests.conftest import feed_item, seed_villages_projection


@pytest.fixture
async def feeds(alerts_app: Any, clean_alerts: str, make_token: Any) -> Any:
    await seed_villages_projection(clean_alerts)
    _, client = alerts_app
    client.h = {"Authorization": f"Bearer {make_token('integration')}", "Content-Type": "application/json"}
    client.db = clean_alerts.replace("postgresql+asyncpg", "postgresql")
    return client


async def _rows(db: str, sql: str) -> list[Any]:
    conn = await asyncpg.connect(db)
    try:
        return list(await conn.fetch(sql))
    finally:
        await conn.close()


async def test_members_after_the_items_count(feeds: Any) -> None:
    """`source` and `batch_id` after `items` (JSON objects have no order): read, not defaulted."""
    items = [feed_item(i, prefix="ORD") for i in range(3)]
    raw = (
        b'{"items": ' + orjson.dumps(items) + b', "issued_on": "2022-03-01", "batch_id": "ORD-1", '
        b'"source": "county-push"}'
    )
    r = await feeds.post("/v1/feeds", headers=feeds.h, content=raw)
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] == 3
    rows = await _rows(feeds.db, "SELECT DISTINCT batch_id, source FROM alerts")
    assert [(x["batch_id"], x["source"]) for x in rows] == [("ORD-1", "county-push")]


async def test_a_batch_across_chunks_finds_duplicates_and_indexes_across_them(feeds: Any) -> None:
    """More items than one chunk: a duplicate external id in the second chunk is named with the index
    of its first occurrence in the first, and every rejection carries its index in the whole batch."""
    n = CHUNK + 3
    items = [feed_item(i, prefix="CHK") for i in range(n)]
    items[CHUNK + 1] = {**items[CHUNK + 1], "external_id": items[2]["external_id"]}
    items[CHUNK + 2] = {**items[CHUNK + 2], "village_code": "999999999999"}
    body = orjson.dumps({"batch_id": "CHK-1", "issued_on": "2022-03-01", "items": items})
    r = await feeds.post("/v1/feeds", headers=feeds.h, content=body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["accepted"] == n - 2
    rejected = {x["index"]: x["errors"] for x in out["rejected"]}
    assert set(rejected) == {CHUNK + 1, CHUNK + 2}
    assert "index 2" in " ".join(rejected[CHUNK + 1])
    assert len(await _rows(feeds.db, "SELECT id FROM alerts")) == n - 2


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"", "missing"),
        (b"not json", "json_invalid"),
        (b'[{"batch_id": "X"}]', "model_attributes_type"),
        (b'{"batch_id": "X", "issued_on": "2022-03-01", "items": {"a": 1}}', "list_type"),
        (b'{"batch_id": "X!", "issued_on": "2022-13-01", "items": []}', "string_pattern_mismatch"),
    ],
)
async def test_a_body_that_is_not_a_batch_is_422_with_fastapis_reasons(
    feeds: Any, raw: bytes, kind: str
) -> None:
    r = await feeds.post("/v1/feeds", headers=feeds.h, content=raw)
    assert r.status_code == 422, r.text
    assert kind in {d["type"] for d in r.json()["error"]["details"]}


async def test_a_body_broken_inside_the_items_writes_nothing(feeds: Any) -> None:
    """The header is whole and first, so the items are read during the transaction: a syntax error in
    the second chunk is a 422 and the first chunk's rows are rolled back."""
    items = [feed_item(i, prefix="BRK") for i in range(CHUNK + 10)]
    body = orjson.dumps(
        {"batch_id": "BRK-1", "source": "province", "issued_on": "2022-03-01", "items": items}
    )
    broken = body[: len(body) - 200] + b"}}}]"  # cut inside the last items
    r = await feeds.post("/v1/feeds", headers=feeds.h, content=broken)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0]["type"] == "json_invalid"
    assert await _rows(feeds.db, "SELECT id FROM alerts") == []
    assert await _rows(feeds.db, "SELECT id FROM outbox") == []


async def test_a_statement_failing_in_a_later_chunk_writes_nothing(feeds: Any) -> None:
    """The chunks' statements are pipelined (intake_rows.AlertWriter): the audit entries of the third
    chunk fail in PostgreSQL while its neighbours' statements are queued or running; the batch is refused
    as a whole, nothing is kept, and the next batch on the same connection pool goes through."""
    items = [feed_item(i, prefix="PIPE") for i in range(2 * CHUNK + 20)]
    poison = items[2 * CHUNK + 5]["external_id"]
    conn = await asyncpg.connect(feeds.db)
    try:
        await conn.execute(
            f"""CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (SELECT external_id FROM alerts WHERE id = NEW.alert_id) = '{poison}' THEN
                    RAISE EXCEPTION 'refused by the test';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_one BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION refuse_one()"""
        )
        body = {"batch_id": "PIPE-1", "source": "province", "issued_on": "2022-03-01", "items": items}
        r = await feeds.post("/v1/feeds", headers=feeds.h, content=orjson.dumps(body))
        # a fault in the database, not in the request: the internal error's envelope, nothing else said
        assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error", r.text
        assert await _rows(feeds.db, "SELECT id FROM alerts") == []
        assert await _rows(feeds.db, "SELECT id FROM audit_entries") == []
        assert await _rows(feeds.db, "SELECT id FROM outbox") == []
        await conn.execute("DROP TRIGGER refuse_one ON audit_entries; DROP FUNCTION refuse_one()")
    finally:
        await conn.close()
    again = {"batch_id": "PIPE-2", "source": "province", "issued_on": "2022-03-01", "items": items[:30]}
    r = await feeds.post("/v1/feeds", headers=feeds.h, content=orjson.dumps(again))
    assert r.status_code == 200 and r.json()["accepted"] == 30, r.text


async def test_a_batch_overlapping_an_earlier_one_writes_entries_and_events_for_new_alerts_only(
    feeds: Any,
) -> None:
    """The entries and events of a chunk are made before its INSERT says which alerts were new
    (intake_rows.AlertWriter): those of an external id already taken in are dropped, the others kept."""
    items = [feed_item(i, prefix="OVL") for i in range(40)]
    first = {"batch_id": "OVL-1", "source": "province", "issued_on": "2022-03-01", "items": items[:25]}
    r = await feeds.post("/v1/feeds", headers=feeds.h, content=orjson.dumps(first))
    assert r.status_code == 200 and r.json()["accepted"] == 25, r.text
    # every other item of the second batch is one the first already brought
    mixed = [items[i] for i in range(10, 40)]
    second = {"batch_id": "OVL-2", "source": "province", "issued_on": "2022-03-01", "items": mixed}
    r = await feeds.post("/v1/feeds", headers=feeds.h, content=orjson.dumps(second))
    assert r.status_code == 200, r.text
    assert (r.json()["accepted"], r.json()["duplicates"]) == (15, 15)
    alerts = await _rows(feeds.db, "SELECT id::text AS id, batch_id FROM alerts")
    assert len(alerts) == 40
    entries = await _rows(feeds.db, "SELECT alert_id::text AS id, seq FROM audit_entries")
    assert sorted(e["id"] for e in entries) == sorted(a["id"] for a in alerts)
    assert {e["seq"] for e in entries} == {1}
    events = await _rows(feeds.db, "SELECT key, event_type FROM outbox")
    by_alert: dict[str, list[str]] = {}
    for e in events:
        by_alert.setdefault(e["key"], []).append(e["event_type"])
    assert set(by_alert) == {a["id"] for a in alerts}
    assert all(sorted(v) == ["alerts.alert.received", "audit.entry.recorded"] for v in by_alert.values())
