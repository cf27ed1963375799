"""A service process one version ahead: every event it writes carries one field its readers do not know.

`python -m tests.reliability.newer_writer <service> <port>` runs the service exactly as `make run` does,
except that each outbox row's envelope gains `producer_build` and its `data` gains `added_in_next`: what
a rolling upgrade puts on the topics while older replicas still read them (issue 12, hole 2). The patch
is applied before the service's modules are imported, so every writer (ORM, bulk COPY) goes through it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import orjson
import uvicorn

from services.common import outbox

_add_rows = outbox.add_rows


async def _add_rows_of_the_next_version(session: Any, rows: Sequence[dict[str, Any]]) -> None:
    newer = []
    for row in rows:
        env = orjson.loads(row["payload"])
        env["producer_build"] = "next"
        env["data"]["added_in_next"] = {"note": "a field this version's readers have never seen"}
        newer.append({**row, "payload": orjson.dumps(env)})
    await _add_rows(session, newer)


outbox.add_rows = _add_rows_of_the_next_version  # type: ignore[assignment]


def main() -> None:
    service, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run(
        f"services.{service}.app:create_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
