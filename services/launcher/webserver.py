"""A service's web server: uvicorn, and with more than one worker process each worker listening on a socket
of its own (SO_REUSEPORT), so that the kernel spreads connections evenly between them.

uvicorn's own `--workers` has every worker accept from one shared socket, and asyncio accepts every
pending connection a wake-up finds: the first worker awake took 25 of the bench's 32 keep-alive
connections (7 for the other), and that worker's clients waited 120 ms per transition where the other's
waited 34 ms (2026-12-03, /tmp probe of the transitions row). With a socket per worker the kernel picks a
worker by the connection's address hash, as nginx's `reuseport` does.

The parent binds the port with SO_REUSEPORT and never listens on it: the port is held (a second
`ruralwatch serve` on it fails at once), bind errors show before a worker starts, and no connection
queues on a socket nobody accepts from. A worker that dies takes the connections still queued on its
own socket with it (they are reset, the clients retry); uvicorn's supervisor starts a replacement, which
opens its own socket.

Where the platform has no SO_REUSEPORT, or with one worker, this is plain `uvicorn.run`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import sys
import time
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import multiprocess


def reuse_port_supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _bound(host: str, port: int) -> socket.socket:
    """A socket bound to host:port with SO_REUSEPORT, not listening."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class _OwnSocketProcess(multiprocess.Process):
    """A uvicorn worker that serves on a listening socket of its own, bound to the parent's address, and
    evens out the keep-alive connections with its siblings (`Balancer`)."""

    loads: Any = None  # set by `serve` before the workers are made; pickled into each one at its spawn

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        self.loads = _OwnSocketProcess.loads  # an instance attribute, so that it travels to the child
        super().__init__(config, sockets)

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # pragma: no cover - in the child
        own = []
        for shared in sockets or []:
            host, port = shared.getsockname()[:2]
            own.append(_bound(host, port))
            shared.close()
        config, server, loads = self.config, self.server, self.loads
        load = config.load

        def load_balanced() -> None:
            load()
            config.loaded_app = Balancer(config.loaded_app, server, loads)

        config.load = load_balanced  # type: ignore[method-assign]
        super().target(own)


SLOTS = 64  # workers whose connection counts can be shared (pid, connections, updated at ms)
FRESH_MS = 5000  # a slot not updated for this long belongs to a worker that is gone or idle


class Balancer:
    """ASGI wrapper that answers `Connection: close` on a worker holding more keep-alive connections
    than its share, so that the client reconnects and the kernel hashes it anew.

    The kernel spreads new connections by a hash, not by load: 32 connections split 11/21 in one run
    (a binomial draw; a third of draws are 13/19 or worse), and the clients of the fuller worker waited
    twice as long (58 against 30 ms, 2026-12-03). Keep-alive connections live for hours behind a
    gateway, so the split would last. Each worker publishes its count in shared memory at most every
    50 ms; one holding more than ceil(total / workers) closes one connection after its next answer."""

    def __init__(self, app: Any, server: Any, loads: Any) -> None:
        self.app = app
        self.server = server
        self.loads = loads
        self.slot: int | None = None
        self.next_check = 0.0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self._over_share():
            await self.app(scope, receive, send)
            return

        async def send_closing(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, send_closing)

    def _over_share(self) -> bool:
        now = time.monotonic()
        if self.loads is None or now < self.next_check:
            return False
        self.next_check = now + 0.05
        mine = len(self.server.server_state.connections)
        now_ms = int(time.time() * 1000)
        with self.loads.get_lock():
            cells = self.loads.get_obj()
            if self.slot is None:
                self.slot = next(
                    (i for i in range(SLOTS) if not cells[3 * i] or now_ms - cells[3 * i + 2] > FRESH_MS), 0
                )
            cells[3 * self.slot : 3 * self.slot + 3] = [os.getpid(), mine, now_ms]
            counts = [
                cells[3 * i + 1]
                for i in range(SLOTS)
                if cells[3 * i] and now_ms - cells[3 * i + 2] <= FRESH_MS
            ]
        return len(counts) > 1 and mine > -(-sum(counts) // len(counts))


def serve(app: str, *, host: str, port: int, workers: int = 1, **kwargs: Any) -> None:
    """Serve the ASGI app factory `app` ("module:function") on host:port with `workers` processes."""
    if workers <= 1 or not reuse_port_supported():
        uvicorn.run(app, factory=True, host=host, port=port, workers=workers, **kwargs)
        return
    config = uvicorn.Config(app, factory=True, host=host, port=port, workers=workers, **kwargs)
    try:
        parent = _bound(host, port)
    except OSError as exc:
        print(f"ruralwatch: cannot bind {host}:{port}: {exc}", file=sys.stderr, flush=True)
        sys.exit(STARTUP_FAILURE)
    parent.set_inheritable(True)
    # uvicorn's supervisor makes its workers through this module-level name; tests/integration/launcher/
    # test_webserver.py checks that each worker still ends up with a listening socket of its own
    multiprocess.Process = _OwnSocketProcess  # type: ignore[misc]
    _OwnSocketProcess.loads = multiprocessing.get_context("spawn").Array("q", 3 * SLOTS)
    try:
        multiprocess.Multiprocess(config, sockets=[parent]).run()
    finally:
        parent.close()


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
