"""A province-scale run: 100,000 households through the households import and 1,000,000 provincial
alerts through the alerts intake, every event through the broker into the reports read models; then
the annual report over all of it. Prints the time of each phase and the peak memory of each service.

`make bench` runs it for SPEC §7's reports row; alone: `python -m bench.province [--alerts N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil

from services.common.auth import mint_token
from services.common.ids import make_id_number
from services.common.settings import database_url_for
from services.launcher.devstack import Stack
from services.launcher.freeport import free_port

RESULTS = Path(__file__).parent / "results"
SERVICES = ("households", "alerts", "reports")
CATEGORIES = ("major_illness", "housing", "employment", "accident", "other")


def village_codes(n: int) -> list[str]:
    """`n` synthetic village codes of one province: 430 + 3-digit county + 3-digit town + 3-digit village."""
    return [f"430{1 + i // 4000:03d}{1 + (i // 16) % 250:03d}{200 + i % 16:03d}" for i in range(n)]


class PeakMemory:
    """Samples each service's process tree RSS twice a second; keeps the peak, over the whole run and in
    each phase the run names (`phase`)."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.peak: dict[str, int] = dict.fromkeys(pids, 0)
        self.phase = "start"
        self.by_phase: dict[str, dict[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, pid in self.pids.items():
                try:
                    root = psutil.Process(pid)
                    rss = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
                except psutil.Error:
                    continue
                self.peak[name] = max(self.peak[name], rss)
                in_phase = self.by_phase.setdefault(self.phase, dict.fromkeys(self.pids, 0))
                in_phase[name] = max(in_phase[name], rss)
            self._stop.wait(0.5)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each named process tree, by every PostgreSQL process
    and by this bench process: snapshots around a phase give what each part of the machine spent on it.
    A process that exits between two snapshots takes its CPU with it (short-lived PostgreSQL backends,
    such as this bench's own polling connections): the figures are a floor."""

    def tree(pid: int) -> float:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0.0
        total = 0.0
        for proc in procs:
            try:
                t = proc.cpu_times()
            except psutil.Error:
                continue
            total += t.user + t.system
        return total

    found = {name: tree(pid) for name, pid in pids.items()}
    found["postgresql"] = sum(
        p.info["cpu_times"].user + p.info["cpu_times"].system
        for p in psutil.process_iter(["name", "cpu_times"])
        if p.info["name"] in ("postgres", "postmaster") and p.info["cpu_times"] is not None
    )
    own = psutil.Process().cpu_times()  # this process alone: the services and the broker are its children
    found["bench client"] = own.user + own.system
    return found


def cpu_budget(before: dict[str, float], after: dict[str, float], wall: float) -> dict[str, Any]:
    """What a phase cost the machine: CPU seconds per part, how busy the cores were, and the floor
    (the phase's time if the same CPU were spread over every core with none idle)."""
    spent = {name: round(after[name] - before[name], 1) for name in after}
    total = sum(spent.values())
    cores = os.cpu_count() or 1
    return {
        "cpu_seconds": spent,
        "cpu_total_seconds": round(total, 1),
        "cores": cores,
        "cores_busy_share": round(total / (wall * cores), 2),
        "floor_seconds_at_this_cpu": round(total / cores, 1),
    }


async def count(url: str, sql: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


async def wait_count(url: str, sql: str, want: int, label: str, timeout: float = 7200) -> float:
    t0 = time.perf_counter()
    last = -1
    while True:
        n = await count(url, sql)
        if n != last:
            print(f"\r  {label}: {n:,}/{want:,}", end="", flush=True)
            last = n
        if n >= want:
            print()
            return time.perf_counter() - t0
        if time.perf_counter() - t0 > timeout:
            raise RuntimeError(f"{label}: {n} of {want} after {timeout}s")
        await asyncio.sleep(1.0)


async def run(n_alerts: int, n_households: int, n_villages: int, batch: int) -> dict[str, Any]:
    stack = Stack(
        db_prefix="rwprov_",
        kafka_port=free_port(),
        ports={s: free_port() for s in SERVICES},
        extra_env={"RW_ALERTS_SLA_SWEEP_SECONDS": "0", "RW_LOG_LEVEL": "WARNING", "RW_LOG_JSON": "true"},
    )
    os.environ.pop("RW_KAFKA_BOOTSTRAP", None)
    await asyncio.to_thread(stack.start_postgres)
    await asyncio.to_thread(stack.start_broker)
    phases: list[dict[str, Any]] = []
    try:
        from services.common.migrations import drop_database

        for s in SERVICES:
            await drop_database(stack.database_url, f"rwprov_{s}")
        await asyncio.to_thread(stack.prepare, list(SERVICES))
        for s in SERVICES:
            stack.start_service(s)
        for s in SERVICES:
            await asyncio.to_thread(stack.services[s].wait_ready, 90)
        db = {s: database_url_for(stack.database_url, f"rwprov_{s}", driver="postgresql") for s in SERVICES}
        pids = {s: p.process.pid for s, p in stack.services.items() if p.process is not None}
        if stack.broker is not None and stack.broker.process is not None:
            pids["broker"] = stack.broker.process.pid
        admin = {"Authorization": f"Bearer {mint_token(sub='bench', role='admin')}"}
        officer = {"Authorization": f"Bearer {mint_token(sub='bench', role='town_officer')}"}
        integration = {"Authorization": f"Bearer {mint_token(sub='bench', role='integration')}"}
        villages = village_codes(n_villages)
        services = {s: pid for s, pid in pids.items() if s in SERVICES}
        with PeakMemory(services) as memory:
            async with (
                httpx.AsyncClient(base_url=stack.services["households"].url, timeout=3600) as hh,
                httpx.AsyncClient(base_url=stack.services["alerts"].url, timeout=3600) as al,
                httpx.AsyncClient(base_url=stack.services["reports"].url, timeout=600) as rp,
            ):
                memory.phase = "households import and projection"
                r = await hh.put(
                    "/v1/villages",
                    headers=admin,
                    json={
                        "villages": [
                            {"code": c, "name": f"村{i}", "kind": "village"} for i, c in enumerate(villages)
                        ]
                    },
                )
                assert r.status_code == 200, r.text[:300]

                # 1. households: CSV imports of 20,000 households (one member each)
                people = [
                    make_id_number("430981", date(1950, 1, 1) + timedelta(days=i % 20000), i % 1000)
                    for i in range(n_households)
                ]
                codes = [f"{villages[i % n_villages]}{i:06d}" for i in range(n_households)]
                t0 = time.perf_counter()
                header = "户编号,村代码,住址,是否脱贫户,姓名,身份证号,与户主关系,劳动能力\n"
                for start in range(0, n_households, 20_000):
                    rows = [
                        f"{codes[i]},{villages[i % n_villages]},一组,{'是' if i % 25 == 0 else '否'},户主{i},{people[i]},户主,是"
                        for i in range(start, min(start + 20_000, n_households))
                    ]
                    r = await hh.post(
                        "/v1/imports",
                        headers=officer,
                        files={
                            "file": (
                                "m.csv",
                                (header + "\n".join(rows) + "\n").encode("utf-8-sig"),
                                "text/csv",
                            )
                        },
                    )
                    assert r.status_code == 202, r.text[:300]
                    job = r.json()["job_id"]
                    while True:
                        st = (await hh.get(f"/v1/imports/{job}", headers=officer)).json()
                        if st["status"] in ("done", "failed"):
                            break
                        await asyncio.sleep(0.5)
                    assert st["status"] == "done", st
                    print(
                        f"\r  households imported: {min(start + 20_000, n_households):,}", end="", flush=True
                    )
                print()
                t_import = time.perf_counter() - t0
                phases.append(
                    {"phase": "households import (HTTP CSV)", "items": n_households, "seconds": t_import}
                )
                t_proj = await wait_count(
                    db["alerts"],
                    "SELECT count(*) FROM proj_households",
                    n_households,
                    "alerts household projection",
                )
                phases.append(
                    {
                        "phase": "households -> alerts projection (after import)",
                        "items": n_households,
                        "seconds": t_proj,
                    }
                )

                # 2. alerts: feeds of `batch` items
                memory.phase = "alerts intake"
                t0 = time.perf_counter()
                cpu_before = cpu_seconds(pids)
                for b, start in enumerate(range(0, n_alerts, batch)):
                    items = []
                    for i in range(start, min(start + batch, n_alerts)):
                        h = (i * 7919) % n_households
                        items.append(
                            {
                                "external_id": f"P-{i:08d}",
                                "class": "general_risk",
                                "category": CATEGORIES[i % len(CATEGORIES)],
                                "village_code": villages[h % n_villages],
                                "household_code": codes[h],
                                "id_number": people[h],
                                "person_name": f"户主{h}",
                                "description": "province-scale run",
                                "detected_on": "2022-02-26",
                            }
                        )
                    body = json.dumps(
                        {"batch_id": f"PROV-{b:03d}", "issued_on": "2022-03-01", "items": items}
                    ).encode()
                    r = await al.post(
                        "/v1/feeds", headers={**integration, "Content-Type": "application/json"}, content=body
                    )
                    assert r.status_code == 200 and r.json()["accepted"] == len(items), r.text[:300]
                    print(f"\r  alerts accepted: {start + len(items):,}", end="", flush=True)
                print()
                t_intake = time.perf_counter() - t0
                memory.phase = "publish and reports catching up"
                phases.append(
                    {
                        "phase": f"alerts intake (HTTP, batches of {batch:,})",
                        "items": n_alerts,
                        "seconds": t_intake,
                    }
                )
                t_pub = await wait_count(
                    db["alerts"],
                    "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL",
                    2 * n_alerts,
                    "alerts events published",
                )
                phases.append(
                    {
                        "phase": "alerts outbox published (after intake)",
                        "items": 2 * n_alerts,
                        "seconds": t_pub,
                    }
                )
                t_rm = await wait_count(
                    db["reports"], "SELECT count(*) FROM rm_alerts", n_alerts, "reports rm_alerts"
                )
                t_rm += await wait_count(
                    db["reports"],
                    "SELECT count(*) FROM rm_audit_entries",
                    n_alerts,
                    "reports rm_audit_entries",
                )
                await wait_count(
                    db["reports"], "SELECT count(*) FROM rm_households", n_households, "reports rm_households"
                )
                t_total_reports = time.perf_counter() - t0
                budget = cpu_budget(cpu_before, cpu_seconds(pids), t_total_reports)
                phases.append(
                    {
                        "phase": "reports read models caught up (from intake start)",
                        "items": 2 * n_alerts,
                        "seconds": t_total_reports,
                    }
                )

                # 3. the annual report over all of it
                memory.phase = "annual report"
                timings = []
                for _ in range(5):
                    t = time.perf_counter()
                    r = await rp.get("/v1/reports/annual", headers=officer, params={"year": 2022})
                    timings.append(time.perf_counter() - t)
                    assert r.status_code == 200, r.text[:300]
                report = r.json()
                assert report["alerts_2022"]["total"] == n_alerts, report["alerts_2022"]
                assert report["town"]["households"] == n_households, report["town"]
        return {
            "at": datetime.now(UTC).isoformat(),
            "alerts": n_alerts,
            "households": n_households,
            "villages": n_villages,
            "phases": phases,
            "annual_report_seconds": {
                "min": min(timings),
                "median": statistics.median(timings),
                "all": timings,
            },
            "peak_rss_mb": {k: round(v / 2**20, 1) for k, v in memory.peak.items()},
            "peak_rss_mb_by_phase": {
                phase: {k: round(v / 2**20, 1) for k, v in peaks.items()}
                for phase, peaks in memory.by_phase.items()
            },
            "alerts_phase_cpu": budget,
        }
    finally:
        await asyncio.to_thread(stack.stop)


def print_result(res: dict[str, Any]) -> None:
    print(
        f"\nprovince-scale run — {res['alerts']:,} alerts, {res['households']:,} households, {res['villages']:,} villages"
    )
    print(f"{'phase':58} {'items':>10} {'seconds':>9} {'per s':>9}")
    for p in res["phases"]:
        print(
            f"{p['phase'][:58]:58} {p['items']:>10,} {p['seconds']:>9.1f} {p['items'] / p['seconds']:>9,.0f}"
        )
    a = res["annual_report_seconds"]
    print(
        f"annual report over all of it: median {a['median'] * 1000:.0f} ms, best {a['min'] * 1000:.0f} ms (5 runs)"
    )
    print("peak memory (RSS, MB): " + ", ".join(f"{k} {v}" for k, v in res["peak_rss_mb"].items()))
    for phase, peaks in res.get("peak_rss_mb_by_phase", {}).items():
        print(f"  during {phase}: " + ", ".join(f"{k} {v}" for k, v in peaks.items()))
    cpu = res["alerts_phase_cpu"]
    print(
        "CPU from intake start to reports complete (s): "
        + ", ".join(f"{k} {v}" for k, v in cpu["cpu_seconds"].items())
        + f"; total {cpu['cpu_total_seconds']} on {cpu['cores']} cores, {cpu['cores_busy_share']:.0%} busy;"
        f" floor at this CPU {cpu['floor_seconds_at_this_cpu']} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--alerts", type=int, default=1_000_000)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--villages", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=100_000, help="items per provincial feed")
    args = parser.parse_args()
    res = asyncio.run(run(args.alerts, args.households, args.villages, args.batch))
    print_result(res)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "province.json").write_text(json.dumps(res, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
