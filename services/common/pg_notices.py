"""Every process of a service hears a change another one committed: PostgreSQL's NOTIFY on a channel,
one LISTEN connection a process and channel, and a reload run after each notice.

The outbox relay wakes this way on other processes' commits (`rw_outbox`). The working-day calendar is
held in memory by each process (each web worker is a replica of its own). A change made through one of them, or taken from `calendar.v1` by the one member of the consumer group
that got it, reached the others only at their next SLA sweep (alerts, 60 s) or never until a restart
(households). Now the transaction that changes the calendar also sends `NOTIFY rw_calendar`, delivered
at its commit to every listening process, and each reloads the calendar from its own tables (the source
of truth; the notice carries nothing that matters).

A notice sent while a listener was disconnected is not kept anywhere, so every (re)connect runs the
reload once as well: after a database restart each process catches up by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import structlog

from services.common.db import Tx, driver_of
from services.common.redact import safe_error

log = structlog.get_logger(__name__)

CALENDAR_CHANNEL = "rw_calendar"  # the working-day calendar of this service's database changed
CHECK_SECONDS = 5.0  # how often an idle listener looks at its connection
RETRY_SECONDS = 2.0  # the pause before reconnecting


async def notify(tx: Tx, channel: str, payload: str = "") -> None:
    """Send `NOTIFY channel` in `tx`'s transaction: delivered when it commits, never if it rolls back."""
    await (await driver_of(tx)).execute("SELECT pg_notify($1, $2)", channel, payload)


async def listen(
    url: str,
    channel: str,
    reload: Callable[[], Awaitable[Any]],
    stop: asyncio.Event,
    *,
    retry_seconds: float = RETRY_SECONDS,
) -> None:
    """Run `reload` after every notice on `channel` and after every (re)connect, until `stop`. Notices
    that come while `reload` runs make one more run, not one each. A failed reload (the database went
    away) reconnects and runs it again."""
    url = url.replace("postgresql+asyncpg", "postgresql")
    failures = 0
    while not stop.is_set():
        conn: asyncpg.Connection | None = None
        try:
            conn = await asyncpg.connect(url, timeout=5)
            heard = asyncio.Event()
            await conn.add_listener(channel, _setter(heard))
            failures = 0
            heard.set()  # what changed while nobody listened
            while not stop.is_set() and not conn.is_closed():
                if heard.is_set():
                    heard.clear()
                    await reload()
                await _first(heard, stop, timeout=CHECK_SECONDS)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            failures += 1  # once an outage, not every retry of it
            (log.warning if failures == 1 else log.debug)(
                "listen_failed", channel=channel, error=safe_error(exc)
            )
        finally:
            if conn is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.close(), 2)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), retry_seconds)


def _setter(event: asyncio.Event) -> Callable[..., None]:
    """An asyncpg listener (connection, pid, channel, payload) that sets `event`."""
    return lambda *_: event.set()


async def _first(*events: asyncio.Event, timeout: float) -> None:
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()


def calendar_listener(url: str, reload: Callable[[], Awaitable[Any]]) -> Callable[[asyncio.Event], Any]:
    """The loop a service runs (ServiceSpec.workers) to reload its calendar when another process changed it."""
    return lambda stop: listen(url, CALENDAR_CHANNEL, reload, stop)
