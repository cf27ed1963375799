"""The bulk write of intake: alerts matched to households, each with its first audit entry and its two
events, in chunks straight to asyncpg on the caller's transaction (services/alerts/intake.py decides what
is valid; this module only writes)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts import sla
from services.alerts.context import SERVICE, AlertsContext
from services.alerts.feeds.validate import ValidItem
from services.alerts.recording import alert_row
from services.alerts.schemas import FeedIn
from services.alerts.workflow import Status
from services.common.audit import GENESIS_HASH, entry_hash
from services.common.db import driver_of
from services.common.events.envelope import new_event_ids
from services.common.events.types import EventType
from services.common.ids import mask_name
from services.common.outbox import copy_rows, mark_dirty


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


async def _match_households(
    driver: Any, hashes: list[str], codes: list[str]
) -> tuple[dict[str, str], set[str]]:
    """Households of the ID-number hashes, and which household codes the projection knows."""
    by_hash: dict[str, str] = {}
    if hashes:
        rows = await driver.fetch(
            "SELECT id_number_hash, household_code FROM proj_members WHERE id_number_hash = ANY($1::text[])",
            sorted(set(hashes)),
        )
        by_hash = {r["id_number_hash"]: r["household_code"] for r in rows}
    known: set[str] = set()
    if codes:
        rows = await driver.fetch(
            "SELECT household_code FROM proj_households WHERE household_code = ANY($1::text[])",
            sorted(set(codes)),
        )
        known = {r["household_code"] for r in rows}
    return by_hash, known


@dataclass(frozen=True)
class Origin:
    """Where alerts come from: a provincial batch (`batch_id` set) or another service (`batch_id` None)."""

    batch_id: str | None
    source: str
    issued_on: date


# items per round of statements: the batch's working set (ciphertexts, events, arrays) stays this size
# whatever the batch's, and one chunk's audit and outbox writes run while the next chunk is encrypted
CHUNK = 5_000

Inserted = tuple[uuid.UUID, ValidItem, str | None, str]


@dataclass(frozen=True)
class _Batch:
    """What every chunk of one intake shares."""

    origin: FeedIn | Origin
    actor: dict[str, Any]
    key: bytes
    village_due: date
    at: datetime


async def insert_alerts(
    ctx: AlertsContext,
    s: AsyncSession,
    items: list[ValidItem],
    *,
    batch: FeedIn | Origin,
    actor: dict[str, Any],
) -> list[Inserted]:
    """Insert the alerts (a re-sent external id is skipped), each with its first audit entry and its two
    events, in chunks on the session's connection: the statements go straight to asyncpg, and a chunk's
    audit and outbox writes are in flight while the next chunk is prepared."""
    driver = await driver_of(s)
    hashes = [
        i.id_number_hash or (ctx.cipher.lookup_hash(i.id_number) if i.id_number else None) for i in items
    ]
    by_hash, known_codes = await _match_households(
        driver, [h for h in hashes if h], [i.household_code for i in items if i.household_code]
    )
    shared = _Batch(
        origin=batch,
        actor=actor,
        key=ctx.audit_key,
        village_due=sla.village_due_on(
            ctx.calendar, batch.issued_on, ctx.settings.alerts_village_working_days
        ),
        at=datetime.now(UTC),
    )
    inserted: list[Inserted] = []
    writing: asyncio.Future[None] | None = None
    try:
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            ids = [uuid.uuid4() for _ in chunk]
            codes, matches = _matches(chunk, hashes[start : start + CHUNK], by_hash, known_codes)
            columns = _alert_columns(ctx, chunk, ids, hashes[start : start + CHUNK], codes, matches)
            if writing is not None:
                await writing  # one statement at a time on the connection
                writing = None
            rows = await driver.fetch(
                _INSERT_ALERTS, batch.batch_id, batch.source, batch.issued_on, shared.village_due, *columns
            )
            new_ids = {r["id"] for r in rows}
            done = [
                (aid, item, code, m)
                for aid, item, code, m in zip(ids, chunk, codes, matches, strict=True)
                if aid in new_ids
            ]
            if done:
                writing = asyncio.ensure_future(_write_entries(driver, shared, *_entries(shared, done)))
            inserted += done
        if writing is not None:
            await writing
            writing = None
    finally:
        if writing is not None:  # an error meanwhile: let the statement end before the rollback
            with contextlib.suppress(Exception):
                await writing
    if inserted:
        mark_dirty(s)
    return inserted


def _matches(
    chunk: list[ValidItem], hashes: list[str | None], by_hash: dict[str, str], known_codes: set[str]
) -> tuple[list[str | None], list[str]]:
    """Each item's household and how it was found: by ID number, by a known household code, or not."""
    codes: list[str | None] = []
    matches: list[str] = []
    for item, h in zip(chunk, hashes, strict=True):
        if h and h in by_hash:
            codes.append(by_hash[h])
            matches.append("matched_by_id_number")
        elif item.household_code and item.household_code in known_codes:
            codes.append(item.household_code)
            matches.append("matched_by_household_code")
        else:
            codes.append(item.household_code)
            matches.append("unmatched")
    return codes, matches


