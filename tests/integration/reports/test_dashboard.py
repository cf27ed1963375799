"""The live dashboard in headless Chromium: the reports service serves `/dashboard` over HTTP, the page
reads the server-sent-event stream, and a count changes on the open page when an alert is verified
through the alerts API (alerts → broker → reports read models → stream → page). The screenshot is
saved as docs/dashboard.png."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.async_api import async_playwright, expect

from services.launcher.freeport import free_port
from tests.conftest import VILLAGE_CODES, feed_item, seed_villages_projection

CHROMIUM = "/usr/bin/chromium"
# the picture in the README; a run refreshes it only when asked (RW_SAVE_SCREENSHOT=1), so a test run
# leaves the tree clean and two xdist workers never write the same file
DOCS_SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "dashboard.png"
V = VILLAGE_CODES[4]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def reports_http(reports_settings: Any, clean_reports: str) -> AsyncIterator[str]:
    """The reports service served by uvicorn on a free port (lifespan on: its consumer runs)."""
    from services.reports.app import create_app

    port = free_port()
    settings = reports_settings.model_copy(update={"reports_dashboard_poll_seconds": 0.3})
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            timeout_graceful_shutdown=2,
        )
    )
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 20)


async def test_dashboard_count_changes_live_when_an_alert_is_verified(
    alerts_app: Any, clean_alerts: str, reports_http: str, make_token: Any, tmp_path: Path
) -> None:
    screenshot = tmp_path / "dashboard.png"
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)"
    await seed_villages_projection(clean_alerts)
    _, alerts = alerts_app
    integration = {"Authorization": f"Bearer {make_token('integration')}"}
    officer_token = make_token("town_officer")
    r = await alerts.post(
        "/v1/feeds",
        headers=integration,
        json={"batch_id": "DASH-1", "issued_on": "2022-03-01", "items": [feed_item(1, village=V)]},
    )
    assert r.json()["accepted"] == 1, r.text
    alert = (
        await alerts.get(
            "/v1/alerts",
            headers={"Authorization": f"Bearer {officer_token}"},
            params={"village_code": V},
        )
    ).json()["items"][0]

    # the page itself needs no token; its data does
    async with httpx.AsyncClient(base_url=reports_http) as http:
        page_html = await http.get("/dashboard")
        assert page_html.status_code == 200 and "text/html" in page_html.headers["content-type"]
        assert "http://" not in page_html.text.replace("http://www.w3.org", "")  # no CDN, works offline
        assert (await http.get("/v1/dashboard/summary")).status_code == 401

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 820})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            # the page runs under its own Content-Security-Policy: nothing of it may be blocked
            page.on(
                "console",
                lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
            )
            await page.goto(f"{reports_http}/dashboard#token={officer_token}")
            # the alert reaches the page through the broker and the stream
            # expect() polls from Playwright's own isolated world: the page's CSP (no eval) allows it
            await expect(page.locator("#count-pending_village")).to_have_text("1", timeout=60_000)
            assert await page.text_content("#count-village_verified") == "0"
            assert await page.get_attribute("#conn", "class") == "live"

            cadre = {"Authorization": f"Bearer {make_token('village_cadre', [V])}"}
            verified = await alerts.post(
                f"/v1/alerts/{alert['id']}/verification",
                headers=cadre,
                json={
                    "visited_on": "2022-03-02",
                    "reported_on": "2022-03-03",
                    "visitors": ["村支书"],
                    "finding": "no_risk",
                },
            )
            assert verified.status_code == 200, verified.text

            # no reload: the open page's counts move with the stream
            await expect(page.locator("#count-village_verified")).to_have_text("1", timeout=60_000)
            await expect(page.locator("#count-pending_village")).to_have_text("0", timeout=60_000)
            assert await page.text_content("#stage-town_review") == "1"
            assert "村级核实上报" in (
                await page.text_content("#events") or ""
            )  # alerts.alert.verified, in Chinese
            assert int(await page.text_content("#event-count") or "0") >= 1
            assert errors == []
            await page.screenshot(path=str(screenshot), full_page=True)
        finally:
            await browser.close()
    assert screenshot.stat().st_size > 10_000
    if os.environ.get("RW_SAVE_SCREENSHOT") == "1":
        shutil.copyfile(screenshot, DOCS_SCREENSHOT)

    # the dashboard's data is scoped like everything else: another village's cadre sees none of it
    async with httpx.AsyncClient(base_url=reports_http) as http:
        other = make_token("village_cadre", [VILLAGE_CODES[5]])
        mine = make_token("village_cadre", [V])
        theirs = (
            await http.get("/v1/dashboard/summary", headers={"Authorization": f"Bearer {other}"})
        ).json()
        ours = (await http.get("/v1/dashboard/summary", headers={"Authorization": f"Bearer {mine}"})).json()
    assert sum(theirs["alerts_by_status"].values()) == 0 and theirs["recent_events"] == []
    assert ours["alerts_by_status"]["village_verified"] == 1 and len(ours["recent_events"]) == 2
    assert {e["label"] for e in ours["recent_events"]} == {"收到省平台预警", "村级核实上报"}, ours[
        "recent_events"
    ]
