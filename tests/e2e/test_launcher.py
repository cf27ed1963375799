"""`ruralwatch run` (what `make run` calls): everything comes up with the demo town loaded (27,718
households, the loan book), /readyz is 200, Ctrl-C leaves nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import psutil

from services.common.auth import mint_token
from services.common.demo_town import VILLAGES
from services.common.ids import make_id_number
from services.common.migrations import drop_database
from services.launcher.devstack import DEFAULT_PORTS, ROOT, Stack
from services.launcher.freeport import free_port


def _readme_commands_work_against_the_stack(env: dict[str, str], tmp: Path, figures: dict[str, Any]) -> None:
    """The README's `ruralwatch …` commands, run as a user runs them beside `make run`: they find the
    services by their ports and go through the HTTP APIs (no database URL involved)."""

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "services.launcher.cli", *argv],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"ruralwatch {' '.join(argv)}: {done.stdout[-800:]} {done.stderr[-800:]}"
        return done

    token = cli("token", "--role", "town_officer").stdout.strip().splitlines()[-1]
    assert token.count(".") == 2, token
    q1 = figures["loans_2022"]["interest_subsidy"]["Q1"]
    out = cli("loans", "subsidies", "--quarter", "2022Q1").stdout
    assert f"{q1['people']} people, {q1['yuan']:.2f} yuan" in out, out
    summary = cli("reports", "problems", "--year", "2022", "--as-of", "2022-12-31", "--summary").stdout
    assert "rain_and_dew_omission" in summary and "helper_missed_visit" in summary, summary
    markdown = cli("reports", "annual", "--year", "2022", "--format", "md").stdout
    assert "雨露计划" in markdown, markdown[:500]
    pdf = tmp / "report-2022.pdf"
    cli("reports", "annual", "--year", "2022", "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    village = VILLAGES[0][0]
    member = make_id_number("110101", date(1980, 5, 5), 901)  # another county: no demo member has it
    members = tmp / "members.csv"
    members.write_text(
        f"户编号,村代码,住址,是否脱贫户,姓名,身份证号,与户主关系,劳动能力\nLAUNCH-1,{village},一组,是,测试人,{member},户主,是\n",
        encoding="utf-8-sig",
    )
    imported = cli("households", "import", str(members)).stdout
    assert "rejected 0" in imported, imported


def test_run_brings_up_the_system_and_ctrl_c_leaves_no_process(
    tmp_path: Path, figures_2022: dict[str, Any], stack: Stack
) -> None:
    # a bare machine: no database of an earlier run (on a kept PostgreSQL the last run's import would
    # still be there, and the seed skipped)
    for name in DEFAULT_PORTS:
        asyncio.run(drop_database(stack.database_url, f"rwlaunch_{name}"))
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
        _readme_commands_work_against_the_stack(env, tmp_path, figures_2022)
        started = psutil.Process(proc.pid).children(recursive=True)
        names = " ".join(" ".join(p.cmdline()) for p in started)
        assert "services.launcher.webserver" in names and "tansu" in names
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
        rest = proc.stdout.read()
        assert "no process left behind" in rest, rest
    finally:
        if proc.poll() is None:  # a failed assertion above: stop it as Ctrl-C would, then make sure
            children = psutil.Process(proc.pid).children(recursive=True)
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
            for child in children:  # the services run in sessions of their own: never leave one behind
                if child.is_running():
                    child.kill()
    time.sleep(0.5)
    alive = [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert alive == [], [p.cmdline() for p in alive]
    assert proc.returncode == 0
