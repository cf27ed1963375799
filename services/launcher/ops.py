"""`ruralwatch` commands for operators: migrate, rekey, the outboxes, purge, Kafka ACLs, event contracts."""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any


def _cmd_migrate(args: argparse.Namespace) -> int:
    from services.common.migrations import migrate_service
    from services.common.settings import dev_role_password, get_settings
    from services.launcher.devstack import ROOT, installed_services

    settings = get_settings()

    async def run() -> None:
        for name in args.services or installed_services():
            await migrate_service(
                settings.database_url,
                f"{settings.db_prefix}{name}",
                ROOT / "services" / name / "migrations",
                # each service's own role, with the password its containers get as RW_DB_PASSWORD
                role_password=os.environ.get(f"RW_DB_PASSWORD_{name.upper()}")
                or dev_role_password(f"{settings.db_prefix}{name}", settings.env),
            )
            print(f"migrated {settings.db_prefix}{name} (role {settings.db_prefix}{name})", flush=True)
        if args.topics:
            from services.common.events.topics import ALL_TOPICS
            from services.common.kafka import ensure_topics

            await ensure_topics(
                settings.kafka_bootstrap,
                ALL_TOPICS,
                partitions=args.partitions,
                replication=args.replication_factor,
                timeout=120,
            )
            print(f"topics ready on {settings.kafka_bootstrap}: {', '.join(ALL_TOPICS)}", flush=True)
            from services.common.kafka import apply_retention

            kept = await apply_retention(settings.kafka_bootstrap, ALL_TOPICS)
            print(f"finite retention on: {', '.join(kept) or 'none (see the log)'}", flush=True)

    asyncio.run(run())
    return 0


def _cmd_rekey(args: argparse.Namespace) -> int:
    """Re-encrypt every service's personal data with the current `RW_PII_KEY` (after a rotation)."""
    import importlib

    from services.common.db import Database
    from services.common.ids import PiiCipher
    from services.common.rekey import rekey
    from services.common.settings import get_settings
    from services.launcher.devstack import installed_services

    settings = get_settings()
    cipher = PiiCipher.from_settings(settings)

    async def run() -> None:
        for name in args.services or installed_services():
            columns = getattr(importlib.import_module(f"services.{name}.models"), "PII_COLUMNS", None)
            if not columns:
                continue
            db = Database(settings.service_database_url(name))

            def show(table: str, n: int, svc: str = name) -> None:
                print(f"\r{svc}.{table}: {n:,} rows", end="", flush=True)

            try:
                done = await rekey(db, cipher, columns, progress=show)
            finally:
                await db.dispose()
            print(f"\r{name}: {done}", flush=True)

    asyncio.run(run())
    return 0


def _cmd_outbox_resend(args: argparse.Namespace) -> int:
    """Publish again every event the services wrote since a moment (after a broker lost messages)."""
    from datetime import UTC, datetime

    from services.common.db import Database
    from services.common.outbox_admin import resend
    from services.common.settings import get_settings
    from services.launcher.devstack import installed_services

    try:
        since = datetime.fromisoformat(args.since)
    except ValueError:
        print(f"--since {args.since!r} is not an ISO 8601 time, e.g. 2026-11-29T08:00:00+00:00")
        return 2
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    settings = get_settings()

    async def run() -> None:
        for name in args.services or installed_services():
            db = Database(settings.service_database_url(name))
            try:
                n = await resend(db, since)
            finally:
                await db.dispose()
            print(f"{name}: {n:,} events marked for publishing again")

    asyncio.run(run())
    return 0


def _cmd_outbox_failed(args: argparse.Namespace) -> int:
    """The rows each service's relay set aside as unsendable; `retry` or `drop` them by id."""
    from services.common.db import Database
    from services.common.outbox_admin import drop_set_aside, retry_set_aside, set_aside_rows
    from services.common.settings import get_settings
    from services.launcher.devstack import installed_services

    settings = get_settings()
    if args.outbox_command in ("retry", "drop") and not args.all and not args.ids:
        print(f"ruralwatch outbox {args.outbox_command}: name the rows (--ids 12 13) or pass --all")
        return 2

    async def run() -> int:
        found = 0
        for name in args.services or installed_services():
            db = Database(settings.service_database_url(name))
            try:
                if args.outbox_command == "failed":
                    rows = await set_aside_rows(db)
                    found += len(rows)
                    for r in rows:
                        print(
                            f"{name} #{r['id']} {r['event_type']} key={r['key']} {r['bytes']:,} bytes, "
                            f"{r['attempts']} attempts, set aside {r['failed_at']:%Y-%m-%d %H:%M:%S}Z: {r['failure']}"
                        )
                elif args.outbox_command == "retry":
                    n = await retry_set_aside(db, None if args.all else args.ids)
                    found += n
                    print(f"{name}: {n} rows back in the queue")
                else:
                    ids = args.ids or [int(r["id"]) for r in await set_aside_rows(db)]
                    dropped = await drop_set_aside(db, ids)
                    found += len(dropped)
                    for d in dropped:
                        print(f"{name}: dropped #{d['id']} {d['event_type']} {d['event_id']} key={d['key']}")
            finally:
                await db.dispose()
        if args.outbox_command == "failed" and not found:
            print("no outbox rows are set aside")
        return 0

    return asyncio.run(run())


