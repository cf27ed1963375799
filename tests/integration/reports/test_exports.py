"""File exports are rate-limited per user (429 with Retry-After and the limit in the details); JSON
reads are not; another user has a budget of their own."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def reports_settings(reports_settings: Any) -> Any:
    return reports_settings.model_copy(update={"export_burst": 2, "export_rate_per_minute": 1.0})


async def test_exports_are_rate_limited_per_user(reports_app: Any, make_token: Any) -> None:
    _, client = reports_app
    one = {"Authorization": f"Bearer {make_token('town_officer', sub='officer-1')}"}
    two = {"Authorization": f"Bearer {make_token('town_officer', sub='officer-2')}"}
    xlsx = {"year": 2022, "format": "xlsx"}
    assert [
        (await client.get("/v1/reports/annual", headers=one, params=xlsx)).status_code for _ in range(2)
    ] == [
        200,
        200,
    ]
    r = await client.get("/v1/reports/quarterly", headers=one, params={**xlsx, "quarter": 1})
    assert r.status_code == 429, r.text
    assert int(r.headers["Retry-After"]) >= 1
    assert r.json()["error"]["code"] == "rate_limited" and "per minute" in r.json()["error"]["details"][0]
    assert (await client.get("/v1/reports/annual", headers=one, params={"year": 2022})).status_code == 200
    assert (await client.get("/v1/reports/annual", headers=two, params=xlsx)).status_code == 200
