"""Where a workflow transition's time goes: the alerts app in this process (ASGI, lifespan on) on the real
PostgreSQL and broker, N verifications at 32 concurrent clients under pyinstrument.

`python -m bench.profile_transitions [--n 2000]` → bench/results/profile-intake.txt
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import orjson
from pyinstrument import Profiler

from bench.harness import alerts_in_process
from bench.run import items
from services.common.auth import mint_token

RESULTS = Path(__file__).parent / "results"


async def main_async(n: int, clients: int, show_all: bool = False) -> None:
    async with alerts_in_process("rwprof_") as (client, _):
        integration = {
            "Authorization": f"Bearer {mint_token(sub='p', role='integration')}",
            "Content-Type": "application/json",
        }
        body = orjson.dumps({"batch_id": "PROF", "issued_on": "2022-03-01", "items": items(n, "PF")})
        profiler = Profiler(interval=0.001, async_mode="disabled")
        t = time.perf_counter()
        profiler.start()
        r = await client.post("/v1/feeds", headers=integration, content=body)
        profiler.stop()
        elapsed = time.perf_counter() - t
        assert r.status_code == 200, r.text[:300]
        text = profiler.output_text(unicode=False, color=False, show_all=show_all)
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / "profile-intake.txt"
        out.write_text(
            f"{n} items taken in {elapsed:.2f} s ({n / elapsed:.0f}/s, HTTP in -> committed, in-process ASGI)\n\n{text}"
        )
        print(f"{n} items in {elapsed:.2f} s; profile in {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args()
    asyncio.run(main_async(args.n, args.clients, args.all))


if __name__ == "__main__":
    main()