def _cmd_purge(args: argparse.Namespace) -> int:
    """Run the retention purge now (each service also runs it every RW_RETENTION_INTERVAL_SECONDS)."""

    from services.common.db import Database
    from services.common.retention import Horizons, purge
    from services.common.settings import get_settings
    from services.launcher.devstack import installed_services

    settings = get_settings()
    horizons = Horizons.from_settings(settings)

    async def run() -> None:
        for name in args.services or installed_services():
            db = Database(settings.service_database_url(name))
            started = time.perf_counter()

            def show(table: str, n: int, svc: str = name) -> None:
                print(f"\r{svc}.{table}: {n:,} rows deleted", end="", flush=True)

            try:
                done = await purge(db, horizons, service=name, progress=show)
            finally:
                await db.dispose()
            print(f"\r{name}: {done} in {time.perf_counter() - started:.1f}s", flush=True)

    asyncio.run(run())
    return 0


def _cmd_kafka_acls(args: argparse.Namespace) -> int:
    from services.common.kafka_acls import acl_script

    print(acl_script(), end="")
    return 0


def _cmd_contracts(args: argparse.Namespace) -> int:
    """Write contracts/, or with --check compare the code's contracts with the committed ones."""
    import json
    from pathlib import Path

    from services.common.events.codegen import schema_documents, write_contracts
    from services.common.events.compat import breaking_changes

    if not args.check:
        for path in write_contracts(args.out):
            print(f"wrote {path}")
        return 0
    committed = {
        p.name: json.loads(p.read_text(encoding="utf-8")) for p in Path(args.out, "schemas").glob("*.json")
    }
    generated = schema_documents()
    problems = [
        f"{name}: removed (a published event version cannot disappear)"
        for name in committed
        if name not in generated
    ]
    for name, old in sorted(committed.items()):
        if name in generated:
            problems += [f"{name}: {p}" for p in breaking_changes(old, generated[name])]
    stale = [n for n in generated if committed.get(n) != json.loads(json.dumps(generated[n], sort_keys=True))]
    for p in problems:
        print(f"breaking: {p}")
    if stale:
        print(f"not yet written (run `ruralwatch contracts`): {', '.join(sorted(stale))}")
    if not problems:
        print(f"{len(generated)} event schemas: no breaking change against {args.out}/")
    return 1 if problems else 0


def register(sub: Any) -> None:
    """The operators' commands on the `ruralwatch` parser."""
    p = sub.add_parser("migrate", help="create the services' databases and run their migrations")
    p.add_argument("--services", nargs="*")
    p.add_argument("--topics", action="store_true", help="also create every topic that is missing")
    p.add_argument("--partitions", type=int, default=6, help="partitions of a new topic (default 6)")
    p.add_argument("--replication-factor", type=int, default=1, help="replicas of a new topic (default 1)")
    p.set_defaults(func=_cmd_migrate)

    p = sub.add_parser(
        "rekey", help="re-encrypt personal data with the current RW_PII_KEY (RW_PII_PREVIOUS_KEYS still read)"
    )
    p.add_argument("--services", nargs="*")
    p.set_defaults(func=_cmd_rekey)

    p = sub.add_parser("outbox", help="the services' outboxes")
    outbox = p.add_subparsers(dest="outbox_command", required=True)
    p = outbox.add_parser(
        "resend", help="publish again every event written since a time (after the broker lost messages)"
    )
    p.add_argument("--since", required=True, help="ISO 8601 time; UTC when it has no offset")
    p.add_argument("--services", nargs="*")
    p.set_defaults(func=_cmd_outbox_resend)
    p = outbox.add_parser("failed", help="list the rows the relays set aside as unsendable")
    p.add_argument("--services", nargs="*")
    p.set_defaults(func=_cmd_outbox_failed)
    for verb, text_ in (("retry", "put set-aside rows back in the queue"), ("drop", "delete set-aside rows")):
        p = outbox.add_parser(verb, help=text_)
        p.add_argument("--ids", nargs="*", type=int, default=[], help="outbox row ids (from `outbox failed`)")
        p.add_argument("--all", action="store_true", help="every set-aside row")
        p.add_argument("--services", nargs="*")
        p.set_defaults(func=_cmd_outbox_failed)

    p = sub.add_parser(
        "purge", help="delete sent outbox rows, inbox rows and idempotency keys past retention"
    )
    p.add_argument("--services", nargs="*")
    p.set_defaults(func=_cmd_purge)

    p = sub.add_parser("kafka-acls", help="print the kafka-acls.sh commands of one principal per service")
    p.set_defaults(func=_cmd_kafka_acls)

    p = sub.add_parser("contracts", help="generate JSON Schemas and the AsyncAPI document")
    p.add_argument("--out", default="contracts")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 on a breaking change against --out (nested too)",
    )
    p.set_defaults(func=_cmd_contracts)
