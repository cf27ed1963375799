"""A service's web server: uvicorn, and with more than one worker process, workers that take turns at
accepting so that each holds the same number of connections (within one).

Keep-alive clients (the bench's 32, a reverse proxy's pool) open their connections once, so whichever
worker accepts a connection serves it for its whole life. How connections are first dealt out decides
how evenly the workers are loaded:

- uvicorn's own `--workers` has every worker accept from one shared socket, and asyncio accepts every
  pending connection a wake-up finds: the first worker awake took 25 of 32 (2026-12-03);
- a socket per worker with SO_REUSEPORT (this module until 2026-12-03) lets the kernel pick by the
  connection's address hash: 12/20 and 13/19 in two draws, and the fuller worker's clients waited
  69 ms per transition where the other's waited 37 ms (`python -m bench.probe_tail`);
- here the workers share one listening socket and each accepts only while it holds no more connections
  than the least loaded live worker, from a table of counts in shared memory: 16/16.

The parent binds and listens (bind errors show before a worker starts; a second `ruralwatch serve` on
the port fails at once) and never accepts. A connection waits for a worker whose turn it is at most
`_PATIENCE` seconds; after that any worker takes it, so a stalled or dead worker never holds up others.
A worker that dies leaves its queued connections to the others (nothing is reset), and uvicorn's
supervisor starts a replacement, which takes the next connections until it has caught up.

With one worker, or off POSIX, this is plain `uvicorn.run`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import os
import socket
import sys
import time
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import multiprocess

from services.launcher.httpproto import CoalescingHttpToolsProtocol

logger = logging.getLogger("uvicorn.error")

_PATIENCE = 0.05  # s a pending connection waits for the worker whose turn it is
_POLL = 0.002  # s between looks at the table while another worker should accept


class ConnectionTable:
    """Each worker's open connections, in memory shared by the parent and its workers.

    A slot is [pid, count]. The parent deals slots out as it makes workers (a replacement reuses the
    slot of a worker that has exited; uvicorn's rolling restart holds old and new at once, hence twice
    as many slots as workers); the worker writes its pid and, on every accept and close, its count.
    """

    def __init__(self, workers: int) -> None:
        self.slots = 2 * workers + 1
        self.cells = multiprocessing.get_context("spawn").RawArray("q", 2 * self.slots)
        self.owners: list[Any] = [None] * self.slots  # the parent's Process per slot (not sent to workers)

    def __getstate__(self) -> dict[str, Any]:
        return {"slots": self.slots, "cells": self.cells, "owners": [None] * self.slots}

    def deal(self, owner: Any) -> int:
        """In the parent: a free slot for a new worker, emptied."""
        for slot, held in enumerate(self.owners):
            if held is None or held.process.exitcode is not None:
                self.owners[slot] = owner
                self.cells[2 * slot] = self.cells[2 * slot + 1] = 0
                return slot
        raise RuntimeError("no free worker slot")  # pragma: no cover - more live workers than 2 × workers + 1

    def claim(self, slot: int) -> None:
        self.cells[2 * slot + 1] = 0
        self.cells[2 * slot] = os.getpid()

    def release(self, slot: int) -> None:
        self.cells[2 * slot] = 0

    def publish(self, slot: int, count: int) -> None:
        self.cells[2 * slot + 1] = count

    def counts(self) -> dict[int, int]:
        """Live workers' pid → open connections."""
        found = {}
        for slot in range(self.slots):
            pid = self.cells[2 * slot]
            if pid and _alive(pid):
                found[pid] = self.cells[2 * slot + 1]
        return found

    def my_turn(self, slot: int) -> bool:
        """Whether the worker in `slot` holds no more connections than the least loaded other live one."""
        mine = self.cells[2 * slot + 1]
        me = self.cells[2 * slot]
        return all(mine <= count for pid, count in self.counts().items() if pid != me)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a pid reused by another user's process
        return False
    return True


