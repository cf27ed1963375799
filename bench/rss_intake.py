"""Peak RSS of the alerts service (its own process, as deployed) while it takes one feed batch.

`python -m bench.rss_intake [N]` (default 100,000 items): prints the idle RSS, the body's size, the time
and the peak RSS, sampled every 50 ms. Issue 15's goal: at most 250 MB for 100,000 items.
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


async def main(n: int) -> None:
    async with alerts_service("rwrss_") as (_, proc, service):

        def rss_mb() -> float:
            return sum(p.memory_info().rss for p in [service, *service.children(recursive=True)]) / 2**20

        print(f"idle RSS {rss_mb():.1f} MB")
        body = orjson.dumps({"batch_id": "RSS-1", "issued_on": "2022-03-01", "items": items(n, "RSS")})
        print(f"body {len(body) / 2**20:.1f} MB, {n:,} items")
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
        async with httpx.AsyncClient(base_url=proc.url, timeout=600) as client:
            t = time.perf_counter()
            r = await client.post("/v1/feeds", headers=headers, content=body)
            elapsed = time.perf_counter() - t
        await asyncio.sleep(1)
        done.set()
        await watcher
        assert r.status_code == 200, r.text[:300]
        print(
            f"accepted {r.json()['accepted']:,} in {elapsed:.1f} s; peak RSS {peak:.1f} MB, after {rss_mb():.1f} MB"
        )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
