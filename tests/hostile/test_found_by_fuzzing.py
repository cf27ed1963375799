"""Crashes found by fuzzing (schemathesis and by hand, issue 11 hole 11), one named test each.

Each answered 500 before its fix; a 4xx with the common error shape now, with nothing written.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from tests.conftest import feed_item, seed_villages_projection


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def alerts(alerts_app: Any, clean_alerts: str, make_token: Any) -> Any:
    await seed_villages_projection(clean_alerts)
    _, client = alerts_app
    client.h = _h(make_token("town_officer"))
    client.db = clean_alerts.replace("postgresql+asyncpg", "postgresql")
    return client


async def _alerts_count(db: str) -> int:
    conn = await asyncpg.connect(db)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM alerts"))
    finally:
        await conn.close()


async def test_feed_with_an_integer_past_64_bits_is_not_a_500(alerts: Any) -> None:
    """orjson (the idempotency fingerprint) refuses integers past 64 bits: TypeError → 500."""
    raw = (
        b'{"batch_id": "BIG-1", "issued_on": "2022-03-01", "items": [{"external_id": "BIG-1-1", '
        b'"class": "general_risk", "category": "other", "village_code": "430981101201", '
        b'"detected_on": "2022-02-01", "description": 123456789012345678901234567890}]}'
    )
    r = await alerts.post(
        "/v1/feeds",
        headers={**alerts.h, "content-type": "application/json", "Idempotency-Key": "big"},
        content=raw,
    )
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] == 1  # an integer where text is due is taken as its digits (codes from Excel)
    again = await alerts.post(
        "/v1/feeds",
        headers={**alerts.h, "content-type": "application/json", "Idempotency-Key": "big"},
        content=raw,
    )
    assert again.json() == r.json()


@pytest.mark.parametrize(
    ("batch", "reason"),
    [
        ({"issued_on": "0001-01-01"}, "issued_on is before 2000-01-01"),
        ({"issued_on": "2022-03-01", "detected_on": "1899-12-31"}, "detected_on is before 2000-01-01"),
    ],
)
async def test_feed_dates_before_2000_are_refused(alerts: Any, batch: dict[str, str], reason: str) -> None:
    item = feed_item(1, prefix="OLD")
    if "detected_on" in batch:
        item["detected_on"] = batch["detected_on"]
    r = await alerts.post(
        "/v1/feeds",
        headers=alerts.h,
        json={"batch_id": "OLD-1", "issued_on": batch["issued_on"], "items": [item]},
    )
    assert r.status_code in (200, 422), r.text
    text = r.text
    assert reason in text
    assert await _alerts_count(alerts.db) == 0


@pytest.mark.parametrize(
    ("files", "data"),
    [
        ({}, {"batch_id": "U5", "issued_on": "2022-03-01", "file": "not a file"}),
        ({"file": ("a.csv", b"x"), "batch_id": ("b.txt", b"y")}, {"issued_on": "2022-03-01"}),
        ({"file": ("a.csv", b"x"), "other": ("b.csv", b"y")}, {"batch_id": "U2", "issued_on": "2022-03-01"}),
        ({"file": ("a.csv", b"\xff\xfe\x00")}, {"batch_id": "U3", "issued_on": "2022-03-01"}),
    ],
    ids=["file-as-field", "field-as-file", "extra-part", "binary-file"],
)
async def test_multipart_with_unexpected_parts_is_4xx(
    alerts: Any, households_app: Any, files: dict[str, Any], data: dict[str, str]
) -> None:
    _, households = households_app
    for client, path in ((alerts, "/v1/feeds/upload"), (households, "/v1/imports")):
        r = await client.post(path, headers=alerts.h, files=files or None, data=data)
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text)
        assert set(r.json()["error"]) == {"code", "message", "message_zh", "details"}
    assert await _alerts_count(alerts.db) == 0


async def test_a_calendar_override_for_1970_is_refused_not_a_500(alerts: Any, make_token: Any) -> None:
    """schemathesis (seed 154159841, issue 14): `{"day": 0}` reads as 1970-01-01; publishing that year
    on calendar.v1 broke its contract (years 2000-2200) → 500. Now 422, nothing stored or published."""
    admin = {**_h(make_token("admin")), "Accept-Language": "zh"}
    r = await alerts.put("/v1/admin/calendar", headers=admin, json={"day": 0, "note": "", "workday": False})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"] == ["日期1970-01-01不在2000至2200年之间"]
    assert (await alerts.delete("/v1/admin/calendar/0", headers=admin)).status_code == 422
    conn = await asyncpg.connect(alerts.db)
    try:
        assert await conn.fetchval("SELECT count(*) FROM calendar_overrides") == 0
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE topic = 'calendar.v1'") == 0
    finally:
        await conn.close()
