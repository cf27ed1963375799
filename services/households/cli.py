"""`ruralwatch households import FILE` (through the running service's API), `households snapshot` and
`ruralwatch demo seed` (operator commands on the service's own database, like `migrate`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

from services.common.cli_http import add_connection_arguments, call
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
    """Upload the file to the running households service (`POST /v1/imports`) and follow the job."""
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"cannot read {path}: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    job = call(
        args, "households", "POST", "/v1/imports", role="town_officer", files={"file": (path.name, data)}
    )
    poll = job.json()["poll"]
    while True:
        status = call(args, "households", "GET", poll, role="town_officer").json()
        bar(f"importing {path.name}", status["processed_rows"], max(status["total_rows"], 1), started)
        if status["status"] in ("done", "failed"):
            break
        time.sleep(1.0)
    if status["status"] == "failed":
        print(f"\nthe import failed: {status['error']}", file=sys.stderr)
        return 1
    print(
        f"\nnew households {status['new_households']}, members stored {status['stored_members']}, "
        f"unchanged {status['unchanged_rows']}, rejected {len(status['rejected'])}"
    )
    for r in status["rejected"]:
        print(f"  row {r['row']} ({r['household_code'] or '-'}): {'; '.join(r['errors'])}")
    return 1 if status["rejected"] else 0


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
    add_connection_arguments(imp, "households")
    imp.set_defaults(func=_import)
