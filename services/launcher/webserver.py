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
import socket
import sys
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
    """A uvicorn worker that serves on a listening socket of its own, bound to the parent's address."""

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # pragma: no cover - in the child
        own = []
        for shared in sockets or []:
            host, port = shared.getsockname()[:2]
            own.append(_bound(host, port))
            shared.close()
        super().target(own)


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
