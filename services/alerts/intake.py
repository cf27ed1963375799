"""Feed intake: a provincial batch (or an internal signal) becomes alerts, matched to households,
idempotent per batch and request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.alerts import sla
from services.alerts.context import SERVICE, AlertsContext
from services.alerts.feeds.validate import EARLIEST_DATE, ValidItem, validate_items
from services.alerts.models import ProjVillage
from services.alerts.schemas import (
    FeedIn,
    IntakeResult,
    RejectedOut,
)
from services.alerts.workflow import (
    Status,
)
from services.common import idempotency
from services.common.audit import GENESIS_HASH, entry_hash
from services.common.errors import APIError
from services.common.events.envelope import envelope_bytes, new_event_ids
from services.common.events.topics import Topic
from services.common.events.types import EventType
from services.common.i18n import localise, stored
from services.common.ids import mask_name
from services.common.outbox import add_rows


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
) -> IntakeResult:
    """Store the valid items of a batch (once), reject the invalid ones with every reason; all or nothing.

    With an Idempotency-Key, looking the key up, taking the batch in and remembering the answer are
    one transaction: a retry racing the first request waits for it and gets its answer.
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
        valid, rejected = validate_items(
            batch.items,
            categories=ctx.settings.alerts_categories,
            known_villages=villages,
            today=today,
            allowed_classes=[c for c in ctx.settings.alerts_categories if c != "internal"],
        )
        inserted = await _insert_alerts(ctx, s, valid, batch=batch, actor=actor) if valid else []
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
                "a": len(inserted),
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
            accepted=len(inserted),
            duplicates=len(valid) - len(inserted),
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
    return result


