"""Peak RSS of the alerts service (its own process, as deployed) while it takes feed batches, one after
the other.

`python -m bench.rss_intake [N] [K]` (default 100,000 items, 3 batches): prints the idle RSS, the body's
size, and for each batch the time and the peak RSS so far, sampled every 50 ms. Issue 15's goal: at most
250 MB for 100,000 items. Several batches, because a single one does not show what a service that has
run for a while holds: with glibc's default arenas the peak grew 179, 216, 251, 258 MB over four
batches (services/common/memory.py caps them).
"""

from __future__ import annotations

import asyncio
import sys
import time

import httpx
import orjson

from bench.harness import alerts_service
from bench.run import items
from services.common.auth import mint_token


async def main(n: int, batches: int) -> None:
    async with alerts_service("rwrss_") as (_, proc, service):

        def rss_mb() -> float:
            return sum(p.memory_info().rss for p in [service, *service.children(recursive=True)]) / 2**20

        print(f"idle RSS {rss_mb():.1f} MB")
        peak = 0.0
        done = asyncio.Event()

        async def watch() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_mb())
                await asyncio.sleep(0.05)

        watcher = asyncio.create_task(watch())
        headers = {
            "Authorization": f"Bearer {mint_token(sub='bench', role='integration')}",
            "Content-Type": "application/json",
        }
        try:
            async with httpx.AsyncClient(base_url=proc.url, timeout=600) as client:
                for k in range(batches):
                    body = orjson.dumps(
                        {"batch_id": f"RSS-{k}", "issued_on": "2022-03-01", "items": items(n, f"RS{k}")}
                    )
                    if k == 0:
                        print(f"body {len(body) / 2**20:.1f} MB, {n:,} items")
                    t = time.perf_counter()
                    r = await client.post("/v1/feeds", headers=headers, content=body)
                    elapsed = time.perf_counter() - t
                    assert r.status_code == 200, r.text[:300]
                    await asyncio.sleep(1)
                    print(
                        f"batch {k + 1}: accepted {r.json()['accepted']:,} in {elapsed:.1f} s; "
                        f"peak RSS so far {peak:.1f} MB, now {rss_mb():.1f} MB",
                        flush=True,
                    )
        finally:
            done.set()
            await watcher
        print(f"peak RSS over {batches} batches of {n:,}: {peak:.1f} MB")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(args[0] if args else 100_000, args[1] if len(args) > 1 else 3))
