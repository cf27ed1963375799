"""`ruralwatch`: run the system, mint dev tokens, migrate, generate contracts."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType
from typing import Any

from services.common.auth import Role, mint_token
from services.common.settings import InsecureSettingsError


def _cmd_token(args: argparse.Namespace) -> int:
    if args.role == Role.village_cadre.value and not args.village:
        print("a village_cadre token needs --village CODE (repeatable)", file=sys.stderr)
        return 2
    try:
        token = mint_token(
            sub=args.sub or f"dev-{args.role}",
            role=args.role,
            villages=args.village or [],
            name=args.name or "",
            ttl_seconds=args.ttl,
        )
    except ValueError as exc:
        print(f"ruralwatch token: {exc}", file=sys.stderr)
        return 2
    print(token)
    return 0


class _Stop(Exception):
    pass


def _cmd_run(args: argparse.Namespace) -> int:
    # the embedded default is a development system: its services may use the public dev secrets
    os.environ.setdefault("RW_ENV", "dev")
    from services.common.devstack import Stack, configured_ports, installed_services

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        raise _Stop(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    stack = Stack(
        db_prefix=os.environ.get("RW_DB_PREFIX", "ruralwatch_"),
        kafka_port=int(os.environ.get("RW_KAFKA_PORT", "9092")),
        ports=configured_ports(),
    )
    services = args.services or installed_services()
    try:
        print("ruralwatch: starting PostgreSQL and the broker ...", flush=True)
        stack.start_postgres()
        stack.start_broker()
        print("ruralwatch: migrating databases and creating topics ...", flush=True)
        stack.prepare(services)
        for name in services:
            print(f"ruralwatch: starting {name} ...", flush=True)
            stack.start_service(name)
        for name in services:
            stack.services[name].wait_ready()
        if "households" in services and not args.no_demo:
            print("ruralwatch: loading the demo town if the registry is empty ...", flush=True)
            seeded = subprocess.run(
                [sys.executable, "-m", "services.common.cli", "demo", "seed"], env=stack.env()
            )
            if seeded.returncode == 0:
                stack.notes.append("demo town: 泗湖山镇 (loaded into empty databases)")
            else:  # the services run anyway; the output above says what went wrong
                stack.notes.append(
                    f"demo town: seeding failed (exit {seeded.returncode}); see the output above"
                )
        print("\nruralwatch is up (Ctrl-C stops everything):\n", flush=True)
        print(stack.table(), flush=True)
        print(f"\ntoken: RW_ENV=dev {sys.argv[0]} token --role town_officer", flush=True)
        while True:
            for proc in stack.services.values():
                if proc.process is not None and proc.process.poll() is not None:
                    print(
                        f"ruralwatch: {proc.name} exited ({proc.process.returncode}); restarting; "
                        f"log {proc.log_path}",
                        flush=True,
                    )
                    proc.start()
            time.sleep(1)
    except _Stop as stop:
        print(f"\nruralwatch: {stop} received, stopping ...", flush=True)
        return 0
    except Exception as exc:
        print(f"ruralwatch: failed: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.stop()
        print("ruralwatch: stopped; no process left behind.", flush=True)


def _cmd_migrate(args: argparse.Namespace) -> int:
    from services.common.devstack import ROOT, installed_services
    from services.common.migrations import migrate_service
    from services.common.settings import dev_role_password, get_settings

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
    from services.common.devstack import installed_services
    from services.common.ids import PiiCipher
    from services.common.rekey import rekey
    from services.common.settings import get_settings

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


def _cmd_serve(args: argparse.Namespace) -> int:
    """One service in the foreground (the container's command): uvicorn on its configured port."""
    import uvicorn

    from services.common.devstack import configured_ports
    from services.common.settings import CommonSettings, require_secure

    settings = CommonSettings()
    require_secure(settings, what=f"ruralwatch serve {args.service}")

    uvicorn.run(
        f"services.{args.service}.app:create_app",
        factory=True,
        host=args.host,
        port=args.port or configured_ports()[args.service],
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        access_log=False,
        timeout_graceful_shutdown=10,
    )
    return 0


def _cmd_outbox_resend(args: argparse.Namespace) -> int:
    """Publish again every event the services wrote since a moment (after a broker lost messages)."""
    from datetime import UTC, datetime

    from services.common.db import Database
    from services.common.devstack import installed_services
    from services.common.outbox import resend
    from services.common.settings import get_settings

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
    from services.common.devstack import installed_services
    from services.common.outbox import drop_set_aside, retry_set_aside, set_aside_rows
    from services.common.settings import get_settings

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
    import time

    from services.common.db import Database
    from services.common.devstack import installed_services
    from services.common.retention import Horizons, purge
    from services.common.settings import get_settings

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


def _cmd_demo_seed(args: argparse.Namespace) -> int:
    """Each service's `cli.demo_seed()` in the launcher's order (households before loans)."""
    import importlib

    from services.common.devstack import installed_services

    order = sorted(installed_services(), key=lambda s: (s != "households", s))
    for name in order:
        if args.services and name not in args.services:
            continue
        try:
            module = importlib.import_module(f"services.{name}.cli")
        except ModuleNotFoundError:
            continue
        seed = getattr(module, "demo_seed", None)
        if seed is not None:
            print(f"demo seed: {name}", flush=True)
            code = int(seed())
            if code:
                return code
    return 0


def _cmd_demo_default(args: argparse.Namespace) -> int:
    """`ruralwatch demo` without a subcommand: the reports service's play of 2022, if installed."""
    import importlib

    try:
        module = importlib.import_module("services.reports.cli")
    except ModuleNotFoundError:
        print("ruralwatch demo: the reports service is not in this checkout; try `ruralwatch demo seed`")
        return 2
    return int(module.demo_play())


def _register_service_commands(sub: Any, demo: Any) -> None:
    """Each service may add commands in its own `cli.register(sub, demo)` (found by name, not imported here)."""
    import importlib

    from services.common.devstack import installed_services

    for name in installed_services():
        try:
            module = importlib.import_module(f"services.{name}.cli")
        except ModuleNotFoundError:
            continue
        module.register(sub, demo)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ruralwatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="start PostgreSQL, the broker and the services (Ctrl-C stops all)")
    p.add_argument("--services", nargs="*", help="which services (default: all in this checkout)")
    p.add_argument("--no-demo", action="store_true", help="do not load the demo town into an empty registry")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("token", help="mint a dev token signed with RW_AUTH_SECRET")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--village", action="append", help="village code (repeatable; required for village_cadre)")
    p.add_argument("--sub", help="user id (default dev-<role>)")
    p.add_argument("--name", help="display name")
    p.add_argument("--ttl", type=int, default=12 * 3600, help="seconds until expiry (default 12 h)")
    p.set_defaults(func=_cmd_token)

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

    p = sub.add_parser("serve", help="run one service in the foreground (containers)")
    p.add_argument("service", choices=["alerts", "households", "loans", "reports"])
    p.add_argument("--host", default="0.0.0.0")
    p.add_argument("--port", type=int, help="default: RW_<SERVICE>_PORT or the service's own port")
    p.set_defaults(func=_cmd_serve)

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

    demo_parser = sub.add_parser("demo", help="the demo town: `demo` plays 2022, `demo seed` loads the town")
    demo_parser.set_defaults(func=_cmd_demo_default)
    demo = demo_parser.add_subparsers(dest="demo_command")
    p = demo.add_parser(
        "seed", help="load the demo town into every empty service database (households, loans)"
    )
    p.add_argument("--services", nargs="*", help="only these services")
    p.set_defaults(func=_cmd_demo_seed)
    _register_service_commands(sub, demo)

    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except InsecureSettingsError as exc:
        print(f"ruralwatch: {exc}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    raise SystemExit(main())
