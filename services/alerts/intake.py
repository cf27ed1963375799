"""Feed intake: a provincial batch (or an internal signal) becomes alerts, matched to households,
idempotent per batch and request."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.alerts.context import AlertsContext
from services.alerts.feeds.validate import EARLIEST_DATE, RejectedItem, ValidItem, validate_items
from services.alerts.intake_rows import CHUNK, AlertWriter, Origin, insert_alerts
from services.alerts.models import ProjVillage
from services.alerts.schemas import (
    FeedIn,
    IntakeResult,
    RejectedOut,
)
from services.common import idempotency
from services.common.errors import APIError
from services.common.i18n import localise, stored
from services.common.memory import trim_after

# a batch this large leaves tens of MB freed but held by malloc; trimming takes ~15 ms (memory.py)
TRIM_AFTER_ITEMS = 10_000


@dataclass(frozen=True)
class IdempotentCall:
    """An Idempotency-Key with the caller's scope and the request's fingerprint."""

    scope: str
    key: str
    fingerprint: str


async def intake(
    ctx: AlertsContext,
    *,
    batch: FeedIn,
    actor: dict[str, Any],
    channel: str = "http",
    idempotent: IdempotentCall | None = None,
    chunks: Iterable[Sequence[Any]] | None = None,
    max_items: int | None = None,
) -> IntakeResult:
    """Store the valid items of a batch (once), reject the invalid ones with every reason; all or nothing.

    With an Idempotency-Key, looking the key up, taking the batch in and remembering the answer are
    one transaction: a retry racing the first request waits for it and gets its answer. The items are
    `batch.items`, or `chunks` of them read from a spooled body (feeds/stream.py), each chunk validated
    and written before the next is parsed; more than `max_items` is refused (413) and nothing is kept.
    """
    await ctx.load_calendar()  # a notice imported through another replica counts for this batch's due dates
    today = ctx.today()
    if batch.issued_on > today or batch.issued_on < EARLIEST_DATE:
        raise APIError(
            422,
            "validation_failed",
            "the batch is not valid",
            [
                f"issued_on {batch.issued_on.isoformat()} is in the future"
                if batch.issued_on > today
                else f"issued_on is before {EARLIEST_DATE.isoformat()}"
            ],
        )
    async with ctx.db.transaction() as s:
        if idempotent is not None:
            replayed = await idempotency.replay(
                s, scope=idempotent.scope, key=idempotent.key, fingerprint=idempotent.fingerprint
            )
            if replayed is not None:
                return IntakeResult.model_validate(replayed[1])
        villages = set((await s.scalars(select(col(ProjVillage.code)))).all())
        seen: dict[str, int] = {}
        rejected: list[RejectedItem] = []
        valid_count = 0
        parts = iter(chunks if chunks is not None else _chunked(batch.items))
        writer = await AlertWriter.open(ctx, s, batch=batch, actor=actor)
        try:
            # each part is read and validated in a worker thread while the event loop keeps the part
            # before it going into PostgreSQL (intake_rows.AlertWriter), and keeps answering other requests
            while (part := await asyncio.to_thread(next, parts, None)) is not None:
                valid, refused = await asyncio.to_thread(
                    validate_items,
                    part,
                    categories=ctx.settings.alerts_categories,
                    known_villages=villages,
                    today=today,
                    allowed_classes=[c for c in ctx.settings.alerts_categories if c != "internal"],
                    seen=seen,
                    start=valid_count + len(rejected),
                )
                if max_items is not None and valid_count + len(rejected) + len(part) > max_items:
                    raise APIError(413, "payload_too_large", f"a batch holds at most {max_items} items")
                rejected += refused
                valid_count += len(valid)
                if valid:
                    await writer.add(valid)
            accepted = await writer.finish()
        except BaseException:
            await writer.abandon()
            raise
        await s.execute(
            text(
                "INSERT INTO feed_batches (batch_id, source, issued_on, accepted, rejected) "
                "VALUES (:b, :s, :i, :a, :r) ON CONFLICT (batch_id) DO UPDATE SET "
                "last_received_at = now(), times_received = feed_batches.times_received + 1, "
                "accepted = feed_batches.accepted + EXCLUDED.accepted"
            ),
            {
                "b": batch.batch_id,
                "s": batch.source,
                "i": batch.issued_on,
                "a": accepted,
                "r": len(rejected),
            },
        )
        if rejected:
            await s.execute(
                text(
                    "INSERT INTO feed_rejects (batch_id, item_index, external_id, channel, errors) "
                    "SELECT :b, * FROM unnest(CAST(:i AS int[]), CAST(:e AS text[]), CAST(:c AS text[]), "
                    "CAST(:x AS jsonb[])) ON CONFLICT DO NOTHING"
                ),
                {
                    "b": batch.batch_id,
                    "i": [r.index for r in rejected],
                    "e": [r.external_id for r in rejected],
                    "c": [channel] * len(rejected),
                    "x": [_json(stored(r.errors)) for r in rejected],  # both languages kept
                },
            )
        result = IntakeResult(
            batch_id=batch.batch_id,
            accepted=accepted,
            duplicates=valid_count - accepted,
            rejected=[
                RejectedOut(index=r.index, external_id=r.external_id, errors=localise(r.errors))
                for r in rejected
            ],
        )
        if idempotent is not None:
            await idempotency.remember(
                s,
                scope=idempotent.scope,
                key=idempotent.key,
                fingerprint=idempotent.fingerprint,
                status_code=200,
                body=result.model_dump(mode="json"),
            )
    trim_after(valid_count + len(rejected), TRIM_AFTER_ITEMS)  # the next batch starts from the resting size
    return result


def _chunked(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _json(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


async def raise_internal(
    ctx: AlertsContext,
    s: AsyncSession,
    *,
    external_id: str,
    source: str,
    category: str,
    village_code: str,
    household_code: str | None,
    id_number_hash: str | None,
    description: str,
    detected_on: date,
    actor: dict[str, Any],
) -> bool:
    """An internal alert raised by another service's event (class `internal`); once per `external_id`."""
    allowed = ctx.settings.alerts_categories.get("internal", [])
    if category not in allowed:
        raise ValueError(f"internal category {category!r} is not configured (alerts_categories.internal)")
    item = ValidItem(
        index=0,
        external_id=external_id,
        alert_class="internal",
        category=category,
        village_code=village_code,
        household_code=household_code,
        id_number=None,
        person_name=None,
        description=description,
        detected_on=detected_on,
        id_number_hash=id_number_hash,
    )
    origin = Origin(batch_id=None, source=source, issued_on=min(detected_on, ctx.today()))
    return bool(await insert_alerts(ctx, s, [item], batch=origin, actor=actor))
