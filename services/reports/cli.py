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


def register(sub: Any, demo: Any) -> None:
    p = sub.add_parser("reports", help="reports service commands")
    rs = p.add_subparsers(dest="reports_command", required=True)
    r = rs.add_parser("rebuild", help="empty the read models and replay every topic from the start")
    r.set_defaults(func=_rebuild)
    a = rs.add_parser("annual", help="print the annual report of a year as JSON")
    a.add_argument("--year", type=int, required=True)
    a.set_defaults(func=_annual)
