"""What the alerts service's integration tests share: bearer headers and the app's client with the
villages seeded and a header for each role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import VILLAGE_CODES, seed_villages_projection

V1, V2 = VILLAGE_CODES[1], VILLAGE_CODES[2]


def bearer(token: str, **more: str) -> dict[str, str]:
    """Request headers carrying `token` (and any `more`)."""
    return {"Authorization": f"Bearer {token}", **more}


@pytest.fixture
async def api(alerts_app: Any, clean_alerts: str, make_token: Any) -> Any:
    """The alerts app's client: `officer`, `integration`, `auditor`, `cadre1` (village V1) and `cadre2`
    (V2) headers, and `db_url` for asyncpg."""
    await seed_villages_projection(clean_alerts)
    _, client = alerts_app
    client.officer = bearer(make_token("town_officer"))
    client.integration = bearer(make_token("integration"))
    client.auditor = bearer(make_token("auditor"))
    client.cadre1 = bearer(make_token("village_cadre", [V1]))
    client.cadre2 = bearer(make_token("village_cadre", [V2]))
    client.db_url = clean_alerts.replace("postgresql+asyncpg", "postgresql")
    return client
