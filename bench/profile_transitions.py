"""Where a workflow transition's time goes: the alerts app in this process (ASGI, lifespan on) on the real
PostgreSQL and broker, N verifications at 32 concurrent clients under pyinstrument.

`python -m bench.profile_transitions [--n 2000]` → bench/results/profile-transitions.txt
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import asyncpg
from pyinstrument import Profiler

from bench.harness import alerts_in_process
from bench.run import items
from services.common.auth import mint_token

RESULTS = Path(__file__).parent / "results"


async def main_async(n: int, clients: int, show_all: bool = False) -> None:
    async with alerts_in_process("rwprof_") as (client, url):
        integration = {"Authorization": f"Bearer {mint_token(sub='p', role='integration')}"}
        officer = {"Authorization": f"Bearer {mint_token(sub='p', role='town_officer')}"}
        r = await client.post(
            "/v1/feeds",
            headers=integration,
            json={"batch_id": "PROF", "issued_on": "2022-03-01", "items": items(n, "PF")},
        )
        assert r.status_code == 200, r.text[:300]
        conn = await asyncpg.connect(url)
        ids = [str(x["id"]) for x in await conn.fetch("SELECT id FROM alerts")]
        await conn.close()
        queue: asyncio.Queue[str] = asyncio.Queue()
        for i in ids:
            queue.put_nowait(i)
        body = {
            "visited_on": "2022-03-02",
            "reported_on": "2022-03-03",
            "visitors": ["甲"],
            "finding": "no_risk",
        }

        async def worker() -> None:
            while not queue.empty():
                aid = queue.get_nowait()
                r = await client.post(f"/v1/alerts/{aid}/verification", headers=officer, json=body)
                assert r.status_code == 200, r.text

        profiler = Profiler(interval=0.0005, async_mode="disabled")
        t = time.perf_counter()
        profiler.start()
        await asyncio.gather(*(worker() for _ in range(clients)))
        profiler.stop()
        elapsed = time.perf_counter() - t
        text = profiler.output_text(unicode=False, color=False, show_all=show_all)
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / "profile-transitions.txt"
        out.write_text(
            f"{len(ids)} transitions in {elapsed:.2f} s ({len(ids) / elapsed:.0f}/s, in-process ASGI)\n\n{text}"
        )
        print(f"{len(ids)} transitions in {elapsed:.2f} s; profile in {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args()
    asyncio.run(main_async(args.n, args.clients, args.all))


if __name__ == "__main__":
    main()
