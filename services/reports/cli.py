"""`ruralwatch reports …` (found by the common CLI)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any


def _context() -> Any:
    from services.common.db import Database
    from services.reports.config import get_reports_settings
    from services.reports.service import ReportsContext

    settings = get_reports_settings()
    return ReportsContext(db=Database(settings.service_database_url("reports")), settings=settings)


def _rebuild(_: argparse.Namespace) -> int:
    from services.reports.service import rebuild

    ctx = _context()
    started = time.perf_counter()

    def progress(n: int) -> None:
        sys.stderr.write(
            f"\rreplaying the topics: {n:,} events applied ({n / max(time.perf_counter() - started, 1e-6):,.0f}/s)"
        )
        sys.stderr.flush()

    async def run() -> Any:
        try:
            return await rebuild(ctx, progress=progress)
        finally:
            await ctx.db.dispose()

    result = asyncio.run(run())
    sys.stderr.write("\n")
    print(result)
    return 0


def _annual(args: argparse.Namespace) -> int:
    from services.reports.report import to_json
    from services.reports.service import annual_report

    ctx = _context()

    async def run() -> Any:
        try:
            return await annual_report(ctx, args.year)
        finally:
            await ctx.db.dispose()

    sys.stdout.write(to_json(asyncio.run(run())).decode() + "\n")
    return 0


def demo_play() -> int:
    """`ruralwatch demo`: play 2022 through the running services' REST APIs, then print the annual report."""
    import httpx

    from services.common.auth import mint_token
    from services.common.devstack import configured_ports
    from services.common.progress import bar
    from services.reports.play import EDUCATION, EMPLOYMENT, GENERAL, POLICY, Clients, play_2022
    from services.reports.report import to_json

    ports = configured_ports()
    started = time.perf_counter()

    def headers(role: str, villages: list[str] | None = None) -> dict[str, str]:
        token = mint_token(sub="demo-play", role=role, villages=villages or [], name="demo")
        return {"Authorization": f"Bearer {token}"}

    async def run() -> Any:
        async with (
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports['alerts']}", timeout=60) as al,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports['households']}", timeout=60) as hh,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports['reports']}", timeout=60) as rp,
        ):
            clients = Clients(al, hh, headers, progress=lambda stage, d, t: bar(stage, d, t, started))
            played = await play_2022(clients)
            print(played, flush=True)
            report: dict[str, Any] = {}
            want = {
                "alerts": sum(GENERAL.values()) + sum(POLICY.values()),
                "education": sum(sum(levels.values()) for levels in EDUCATION.values()),
                "jobs": sum(EMPLOYMENT.values()),
            }
            for _ in range(150):  # the reports service reads the events in; wait until it has seen the play
                r = await rp.get("/v1/reports/annual", headers=headers("town_officer"), params={"year": 2022})
                report = r.json()
                a = report.get("alerts_2022", {})
                seen = {
                    "alerts": a.get("total", 0) if a.get("open") == 0 else 0,
                    "education": sum(x["total"] for x in report.get("education_subsidies_2022", {}).values()),
                    "jobs": sum(report.get("employment_2022", {}).values()),
                }
                bar("the reports service catching up", sum(seen.values()), sum(want.values()), started)
                if seen == want:
                    break
                await asyncio.sleep(2)
            return report

    try:
        report = asyncio.run(run())
    except (RuntimeError, OSError) as exc:
        print(f"ruralwatch demo: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(to_json(report).decode() + "\n")
    return 0


def register(sub: Any, demo: Any) -> None:
    p = sub.add_parser("reports", help="reports service commands")
    rs = p.add_subparsers(dest="reports_command", required=True)
    r = rs.add_parser("rebuild", help="empty the read models and replay every topic from the start")
    r.set_defaults(func=_rebuild)
    a = rs.add_parser("annual", help="print the annual report of a year as JSON")
    a.add_argument("--year", type=int, required=True)
    a.set_defaults(func=_annual)
    play = demo.add_parser("play", help="play 2022 through the REST APIs, then print the annual report")
    play.set_defaults(func=lambda _args: demo_play())
