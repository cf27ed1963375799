"""`ruralwatch run` (what `make run` calls): everything comes up, /readyz is 200, Ctrl-C leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import psutil

from services.common.devstack import ROOT, free_port


def test_run_brings_up_the_system_and_ctrl_c_leaves_no_process() -> None:
    port, kafka_port = free_port(), free_port()
    env = {
        **os.environ,
        "RW_ALERTS_PORT": str(port),
        "RW_KAFKA_PORT": str(kafka_port),
        "RW_DB_PREFIX": "rwlaunch_",
        "RW_LOG_LEVEL": "WARNING",
    }
    env.pop("RW_KAFKA_BOOTSTRAP", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.common.cli", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    started: list[psutil.Process] = []
    output: list[str] = []
    try:
        deadline = time.monotonic() + 120
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            output.append(line)
            if "ruralwatch is up" in line or proc.poll() is not None:
                break
        assert any("ruralwatch is up" in line for line in output), "".join(output)
        r = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
        assert r.status_code == 200 and r.json()["checks"] == {"database": "ok", "broker": "ok"}
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
