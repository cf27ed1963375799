"""Where the alerts service's own process spends a transition: the real service (uvicorn, one worker) on
the real PostgreSQL and broker, N verifications from 32 lean keep-alive clients, sampled by py-spy from
outside (no profiler inside the process, so its figures are not inflated the way pyinstrument's are).

`python -m bench.profile_server [--n 3000]` → bench/results/profile-server.txt: the service's CPU time
per transition, the share of each layer (functions by inclusive samples) and the top self-time lines.
`--intake 100000` samples one feed of that many items instead, from the POST to the last event published
→ bench/results/profile-server-intake.txt.
Needs py-spy (`pip install py-spy`; a development tool, not a dependency) and ptrace rights.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx
import orjson
import psutil

from bench.harness import alerts_service
from bench.http import Connection
from bench.run import items, wait_drained
from services.common.auth import mint_token

RESULTS = Path(__file__).parent / "results"
# sampled without stopping the process (its figures stay true), by function, to a file
SPY_OPTIONS = ("--nonblocking", "--function", "--output")
VERIFY = {"visited_on": "2022-03-02", "reported_on": "2022-03-03", "visitors": ["甲"], "finding": "no_risk"}


def summarise(raw: Path, n: int, cpu_s: float, wall_s: float, what: str = "transitions") -> str:
    inclusive: collections.Counter[str] = collections.Counter()
    self_time: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        samples = int(count)
        frames = stack.split(";")
        total += samples
        for frame in set(frames):
            inclusive[frame] += samples
        self_time[frames[-1]] += samples
    out = [
        f"{n} {what} in {wall_s:.2f} s ({n / wall_s:.0f}/s); service CPU {cpu_s:.2f} s "
        f"= {cpu_s / n * 1000:.3f} ms each; {total} samples",
        "",
        "inclusive share (functions at >= 2 %):",
    ]
    for frame, c in inclusive.most_common():
        if c / total < 0.02:
            break
        out.append(f"  {100 * c / total:5.1f} %  {frame}")
    out += ["", "self share (top 40):"]
    for frame, c in self_time.most_common(40):
        out.append(f"  {100 * c / total:5.1f} %  {frame}")
    return "\n".join(out) + "\n"


def start_sampler(spy: str, pid: int, raw: Path) -> subprocess.Popen[bytes]:
    RESULTS.mkdir(exist_ok=True)
    return subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "250", *SPY_OPTIONS, str(raw)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def postgres_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL server's processes (those alive now)."""
    total = 0.0
    for p in psutil.process_iter(["name", "cpu_times"]):
        if p.info["name"] in ("postgres", "postmaster") and p.info["cpu_times"] is not None:
            total += p.info["cpu_times"].user + p.info["cpu_times"].system
    return total


async def intake_profile(n: int) -> None:
    """One feed of `n` items: POST → committed → every event published, the service sampled throughout."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    async with alerts_service("rwprofs_") as (url, proc, server):
        integration = {
            "Authorization": f"Bearer {mint_token(sub='p', role='integration')}",
            "Content-Type": "application/json",
        }
        body = orjson.dumps({"batch_id": "PROFI", "issued_on": "2022-03-01", "items": items(n, "PI")})
        raw = RESULTS / "profile-server-intake.raw"
        sampler = start_sampler(spy, server.pid, raw)
        await asyncio.sleep(1.0)
        before, pg_before = server.cpu_times(), postgres_cpu()
        t = time.perf_counter()
        async with httpx.AsyncClient(base_url=proc.url, timeout=600) as client:
            r = await client.post("/v1/feeds", headers=integration, content=body)
            assert r.status_code == 200, r.text[:300]
        committed = time.perf_counter() - t
        pg_committed = postgres_cpu()
        await wait_drained(url)
        wall = time.perf_counter() - t
        after, pg_after = server.cpu_times(), postgres_cpu()
        sampler.send_signal(2)
        await asyncio.to_thread(sampler.wait, 30)
        cpu = (after.user - before.user) + (after.system - before.system)
        text = (
            f"HTTP+commit {committed:.2f} s, published {wall - committed:.2f} s later; PostgreSQL CPU "
            f"{pg_committed - pg_before:.2f} s to the commit, {pg_after - pg_committed:.2f} s after\n"
        )
        text += summarise(raw, n, cpu, wall, what="items taken in and published")
        raw.unlink(missing_ok=True)
        (RESULTS / "profile-server-intake.txt").write_text(text)
        print(text[:3000])


async def main_async(n: int, clients: int) -> None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    async with alerts_service("rwprofs_") as (url, proc, server):
        integration = {"Authorization": f"Bearer {mint_token(sub='p', role='integration')}"}
        async with httpx.AsyncClient(base_url=proc.url, timeout=600) as client:
            r = await client.post(
                "/v1/feeds",
                headers=integration,
                json={"batch_id": "PROFS", "issued_on": "2022-03-01", "items": items(n + 300, "PS")},
            )
            assert r.status_code == 200, r.text[:300]
        await wait_drained(url)  # the intake's events out first: measure transitions alone
        conn = await asyncpg.connect(url)
        ids = [str(x["id"]) for x in await conn.fetch("SELECT id FROM alerts")]
        await conn.close()
        officer = {"Authorization": f"Bearer {mint_token(sub='p', role='town_officer')}"}
        queue: asyncio.Queue[str] = asyncio.Queue()
        for i in ids:
            queue.put_nowait(i)

        async def worker(limit: int) -> None:
            c = Connection(proc.url)
            try:
                while not queue.empty() and done[0] < limit:
                    done[0] += 1
                    t = time.perf_counter()
                    status, data = await c.post_json(
                        f"/v1/alerts/{queue.get_nowait()}/verification", VERIFY, officer
                    )
                    latencies.append(time.perf_counter() - t)
                    assert status == 200, data[:300]
            finally:
                await c.close()

        done = [0]
        latencies: list[float] = []
        await asyncio.gather(*(worker(300) for _ in range(clients)))  # warm-up: connections, caches
        raw = RESULTS / "profile-server.raw"
        sampler = start_sampler(spy, server.pid, raw)
        await asyncio.sleep(1.0)
        before = server.cpu_times()
        t = time.perf_counter()
        done[0] = 0
        await asyncio.gather(*(worker(n) for _ in range(clients)))
        wall = time.perf_counter() - t
        after = server.cpu_times()
        sampler.send_signal(2)  # SIGINT: py-spy writes its output and exits
        await asyncio.to_thread(sampler.wait, 30)
        cpu = (after.user - before.user) + (after.system - before.system)
        text = summarise(raw, done[0], cpu, wall)
        measured = latencies[-done[0] :]
        q = statistics.quantiles(measured, n=100)
        text = (
            f"latency p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, max {max(measured) * 1000:.1f} ms\n"
            + text
        )
        raw.unlink(missing_ok=True)
        (RESULTS / "profile-server.txt").write_text(text)
        print(text[:3000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--intake", type=int, default=0, help="profile one feed of this many items instead")
    args = parser.parse_args()
    asyncio.run(intake_profile(args.intake) if args.intake else main_async(args.n, args.clients))


if __name__ == "__main__":
    main()
