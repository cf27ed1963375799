"""Where the closed-loop transition tail comes from: the probe behind docs/adr/0012.

`python -m bench.probe_tail [--n 3000] [--clients 32] [--workers 2]` feeds alerts, then runs `--n`
verifications from `--clients` lean keep-alive clients (the first tenth a warm-up, measured as
`bench.run` does) while sampling `pg_stat_activity` every 20 ms, and prints throughput, p50/p99/max,
each client's mean latency (an uneven split between workers shows as two groups), the database
sessions opened during the run (pool churn), the CPU each web server process, PostgreSQL, the broker and
this client spent during the run, this client's own GC pauses (its heap frozen, bench.http.steady_client),
the time the host stole from the VM, the WAL written per transition and the top wait events. Nothing is
written to results/.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import statistics

import asyncpg
import httpx
import psutil

from bench.harness import alerts_database
from bench.http import verify_closed_loop
from bench.province import cpu_seconds
from bench.run import checkpoints, items, wait_drained
from services.common.auth import mint_token
from services.launcher.freeport import free_port

VERIFY = {"visited_on": "2022-03-02", "reported_on": "2022-03-03", "visitors": ["甲"], "finding": "no_risk"}
SESSIONS = "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
WAITS = (
    "SELECT wait_event_type, wait_event, state FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


async def probe(n: int, clients: int, workers: int) -> None:
    env = {"RW_ALERTS_SLA_SWEEP_SECONDS": "0", "RW_LOG_LEVEL": "WARNING", "RW_WEB_WORKERS": str(workers)}
    async with alerts_database("rwprobe_", ports={"alerts": free_port()}, extra_env=env) as (stack, url):
        proc = stack.start_service("alerts")
        await asyncio.to_thread(proc.wait_ready)
        integration = {"Authorization": f"Bearer {mint_token(sub='probe', role='integration')}"}
        body = {"batch_id": "PROBE", "issued_on": "2022-03-01", "items": items(n + n // 10, "PR")}
        async with httpx.AsyncClient(base_url=proc.url, timeout=600) as client:
            r = await client.post("/v1/feeds", headers=integration, content=json.dumps(body).encode())
            assert r.status_code == 200, r.text[:300]
        await wait_drained(url)  # the intake's events out first
        db = await asyncpg.connect(url)
        alert_ids = [
            str(row["id"]) for row in await db.fetch("SELECT id FROM alerts WHERE status = 'pending_village'")
        ]
        officer = {"Authorization": f"Bearer {mint_token(sub='probe-officer', role='town_officer')}"}
        waits: collections.Counter[tuple[str, str, str]] = collections.Counter()
        done = asyncio.Event()

        async def sample() -> None:
            watcher = await asyncpg.connect(url)
            while not done.is_set():
                for w in await watcher.fetch(WAITS):
                    waits[(w[0] or "-", w[1] or "-", w[2] or "-")] += 1
                await asyncio.sleep(0.02)
            await watcher.close()

        broker = {"tansu": stack.broker.process.pid} if stack.broker and stack.broker.process else {}
        workers_cpu = _worker_cpu(proc.process.pid)
        cpu_before = cpu_seconds(broker)
        wal_before = await db.fetchval("SELECT pg_current_wal_insert_lsn()")
        steal_before = _steal_ticks()
        sessions_before = await db.fetchval(SESSIONS)
        checkpoints_before = await checkpoints(url)
        sampler = asyncio.create_task(sample())
        pauses: list[float] = []
        timings = await verify_closed_loop(proc.url, alert_ids, clients, VERIFY, officer, pauses)
        steal = _steal_ticks() - steal_before
        done.set()
        await sampler
        workers_after = _worker_cpu(proc.process.pid)
        cpu_after = cpu_seconds(broker)
        sessions = await db.fetchval(SESSIONS) - sessions_before
        wal = await db.fetchval("SELECT pg_current_wal_insert_lsn() - $1::pg_lsn", wal_before)
        checkpointed = await checkpoints(url) - checkpoints_before
        await db.close()
    cut = sorted(end for _, end, _ in timings)[n // 10 - 1]
    measured = [(end - start, k) for start, end, k in timings if start >= cut]
    latencies = sorted(lat for lat, _ in measured)
    rate = len(measured) / (max(end for _, end, _ in timings) - cut)
    per_client: dict[int, list[float]] = collections.defaultdict(list)
    for lat, k in measured:
        per_client[k].append(lat)
    print(
        f"{workers} worker(s), {clients} clients: {rate:.0f}/s, p50 {statistics.median(latencies) * 1e3:.1f} ms, "
        f"p99 {statistics.quantiles(latencies, n=100)[98] * 1e3:.1f} ms, max {latencies[-1] * 1e3:.1f} ms"
    )
    print("each client's mean (ms):", sorted(round(statistics.mean(v) * 1e3) for v in per_client.values()))
    # the slowest twentieth, by the 100 ms window each ended in: spread thin means queueing, bunched a stall
    p95 = statistics.quantiles(latencies, n=100)[94]
    last = max(end for _, end, _ in timings)
    slow = collections.Counter(
        int((end - cut) * 10) for start, end, _ in timings if start >= cut and end - start > p95
    )
    print(
        f"requests over the p95 ({p95 * 1e3:.0f} ms) per 100 ms window, most first:",
        sorted(slow.values(), reverse=True)[:12],
        f"({len(slow)} of {int((last - cut) * 10) + 1} windows hold one)",
    )
    print(
        f"this client's collections over 5 ms (heap frozen): {[round(p * 1e3, 1) for p in pauses]}; "
        f"time stolen from this VM by its host: {steal * 10} ms"
    )
    print(f"WAL written per transition (every database of the server): {float(wal) / n:.0f} bytes")
    print(f"database sessions opened during the run: {sessions} (pool churn when far above the pools' size)")
    print(f"PostgreSQL checkpoints during the run: {checkpointed}")
    print(
        "CPU seconds during the run, per process:",
        {pid: round(workers_after.get(pid, 0) - spent, 2) for pid, spent in workers_cpu.items()},
        {k: round(cpu_after[k] - cpu_before[k], 2) for k in cpu_after},
    )
    print("top waits (type, event, state: samples):")
    for (kind, event, state), count in waits.most_common(8):
        print(f"  {kind:8s} {event:14s} {state:20s} {count}")


def _worker_cpu(pid: int) -> dict[int, float]:
    """CPU seconds so far of the web server's processes (the parent and each worker), by pid."""
    root = psutil.Process(pid)
    return {p.pid: sum(p.cpu_times()[:2]) for p in [root, *root.children(recursive=True)]}


def _steal_ticks() -> int:
    """Clock ticks (10 ms) the hypervisor ran something else while this VM wanted the CPU (Linux)."""
    try:
        with open("/proc/stat") as f:
            return int(f.readline().split()[8])
    except (OSError, IndexError, ValueError):
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(probe(args.n, args.clients, args.workers))


if __name__ == "__main__":
    main()
