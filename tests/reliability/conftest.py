"""The chaos rig for the whole module and the table of outcomes printed at the end of the run."""

from __future__ import annotations

import asyncio
import json
import os
import re
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


NOTABLE = re.compile(r"warning|error|Traceback|AlreadyExists|UnknownTopic|rewritten|commit_skipped", re.I)


def log_digest(workdir: Path, lines: int = 25) -> str:
    """The last notable lines of each process's log: what a failed scenario in CI leaves behind (the
    workdir itself is removed with the rig)."""
    out = []
    for log in sorted(workdir.glob("*.log")):
        notable = [
            line[:300] for line in log.read_text(errors="replace").splitlines() if NOTABLE.search(line)
        ]
        out.append(f"--- {log.name}: {len(notable)} notable lines, the last {min(lines, len(notable))}")
        out += notable[-lines:]
    return "\n".join(out)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = (yield).get_result()  # type: ignore[attr-defined]
    rig = getattr(item, "funcargs", {}).get("rig")
    if report.when == "call" and report.failed and isinstance(rig, Rig):
        report.sections.append(("service logs (notable lines)", log_digest(rig.stack.workdir)))
    if report.when == "call" and os.environ.get("PYTEST_XDIST_WORKER") and len(OUTCOMES) > _SENT[0]:
        # under xdist this process prints nothing: the outcomes go to the controller with the report
        lines = table(OUTCOMES[_SENT[0] :]).splitlines()
        for line in lines if _SENT[0] == 0 else lines[2:]:
            report.user_properties.append(("summary: chaos: scenarios and outcomes", line))
        _SENT[0] = len(OUTCOMES)


_SENT = [0]  # outcomes already sent to the xdist controller


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
    least = (26, 12, 7, 4, 10, 8, 18, 3, 5)  # rows printed apart (one per xdist report) still line up
    width = [max(least[i], *(len(r[i]) for r in rows)) for i in range(len(rows[0]))]
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
