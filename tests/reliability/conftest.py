"""The chaos rig for the whole module and the table of outcomes printed at the end of the run."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.harness import Outcome, Rig, World, seed

OUTCOMES: list[Outcome] = []
RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results"


@pytest.fixture(scope="module")
def rig() -> Iterator[Rig]:
    r = Rig(Path(tempfile.mkdtemp(prefix="rwchaos-")))
    try:
        r.start()
        yield r
    finally:
        r.stop()


@pytest.fixture(scope="module")
def world(rig: Rig) -> World:
    return asyncio.run(seed(rig))


def table(outcomes: list[Outcome]) -> str:
    rows = [
        ("scenario", "acknowledged", "retried", "lost", "duplicated", "diverged", "audit chains", "dlq", "s")
    ]
    for o in outcomes:
        rows.append(
            (
                o.scenario,
                str(o.acknowledged),
                str(o.retried),
                str(len(o.lost)) if not o.lost else "; ".join(o.lost),
                str(len(o.duplicated)) if not o.duplicated else "; ".join(o.duplicated),
                str(len(o.diverged)) if not o.diverged else "; ".join(o.diverged),
                f"{o.chains[0]}/{o.chains[1]} verified",
                o.dlq or "-",
                f"{o.seconds:.1f}",
            )
        )
    width = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(width[i]) for i, c in enumerate(r)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in width))
    return "\n".join(lines)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not OUTCOMES:
        return
    terminalreporter.section("chaos: scenarios and outcomes")
    terminalreporter.write_line(table(OUTCOMES))
    if os.environ.get("RW_CHAOS_SECONDS"):
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "chaos.json").write_text(
            json.dumps([o.__dict__ for o in OUTCOMES], ensure_ascii=False, indent=2), encoding="utf-8"
        )