class _TurnTakingServer(uvicorn.Server):
    """uvicorn's server with its own accept loop: uvicorn gets no socket (lifespan, the connection
    registry and the graceful shutdown stay uvicorn's), and connections reach its HTTP protocol through
    `loop.connect_accepted_socket`."""

    def __init__(self, config: uvicorn.Config, table: ConnectionTable, slot: int) -> None:
        super().__init__(config)
        self.table = table
        self.slot = slot
        self._accepting: list[asyncio.Task[None]] = []
        self._open = 0  # counted at accept, not at uvicorn's connection_made: the next look at the table
        # may come before that, and would see a stale count

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=[])
        self.table.claim(self.slot)
        for sock in sockets or []:
            sock.setblocking(False)
            self._accepting.append(asyncio.create_task(self._accept(sock)))

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.table.release(self.slot)
        for task in self._accepting:
            task.cancel()
        await asyncio.gather(*self._accepting, return_exceptions=True)
        await super().shutdown(sockets=sockets)

    def _count(self, change: int) -> None:
        self._open += change
        self.table.publish(self.slot, self._open)

    def _protocol(self) -> asyncio.Protocol:
        protocol = self.config.http_protocol_class(  # type: ignore[call-arg]
            config=self.config,
            server_state=self.server_state,
            app_state=self.lifespan.state,
            _loop=asyncio.get_running_loop(),
        )
        lost = protocol.connection_lost

        def connection_lost(exc: Exception | None) -> None:
            lost(exc)
            self._count(-1)

        protocol.connection_lost = connection_lost  # type: ignore[method-assign]
        return protocol

    async def _accept(self, sock: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await _readable(loop, sock)
            pending_since = time.monotonic()
            # the table is written by other processes: nothing to wait on but the clock
            while not self.table.my_turn(self.slot) and time.monotonic() - pending_since < _PATIENCE:  # noqa: ASYNC110
                await asyncio.sleep(_POLL)
            try:
                conn, _ = sock.accept()
            except (BlockingIOError, InterruptedError):
                continue  # another worker took it
            except OSError as exc:  # out of file descriptors and the like: back off, keep serving
                logger.error("accept failed: %s", exc)
                await asyncio.sleep(0.1)
                continue
            self._count(+1)
            conn.setblocking(False)
            task = asyncio.create_task(self._connect(conn))
            self.server_state.tasks.add(task)
            task.add_done_callback(self.server_state.tasks.discard)

    async def _connect(self, conn: socket.socket) -> None:
        try:
            await asyncio.get_running_loop().connect_accepted_socket(
                self._protocol, conn, ssl=self.config.ssl
            )
        except Exception as exc:  # a TLS handshake that fails, a client gone: never reached uvicorn
            logger.debug("connection dropped before it was served: %r", exc)
            conn.close()
            self._count(-1)


async def _readable(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> None:
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(sock.fileno(), wake)
    try:
        await ready
    finally:
        loop.remove_reader(sock.fileno())


class _TurnTakingProcess(multiprocess.Process):
    """A uvicorn worker whose server takes turns at accepting; `table` is set by `serve` in the parent."""

    table: ConnectionTable | None = None

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        assert self.table is not None
        self._table = self.table
        self._slot = self._table.deal(self)
        super().__init__(config, sockets)

    @property
    def server(self) -> uvicorn.Server:
        if self._server is None:
            self._server = _TurnTakingServer(self.config, self._table, self._slot)
        return self._server


def _listening(config: uvicorn.Config) -> socket.socket:
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((config.host, config.port))
        sock.listen(config.backlog)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve(app: str, *, host: str, port: int, workers: int = 1, **kwargs: Any) -> None:
    """Serve the ASGI app factory `app` ("module:function") on host:port with `workers` processes."""
    kwargs.setdefault("http", CoalescingHttpToolsProtocol)  # one write per answer (httpproto.py)
    if workers <= 1 or os.name != "posix":  # the turn table reads liveness with os.kill(pid, 0): POSIX only
        uvicorn.run(app, factory=True, host=host, port=port, workers=workers, **kwargs)
        return
    config = uvicorn.Config(app, factory=True, host=host, port=port, workers=workers, **kwargs)
    try:
        listener = _listening(config)
    except OSError as exc:
        print(f"ruralwatch: cannot listen on {host}:{port}: {exc}", file=sys.stderr, flush=True)
        sys.exit(STARTUP_FAILURE)
    # uvicorn's supervisor makes (and replaces) its workers through this module-level name;
    # tests/e2e/test_web_workers.py checks that the connections still come out even
    _TurnTakingProcess.table = ConnectionTable(workers)
    multiprocess.Process = _TurnTakingProcess  # type: ignore[misc]
    try:
        multiprocess.Multiprocess(config, sockets=[listener]).run()
    finally:
        listener.close()


def main(argv: list[str] | None = None) -> None:
    """`python -m services.launcher.webserver services.alerts.app:create_app --port N [--workers K]`: what
    the dev stack and the tests start (`ruralwatch serve` adds the production settings)."""
    parser = argparse.ArgumentParser(prog="python -m services.launcher.webserver")
    parser.add_argument("app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    serve(
        args.app,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
