"""`ruralwatch loans …` and the loans part of `ruralwatch demo seed` (found by the common CLI)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from services.common.cli_http import add_connection_arguments, call
from services.common.progress import bar


def _context() -> Any:
    from services.common.db import Database
    from services.common.ids import PiiCipher
    from services.loans.config import get_loans_settings
    from services.loans.context import LoansContext

    settings = get_loans_settings()
    return LoansContext(
        db=Database(settings.service_database_url("loans")),
        settings=settings,
        cipher=PiiCipher.from_settings(settings),
    )


def demo_seed() -> int:
    """The demo loan book; needs the households service seeded and the loans service running."""
    from services.loans.demo import seed

    ctx = _context()
    started = time.perf_counter()

    async def run() -> Any:
        try:
            return await seed(ctx, progress=lambda stage, d, t: bar(stage, d, t, started))
        finally:
            await ctx.db.dispose()

    try:
        print(asyncio.run(run()))
    except RuntimeError as exc:
        print(f"\nloans demo seed: {exc}", file=sys.stderr)
        return 1
    return 0


def _subsidies(args: argparse.Namespace) -> int:
    out = call(
        args, "loans", "GET", "/v1/subsidies", role="county_viewer", params={"quarter": args.quarter}
    ).json()
    t = out["totals"]
    print(f"{out['quarter']} (settled {out['settlement_on']}): {t['people']} people, {t['subsidy']} yuan")
    return 0


def _daily(args: argparse.Namespace) -> int:
    out = call(
        args, "loans", "POST", "/v1/admin/jobs/daily", role="admin", params={"as_of": args.as_of}
    ).json()
    print(out)
    return 0


def register(sub: Any, demo: Any) -> None:
    p = sub.add_parser("loans", help="loans service commands")
    ls = p.add_subparsers(dest="loans_command", required=True)
    s = ls.add_parser(
        "subsidies", help="a quarter's interest subsidy totals (from the running loans service)"
    )
    s.add_argument("--quarter", required=True, help="e.g. 2022Q1")
    add_connection_arguments(s, "loans")
    s.set_defaults(func=_subsidies)
    d = ls.add_parser("daily-job", help="run overdue detection, reminders and subsidy settlement now")
    d.add_argument("--as-of", help="YYYY-MM-DD (default today)")
    add_connection_arguments(d, "loans")
    d.set_defaults(func=_daily)
