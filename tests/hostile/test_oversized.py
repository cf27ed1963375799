"""Oversized bodies and uploaded files are refused with 413 on every service, before any handler runs
and with nothing written (a small RW_MAX_BODY_BYTES so the test stays small)."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

import asyncpg
import httpx
import pytest

LIMIT = 4096


async def _app(service: str, settings: Any) -> Any:
    import importlib

    return importlib.import_module(f"services.{service}.app").create_app(
        settings.model_copy(update={"max_body_bytes": LIMIT})
    )


@pytest.mark.parametrize(
    ("service", "method", "path", "kind"),
    [
        ("alerts", "POST", "/v1/feeds", "json"),
        ("alerts", "POST", "/v1/feeds/upload", "file"),
        ("households", "POST", "/v1/imports", "file"),
        ("households", "PUT", "/v1/projects", "json"),
        ("loans", "POST", "/v1/loans", "json"),
        ("reports", "POST", "/v1/no-such-route", "json"),  # the limit comes before routing
    ],
)
async def test_over_the_limit_is_413_and_nothing_is_written(
    service: str,
    method: str,
    path: str,
    kind: str,
    make_token: Any,
    alerts_settings: Any,
    households_settings: Any,
    loans_settings: Any,
    reports_settings: Any,
    clean_alerts: str,
    clean_households: str,
    clean_loans: str,
    clean_reports: str,
) -> None:
    settings = {
        "alerts": alerts_settings,
        "households": households_settings,
        "loans": loans_settings,
        "reports": reports_settings,
    }[service]
    db_url = {
        "alerts": clean_alerts,
        "households": clean_households,
        "loans": clean_loans,
        "reports": clean_reports,
    }[service]
    app = await _app(service, settings)
    token = {"Authorization": f"Bearer {make_token('admin' if service == 'reports' else 'town_officer')}"}
    if service == "alerts":
        token = {"Authorization": f"Bearer {make_token('integration')}"}
    big = b"x" * (LIMIT + 1)
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(app.router.lifespan_context(app))
        client = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        )
        if kind == "file":
            r = await client.post(path, headers=token, files={"file": ("big.csv", big, "text/csv")})
        else:
            r = await client.request(
                method,
                path,
                headers={**token, "Content-Type": "application/json"},
                content=b'{"pad": "' + big + b'"}',
            )
        assert r.status_code == 413, r.text
        assert r.json()["error"]["code"] == "payload_too_large"
        assert str(LIMIT) in r.json()["error"]["message"]
        # the same request within the limit is not a 413 (the limit, not the route, refused it)
        small = await client.request(
            method, path, headers={**token, "Content-Type": "application/json"}, content=b"{}"
        )
        assert small.status_code != 413
    conn = await asyncpg.connect(db_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        assert await conn.fetchval("SELECT count(*) FROM outbox") == 0
    finally:
        await conn.close()
