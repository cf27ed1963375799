"""`ruralwatch run` (what `make run` calls): everything comes up with the demo town loaded (27,718
households, the loan book), /readyz is 200, Ctrl-C leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import psutil

from services.common.auth import mint_token
from services.launcher.devstack import DEFAULT_PORTS, ROOT, free_port


def test_run_brings_up_the_system_and_ctrl_c_leaves_no_process() -> None:
    ports = {name: free_port() for name in DEFAULT_PORTS}  # never a port a user's `make run` holds
    port, kafka_port = ports["alerts"], free_port()
    env = {
        **os.environ,
        **{f"RW_{name.upper()}_PORT": str(p) for name, p in ports.items()},
        "RW_KAFKA_PORT": str(kafka_port),
        "RW_DB_PREFIX": "rwlaunch_",
        "RW_LOG_LEVEL": "WARNING",
    }
    env.pop("RW_KAFKA_BOOTSTRAP", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.launcher.cli", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    started: list[psutil.Process] = []
    output: list[str] = []
    try:
        deadline = time.monotonic() + 420  # seeding the town and its loan book: ~1 min alone, more under load
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            output.append(line)
            if "ruralwatch is up" in line or proc.poll() is not None:
                break
        assert any("ruralwatch is up" in line for line in output), "".join(output)
        r = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
        assert r.status_code == 200 and r.json()["checks"] == {"database": "ok", "broker": "ok"}
        # the demo town is there: the registry holds the whole town, the loans service its book
        officer = {"Authorization": f"Bearer {mint_token(sub='test', role='town_officer', villages=[])}"}
        stats = httpx.get(
            f"http://127.0.0.1:{ports['households']}/v1/households/stats", headers=officer, timeout=30
        )
        assert stats.status_code == 200, stats.text
        assert stats.json()["households"] == 27_718, stats.json()
        loans = httpx.get(f"http://127.0.0.1:{ports['loans']}/v1/loans", headers=officer, timeout=30)
        assert loans.status_code == 200 and loans.json()["items"], loans.text
        started = psutil.Process(proc.pid).children(recursive=True)
        names = " ".join(" ".join(p.cmdline()) for p in started)
        assert "uvicorn" in names and "tansu" in names
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
        rest = proc.stdout.read()
        assert "no process left behind" in rest, rest
    finally:
        if proc.poll() is None:
            proc.kill()
    time.sleep(0.5)
    alive = [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert alive == [], [p.cmdline() for p in alive]
    assert proc.returncode == 0