def _alert_columns(
    ctx: AlertsContext,
    chunk: list[ValidItem],
    ids: list[uuid.UUID],
    hashes: list[str | None],
    codes: list[str | None],
    matches: list[str],
) -> tuple[list[Any], ...]:
    """The per-item arrays of `_INSERT_ALERTS`, personal data sealed to its row."""
    seal = ctx.cipher.seal
    return (
        ids,
        [i.external_id for i in chunk],
        [i.alert_class for i in chunk],
        [i.category for i in chunk],
        [i.village_code for i in chunk],
        codes,
        matches,
        [
            seal("alerts", "id_number_enc", aid, i.id_number) if i.id_number else None
            for aid, i in zip(ids, chunk, strict=True)
        ],
        hashes,
        [
            seal("alerts", "person_name_enc", aid, i.person_name) if i.person_name else None
            for aid, i in zip(ids, chunk, strict=True)
        ],
        [mask_name(i.person_name) for i in chunk],
        [i.description for i in chunk],
        [i.detected_on for i in chunk],
    )


_INSERT_ALERTS = (
    "INSERT INTO alerts (id, external_id, batch_id, source, class, category, village_code, household_code, "
    "household_match, id_number_enc, id_number_hash, person_name_enc, person_name_masked, description, "
    "detected_on, received_on, status, village_due_on) "
    "SELECT u.id, u.external_id, $1, $2, u.class, u.category, u.village_code, u.household_code, "
    "u.household_match, u.enc, u.hash, u.name_enc, u.name_masked, u.description, u.detected_on, $3, "
    "'pending_village', $4 FROM unnest($5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], "
    "$10::text[], $11::text[], $12::bytea[], $13::text[], $14::bytea[], $15::text[], $16::text[], "
    "$17::date[]) AS u(id, external_id, class, category, village_code, household_code, household_match, "
    "enc, hash, name_enc, name_masked, description, detected_on) "
    "ON CONFLICT (external_id) DO NOTHING RETURNING id"
)
_INSERT_AUDIT = (
    "INSERT INTO audit_entries (alert_id, seq, at, actor, action, from_status, to_status, details, "
    "prev_hash, hash) SELECT u.alert_id, 1, $1, $2::jsonb, 'received', NULL, 'pending_village', "
    "u.details, $3, u.hash FROM unnest($4::uuid[], $5::text[], $6::jsonb[]) AS u(alert_id, hash, details)"
)


def _entries(
    shared: _Batch, done: list[Inserted]
) -> tuple[list[Any], list[str], list[str], list[dict[str, Any]]]:
    """The first audit entry of each new alert (ids, seals, details) and its two outbox rows."""
    batch, actor, at = shared.origin, shared.actor, shared.at
    ids: list[Any] = []
    seals: list[str] = []
    all_details: list[str] = []
    outbox: list[dict[str, Any]] = []
    event_ids = new_event_ids(2 * len(done))
    at_iso = at.isoformat()
    received_on = batch.issued_on.isoformat()
    village_due = shared.village_due.isoformat()
    pending = Status.pending_village.value
    for aid, item, code, match in done:
        alert_id = str(aid)
        details = {
            "batch_id": batch.batch_id,
            "source": batch.source,
            "received_on": received_on,
            "village_due_on": village_due,
            "household_match": match,
        }
        h = entry_hash(
            GENESIS_HASH,
            key=shared.key,
            subject_id=alert_id,
            seq=1,
            at=at,
            actor=actor,
            action="received",
            from_status=None,
            to_status=pending,
            details=details,
        )
        ids.append(aid)
        seals.append(h)
        all_details.append(_json(details))
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
            "status": pending,
            "received_on": received_on,
            "village_due_on": village_due,
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
            "to_status": pending,
            "details": details,
            "prev_hash": GENESIS_HASH,
            "hash": h,
        }
        for event_type, payload in (
            (EventType.ALERTS_ALERT_RECEIVED, data),
            (EventType.AUDIT_ENTRY_RECORDED, audit_data),
        ):
            outbox.append(alert_row(event_type, alert_id, actor, at, payload, event_id=event_ids.pop()))
    return ids, seals, all_details, outbox


async def _write_entries(
    driver: Any,
    shared: _Batch,
    ids: list[Any],
    seals: list[str],
    details: list[str],
    outbox: list[dict[str, Any]],
) -> None:
    await driver.execute(_INSERT_AUDIT, shared.at, _json(shared.actor), GENESIS_HASH, ids, seals, details)
    await copy_rows(driver, outbox)
