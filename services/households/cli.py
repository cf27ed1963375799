"""`ruralwatch households import FILE` and `ruralwatch demo seed` (registered by the common CLI)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

from services.common.progress import bar


def _context() -> Any:
    from services.common.calendar import WorkingDayCalendar
    from services.common.db import Database
    from services.common.ids import PiiCipher
    from services.households.config import get_households_settings
    from services.households.context import HouseholdsContext

    settings = get_households_settings()
    return HouseholdsContext(
        db=Database(settings.service_database_url("households")),
        settings=settings,
        calendar=WorkingDayCalendar(),
        cipher=PiiCipher.from_settings(settings),
    )


def _import(args: argparse.Namespace) -> int:
    from services.common.tabular import TableFileError
    from services.households.importer import read_member_file
    from services.households.registry import import_members

    path = Path(args.file)
    try:
        rows = read_member_file(path.name, path.read_bytes())
    except (OSError, TableFileError) as exc:
        print(f"cannot read {path}: {exc}", file=sys.stderr)
        return 2
    ctx = _context()
    started = time.perf_counter()

    async def run() -> Any:
        try:
            return await import_members(
                ctx,
                rows,
                actor={"sub": "cli:households-import"},
                progress=lambda d, t: bar(f"importing {path.name}", d, t, started),
            )
        finally:
            await ctx.db.dispose()

    result = asyncio.run(run())
    print(
        f"new households {result.new_households}, members stored {result.stored_members}, "
        f"unchanged {result.unchanged}, rejected {len(result.rejected)}"
    )
    for r in result.rejected:
        print(f"  row {r.index + 2} ({r.household_code or '-'}): {'; '.join(r.errors)}")
    return 1 if result.rejected else 0


def demo_seed() -> int:
    """`ruralwatch demo seed`, households' part: the registry of the demo town.

    A registry that is already there (a kept database) but whose topic is empty (a broker that
    forgot, like the embedded one after a restart) is announced again, so the other services'
    projections fill up.
    """
    from services.common.events.topics import Topic
    from services.common.kafka import topic_message_count
    from services.households.demo import seed
    from services.households.events import republish_snapshot

    ctx = _context()
    started = time.perf_counter()

    async def run() -> Any:
        try:
            result = await seed(ctx, progress=lambda stage, d, t: bar(stage, d, t, started))
            if (
                not result["seeded"]
                and await topic_message_count(ctx.settings.kafka_bootstrap, Topic.HOUSEHOLDS) == 0
            ):
                sent = await republish_snapshot(
                    ctx,
                    {"sub": "system:demo-seed"},
                    progress=lambda d, t: bar("announcing the kept registry again", d, t, started),
                )
                result["republished_events"] = sent
            return result
        finally:
            await ctx.db.dispose()

    print(asyncio.run(run()))
    return 0


def _snapshot(_: argparse.Namespace) -> int:
    """Announce every village, household and current helper again (consumers take it as upserts)."""
    from services.households.events import republish_snapshot

    ctx = _context()
    started = time.perf_counter()

    async def run() -> int:
        try:
            return await republish_snapshot(
                ctx,
                {"sub": "system:snapshot"},
                progress=lambda d, t: bar("announcing the registry", d, t, started),
            )
        finally:
            await ctx.db.dispose()

    print(f"\n{asyncio.run(run()):,} events staged on the outbox")
    return 0


def register(sub: Any, demo: Any) -> None:
    p = sub.add_parser("households", help="households service commands")
    hs = p.add_subparsers(dest="households_command", required=True)
    snap = hs.add_parser("snapshot", help="announce the whole registry again on households.household.v1")
    snap.set_defaults(func=_snapshot)
    imp = hs.add_parser(
        "import", help="import households and members from CSV/XLSX (Chinese headers accepted)"
    )
    imp.add_argument("file")
    imp.set_defaults(func=_import)
