"""`ruralwatch reports …` (found by the launcher's CLI): every command goes through the running reports
service's HTTP API (`--url`, `--token`), never straight to a database."""

from __future__ import annotations

import argparse
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
