"""A sealed audit trail for services whose subjects have no workflow of their own (households,
loans): every reveal of unmasked personal data is a chained entry, sealed with RW_AUDIT_KEY, and an
event on `audit.trail.v1`, in the same transaction (issue 11, hole 9).

The alerts service keeps its own `audit_entries` (with the workflow's states); both are verified by
`services.common.audit.verify_chain` and listed to auditors as `GET /v1/audit/reveals`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.audit import GENESIS_HASH, ChainBreak, audit_key, entry_hash, verify_chain
from services.common.auth import Principal, Role, require_roles
from services.common.db import NAMING_CONVENTION
from services.common.events.contracts.audit import AuditEntryRecorded
from services.common.events.envelope import EventEnvelope, new_event
from services.common.events.types import EventType
from services.common.outbox import add_events
from services.common.pages import decode_cursor, encode_cursor

__all__ = [
    "REVEALED",
    "RevealsOut",
    "append_entry",
    "audit_chain",
    "list_reveals",
    "record_reveal",
    "verify_subject",
]

REVEALED = "pii_revealed"

metadata = MetaData(naming_convention=NAMING_CONVENTION)

audit_chain = Table(
    "audit_chain",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("subject_type", String(40), nullable=False),
    Column("subject_id", String(100), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", JSONB, nullable=False),
    Column("action", String(40), nullable=False),
    Column("details", JSONB, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("subject_type", "subject_id", "seq", name="uq_audit_chain_subject_seq"),
)

# UPDATE and DELETE are refused: the trail only grows (the per-service role has no such grant either);
# one statement each (asyncpg prepares every statement)
APPEND_ONLY_SQL = [
    """CREATE FUNCTION audit_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_chain is append-only';
END $$""",
    """CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_chain_append_only()""",
]
APPEND_ONLY_DOWN_SQL = [
    "DROP TRIGGER IF EXISTS audit_chain_append_only ON audit_chain",
    "DROP FUNCTION IF EXISTS audit_chain_append_only()",
]


async def append_entry(
    session: AsyncSession,
    *,
    key: bytes,
    service: str,
    subject_type: str,
    subject_id: str,
    actor: dict[str, Any],
    action: str,
    details: dict[str, Any],
) -> EventEnvelope:
    """Append one sealed entry to the subject's chain; returns its `audit.entry.recorded` event.

    Appends to one subject are serialised by a transaction-scoped advisory lock, and the head is read
    after it is held (in a statement of its own), so concurrent appends never share a `seq`.
    """
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
        {"k": f"audit_chain:{subject_type}:{subject_id}"},
    )
    head = (
        await session.execute(
            select(audit_chain.c.seq, audit_chain.c.hash)
            .where(audit_chain.c.subject_type == subject_type, audit_chain.c.subject_id == subject_id)
            .order_by(audit_chain.c.seq.desc())
            .limit(1)
        )
    ).first()
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS_HASH)
    at = datetime.now(UTC)
    entry = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "from_status": None,
        "to_status": None,
        "details": details,
    }
    seal = entry_hash(prev, key=key, subject_id=subject_id, **entry)
    await session.execute(
        insert(audit_chain).values(
            subject_type=subject_type,
            subject_id=subject_id,
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            details=details,
            prev_hash=prev,
            hash=seal,
        )
    )
    return new_event(
        event_type=EventType.AUDIT_ENTRY_RECORDED,
        source=service,
        aggregate_type=subject_type,
        aggregate_id=subject_id,
        data=AuditEntryRecorded(
            service=service,
            subject_type=subject_type,
            subject_id=subject_id,
            prev_hash=prev,
            hash=seal,
            **entry,
        ),
        actor=actor,
    )


async def record_reveal(
    session: AsyncSession,
    *,
    key: bytes,
    service: str,
    subject_type: str,
    subject_id: str,
    actor: dict[str, Any],
    fields: list[str],
) -> None:
    """An auditor read unmasked personal data: a sealed entry and its event, in the caller's transaction."""
    env = await append_entry(
        session,
        key=key,
        service=service,
        subject_type=subject_type,
        subject_id=subject_id,
        actor=actor,
        action=REVEALED,
        details={"fields": fields},
    )
    await add_events(session, [env])


async def verify_subject(
    session: AsyncSession, *, key: bytes, subject_type: str, subject_id: str
) -> ChainBreak | None:
    rows = (
        await session.execute(
            select(audit_chain)
            .where(audit_chain.c.subject_type == subject_type, audit_chain.c.subject_id == subject_id)
            .order_by(audit_chain.c.seq)
        )
    ).mappings()
    return verify_chain(subject_id, [{**r, "from_status": None, "to_status": None} for r in rows], key=key)


