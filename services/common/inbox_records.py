"""What an inbox consumer writes to the `inbox` table, and which records it takes at all."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


def declared_event_types(*handlers: Any) -> frozenset[bytes] | None:
    """The event types some handlers act on, when every one declares them (`EventRoutes` handlers carry
    `event_types`), as the relay's `event_type` header spells them; None: the handlers take anything."""
    declared: list[frozenset[str] | None] = [
        getattr(h, "event_types", None) for h in handlers if h is not None
    ]
    types: set[bytes] = set()
    for d in declared:
        if d is None:
            return None
        types.update(t.encode() for t in d)
    return frozenset(types) if declared else None


async def record_once(session: AsyncSession, consumer: str, message_id: str) -> bool:
    """Record `(consumer, message_id)`; False when it was handled before (a redelivery)."""
    row = (
        await session.execute(
            text("INSERT INTO inbox (consumer, event_id) VALUES (:c, :e) ON CONFLICT DO NOTHING RETURNING 1"),
            {"c": consumer, "e": message_id},
        )
    ).first()
    return row is not None


async def record_many(session: AsyncSession, consumer: str, message_ids: list[str]) -> set[str]:
    """Record many message ids at once; returns those not seen before."""
    rows = await session.execute(
        text(
            "INSERT INTO inbox (consumer, event_id) SELECT :c, unnest(CAST(:e AS text[])) "
            "ON CONFLICT DO NOTHING RETURNING event_id"
        ),
        {"c": consumer, "e": list(dict.fromkeys(message_ids))},
    )
    return {r.event_id for r in rows}


def wanted(record: Any, wants: frozenset[bytes]) -> bool:
    """Whether a record's `event_type` header names a wanted type; one without the header is decoded."""
    for key, value in record.headers or ():
        if key == "event_type":
            return bool(value in wants)
    return True
