"""A service with RW_WEB_WORKERS=2 (services/launcher/webserver.py): the workers take turns at accepting
from one listening socket, so keep-alive connections come out even between them; a worker that stalls
does not hold up new connections, and one that dies is replaced by one that takes its share again.
uvicorn's own shared socket gave one worker 25 of 32 connections; SO_REUSEPORT's hash gave 12/20."""

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


@pytest.fixture
def two_workers(e2e_stack: Stack, clean_alerts: str) -> Iterator[ServiceProcess]:
    stack = dataclasses.replace(e2e_stack, extra_env={**e2e_stack.extra_env, "RW_WEB_WORKERS": "2"})
    proc = stack.start_service("alerts")
    try:
        proc.wait_ready()
        yield proc
    finally:
        proc.stop()


def _workers(proc: ServiceProcess) -> list[psutil.Process]:
    """The serving workers: children of the service's process that hold the port's connections (the
    multiprocessing resource tracker is a child too, and never does)."""
    assert proc.process is not None
    found = []
    for child in psutil.Process(proc.process.pid).children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def _wait_for_workers(proc: ServiceProcess, n: int, gone: int = 0, timeout: float = 60) -> list[int]:
    """The pids of `n` workers that answer, none of them `gone`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = [w.pid for w in _workers(proc) if w.pid != gone]
        if len(pids) == n and all(_answers(proc) for _ in range(4)):
            return pids
        time.sleep(0.3)
    raise AssertionError(f"expected {n} workers, found {[w.pid for w in _workers(proc)]}")


def _wait_serving(proc: ServiceProcess, pids: list[int], timeout: float = 60) -> None:
    """Until every worker has finished its app's start-up and accepts: a worker still starting takes no
    connection, so a round of one connection per worker lands on each only once all of them serve."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        clients = _open(proc, len(pids))
        held = _held(proc, pids)
        for c in clients:
            c.close()
        if all(held.values()):
            _wait_closed(proc, pids)
            return
        time.sleep(0.2)
    raise AssertionError(f"not every worker of {pids} accepts")


def _wait_closed(proc: ServiceProcess, pids: list[int]) -> None:
    deadline = time.monotonic() + 10
    while any(_held(proc, pids).values()) and time.monotonic() < deadline:
        time.sleep(0.05)


def _answers(proc: ServiceProcess) -> bool:
    try:
        return httpx.get(f"{proc.url}/healthz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _open(proc: ServiceProcess, n: int) -> list[socket.socket]:
    """`n` keep-alive connections, opened at once, each then surely accepted (one request answered)."""
    clients = [socket.create_connection(("127.0.0.1", proc.port)) for _ in range(n)]
    for c in clients:
        c.settimeout(10)
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert c.recv(4096).startswith(b"HTTP/1.1 200")
    return clients


def _held(proc: ServiceProcess, pids: list[int]) -> dict[int, set[int]]:
    """Each worker → the client ports of the connections it holds."""
    return {
        pid: {
            conn.raddr.port
            for conn in psutil.Process(pid).net_connections(kind="tcp")
            if conn.status == psutil.CONN_ESTABLISHED and conn.laddr.port == proc.port
        }
        for pid in pids
    }


def test_connections_come_out_even_between_the_workers(two_workers: ServiceProcess) -> None:
    pids = _wait_for_workers(two_workers, 2)
    _wait_serving(two_workers, pids)
    for _ in range(3):  # three draws: a hash-spread socket comes out within one in ~7 % of cases
        clients = _open(two_workers, 32)
        try:
            held = {pid: len(ports) for pid, ports in _held(two_workers, pids).items()}
        finally:
            for c in clients:
                c.close()
        assert sum(held.values()) == 32, held
        assert max(held.values()) - min(held.values()) <= 2, held
        _wait_closed(two_workers, pids)  # the closes are seen before the next draw


def test_a_stalled_worker_does_not_hold_up_new_connections(two_workers: ServiceProcess) -> None:
    pids = _wait_for_workers(two_workers, 2)
    _wait_serving(two_workers, pids)
    clients = _open(two_workers, 16)
    try:
        held = _held(two_workers, pids)
        stalled, busy = pids
        for c in list(clients):  # the stalled worker left holding none: every new connection is its turn
            if c.getsockname()[1] in held[stalled]:
                c.close()
                clients.remove(c)
        time.sleep(0.3)
        os.kill(stalled, signal.SIGSTOP)
        try:
            started = time.monotonic()
            late = _open(two_workers, 4)
            waited = time.monotonic() - started
            try:
                assert not _held(two_workers, [stalled])[stalled]
                assert len(_held(two_workers, [busy])[busy]) == len(clients) + 4
            finally:
                for c in late:
                    c.close()
        finally:
            os.kill(stalled, signal.SIGCONT)
    finally:
        for c in clients:
            c.close()
    assert waited < 5, waited


def test_a_killed_worker_is_replaced_and_takes_its_share(two_workers: ServiceProcess) -> None:
    victim, survivor = _wait_for_workers(two_workers, 2)
    _wait_serving(two_workers, [victim, survivor])
    os.kill(victim, signal.SIGKILL)
    replacement = next(pid for pid in _wait_for_workers(two_workers, 2, gone=victim) if pid != survivor)
    _wait_serving(two_workers, [survivor, replacement])
    clients = _open(two_workers, 20)
    try:
        held = _held(two_workers, [survivor, replacement])
    finally:
        for c in clients:
            c.close()
    assert sum(len(p) for p in held.values()) == 20, held
    assert abs(len(held[replacement]) - len(held[survivor])) <= 2, {k: len(v) for k, v in held.items()}
