"""The dashboard's event stream (pure): a summary at once, then each new event and a fresh summary,
keep-alives while nothing happens, and an end when the client leaves."""

from __future__ import annotations

from typing import Any

import orjson

from services.reports.dashboard import sse, stream


def _summary(last: int) -> dict[str, Any]:
    events = [{"id": i, "event_type": f"e{i}"} for i in range(last, 0, -1)][:25]
    return {"last_event_id": last, "recent_events": events}


async def test_stream_sends_summary_then_new_events_in_order_then_stops() -> None:
    newest = iter([2, 5, 5])  # what each poll's cheap probe sees
    loads = {"n": 0}
    polls = {"n": 0}

    async def load() -> dict[str, Any]:
        loads["n"] += 1
        return _summary(2 if loads["n"] == 1 else 5)

    async def latest() -> int:
        return next(newest)

    async def disconnected() -> bool:
        polls["n"] += 1
        return polls["n"] > 3

    chunks = [
        c async for c in stream(load, latest, disconnected=disconnected, poll_seconds=0, heartbeat_seconds=0)
    ]
    kinds = [c.split(b"\n")[1] if c.startswith(b"id:") else c.split(b"\n")[0] for c in chunks]
    assert kinds[0] == b"retry: 3000"
    assert kinds[1:] == [
        b"event: summary",
        b": keep-alive",  # nothing new on the first poll
        b"event: event",
        b"event: event",
        b"event: event",
        b"event: summary",
        b": keep-alive",
    ]
    ids = [orjson.loads(c.split(b"data: ")[1])["id"] for c in chunks if b"event: event" in c]
    assert ids == [3, 4, 5]  # oldest first, nothing the client had already seen
    assert loads["n"] == 2  # the full summary only at the start and when something changed


def test_sse_frames_carry_id_event_and_json() -> None:
    assert sse("summary", {"a": 1}, 7) == b'id: 7\nevent: summary\ndata: {"a":1}\n\n'


async def test_stream_closes_when_the_token_expires() -> None:
    """Issue 11, hole 12: the token was checked once, when the stream opened, and never again."""
    clock = {"expired": False}

    async def load() -> dict[str, Any]:
        return _summary(1)

    async def latest() -> int:
        clock["expired"] = True  # the token runs out while the stream is open
        return 1

    async def never() -> bool:
        return False

    chunks = [
        c
        async for c in stream(
            load, latest, disconnected=never, expired=lambda: clock["expired"], poll_seconds=0
        )
    ]
    assert chunks[-1].startswith(b"event: expired")
    assert len(chunks) == 3  # retry, summary, expired: then the stream ends by itself
