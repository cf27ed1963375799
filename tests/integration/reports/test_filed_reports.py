"""Issue 14, fix: a filed year report does not change when regenerated later. Filing stores the JSON
with its SHA-256 as a version; a later change to the read models changes the live report and a new
filing, never a filed version (the database refuses UPDATE and DELETE)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import asyncpg
import pytest


async def test_a_filed_report_is_kept_byte_for_byte_and_refiled_only_as_a_new_version(
    reports_app: Any, clean_reports: str, make_token: Any
) -> None:
    _, client = reports_app
    officer = {"Authorization": f"Bearer {make_token('town_officer', sub='officer-1')}"}
    first = await client.post("/v1/reports/annual/2022/filed", headers=officer, json={"note": "正式稿"})
    assert first.status_code == 201, first.text
    v1 = first.json()
    assert v1["version"] == 1
    got = await client.get("/v1/reports/annual/2022/filed/1", headers=officer)
    assert hashlib.sha256(got.content).hexdigest() == v1["sha256"] == got.headers["x-content-sha256"]

    # the read models move on (an alert of 2022 arrives late): the live report changes
    conn = await asyncpg.connect(clean_reports.replace("+asyncpg", ""))
    try:
        await conn.execute(
            "INSERT INTO rm_alerts (alert_id, external_id, source, village_code, alert_class, category, status, "
            "received_on, last_event_at) VALUES ($1, 'LATE-1', 'province', '430981101201', 'general_risk', "
            "'major_illness', 'pending_village', '2022-12-20', now())",
            uuid.uuid4(),
        )
        second = (await client.post("/v1/reports/annual/2022/filed", headers=officer)).json()
        assert second["version"] == 2 and second["sha256"] != v1["sha256"]
        again = await client.get("/v1/reports/annual/2022/filed/1", headers=officer)
        assert again.content == got.content  # version 1 as filed
        listed = (await client.get("/v1/reports/annual/2022/filed", headers=officer)).json()["items"]
        assert [(x["version"], x["filed_by"], x["note"]) for x in listed] == [
            (1, "officer-1", "正式稿"),
            (2, "officer-1", None),
        ]
        with pytest.raises(asyncpg.RaiseError, match="never changed"):
            await conn.execute("UPDATE filed_reports SET body = 'x' WHERE year = 2022")
        with pytest.raises(asyncpg.RaiseError):
            await conn.execute("DELETE FROM filed_reports")
    finally:
        await conn.close()
    viewer = {"Authorization": f"Bearer {make_token('county_viewer')}"}
    assert (await client.post("/v1/reports/annual/2022/filed", headers=viewer)).status_code == 403
    assert (await client.get("/v1/reports/annual/2022/filed/9", headers=officer)).status_code == 404
