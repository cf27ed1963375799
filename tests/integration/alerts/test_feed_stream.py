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
