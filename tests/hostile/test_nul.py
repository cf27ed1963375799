"""Found by schemathesis: a NUL character reached PostgreSQL (which cannot store it in text) and the
answer was a 500. It is refused up front with 422 now, naming the parameter; NUL in a JSON string that
reaches a query is a 422 too, with nothing written."""

from __future__ import annotations

from typing import Any

import asyncpg

from tests.conftest import feed_item, seed_villages_projection


async def test_nul_in_a_query_parameter_or_path_is_422(alerts_app: Any, make_token: Any) -> None:
    _, client = alerts_app
    h = {"Authorization": f"Bearer {make_token('integration')}"}
    r = await client.get("/v1/outcomes", headers=h, params={"batch_id": "ab\x00c"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0]["loc"] == ["query", "batch_id"]
    r = await client.get("/v1/feeds/a%00b", headers=h)
    assert r.status_code == 422, r.text


async def test_nul_inside_a_json_string_is_422_and_writes_nothing(
    alerts_app: Any, clean_alerts: str, make_token: Any
) -> None:
    _, client = alerts_app
    await seed_villages_projection(clean_alerts)
    h = {"Authorization": f"Bearer {make_token('integration')}"}
    item = feed_item(1, prefix="NUL", description="bad\x00text")
    r = await client.post(
        "/v1/feeds", headers=h, json={"batch_id": "NUL-1", "issued_on": "2022-03-01", "items": [item]}
    )
    # the database refuses the text inside the batch's transaction: 422 with its reason, nothing kept
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"] == ['invalid byte sequence for encoding "UTF8": 0x00']
    conn = await asyncpg.connect(clean_alerts.replace("postgresql+asyncpg", "postgresql"))
    try:
        assert await conn.fetchval("SELECT count(*) FROM alerts") == 0
        assert await conn.fetchval("SELECT count(*) FROM outbox") == 0
    finally:
        await conn.close()
