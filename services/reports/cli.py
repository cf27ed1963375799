"""`ruralwatch reports …` (found by the launcher's CLI): every command goes through the running reports
service's HTTP API (`--url`, `--token`), never straight to a database."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from services.common.cli_http import add_connection_arguments, call


def _rebuild(args: argparse.Namespace) -> int:
    print("rebuilding the read models in the running reports service (every topic from the start) ...")
    started = time.perf_counter()
    body = call(args, "reports", "POST", "/v1/admin/rebuild", role="admin").json()
    print(
        f"{body['events']:,} events replayed in {body['seconds']} s (waited {time.perf_counter() - started:.1f} s)"
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    """`reports annual|quarterly`: a report in any format, to stdout or --out."""
    if args.format in ("xlsx", "pdf") and not args.out:
        print(f"{args.format} is binary: give --out FILE", file=sys.stderr)
        return 2
    quarter = getattr(args, "quarter", None)
    path = "/v1/reports/quarterly" if quarter else "/v1/reports/annual"
    params = {"year": args.year, "quarter": quarter, "format": args.format, "lang": args.lang}
    data = call(args, "reports", "GET", path, role="town_officer", params=params).content
    if args.out:
        with open(args.out, "wb") as f:
            f.write(data)
        print(f"wrote {args.out} ({len(data):,} bytes)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data + (b"\n" if not data.endswith(b"\n") else b""))
    return 0


def _problems(args: argparse.Namespace) -> int:
    import orjson

    params: list[tuple[str, Any]] = [("year", args.year)]
    params += [("as_of", args.as_of)] if args.as_of else []
    params += [("village_code", v) for v in args.village or ()]
    params += [("detector", d) for d in args.detector or ()]
    r = call(args, "reports", "GET", "/v1/reports/problems", role="town_officer", params=params)
    body = r.json()
    if args.summary:
        for name, n in body["summary"].items():
            print(f"{name:32} {n:>6}")
        return 0
    sys.stdout.write(orjson.dumps(body, option=orjson.OPT_INDENT_2).decode() + "\n")
    return 0


def demo_play() -> int:
    """`ruralwatch demo`: play 2022 through the running services' REST APIs, then print the annual report."""
    import httpx

    from services.common.auth import mint_token
    from services.common.ports import configured_ports
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
    add_connection_arguments(r, "reports")
    r.set_defaults(func=_rebuild)
    for name, helptext in (
        ("annual", "the annual report of a year"),
        ("quarterly", "the report of one quarter"),
    ):
        a = rs.add_parser(name, help=f"{helptext} (json, md, xlsx or pdf)")
        a.add_argument("--year", type=int, required=True)
        if name == "quarterly":
            a.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), required=True)
        a.add_argument("--format", choices=("json", "md", "xlsx", "pdf"), default="json")
        a.add_argument("--lang", choices=("zh", "en"), default="zh")
        a.add_argument("--out", help="write to this file (needed for xlsx and pdf)")
        add_connection_arguments(a, "reports")
        a.set_defaults(func=_report)
    pr = rs.add_parser("problems", help="run the problem detectors for a year")
    pr.add_argument("--year", type=int, required=True)
    pr.add_argument("--as-of", help="YYYY-MM-DD (default: today, or the year's end if earlier)")
    pr.add_argument("--village", action="append", help="a village code (repeatable)")
    pr.add_argument("--detector", action="append", help="a detector name (repeatable)")
    pr.add_argument("--summary", action="store_true", help="only the count of each detector")
    add_connection_arguments(pr, "reports")
    pr.set_defaults(func=_problems)
    play = demo.add_parser("play", help="play 2022 through the REST APIs, then print the annual report")
    play.set_defaults(func=lambda _args: demo_play())
