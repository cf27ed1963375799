"""db.SerialStatements: statements on one connection run one at a time, in the order submitted, while
the caller goes on; one that fails takes the later ones down with it (they belong to one transaction)."""

from __future__ import annotations

import asyncio

import pytest

from services.common.db import SerialStatements


async def test_statements_run_one_at_a_time_in_submission_order() -> None:
    log: list[str] = []
    running = 0

    async def statement(name: str, seconds: float) -> str:
        nonlocal running
        running += 1
        assert running == 1, "two statements at once on one connection"
        log.append(f"start {name}")
        await asyncio.sleep(seconds)
        log.append(f"end {name}")
        running -= 1
        return name

    serial = SerialStatements()
    first = serial.submit(statement, "read", 0.02)
    second = serial.submit(statement, "mark", 0.0)
    log.append("caller goes on")
    assert await second == "mark" and await first == "read"
    await serial.drain()
    assert log == ["caller goes on", "start read", "end read", "start mark", "end mark"]


async def test_a_failed_statement_fails_the_ones_after_it_and_drain_reports_it() -> None:
    ran: list[str] = []

    async def fails() -> None:
        raise RuntimeError("aborted transaction")

    async def later() -> None:
        ran.append("later")

    serial = SerialStatements()
    serial.submit(fails)
    after = serial.submit(later)
    with pytest.raises(RuntimeError):
        await after
    assert ran == []
    serial.submit(later)
    await serial.drain(quietly=True)  # a failed round: nothing raised, nothing left running
    await serial.drain()  # nothing queued any more
