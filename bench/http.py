"""A lean HTTP/1.1 keep-alive client for the transition rows of the bench.

httpx spent about a millisecond of CPU a request in the bench process, on the same two cores as the
service it measures: the instrument was eating the figure. This one writes a request and reads the
status line, headers and a Content-Length body on one connection per client, nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import orjson


class Connection:
    """One keep-alive connection; `post_json` one request at a time."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, bool]:
        """The connection, and whether it was opened now (False: a kept-alive one, which the server may
        have closed while it was idle: uvicorn closes one after 5 s)."""
        if self._reader is None or self._writer is None or self._writer.is_closing() or self._reader.at_eof():
            await self.close()
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            return self._reader, self._writer, True
        return self._reader, self._writer, False

    async def post_json(self, path: str, body: object, headers: dict[str, str]) -> tuple[int, bytes]:
        try:
            return await self._post_json(path, body, headers, retry=True)
        except BaseException:
            await self.close()
            raise

    async def _post_json(
        self, path: str, body: object, headers: dict[str, str], *, retry: bool
    ) -> tuple[int, bytes]:
        reader, writer, fresh = await self._open()
        payload = orjson.dumps(body)
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Content-Type: application/json"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        head.append(f"Content-Length: {len(payload)}")
        try:
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
            status_line = await reader.readline()
        except (ConnectionResetError, BrokenPipeError):
            status_line = b""
        if not status_line:
            await self.close()
            if retry and not fresh:
                # a kept-alive connection the server closed before reading this request (nothing came
                # back): what every HTTP client does, send it once more on a new connection
                return await self._post_json(path, body, headers, retry=False)
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split(b" ", 2)[1])
        length, close = 0, False
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                raise ValueError("chunked responses are not expected from these routes")
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        data = await reader.readexactly(length) if length else b""
        if close:
            await self.close()
        return status, data

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None


PAUSE_NOTED = 0.005  # s: the client's collections longer than this are listed


@contextlib.contextmanager
def steady_client() -> Iterator[list[float]]:
    """The bench process's own heap frozen (gc.freeze) while it measures, as the services freeze theirs
    (services/common/app.py), and its collections over 5 ms listed in the list it yields.

    The bench imports much of services/ and the drivers; a full collection walked all of it while every
    client's request was in flight. One such pause of 110.6 ms in the closed-loop probe (2026-12-04)
    made all 32 requests of its 100 ms window slow at once, the run's worst window: the load generator's
    stall, counted as the service's latency."""
    gc.collect()
    gc.freeze()
    pauses: list[float] = []
    started = [0.0]

    def watch(phase: str, info: dict[str, Any]) -> None:
        now = time.perf_counter()
        if phase == "start":
            started[0] = now
        elif now - started[0] > PAUSE_NOTED:
            pauses.append(now - started[0])

    gc.callbacks.append(watch)
    try:
        yield pauses
    finally:
        gc.callbacks.remove(watch)
        gc.unfreeze()


async def verify_closed_loop(
    base_url: str,
    alert_ids: list[str],
    clients: int,
    body: object,
    headers: dict[str, str],
    pauses: list[float] | None = None,
) -> list[tuple[float, float, int]]:
    """`clients` keep-alive clients posting the village verification of `alert_ids` (each once), each
    client's next request as soon as its last is answered; every request's (start, end, client). The
    bench process's collections over 5 ms during the run are added to `pauses` (steady_client)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for alert_id in alert_ids:
        queue.put_nowait(alert_id)
    timings: list[tuple[float, float, int]] = []

    async def client(k: int) -> None:
        conn = Connection(base_url)
        try:
            while not queue.empty():
                alert_id = queue.get_nowait()
                started = time.perf_counter()
                status, data = await conn.post_json(f"/v1/alerts/{alert_id}/verification", body, headers)
                timings.append((started, time.perf_counter(), k))
                assert status == 200, data[:300]
        finally:
            await conn.close()

    with steady_client() as seen:
        await asyncio.gather(*(client(k) for k in range(clients)))
    if pauses is not None:
        pauses.extend(seen)
    return timings