def _json(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


async def _match_households(
    s: AsyncSession, hashes: list[str], codes: list[str]
) -> tuple[dict[str, str], set[str]]:
    """Households of the ID-number hashes, and which household codes the projection knows."""
    by_hash: dict[str, str] = {}
    if hashes:
        rows = await s.execute(
            text(
                "SELECT id_number_hash, household_code FROM proj_members "
                "WHERE id_number_hash = ANY(CAST(:h AS text[]))"
            ),
            {"h": sorted(set(hashes))},
        )
        by_hash = {r.id_number_hash: r.household_code for r in rows}
    known: set[str] = set()
    if codes:
        rows = await s.execute(
            text("SELECT household_code FROM proj_households WHERE household_code = ANY(CAST(:c AS text[]))"),
            {"c": sorted(set(codes))},
        )
        known = {r.household_code for r in rows}
    return by_hash, known


@dataclass(frozen=True)
class Origin:
    """Where alerts come from: a provincial batch (`batch_id` set) or another service (`batch_id` None)."""

    batch_id: str | None
    source: str
    issued_on: date


async def _insert_alerts(
    ctx: AlertsContext,
    s: AsyncSession,
    items: list[ValidItem],
    *,
    batch: FeedIn | Origin,
    actor: dict[str, Any],
) -> list[tuple[uuid.UUID, ValidItem, str | None, str]]:
    hashes = [
        i.id_number_hash or (ctx.cipher.lookup_hash(i.id_number) if i.id_number else None) for i in items
    ]
    by_hash, known_codes = await _match_households(
        s, [h for h in hashes if h], [i.household_code for i in items if i.household_code]
    )
    village_due = sla.village_due_on(ctx.calendar, batch.issued_on, ctx.settings.alerts_village_working_days)
    ids = [uuid.uuid4() for _ in items]
    matched_codes: list[str | None] = []
    matches: list[str] = []
    for item, h in zip(items, hashes, strict=True):
        if h and h in by_hash:
            matched_codes.append(by_hash[h])
            matches.append("matched_by_id_number")
        elif item.household_code and item.household_code in known_codes:
            matched_codes.append(item.household_code)
            matches.append("matched_by_household_code")
        else:
            matched_codes.append(item.household_code)
            matches.append("unmatched")
    rows = (
        await s.execute(
            text(
                "INSERT INTO alerts (id, external_id, batch_id, source, class, category, village_code, household_code, "
                "household_match, id_number_enc, id_number_hash, person_name_enc, person_name_masked, description, "
                "detected_on, received_on, "
                "status, village_due_on) "
                "SELECT u.id, u.external_id, :batch_id, :source, u.class, u.category, u.village_code, u.household_code, "
                "u.household_match, u.enc, u.hash, u.name_enc, u.name_masked, u.description, u.detected_on, :received_on, "
                "'pending_village', :village_due_on FROM unnest(CAST(:id AS uuid[]), CAST(:ext AS text[]), "
                "CAST(:cls AS text[]), CAST(:cat AS text[]), CAST(:vil AS text[]), CAST(:hh AS text[]), "
                "CAST(:match AS text[]), CAST(:enc AS bytea[]), CAST(:hash AS text[]), CAST(:name AS bytea[]), "
                "CAST(:masked AS text[]), "
                "CAST(:descr AS text[]), CAST(:det AS date[])) AS u(id, external_id, class, category, village_code, "
                "household_code, household_match, enc, hash, name_enc, name_masked, description, detected_on) "
                "ON CONFLICT (external_id) DO NOTHING RETURNING id"
            ),
            {
                "batch_id": batch.batch_id,
                "source": batch.source,
                "received_on": batch.issued_on,
                "village_due_on": village_due,
                "id": ids,
                "ext": [i.external_id for i in items],
                "cls": [i.alert_class for i in items],
                "cat": [i.category for i in items],
                "vil": [i.village_code for i in items],
                "hh": matched_codes,
                "match": matches,
                "enc": [
                    ctx.cipher.seal("alerts", "id_number_enc", aid, i.id_number) if i.id_number else None
                    for aid, i in zip(ids, items, strict=True)
                ],
                "hash": hashes,
                "name": [
                    ctx.cipher.seal("alerts", "person_name_enc", aid, i.person_name)
                    if i.person_name
                    else None
                    for aid, i in zip(ids, items, strict=True)
                ],
                "masked": [mask_name(i.person_name) for i in items],
                "descr": [i.description for i in items],
                "det": [i.detected_on for i in items],
            },
        )
    ).all()
    new_ids = {r.id for r in rows}
    inserted = [
        (aid, item, code, m)
        for aid, item, code, m in zip(ids, items, matched_codes, matches, strict=True)
        if aid in new_ids
    ]
    if not inserted:
        return inserted
    at = datetime.now(UTC)
    audit_cols: dict[str, list[Any]] = {k: [] for k in ("alert_id", "hash", "details")}
    outbox: list[dict[str, Any]] = []
    event_ids = new_event_ids(2 * len(inserted))
    at_iso = at.isoformat()
    for aid, item, code, match in inserted:
        alert_id = str(aid)
        details = {
            "batch_id": batch.batch_id,
            "source": batch.source,
            "received_on": batch.issued_on.isoformat(),
            "village_due_on": village_due.isoformat(),
            "household_match": match,
        }
        h = entry_hash(
            GENESIS_HASH,
            key=ctx.audit_key,
            subject_id=alert_id,
            seq=1,
            at=at,
            actor=actor,
            action="received",
            from_status=None,
            to_status=Status.pending_village.value,
            details=details,
        )
        audit_cols["alert_id"].append(aid)
        audit_cols["hash"].append(h)
        audit_cols["details"].append(_json(details))
        data = {
            "alert_id": alert_id,
            "external_id": item.external_id,
            "batch_id": batch.batch_id,
            "source": batch.source,
            "village_code": item.village_code,
            "household_code": code,
            "household_match": match,
            "class": item.alert_class,
            "category": item.category,
            "status": Status.pending_village.value,
            "received_on": batch.issued_on.isoformat(),
            "village_due_on": village_due.isoformat(),
        }
        audit_data = {
            "service": SERVICE,
            "subject_type": "alert",
            "subject_id": alert_id,
            "seq": 1,
            "at": at_iso,
            "actor": actor,
            "action": "received",
            "from_status": None,
            "to_status": Status.pending_village.value,
            "details": details,
            "prev_hash": GENESIS_HASH,
            "hash": h,
        }
        for event_type, topic, payload in (
            (EventType.ALERTS_ALERT_RECEIVED, Topic.ALERTS.value, data),
            (EventType.AUDIT_ENTRY_RECORDED, Topic.AUDIT.value, audit_data),
        ):
            event_id = event_ids.pop()
            outbox.append(
                {
                    "event_id": event_id,
                    "topic": topic,
                    "key": alert_id,
                    "event_type": event_type,
                    "schema_version": 1,
                    "payload": envelope_bytes(
                        event_id=event_id,
                        event_type=event_type,
                        source=SERVICE,
                        aggregate_type="alert",
                        aggregate_id=alert_id,
                        data=payload,
                        actor=actor,
                        occurred_at=at,
                    ),
                }
            )
    await s.execute(
        text(
            "INSERT INTO audit_entries (alert_id, seq, at, actor, action, from_status, to_status, details, "
            "prev_hash, hash) SELECT u.alert_id, 1, :at, CAST(:actor AS jsonb), 'received', NULL, 'pending_village', "
            "u.details, :prev, u.hash FROM unnest(CAST(:ids AS uuid[]), CAST(:hashes AS text[]), "
            "CAST(:details AS jsonb[])) AS u(alert_id, hash, details)"
        ),
        {
            "at": at,
            "actor": _json(actor),
            "prev": GENESIS_HASH,
            "ids": audit_cols["alert_id"],
            "hashes": audit_cols["hash"],
            "details": audit_cols["details"],
        },
    )
    await add_rows(s, outbox)
    return inserted


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
    return bool(await _insert_alerts(ctx, s, [item], batch=origin, actor=actor))
