"""`ruralwatch demo`: play 2022 against the running services, then print the annual report.

Everything goes through the clients generated from the OpenAPI documents (`clients/`), the reports
service's annual report included.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

import httpx

from clients.reports import Client as ReportsClient
from clients.reports.api.reports import annual
from services.common.auth import mint_token
from services.common.ports import configured_ports
from services.common.progress import bar
from services.launcher.calls import Clients
from services.launcher.play import EDUCATION, EMPLOYMENT, GENERAL, POLICY, play_2022
from services.reports.report import to_json

WANT = {
    "alerts": sum(GENERAL.values()) + sum(POLICY.values()),
    "education": sum(sum(levels.values()) for levels in EDUCATION.values()),
    "jobs": sum(EMPLOYMENT.values()),
}


def _headers(role: str, villages: list[str] | None = None) -> dict[str, str]:
    token = mint_token(sub="demo-play", role=role, villages=villages or [], name="demo")
    return {"Authorization": f"Bearer {token}"}


def _seen(report: dict[str, Any]) -> dict[str, int]:
    a = report.get("alerts_2022", {})
    return {
        "alerts": a.get("total", 0) if a.get("open") == 0 else 0,
        "education": sum(x["total"] for x in report.get("education_subsidies_2022", {}).values()),
        "jobs": sum(report.get("employment_2022", {}).values()),
    }


async def _caught_up(reports: ReportsClient, started: float) -> dict[str, Any]:
    """The annual report once the reports service has read the whole play in (or after 5 minutes)."""
    report: dict[str, Any] = {}
    for _ in range(150):
        answer = await annual.asyncio_detailed(client=reports, year=2022)
        if int(answer.status_code) != 200:
            raise RuntimeError(
                f"the annual report answered {int(answer.status_code)}: {answer.content[:300]!r}"
            )
        parsed = answer.parsed
        report = parsed.to_dict() if parsed is not None else {}
        seen = _seen(report)
        bar("the reports service catching up", sum(seen.values()), sum(WANT.values()), started)
        if seen == WANT:
            break
        await asyncio.sleep(2)
    return report


def demo_play() -> int:
    ports = configured_ports()
    started = time.perf_counter()

    async def run() -> dict[str, Any]:
        async with (
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports['alerts']}", timeout=60) as al,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports['households']}", timeout=60) as hh,
        ):
            clients = Clients(al, hh, _headers, progress=lambda stage, d, t: bar(stage, d, t, started))
            print(await play_2022(clients), flush=True)
            reports = ReportsClient(
                base_url=f"http://127.0.0.1:{ports['reports']}", timeout=httpx.Timeout(60)
            )
            reports = reports.with_headers(_headers("town_officer"))
            async with reports as client:
                return await _caught_up(client, started)

    try:
        report = asyncio.run(run())
    except (RuntimeError, OSError) as exc:
        print(f"ruralwatch demo: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(to_json(report).decode() + "\n")
    return 0
