"""Issue 11, hole 12 (the smaller items): security headers, rate limits on ID lookups and uploads,
trusted proxies, and a /readyz that names no exception."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

import httpx

from services.common.app import database_check
from services.common.db import Database
from services.common.settings import CommonSettings
from services.launcher.freeport import free_port


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_every_answer_carries_security_headers(
    households_app: Any, reports_app: Any, make_token: Any
) -> None:
    _, households = households_app
    r = await households.get("/v1/households", headers=_h(make_token("town_officer")))
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert r.headers["cache-control"] == "no-store"  # personal data is never cached
    r = await households.get("/v1/households")  # errors too
    assert r.status_code == 401 and r.headers["x-content-type-options"] == "nosniff"
    _, reports = reports_app
    page = await reports.get("/dashboard")
    csp = page.headers["content-security-policy"]
    assert "script-src 'sha256-" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp


async def test_id_lookups_and_uploads_are_rate_limited(
    households_settings: Any, clean_households: str, make_token: Any
) -> None:
    from services.households.app import create_app

    app = create_app(
        households_settings.model_copy(
            update={
                "lookup_burst": 3,
                "lookup_rate_per_minute": 1,
                "upload_burst": 2,
                "upload_rate_per_minute": 1,
            }
        )
    )
    h = _h(make_token("town_officer"))
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(app.router.lifespan_context(app))
        client = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://households")
        )
        codes = [
            (
                await client.post(
                    "/v1/households/search", headers=h, json={"id_number": "11010519491231002X"}
                )
            ).status_code
            for _ in range(5)
        ]
        assert codes == [404, 404, 404, 429, 429], codes
        limited = await client.post(
            "/v1/households/search", headers=h, json={"id_number": "11010519491231002X"}
        )
        assert (
            int(limited.headers["retry-after"]) >= 1
            and "ID-number lookups" in limited.json()["error"]["message"]
        )
        other = _h(make_token("town_officer", sub="someone-else"))
        assert (
            await client.post(
                "/v1/households/search", headers=other, json={"id_number": "11010519491231002X"}
            )
        ).status_code == 404  # per user
        uploads = [
            (await client.post("/v1/imports", headers=h, files={"file": ("m.csv", b"x\n")})).status_code
            for _ in range(3)
        ]
        assert uploads == [422, 422, 429], uploads


async def test_readyz_names_no_exception_and_proxies_are_not_trusted_by_default() -> None:
    db = Database(f"postgresql+asyncpg://nobody@127.0.0.1:{free_port()}/none", pool_size=1)
    try:
        assert await database_check(db, "head") == "unreachable"
    finally:
        await db.dispose()
    assert CommonSettings().forwarded_allow_ips == "127.0.0.1"
