"""A service with RW_WEB_WORKERS=2 (services/launcher/webserver.py): each worker listens on a socket of
its own, the kernel spreads connections between them, and a worker that dies is replaced by one that
opens its own socket again. With uvicorn's shared socket one worker took 25 of 32 connections."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import time
from collections.abc import Iterator

import httpx
import psutil
import pytest

from services.launcher.devstack import ServiceProcess, Stack
from services.launcher.webserver import reuse_port_supported

pytestmark = pytest.mark.skipif(not reuse_port_supported(), reason="SO_REUSEPORT spreads load on Linux only")


@pytest.fixture
def two_workers(e2e_stack: Stack, clean_alerts: str) -> Iterator[ServiceProcess]:
    stack = dataclasses.replace(e2e_stack, extra_env={**e2e_stack.extra_env, "RW_WEB_WORKERS": "2"})
    proc = stack.start_service("alerts")
    try:
        proc.wait_ready()
        yield proc
    finally:
        proc.stop()


def _listeners(proc: ServiceProcess) -> dict[int, int]:
    """Each worker's pid → the inode of the socket it listens on (the parent holds a bound, not
    listening, one)."""
    assert proc.process is not None
    found: dict[int, int] = {}
    for child in psutil.Process(proc.process.pid).children(recursive=True):
        try:  # a worker dying or being born meanwhile is simply not counted this time
            for conn in child.net_connections(kind="tcp"):
                if conn.status == psutil.CONN_LISTEN and conn.laddr.port == proc.port:
                    found[child.pid] = os.stat(f"/proc/{child.pid}/fd/{conn.fd}").st_ino
        except (psutil.NoSuchProcess, FileNotFoundError, ProcessLookupError):
            continue
    return found


def _wait_for_workers(proc: ServiceProcess, n: int, timeout: float = 60) -> dict[int, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _listeners(proc)
        if len(found) == n:
            return found
        time.sleep(0.2)
    raise AssertionError(f"expected {n} listening workers, found {_listeners(proc)}")


def test_each_worker_listens_on_its_own_socket_and_gets_its_share(two_workers: ServiceProcess) -> None:
    listeners = _wait_for_workers(two_workers, 2)
    assert len(set(listeners.values())) == 2, listeners  # two sockets, not one shared

    clients = [socket.create_connection(("127.0.0.1", two_workers.port)) for _ in range(32)]
    try:
        for c in clients:  # a request on each, so that each connection has surely been accepted
            c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert c.recv(4096).startswith(b"HTTP/1.1 200")
        held = {
            pid: sum(
                1
                for conn in psutil.Process(pid).net_connections(kind="tcp")
                if conn.status == psutil.CONN_ESTABLISHED and conn.laddr.port == two_workers.port
            )
            for pid in listeners
        }
    finally:
        for c in clients:
            c.close()
    assert sum(held.values()) == 32, held
    # spread by the kernel's hash of each connection: fewer than 4 of 32 on one worker has a chance of
    # about 2 in a million; uvicorn's shared socket gave one worker 7 and the other 25, or all of them
    assert min(held.values()) >= 4, held


def test_a_killed_worker_is_replaced_with_a_socket_of_its_own(two_workers: ServiceProcess) -> None:
    before = _wait_for_workers(two_workers, 2)
    victim = next(iter(before))
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 60
    after = _listeners(two_workers)
    while (victim in after or len(after) < 2) and time.monotonic() < deadline:
        time.sleep(0.3)
        after = _listeners(two_workers)
    assert victim not in after and len(after) == 2, after
    assert len(set(after.values())) == 2, after
    for _ in range(20):  # both workers answer: no connection lands on a socket nobody accepts from
        assert httpx.get(f"{two_workers.url}/healthz", timeout=5).status_code == 200
