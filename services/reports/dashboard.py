"""The live ops dashboard: one summary query over the read models and a server-sent-event stream that
announces every new event the read models took in (from `rm_recent_events`) with a fresh summary."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.errors import error_body
from services.common.events.types import label_zh
from services.common.scope import villages_clause
from services.reports.sla import rate

PAGE = Path(__file__).parent / "static" / "dashboard.html"
STATUSES = ("pending_village", "village_verified", "town_reviewed", "closing", "closed")
STAGE_OF_STATUS = {
    "pending_village": "village_verification",
    "village_verified": "town_review",
    "town_reviewed": "close_out",
    "closing": "close_out",
}
RECENT = 25


async def summary(s: AsyncSession, *, villages: list[str] | None, today: date) -> dict[str, Any]:
    """Counts by status and stage, open and overdue by village, the on-time trend by month, the last events."""
    p = {"villages": villages or []}
    by_status = {st: 0 for st in STATUSES}
    for r in await s.execute(
        text(
            f"SELECT status, count(*) AS n FROM rm_alerts WHERE true{villages_clause('village_code', villages)} GROUP BY 1"
        ),
        p,
    ):
        by_status[r.status] = int(r.n)
    by_stage = {"village_verification": 0, "town_review": 0, "close_out": 0}
    for st, n in by_status.items():
        if st in STAGE_OF_STATUS:
            by_stage[STAGE_OF_STATUS[st]] += n
    trend = [
        {
            "month": r.month,
            "received": int(r.received),
            "closed": int(r.closed),
            "village_on_time_rate": rate(r.v_on, r.v_all),
            "town_on_time_rate": rate(r.t_on, r.t_all),
        }
        for r in await s.execute(
            text(
                "SELECT to_char(received_on, 'YYYY-MM') AS month, count(*) AS received, "
                "count(*) FILTER (WHERE status = 'closed') AS closed, "
                "count(*) FILTER (WHERE village_on_time) AS v_on, count(village_on_time) AS v_all, "
                "count(*) FILTER (WHERE town_on_time) AS t_on, count(town_on_time) AS t_all "
                f"FROM rm_alerts WHERE true{villages_clause('village_code', villages)} GROUP BY 1 ORDER BY 1 DESC LIMIT 12"
            ),
            p,
        )
    ][::-1]
    recent = [
        {
            "id": int(r.id),
            "at": r.at.isoformat(),
            "event_type": r.event_type,
            "label": label_zh(r.event_type),
            "aggregate_id": r.aggregate_id,
            "village_code": r.village_code,
        }
        for r in await s.execute(
            text(
                "SELECT id, at, event_type, aggregate_id, village_code FROM rm_recent_events "
                f"WHERE true{villages_clause('village_code', villages)} ORDER BY id DESC LIMIT {RECENT}"
            ),
            p,
        )
    ]
    villages_open = (
        await s.execute(
            text(
                "SELECT a.village_code, COALESCE(v.name, a.village_code) AS name, "
                "count(*) FILTER (WHERE a.status <> 'closed') AS open, "
                "count(*) FILTER (WHERE a.status <> 'closed' AND a.overdue) AS overdue "
                "FROM rm_alerts a LEFT JOIN rm_villages v ON v.code = a.village_code "
                f"WHERE true{villages_clause('a.village_code', villages)} GROUP BY 1, 2 "
                "HAVING count(*) FILTER (WHERE a.status <> 'closed') > 0 ORDER BY 4 DESC, 3 DESC, 1"
            ),
            p,
        )
    ).all()
    return {
        "today": today.isoformat(),
        "alerts_by_status": by_status,
        "open_by_stage": by_stage,
        "open_alerts": sum(by_stage.values()),
        "overdue_alerts": sum(int(r.overdue) for r in villages_open),
        "by_village": [
            {"village_code": r.village_code, "name": r.name, "open": int(r.open), "overdue": int(r.overdue)}
            for r in villages_open
        ],
        "sla_trend": trend,
        "recent_events": recent,
        "last_event_id": await last_event_id(s),
    }


async def last_event_id(s: AsyncSession) -> int:
    """The newest event the read models took in (the stream's cheap "anything new?" probe)."""
    return int((await s.execute(text("SELECT COALESCE(max(id), 0) FROM rm_recent_events"))).scalar_one())


def page_csp(page: str) -> str:
    """The dashboard page's Content-Security-Policy: its own inline scripts (by hash) and styles, data
    from this origin only, never framed."""
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def sse(event: str, data: Any, event_id: int | None = None) -> bytes:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: ".encode() + orjson.dumps(data) + b"\n\n"


async def stream(
    load: Callable[[], Awaitable[dict[str, Any]]],
    latest: Callable[[], Awaitable[int]],
    *,
    disconnected: Callable[[], Awaitable[bool]],
    expired: Callable[[], bool] = lambda: False,
    poll_seconds: float = 1.0,
    heartbeat_seconds: float = 15.0,
    after: int = 0,
) -> AsyncIterator[bytes]:
    """`summary` at once, then again with the new `event`s whenever the read models took in more; between
    changes each poll only asks for the newest event id (`latest`)."""
    yield b"retry: 3000\n\n"
    body = await load()
    yield sse("summary", body, body["last_event_id"])
    last, quiet = body["last_event_id"], 0.0
    while not await disconnected():
        await asyncio.sleep(poll_seconds)
        if expired():  # the token was checked once, when the stream opened: not enough for hours
            yield sse("expired", error_body("unauthorized", "token expired", zh="登录已过期，请重新登录"))
            return
        if await latest() != last:
            body = await load()
            for e in reversed([e for e in body["recent_events"] if e["id"] > max(last, after)]):
                yield sse("event", e, e["id"])
            yield sse("summary", body, body["last_event_id"])
            last, quiet = body["last_event_id"], 0.0
        else:
            quiet += poll_seconds
            if quiet >= heartbeat_seconds:
                yield b": keep-alive\n\n"
                quiet = 0.0