async def list_reveals(
    session: AsyncSession, *, key: bytes, limit: int, cursor: str | None, verify: bool
) -> dict[str, Any]:
    """Every reveal, oldest first (`{items, next_cursor}`); with `verify`, each subject's chain too."""
    rows = (
        (
            await session.execute(
                select(audit_chain)
                .where(
                    audit_chain.c.action == REVEALED,
                    audit_chain.c.id > (decode_cursor(cursor, int)[0] if cursor else 0),
                )
                .order_by(audit_chain.c.id)
                .limit(limit + 1)
            )
        )
        .mappings()
        .all()
    )
    page = rows[:limit]
    items = [
        {
            "subject_type": r["subject_type"],
            "subject_id": r["subject_id"],
            "seq": r["seq"],
            "at": r["at"].isoformat(),
            "actor": r["actor"],
            "action": r["action"],
            "details": r["details"],
            "hash": r["hash"],
        }
        for r in page
    ]
    out: dict[str, Any] = {
        "items": items,
        "next_cursor": encode_cursor(page[-1]["id"]) if len(rows) > limit else None,
    }
    if verify:
        broken = {}
        for subject_type, subject_id in sorted({(r["subject_type"], r["subject_id"]) for r in page}):
            brk = await verify_subject(session, key=key, subject_type=subject_type, subject_id=subject_id)
            if brk:
                broken[f"{subject_type}:{subject_id}"] = {"seq": brk.seq, "reason": brk.reason}
        out["verified"] = not broken
        out["broken"] = broken
    return out


def import_legacy_reads(conn: Any, *, key: bytes, subject_type: str, reads: list[dict[str, Any]]) -> int:
    """From a migration: turn the rows of an old `pii_reads` table (subject_id, at, actor, fields)
    into sealed chain entries, oldest first; returns how many."""
    heads: dict[str, tuple[int, str]] = {}
    rows = []
    for r in sorted(reads, key=lambda r: (r["subject_id"], r["at"])):
        seq, prev = heads.get(r["subject_id"], (0, GENESIS_HASH))
        entry = {
            "seq": seq + 1,
            "at": r["at"],
            "actor": r["actor"],
            "action": REVEALED,
            "from_status": None,
            "to_status": None,
            "details": {"fields": r["fields"], "imported_from": "pii_reads"},
        }
        seal = entry_hash(prev, key=key, subject_id=r["subject_id"], **entry)
        rows.append(
            {
                "subject_type": subject_type,
                "subject_id": r["subject_id"],
                "seq": entry["seq"],
                "at": entry["at"],
                "actor": entry["actor"],
                "action": REVEALED,
                "details": entry["details"],
                "prev_hash": prev,
                "hash": seal,
            }
        )
        heads[r["subject_id"]] = (entry["seq"], seal)
    if rows:
        conn.execute(insert(audit_chain), rows)
    return len(rows)


class RevealOut(BaseModel):
    """One audited read of unmasked personal data."""

    subject_type: str
    subject_id: str
    seq: int
    at: datetime
    actor: dict[str, Any]
    action: str
    details: dict[str, Any]
    hash: str


class RevealsOut(BaseModel):
    items: list[RevealOut]
    next_cursor: str | None
    verified: bool | None = None
    broken: dict[str, dict[str, Any]] | None = None


REVEALS_SUMMARY = "Every audited read of unmasked personal data (auditor); verify=true checks each chain"


RevealLister = Callable[[Any, int, str | None, bool], Awaitable[dict[str, Any]]]


def add_reveals_route(router: APIRouter, ctx_dependency: Callable[..., Any], lister: RevealLister) -> None:
    """`GET /v1/audit/reveals` (auditor) on a service's router: `lister(ctx, limit, cursor, verify)`."""

    # defaults, not Annotated[...]: this module's string annotations must resolve in its own globals
    @router.get("/audit/reveals", response_model=RevealsOut, tags=["audit"], summary=REVEALS_SUMMARY)
    async def audit_reveals(
        _: Principal = Depends(require_roles(Role.auditor)),
        ctx: Any = Depends(ctx_dependency),
        limit: int = Query(50, ge=1, le=500),
        cursor: str | None = None,
        verify: bool = False,
    ) -> dict[str, Any]:
        return await lister(ctx, limit, cursor, verify)


async def list_trail_reveals(ctx: Any, limit: int, cursor: str | None, verify: bool) -> dict[str, Any]:
    """The lister of services that keep their reveals on `audit_chain` (households, loans)."""
    async with ctx.db.session() as s:
        return await list_reveals(s, key=audit_key(ctx.settings), limit=limit, cursor=cursor, verify=verify)
