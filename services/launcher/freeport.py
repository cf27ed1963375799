"""Ports for the brokers and services the launcher and the tests start (see `free_port`)."""

from __future__ import annotations

import os
import random
import socket

_GIVEN: set[int] = set()
PORT_BLOCK = 1000


def free_port() -> int:
    """A port nothing listens on, for a broker or service this process starts a little later.

    Not the kernel's pick (`bind(0)`): that comes from the ephemeral range, where an outgoing connection
    can take it before the server binds, and two xdist workers asking at once can get the same one (a CI
    run had alerts and loans on one port: loans never started, and its readiness check was answered by
    alerts). So: below the ephemeral range (32768+ on Linux), in a block of ports of this xdist worker's
    own, and never twice in one process."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    n = int(worker[2:]) + 1 if worker[2:].isdigit() else 0
    low = 20_000 + (n % 12) * PORT_BLOCK
    rng = random.Random()
    for _ in range(500):
        port = rng.randrange(low, low + PORT_BLOCK)
        if port in _GIVEN:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _GIVEN.add(port)
        return port
    raise RuntimeError(f"no free port in {low}-{low + PORT_BLOCK - 1}")


__all__ = ["free_port"]
