"""The bulk write of intake: alerts matched to households, each with its first audit entry and its two
events, in chunks straight to asyncpg on the caller's transaction (services/alerts/intake.py decides what
is valid; this module only writes)."""

from __future__ import annotations

import asyncio
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
from services.common.db import SerialStatements, driver_of
from services.common.events.envelope import new_event_ids
from services.common.events.types import EventType
from services.common.ids import mask_name
from services.common.keyed import uuid7s
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
# whatever the batch's; about three chunks are alive at once in the pipeline (AlertWriter). The alerts
# service's peak RSS during a 100,000-item feed (bench/rss_intake.py): 193 MB at 2,500, 238 MB at 5,000
CHUNK = 2_500

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
) -> int:
    """Insert the alerts (a re-sent external id is skipped), each with its first audit entry and its two
    events: `AlertWriter` for one list of items; how many were new."""
    writer = await AlertWriter.open(ctx, s, batch=batch, actor=actor)
    try:
        await writer.add(items)
        return await writer.finish()
    except BaseException:
        await writer.abandon()
        raise


class AlertWriter:
    """The alerts of one intake written in chunks straight to asyncpg on the session's connection, in a
    pipeline: each chunk's statements are queued on the connection (db.SerialStatements) and `add` returns
    while they run, so PostgreSQL inserts one chunk while this process validates, encrypts and seals the
    next. Written one chunk at a time, the two took turns and each core idled half the time
    (bench/results/profile-server-intake.txt).

    Per chunk: the household lookup, then the alerts' INSERT (its RETURNING says which were new: a re-sent
    external id is skipped); once that answer is in, the new alerts' audit entries and outbox rows. `finish`
    waits for every statement; after an error, `abandon` lets the queued ones end before the rollback.
    """

    def __init__(self, ctx: AlertsContext, s: AsyncSession, driver: Any, shared: _Batch) -> None:
        self.ctx, self.session, self.driver, self.shared = ctx, s, driver, shared
        self.statements = SerialStatements()
        # a count only: the written items are let go chunk by chunk (memory flat in the batch's size)
        self.inserted = 0
        # the last chunk, its INSERT queued and its entries not yet: (its answer, its rows, their entries)
        self._last: tuple[asyncio.Future[Any], list[Inserted], _Entries] | None = None

    @classmethod
    async def open(
        cls, ctx: AlertsContext, s: AsyncSession, *, batch: FeedIn | Origin, actor: dict[str, Any]
    ) -> AlertWriter:
        shared = _Batch(
            origin=batch,
            actor=actor,
            key=ctx.audit_key,
            village_due=sla.village_due_on(
                ctx.calendar, batch.issued_on, ctx.settings.alerts_village_working_days
            ),
            at=datetime.now(UTC),
        )
        return cls(ctx, s, await driver_of(s), shared)

    async def add(self, items: list[ValidItem]) -> None:
        """Queue `items`' statements, a chunk at a time; returns before the last chunk is written."""
        for start in range(0, len(items), CHUNK):
            await self._chunk(items[start : start + CHUNK])

    async def _chunk(self, chunk: list[ValidItem]) -> None:
        hashes = await asyncio.to_thread(_lookup_hashes, self.ctx, chunk)
        lookup = self.statements.submit(
            _match_households,
            self.driver,
            [h for h in hashes if h],
            [i.household_code for i in chunk if i.household_code],
        )
        await self._settle_last()  # the chunk before: its entries queued behind this chunk's lookup
        by_hash, known_codes = await lookup
        codes, matches = _matches(chunk, hashes, by_hash, known_codes)
        ids = uuid7s(len(chunk))  # time-ordered: inserts land on the indexes' last pages
        rows: list[Inserted] = list(zip(ids, chunk, codes, matches, strict=True))
        # sealing, hashing and the events are most of a chunk's CPU: in a worker thread while the loop
        # keeps the statements going; the entries are made for every alert before the INSERT says which
        # were new (nearly all are: a re-sent external id is rare), so they are ready when it answers
        columns, entries = await asyncio.to_thread(self._prepare, chunk, ids, hashes, codes, matches, rows)
        origin = self.shared.origin
        answer = self.statements.submit(
            self.driver.fetch,
            _INSERT_ALERTS,
            origin.batch_id,
            origin.source,
            origin.issued_on,
            self.shared.village_due,
            *columns,
        )
        self._last = (answer, rows, entries)

    def _prepare(
        self,
        chunk: list[ValidItem],
        ids: list[uuid.UUID],
        hashes: list[str | None],
        codes: list[str | None],
        matches: list[str],
        rows: list[Inserted],
    ) -> tuple[tuple[list[Any], ...], _Entries]:
        return _alert_columns(self.ctx, chunk, ids, hashes, codes, matches), _entries(self.shared, rows)

    async def _settle_last(self) -> None:
        if self._last is None:
            return
        answer, rows, entries = self._last
        self._last = None
        new_ids = {r["id"] for r in await answer}
        if len(new_ids) < len(rows):  # some were already there: their entries and events are dropped
            rows, entries = _only(rows, entries, new_ids)
        if rows:
            self.statements.submit(_write_entries, self.driver, self.shared, *entries)
        self.inserted += len(rows)

    async def finish(self) -> int:
        """Every chunk written (an error in any statement is raised here); how many alerts were new."""
        await self._settle_last()
        await self.statements.drain()
        if self.inserted:
            mark_dirty(self.session)
        return self.inserted

    async def abandon(self) -> None:
        """After an error: the queued statements end (failing or not) before the caller rolls back."""
        self._last = None
        await self.statements.drain(quietly=True)


def _lookup_hashes(ctx: AlertsContext, chunk: list[ValidItem]) -> list[str | None]:
    cipher = ctx.cipher
    return [i.id_number_hash or (cipher.lookup_hash(i.id_number) if i.id_number else None) for i in chunk]


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
    seal_many = ctx.cipher.seal_many
    return (
        ids,
        [i.external_id for i in chunk],
        [i.alert_class for i in chunk],
        [i.category for i in chunk],
        [i.village_code for i in chunk],
        codes,
        matches,
        seal_many("alerts", "id_number_enc", ids, [i.id_number for i in chunk]),
        hashes,
        seal_many("alerts", "person_name_enc", ids, [i.person_name for i in chunk]),
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


# the audit entries' ids, seals and details, and the outbox rows (two an alert, in the alerts' order)
_Entries = tuple[list[Any], list[str], list[str], list[dict[str, Any]]]


def _only(rows: list[Inserted], entries: _Entries, new_ids: set[Any]) -> tuple[list[Inserted], _Entries]:
    """The rows whose alert was new, with their entries and events only."""
    ids, seals, details, outbox = entries
    keep = [i for i, row in enumerate(rows) if row[0] in new_ids]
    return [rows[i] for i in keep], (
        [ids[i] for i in keep],
        [seals[i] for i in keep],
        [details[i] for i in keep],
        [outbox[j] for i in keep for j in (2 * i, 2 * i + 1)],
    )


def _entries(shared: _Batch, done: list[Inserted]) -> _Entries:
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
