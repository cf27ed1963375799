"""Durable household imports: the upload is kept in PostgreSQL and any replica runs the job.

`POST /v1/imports` parses the file (to answer 4xx for a bad one at once), stores the upload and a
`queued` job, and returns. Every replica runs `import_worker`, which claims the oldest queued job, or a
`running` one whose claim went stale (its replica died), with `FOR UPDATE SKIP LOCKED`, and stores
the valid rows chunk by chunk. Each chunk commits together with the job's checkpoint (`resume_after`,
the file index of the last row stored) and its counts, so a job taken over after a crash resumes after
the last committed chunk: no row is stored twice and none is skipped. Every chunk transaction first
re-asserts the claim (`claimed_by = me`) and renews the heartbeat, which fences off a replica that lost
its claim while it was paused.

A chunk that fails for a reason of its own (not the database being away) is tried again row by row to
name the first row that fails; the job is then `failed` with that row, and the rows of the chunks
before it stay stored (the job says how many). A job interrupted `MAX_ATTEMPTS` times is `failed`.
Why not procrastinate or pgqueuer: ADR 0010.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from collections.abc import Sequence
from typing import Any

import orjson
import structlog
from prometheus_client import Counter, Gauge
from sqlalchemy import text

from services.common.db import is_transient_db_error
from services.common.errors import not_found
from services.common.i18n import localise, restored, stored
from services.common.people import PersonRow
from services.common.redact import safe_error
from services.households import context, registry
from services.households.importer import RejectedRow, read_member_file, validate_rows

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 3
IMPORT_JOBS = Gauge("rw_import_jobs", "Import jobs by status", ["status"])
IMPORT_ROWS = Counter("rw_import_rows_stored", "Rows of imported files stored")
IMPORT_RESUMED = Counter("rw_import_jobs_resumed", "Import jobs taken over after their replica stopped")

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
_wake = asyncio.Event()


class LostClaim(Exception):
    """Another replica took the job over (this one was presumed dead): stop without writing."""


async def submit(
    ctx: context.HouseholdsContext, *, filename: str, data: bytes, total_rows: int, actor: dict[str, Any]
) -> uuid.UUID:
    job_id = uuid.uuid4()
    async with ctx.db.transaction() as s:
        await s.execute(
            text(
                "INSERT INTO import_jobs (id, filename, status, total_rows, processed_rows, stored_members, "
                "new_households, unchanged_rows, rejected, started_by, upload, actor) VALUES "
                "(:i, :f, 'queued', :n, 0, 0, 0, 0, '[]', :b, :u, CAST(:a AS jsonb))"
            ),
            {
                "i": job_id,
                "f": filename,
                "n": total_rows,
                "b": actor["sub"],
                "u": data,
                "a": orjson.dumps(actor).decode(),
            },
        )
    _wake.set()
    return job_id


async def claim(ctx: context.HouseholdsContext, worker: str = WORKER_ID) -> Any | None:
    """The next job to run, claimed for `worker`; a stale `running` job counts as one more attempt."""
    stale = ctx.settings.households_import_stale_seconds
    async with ctx.db.transaction() as s:
        row = (
            await s.execute(
                text(
                    "UPDATE import_jobs SET status = 'running', claimed_by = :w, heartbeat_at = now(), "
                    "attempts = attempts + 1 WHERE id = (SELECT id FROM import_jobs WHERE status = 'queued' "
                    "OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => :stale)) "
                    "ORDER BY started_at FOR UPDATE SKIP LOCKED LIMIT 1) "
                    "RETURNING id, filename, upload, actor, attempts, resume_after"
                ),
                {"w": worker, "stale": stale},
            )
        ).first()
        if row is not None and row.attempts > MAX_ATTEMPTS:
            await _finish_failed(
                s, row.id, f"the import was interrupted {MAX_ATTEMPTS} times; upload the file again"
            )
            return None
    if row is not None and row.attempts > 1:
        IMPORT_RESUMED.inc()
        log.warning("import_resumed", job_id=str(row.id), attempt=row.attempts, after_row=row.resume_after)
    return row


async def _finish_failed(s: Any, job_id: uuid.UUID, error: str) -> None:
    await s.execute(
        text(
            "UPDATE import_jobs SET status = 'failed', error = :e, finished_at = now(), upload = NULL, "
            "claimed_by = NULL WHERE id = :i"
        ),
        {"e": error, "i": job_id},
    )


def _rejected_json(rows: Sequence[RejectedRow]) -> str:
    return orjson.dumps(
        [
            {
                "row": r.index + 2,
                "index": r.index,
                "household_code": r.household_code,
                "errors": stored(r.errors),
            }
            for r in rows
        ]
    ).decode()


async def run(ctx: context.HouseholdsContext, job: Any, worker: str = WORKER_ID) -> str:
    """Run (or resume) one claimed job to `done` or `failed`; returns the status it ended in."""
    rows = await asyncio.to_thread(read_member_file, job.filename, bytes(job.upload))
    async with ctx.db.session() as s:
        villages = await registry.known_villages(s)
    valid, invalid = validate_rows(rows, known_villages=villages, today=ctx.today())
    todo = [r for r in valid if r.index > job.resume_after]
    chunk_size = ctx.settings.households_import_chunk
    for start in range(0, len(todo), chunk_size):
        chunk = todo[start : start + chunk_size]
        try:
            await _store_chunk_retrying(ctx, job.id, chunk, job.actor, worker)
        except LostClaim:
            log.warning("import_claim_lost", job_id=str(job.id))
            return "lost"
        except Exception as exc:
            if is_transient_db_error(exc) or _sqlstate(exc) in RETRY_SQLSTATES:
                raise  # the database is away: the job stays claimed, and is taken over when it goes stale
            failing = await _first_failing_row(ctx, chunk, job.actor)
            error_id = uuid.uuid4().hex[:12]
            log.error("import_failed", job_id=str(job.id), error_id=error_id, error=safe_error(exc))
            where = (
                f"row {failing.index + 2} (household {failing.household_code})"
                if failing is not None
                else f"rows {chunk[0].index + 2}–{chunk[-1].index + 2}"
            )
            async with ctx.db.transaction() as s:
                await _finish_failed(
                    s,
                    job.id,
                    f"the import stopped at {where}: {type(exc).__name__} (error id {error_id} in the "
                    "service log); the rows before it are stored, upload the rest again",
                )
            return "failed"
    async with ctx.db.transaction() as s:
        done = await s.execute(
            text(
                "UPDATE import_jobs SET status = 'done', processed_rows = total_rows, finished_at = now(), "
                "upload = NULL, claimed_by = NULL, rejected = (SELECT COALESCE(jsonb_agg(x ORDER BY "
                "(x->>'index')::int), '[]') FROM jsonb_array_elements(rejected || CAST(:r AS jsonb)) x) "
                "WHERE id = :i AND claimed_by = :w AND status = 'running' RETURNING id"
            ),
            {"i": job.id, "w": worker, "r": _rejected_json(invalid)},
        )
        if done.first() is None:
            return "lost"
    return "done"


# a deadlock with another writer of the same households (another import, the saga) or a serialization
# failure: the chunk's transaction was rolled back whole, so it is simply run again
RETRY_SQLSTATES = frozenset({"40P01", "40001"})
CHUNK_TRIES = 3


def _sqlstate(exc: BaseException) -> str | None:
    current: BaseException | None = exc
    while current is not None:
        state = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if isinstance(state, str):
            return state
        current = getattr(current, "orig", None) or current.__cause__
    return None


async def _store_chunk_retrying(
    ctx: context.HouseholdsContext,
    job_id: uuid.UUID,
    chunk: Sequence[PersonRow],
    actor: dict[str, Any],
    worker: str,
) -> None:
    for attempt in range(1, CHUNK_TRIES + 1):
        try:
            await _store_chunk(ctx, job_id, chunk, actor, worker)
            return
        except Exception as exc:
            if _sqlstate(exc) not in RETRY_SQLSTATES or attempt == CHUNK_TRIES:
                raise
            log.warning("import_chunk_retried", job_id=str(job_id), attempt=attempt, sqlstate=_sqlstate(exc))
            await asyncio.sleep(0.2 * attempt)


async def _store_chunk(
    ctx: context.HouseholdsContext,
    job_id: uuid.UUID,
    chunk: Sequence[PersonRow],
    actor: dict[str, Any],
    worker: str,
) -> None:
    last = chunk[-1].index
    async with ctx.db.transaction() as s:
        # the fence: the job is still ours (a replica presumed dead finds it taken and stops)
        mine = await s.execute(
            text(
                "UPDATE import_jobs SET heartbeat_at = now() WHERE id = :i AND claimed_by = :w "
                "AND status = 'running' RETURNING id"
            ),
            {"i": job_id, "w": worker},
        )
        if mine.first() is None:
            raise LostClaim
        part = await registry.store_members(ctx, s, chunk, actor)
        await s.execute(
            text(
                "UPDATE import_jobs SET resume_after = :last, processed_rows = :done, "
                "stored_members = stored_members + :m, new_households = new_households + :h, "
                "unchanged_rows = unchanged_rows + :u, rejected = rejected || CAST(:r AS jsonb) WHERE id = :i"
            ),
            {
                "last": last,
                "done": last + 1,  # every file row up to `last` is stored or rejected
                "m": part.stored_members,
                "h": part.new_households,
                "u": part.unchanged,
                "r": _rejected_json(part.rejected),
                "i": job_id,
            },
        )
    IMPORT_ROWS.inc(len(chunk))


async def _first_failing_row(
    ctx: context.HouseholdsContext, chunk: Sequence[PersonRow], actor: dict[str, Any]
) -> PersonRow | None:
    """Replay the failed chunk one row at a time, in a transaction that is rolled back, to name the row."""
    with contextlib.suppress(Exception):
        async with ctx.db.session() as s:
            for row in chunk:
                try:
                    async with s.begin_nested():
                        await registry.store_members(ctx, s, [row], actor)
                except Exception:
                    await s.rollback()
                    return row
            await s.rollback()
    return None


async def import_worker(ctx: context.HouseholdsContext, stop: asyncio.Event) -> None:
    """Claim and run jobs until `stop`; idle, it looks again every second (or when this replica queues one)."""
    while not stop.is_set():
        try:
            job = await claim(ctx)
            if job is not None:
                status = await run(ctx, job)
                log.info("import_finished", job_id=str(job.id), status=status)
                continue
            await update_metrics(ctx)
        except Exception as exc:  # the database away: the job stays claimed and is taken over later
            log.warning("import_worker_error", error=safe_error(exc))
        _wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_wait_any(stop), timeout=ctx.settings.households_import_poll_seconds)


async def _wait_any(stop: asyncio.Event) -> None:
    waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(_wake.wait())]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()


async def update_metrics(ctx: context.HouseholdsContext) -> None:
    async with ctx.db.session() as s:
        result = await s.execute(text("SELECT status, count(*) FROM import_jobs GROUP BY status"))
        counts = {status: n for status, n in result}
    for status in ("queued", "running", "done", "failed"):
        IMPORT_JOBS.labels(status).set(counts.get(status, 0))


async def job_status(ctx: context.HouseholdsContext, job_id: uuid.UUID) -> dict[str, Any]:
    """A job's progress as `GET /v1/imports/{job_id}` answers it."""
    async with ctx.db.session() as s:
        job = (
            await s.execute(
                text(
                    "SELECT id, filename, status, total_rows, processed_rows, stored_members, new_households, "
                    "unchanged_rows, rejected, error, attempts FROM import_jobs WHERE id = :i"
                ),
                {"i": job_id},
            )
        ).first()
    if job is None:
        raise not_found("import job")
    return {
        "job_id": str(job.id),
        "filename": job.filename,
        "status": job.status,
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "stored_members": job.stored_members,
        "new_households": job.new_households,
        "unchanged_rows": job.unchanged_rows,
        "rejected": [{**r, "errors": localise(restored(r["errors"]))} for r in job.rejected or []],
        "error": job.error,
        "attempts": job.attempts,  # more than 1: a replica stopped and another resumed the job
    }
