"""`ruralwatch`: run the system, serve one service, mint dev tokens, the demo town (operators' commands
in `services.launcher.ops`)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType
from typing import Any, NoReturn

from services.common.auth import Role, mint_token
from services.common.settings import InsecureSettingsError
from services.launcher import ops


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


def _load_demo_town(stack: Any) -> None:
    print("ruralwatch: loading the demo town if the registry is empty ...", flush=True)
    seeded = subprocess.run([sys.executable, "-m", "services.launcher.cli", "demo", "seed"], env=stack.env())
    if seeded.returncode == 0:
        stack.notes.append("demo town: 泗湖山镇 (loaded into empty databases)")
    else:  # the services run anyway; the output above says what went wrong
        stack.notes.append(f"demo town: seeding failed (exit {seeded.returncode}); see the output above")


def _supervise(stack: Any) -> NoReturn:
    """Until a signal: a service process that exits is started again (its log says why it stopped)."""
    while True:
        for proc in stack.services.values():
            if proc.process is not None and proc.process.poll() is not None:
                print(
                    f"ruralwatch: {proc.name} exited ({proc.process.returncode}); restarting; log {proc.log_path}",
                    flush=True,
                )
                proc.start()
        time.sleep(1)


def _cmd_run(args: argparse.Namespace) -> int:
    # the embedded default is a development system: its services may use the public dev secrets
    os.environ.setdefault("RW_ENV", "dev")
    from services.common.ports import configured_ports
    from services.launcher.devstack import Stack, installed_services

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
            _load_demo_town(stack)
        print("\nruralwatch is up (Ctrl-C stops everything):\n", flush=True)
        print(stack.table(), flush=True)
        print(f"\ntoken: RW_ENV=dev {sys.argv[0]} token --role town_officer", flush=True)
        _supervise(stack)
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


def _cmd_serve(args: argparse.Namespace) -> int:
    """One service in the foreground (the container's command): uvicorn on its configured port."""
    from services.common.ports import configured_ports
    from services.common.settings import CommonSettings, require_secure
    from services.launcher.webserver import serve

    settings = CommonSettings()
    require_secure(settings, what=f"ruralwatch serve {args.service}")

    serve(
        f"services.{args.service}.app:create_app",
        host=args.host,
        port=args.port or configured_ports()[args.service],
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        access_log=False,
        timeout_graceful_shutdown=10,
        workers=settings.web_workers,
    )
    return 0


def _cmd_demo_seed(args: argparse.Namespace) -> int:
    """Each service's `cli.demo_seed()` in the launcher's order (households before loans)."""
    import importlib

    from services.launcher.devstack import installed_services

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
    """`ruralwatch demo` (or `demo play`): 2022 played through the generated clients, then the report."""
    from services.launcher.demo import demo_play

    return demo_play()


def _register_service_commands(sub: Any, demo: Any) -> None:
    """Each service may add commands in its own `cli.register(sub, demo)` (found by name, not imported here)."""
    import importlib

    from services.launcher.devstack import installed_services

    for name in installed_services():
        try:
            module = importlib.import_module(f"services.{name}.cli")
        except ModuleNotFoundError:
            continue
        module.register(sub, demo)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ruralwatch",
        description="ruralwatch: run the system, mint dev tokens, migrate, operate the outboxes, generate contracts.",
    )
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

    ops.register(sub)

    p = sub.add_parser("serve", help="run one service in the foreground (containers)")
    p.add_argument("service", choices=["alerts", "households", "loans", "reports"])
    p.add_argument("--host", default="0.0.0.0")
    p.add_argument("--port", type=int, help="default: RW_<SERVICE>_PORT or the service's own port")
    p.set_defaults(func=_cmd_serve)

    demo_parser = sub.add_parser("demo", help="the demo town: `demo` plays 2022, `demo seed` loads the town")
    demo_parser.set_defaults(func=_cmd_demo_default)
    demo = demo_parser.add_subparsers(dest="demo_command")
    p = demo.add_parser(
        "seed", help="load the demo town into every empty service database (households, loans)"
    )
    p.add_argument("--services", nargs="*", help="only these services")
    p.set_defaults(func=_cmd_demo_seed)
    p = demo.add_parser("play", help="play 2022 through the generated clients, then print the annual report")
    p.set_defaults(func=_cmd_demo_default)
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
