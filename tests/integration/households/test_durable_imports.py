"""Issue 12, hole 5: an import lives in PostgreSQL, is claimed by one replica, resumes after a crash
exactly after the last committed chunk, fences off a replica presumed dead, and names the row that
stopped it. (The SIGKILL of a real process is in tests/reliability/test_chaos.py.)"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

import asyncpg
import pytest

from services.common.ids import make_id_number
from services.households import imports, registry
from services.households.registry import register_villages
from tests.conftest import households_ctx
from tests.integration.households.test_registry import V1, V2, VILLAGES, _member_csv

ACTOR = {"sub": "officer-1", "role": "town_officer"}


def _rows(n: int) -> list[list[str]]:
    """`n` households of one member each, plus one row that validation rejects (row 3 of the file)."""
    rows = [
        [f"{(V1, V2)[i % 2]}95{i:04d}", (V1, V2)[i % 2], "一组", "是", f"户主{i}",
         make_id_number("430981", date(1960, 1, 1).replace(year=1960 + i % 40), 100 + i), "户主", "是"]
        for i in range(n)
    ]  # fmt: skip
    rows.insert(
        1, ["", V1, "一组", "是", "无户号", make_id_number("430981", date(1990, 1, 1), 99), "户主", "是"]
    )
    return rows


@pytest.fixture
async def ctx(households_settings: Any, clean_households: str) -> Any:
    c = households_ctx(households_settings.model_copy(update={"households_import_chunk": 4}))
    await register_villages(c, VILLAGES, {"sub": "test"})
    yield c
    await c.db.dispose()


async def _count(url: str, sql: str, *args: Any) -> Any:
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


async def test_a_job_taken_over_after_a_crash_resumes_after_the_last_chunk(
    ctx: Any, clean_households: str
) -> None:
    data = _member_csv(_rows(10))
    job_id = await imports.submit(ctx, filename="m.csv", data=data, total_rows=11, actor=ACTOR)
    # two replicas look at once: SKIP LOCKED gives the job to exactly one
    claims = await asyncio.gather(imports.claim(ctx, "replica-a"), imports.claim(ctx, "replica-b"))
    assert sum(c is not None for c in claims) == 1
    assert next(c for c in claims if c is not None).id == job_id
    dead = "replica-a" if claims[0] is not None else "replica-b"
    # the holder stores one chunk (4 rows) and dies: its heartbeat stops
    rows = await asyncio.to_thread(imports.read_member_file, "m.csv", data)
    async with ctx.db.session() as s:
        villages = await registry.known_villages(s)
    valid, _invalid = imports.validate_rows(rows, known_villages=villages, today=ctx.today())
    await imports._store_chunk(ctx, job_id, valid[:4], ACTOR, dead)
    assert await imports.claim(ctx, "replica-c") is None  # not stale yet: nobody takes it
    await _count(
        clean_households,
        "UPDATE import_jobs SET heartbeat_at = now() - interval '1 hour' WHERE id = $1",
        job_id,
    )

    resumed = await imports.claim(ctx, "replica-c")
    assert resumed is not None and resumed.id == job_id and resumed.attempts == 2
    assert resumed.resume_after == valid[3].index
    with pytest.raises(imports.LostClaim):  # the replica presumed dead wakes up: fenced off, writes nothing
        await imports._store_chunk(ctx, job_id, valid[4:8], ACTOR, dead)
    assert await imports.run(ctx, resumed, "replica-c") == "done"

    stored = await _count(clean_households, "SELECT count(*) FROM members WHERE household_id IN "
                          "(SELECT id FROM households WHERE household_code LIKE '%95____')")  # fmt: skip
    assert stored == 10  # exactly the file's valid rows: none twice, none skipped
    conn = await asyncpg.connect(clean_households.replace("+asyncpg", ""))
    try:
        row = await conn.fetchrow("SELECT * FROM import_jobs WHERE id = $1", job_id)
    finally:
        await conn.close()
    assert (row["status"], row["stored_members"], row["new_households"], row["processed_rows"]) == (
        "done",
        10,
        10,
        11,
    )
    assert [r["row"] for r in json.loads(row["rejected"])] == [3]  # the invalid row, named once
    assert row["upload"] is None  # the upload is kept only while the job needs it


async def test_a_job_interrupted_too_often_is_failed_not_left_running(
    ctx: Any, clean_households: str
) -> None:
    job_id = await imports.submit(
        ctx, filename="m.csv", data=_member_csv(_rows(2)), total_rows=3, actor=ACTOR
    )
    for n in range(imports.MAX_ATTEMPTS):
        assert (await imports.claim(ctx, f"replica-{n}")) is not None
        await _count(
            clean_households,
            "UPDATE import_jobs SET heartbeat_at = now() - interval '1 hour' WHERE id = $1",
            job_id,
        )
    assert await imports.claim(ctx, "replica-last") is None
    status, error = (
        await _count(clean_households, "SELECT status FROM import_jobs WHERE id = $1", job_id),
        await _count(clean_households, "SELECT error FROM import_jobs WHERE id = $1", job_id),
    )
    assert status == "failed" and "interrupted 3 times" in error


async def test_a_row_the_store_refuses_is_named_and_earlier_chunks_stay(
    ctx: Any, clean_households: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the store raises on one household (as a constraint or a bug would)."""
    rows = _rows(10)
    bad = rows[7][0]
    real = registry.store_members

    async def store(c: Any, s: Any, chunk: Any, actor: Any) -> Any:
        if any(r.household_code == bad for r in chunk):
            raise RuntimeError("injected")
        return await real(c, s, chunk, actor)

    monkeypatch.setattr(registry, "store_members", store)
    job_id = await imports.submit(ctx, filename="m.csv", data=_member_csv(rows), total_rows=11, actor=ACTOR)
    job = await imports.claim(ctx, "replica-a")
    assert await imports.run(ctx, job, "replica-a") == "failed"
    error = await _count(clean_households, "SELECT error FROM import_jobs WHERE id = $1", job_id)
    assert f"row 9 (household {bad})" in error, error  # file row 9: the header is row 1
    stored = await _count(clean_households, "SELECT stored_members FROM import_jobs WHERE id = $1", job_id)
    assert stored == 4  # the first chunk (4 rows before the failing chunk) stays, and the job says so


async def test_a_chunk_that_lost_a_deadlock_is_run_again_not_failed(
    ctx: Any, clean_households: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: two writers of the same households (another import, the saga) can deadlock;
    PostgreSQL rolls one chunk back whole, and the import runs it again instead of failing the job."""

    class DeadlockDetected(Exception):
        sqlstate = "40P01"

    real = imports._store_chunk
    calls: list[int] = []

    async def loses_once(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise DeadlockDetected("deadlock detected")
        await real(*args, **kwargs)

    monkeypatch.setattr(imports, "_store_chunk", loses_once)
    job_id = await imports.submit(
        ctx, filename="m.csv", data=_member_csv(_rows(3)), total_rows=4, actor=ACTOR
    )
    job = await imports.claim(ctx, "replica-a")
    assert await imports.run(ctx, job, "replica-a") == "done"
    assert len(calls) == 2  # one chunk of 3 rows, run twice
    assert await _count(clean_households, "SELECT stored_members FROM import_jobs WHERE id = $1", job_id) == 3
