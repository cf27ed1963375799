"""The demo play's calls: the generated clients per role over one connection pool, and the helpers that
run many calls with a bound on concurrency, a progress line and the answers a replay may get (409)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx

from clients.alerts import Client as AlertsClient
from clients.households import Client as HouseholdsClient


@dataclass
class Clients:
    """Where the services are (an httpx client each: its transport and base URL) and who calls them."""

    alerts: httpx.AsyncClient
    households: httpx.AsyncClient
    headers: Callable[..., dict[str, str]]  # headers(role, villages=None)
    progress: Callable[[str, int, int], Any] = field(default=lambda *_: None)
    _made: dict[tuple[str, str, tuple[str, ...]], Any] = field(default_factory=dict)

    def _as(self, service: str, kind: type[Any], role: str, villages: list[str] | None) -> Any:
        key = (service, role, tuple(villages or ()))
        if key not in self._made:
            base: httpx.AsyncClient = getattr(self, service)
            client = kind(base_url=str(base.base_url), raise_on_unexpected_status=False)
            client.set_async_httpx_client(
                httpx.AsyncClient(
                    transport=base._transport,  # one connection pool (or one ASGI app) for every role
                    base_url=base.base_url,
                    headers=self.headers(role, villages),
                    timeout=base.timeout,
                )
            )
            self._made[key] = client
        return self._made[key]

    def alerts_as(self, role: str, villages: list[str] | None = None) -> AlertsClient:
        client: AlertsClient = self._as("alerts", AlertsClient, role, villages)
        return client

    def households_as(self, role: str, villages: list[str] | None = None) -> HouseholdsClient:
        client: HouseholdsClient = self._as("households", HouseholdsClient, role, villages)
        return client


async def gather(jobs: list[Callable[[], Awaitable[Any]]], limit: int = 8) -> list[Any]:
    sem = asyncio.Semaphore(limit)

    async def run(job: Callable[[], Awaitable[Any]]) -> Any:
        async with sem:
            return await job()

    return await asyncio.gather(*(run(j) for j in jobs))


async def post_all(
    c: Clients, stage: str, jobs: list[Callable[[], Awaitable[Any]]], *, every: int, limit: int = 8
) -> None:
    """Run record-creating calls (409 = already there, from an earlier play) with a progress line."""
    done = 0

    async def run(job: Callable[[], Awaitable[Any]]) -> None:
        nonlocal done
        ok(await job(), 409)
        done += 1
        if done % every == 0 or done == len(jobs):
            c.progress(stage, done, len(jobs))

    await gather([partial(run, job) for job in jobs], limit=limit)


def ok(r: Any, *allowed: int) -> Any:
    """The parsed answer of a generated client's call (a `Response`), or why it failed."""
    if int(r.status_code) not in (200, 201, 202, *allowed):
        raise RuntimeError(f"answered {int(r.status_code)}: {r.content[:500].decode(errors='replace')}")
    return r.parsed


async def pages(call: Callable[..., Awaitable[Any]], **params: Any) -> list[dict[str, Any]]:
    """Every item of a listing, page by page (a generated `asyncio_detailed` with its client bound)."""
    out: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        page = ok(await call(**params, limit=500, cursor=cursor))
        out += [item.to_dict() for item in page.items]
        cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
        if not cursor:
            return out


# --------------------------------------------------------------------------- alerts


__all__ = ["Clients", "gather", "ok", "pages", "post_all"]
