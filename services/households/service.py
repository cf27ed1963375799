"""Use cases of the households service. Each writes its state and its events (outbox) in one transaction."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common import trail
from services.common.audit import audit_key
from services.common.auth import Principal
from services.common.calendar import WorkingDayCalendar
from services.common.db import Database
from services.common.errors import APIError
from services.common.events.envelope import envelope_bytes, new_event_ids
from services.common.events.topics import Topic
from services.common.ids import PiiCipher, birth_date_of, mask_id_number, mask_name, mask_phone
from services.common.outbox import add_rows
from services.households.config import HouseholdsSettings
from services.households.importer import MemberRow, RejectedRow

log = structlog.get_logger(__name__)

SERVICE = "households"
IMPORT_CHUNK = 5000


@dataclass
class HouseholdsContext:
    db: Database
    settings: HouseholdsSettings
    calendar: WorkingDayCalendar
    cipher: PiiCipher
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def today(self) -> date:
        return self.clock().astimezone(ZoneInfo(self.settings.timezone)).date()


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class PendingEvent:
    event_type: str
    aggregate_id: str
    data: dict[str, Any]
    causation_id: str | None = None
    correlation_id: str | None = None
    aggregate_type: str = "household"


async def stage(session: AsyncSession, events: Sequence[PendingEvent], actor: dict[str, Any]) -> None:
    """Stage events on `households.household.v1` in the caller's transaction."""
    if not events:
        return
    at = datetime.now(UTC)
    ids = new_event_ids(len(events))
    rows = [
        {
            "event_id": event_id,
            "topic": Topic.HOUSEHOLDS.value,
            "key": e.aggregate_id,
            "event_type": e.event_type,
            "schema_version": 1,
            "payload": envelope_bytes(
                event_id=event_id,
                event_type=e.event_type,
                source=SERVICE,
                aggregate_type=e.aggregate_type,
                aggregate_id=e.aggregate_id,
                data=e.data,
                actor=actor,
                occurred_at=at,
                correlation_id=e.correlation_id,
                causation_id=e.causation_id,
            ),
        }
        for event_id, e in zip(ids, events, strict=True)
    ]
    await add_rows(session, rows)


async def household_events(
    session: AsyncSession, household_ids: Iterable[uuid.UUID], *, change: str, event_type: str
) -> list[PendingEvent]:
    """`registered`/`updated` events carrying each household's current flags and member hashes."""
    ids = list(household_ids)
    if not ids:
        return []
    # lock the households before reading their state, so two writers of one household stage their
    # snapshots (and take outbox ids, the events' aggregate versions) in commit order: the second reads
    # the first's committed change and gets the higher version (services.common.versioning)
    await session.execute(
        text("SELECT 1 FROM households WHERE id = ANY(CAST(:ids AS uuid[])) ORDER BY id FOR UPDATE"),
        {"ids": ids},
    )
    rows = await session.execute(
        text(
            "SELECT h.household_code, h.village_code, h.alleviated, mo.type AS monitoring_type, "
            "mo.status AS monitoring_status, mo.identified_on AS monitoring_identified_on, "
            "mo.risk_category, COALESCE(array_agg(mb.id_number_hash ORDER BY mb.id_number_hash) "
            " FILTER (WHERE mb.id IS NOT NULL), '{}') AS hashes, "
            "COALESCE(json_agg(json_build_object('member_id', mb.id, 'education_stage', mb.education_stage) "
            " ORDER BY mb.id) FILTER (WHERE mb.education_stage IS NOT NULL), '[]') AS students, "
            "bool_or(mb.can_work) AS anyone_can_work "
            "FROM households h LEFT JOIN members mb ON mb.household_id = h.id "
            "LEFT JOIN LATERAL (SELECT m.type, m.status, m.identified_on, m.risk_category FROM monitoring_objects m "
            " WHERE m.household_id = h.id AND m.status IN ('identifying', 'monitoring') LIMIT 1) mo ON true "
            "WHERE h.id = ANY(CAST(:ids AS uuid[])) "
            "GROUP BY h.id, mo.type, mo.status, mo.identified_on, mo.risk_category ORDER BY h.household_code"
        ),
        {"ids": ids},
    )
    return [
        PendingEvent(
            event_type,
            r.household_code,
            {
                "household_code": r.household_code,
                "village_code": r.village_code,
                "alleviated": r.alleviated,
                "monitoring_type": r.monitoring_type,
                "monitoring_status": r.monitoring_status,
                "monitoring_identified_on": r.monitoring_identified_on.isoformat()
                if r.monitoring_identified_on
                else None,
                "risk_category": r.risk_category,
                "member_id_hashes": list(r.hashes),
                "students": [
                    {"member_id": str(x["member_id"]), "education_stage": x["education_stage"]}
                    for x in (r.students if isinstance(r.students, list) else orjson.loads(r.students))
                ],
                "member_count": len(r.hashes),
                "labour_capacity": None
                if r.anyone_can_work is None
                else ("some" if r.anyone_can_work else "none"),
                "change": change,
            },
        )
        for r in rows
    ]


# --------------------------------------------------------------------------- villages


async def register_villages(
    ctx: HouseholdsContext, villages: Sequence[tuple[str, str, str]], actor: dict[str, Any]
) -> int:
    """Create or rename villages; announce the ones that changed."""
    async with ctx.db.transaction() as s:
        rows = await s.execute(
            text(
                "INSERT INTO villages (code, name, kind) SELECT * FROM unnest(CAST(:c AS text[]), "
                "CAST(:n AS text[]), CAST(:k AS text[])) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, "
                "kind = EXCLUDED.kind WHERE (villages.name, villages.kind) IS DISTINCT FROM (EXCLUDED.name, "
                "EXCLUDED.kind) RETURNING code, name, kind"
            ),
            {"c": [v[0] for v in villages], "n": [v[1] for v in villages], "k": [v[2] for v in villages]},
        )
        changed = [
            PendingEvent(
                "households.village.registered",
                r.code,
                {"code": r.code, "name": r.name, "kind": r.kind},
                aggregate_type="village",
            )
            for r in rows
        ]
        await stage(s, changed, actor)
    return len(changed)


async def known_villages(session: AsyncSession) -> set[str]:
    return {r.code for r in await session.execute(text("SELECT code FROM villages"))}


# --------------------------------------------------------------------------- registry (bulk)


@dataclass
class StoreResult:
    new_households: int = 0
    stored_members: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


async def store_members(
    ctx: HouseholdsContext, s: AsyncSession, rows: Sequence[MemberRow], actor: dict[str, Any]
) -> StoreResult:
    """Insert households and members that are new; the same rows again change nothing."""
    result = StoreResult()
    if not rows:
        return result
    hashes = [ctx.cipher.lookup_hash(r.id_number) for r in rows]
    existing = {
        r.id_number_hash: r.household_code
        for r in await s.execute(
            text(
                "SELECT m.id_number_hash, h.household_code FROM members m JOIN households h ON h.id = m.household_id "
                "WHERE m.id_number_hash = ANY(CAST(:h AS text[]))"
            ),
            {"h": hashes},
        )
    }
    fresh: list[tuple[MemberRow, str]] = []
    for row, h in zip(rows, hashes, strict=True):
        owner = existing.get(h)
        if owner is None:
            fresh.append((row, h))
        elif owner == row.household_code:
            result.unchanged += 1
        else:
            result.rejected.append(
                RejectedRow(
                    row.index, row.household_code, [f"id_number is already registered in household {owner}"]
                )
            )
    # households: first row of each code defines it
    first: dict[str, MemberRow] = {}
    for row in rows:
        first.setdefault(row.household_code, row)
    codes = list(first)
    created = await s.execute(
        text(
            "INSERT INTO households (id, household_code, village_code, address, alleviated, alleviated_year) "
            "SELECT * FROM unnest(CAST(:id AS uuid[]), CAST(:code AS text[]), CAST(:v AS text[]), "
            "CAST(:a AS text[]), CAST(:al AS bool[]), CAST(:y AS int[])) "
            "ON CONFLICT (household_code) DO NOTHING RETURNING id"
        ),
        {
            "id": [str(uuid.uuid4()) for _ in codes],
            "code": codes,
            "v": [first[c].village_code for c in codes],
            "a": [first[c].address for c in codes],
            "al": [first[c].alleviated for c in codes],
            "y": [first[c].alleviated_year for c in codes],
        },
    )
    new_ids = {r.id for r in created}
    result.new_households = len(new_ids)
    ids_by_code = {
        r.household_code: r.id
        for r in await s.execute(
            text("SELECT id, household_code FROM households WHERE household_code = ANY(CAST(:c AS text[]))"),
            {"c": codes},
        )
    }
    touched: set[uuid.UUID] = set(new_ids)
    if fresh:
        seal = ctx.cipher.seal
        records = [
            (
                mid,
                ids_by_code[r.household_code],
                seal("members", "name_enc", mid, r.name),
                mask_name(r.name),
                seal("members", "id_number_enc", mid, r.id_number),
                h,
                mask_id_number(r.id_number),
                r.relation,
                r.birth_date.year,
                r.education_stage,
                r.school,
                r.disability,
                r.pension_status,
                r.employment_status,
                r.public_welfare_job,
                r.can_work,
                seal("members", "phone_enc", mid, r.phone) if r.phone else None,
            )
            for r, h in fresh
            for mid in (uuid.uuid4(),)
        ]
        inserted = await _insert_members(s, records)
        member_households = [r.household_id for r in inserted]
        result.stored_members = len(member_households)
        touched |= set(member_households)
    events = await household_events(
        s, touched & new_ids, change="registered", event_type="households.household.registered"
    )
    events += await household_events(
        s, touched - new_ids, change="members_changed", event_type="households.household.updated"
    )
    await stage(s, events, actor)
    return result


MEMBER_COLUMNS = ["id", "household_id", "name_enc", "name_masked", "id_number_enc", "id_number_hash",
                  "id_number_masked", "relation", "birth_year", "education_stage", "school", "disability", "pension_status", "employment_status",
                  "public_welfare_job", "can_work", "phone_enc"]  # fmt: skip
COPY_THRESHOLD = 500


async def _insert_members(s: AsyncSession, records: list[tuple[Any, ...]]) -> list[Any]:
    """Insert members that are not registered yet; large sets go through COPY into a staging table."""
    columns = ", ".join(MEMBER_COLUMNS)
    if len(records) >= COPY_THRESHOLD:
        connection = await s.connection()
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        await s.execute(
            text("CREATE TEMP TABLE IF NOT EXISTS members_stage (LIKE members) ON COMMIT DELETE ROWS")
        )
        await raw.copy_records_to_table("members_stage", columns=MEMBER_COLUMNS, records=records)
        rows = await s.execute(
            text(
                f"INSERT INTO members ({columns}) SELECT {columns} FROM members_stage "
                "ON CONFLICT (id_number_hash) DO NOTHING RETURNING household_id"
            )
        )
        await s.execute(text("TRUNCATE members_stage"))
        return list(rows)
    placeholders = ", ".join(
        f"CAST(:c{i} AS {t}[])"
        for i, t in enumerate(
            [
                "uuid",
                "uuid",
                "bytea",
                "text",
                "bytea",
                "text",
                "text",
                "text",
                "int",
                "text",
                "text",
                "text",
                "text",
                "text",
                "bool",
                "bool",
                "bytea",
            ]
        )
    )
    rows = await s.execute(
        text(
            f"INSERT INTO members ({columns}) SELECT * FROM unnest({placeholders}) "
            "ON CONFLICT (id_number_hash) DO NOTHING RETURNING household_id"
        ),
        {f"c{i}": [r[i] for r in records] for i in range(len(MEMBER_COLUMNS))},
    )
    return list(rows)


ProgressFn = Callable[[int, int], Any]


async def import_members(
    ctx: HouseholdsContext,
    rows: Sequence[dict[str, Any]],
    *,
    actor: dict[str, Any],
    progress: ProgressFn | None = None,
) -> StoreResult:
    """Validate and store member rows in chunks (each chunk one transaction), reporting progress."""
    from services.households.importer import validate_rows

    async with ctx.db.session() as s:
        villages = await known_villages(s)
    valid, rejected = validate_rows(rows, known_villages=villages, today=ctx.today())
    total = StoreResult(rejected=list(rejected))
    done = len(rejected)
    if progress:
        await _maybe_await(progress(done, len(rows)))
    for start in range(0, len(valid), IMPORT_CHUNK):
        chunk = valid[start : start + IMPORT_CHUNK]
        async with ctx.db.transaction() as s:
            part = await store_members(ctx, s, chunk, actor)
        total.new_households += part.new_households
        total.stored_members += part.stored_members
        total.unchanged += part.unchanged
        total.rejected += part.rejected
        done += len(chunk)
        if progress:
            await _maybe_await(progress(done, len(rows)))
    total.rejected.sort(key=lambda r: r.index)
    return total


async def _maybe_await(value: Any) -> None:
    if hasattr(value, "__await__"):
        await value


# --------------------------------------------------------------------------- reads


def encode_cursor(code: str) -> str:
    return base64.urlsafe_b64encode(code.encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise APIError(400, "bad_request", "cursor is not valid", ["cursor"]) from exc


def scope_clause(principal: Principal, column: str = "h.village_code") -> tuple[str, dict[str, Any]]:
    """The object-level scope as SQL: a village cadre sees only its villages."""
    if principal.village_scoped:
        return f" AND {column} = ANY(CAST(:scope AS text[]))", {"scope": sorted(principal.villages)}
    return "", {}


async def list_households(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    village_code: str | None,
    alleviated: bool | None,
    monitored: bool | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    where, params = scope_clause(principal)
    if village_code:
        where += " AND h.village_code = :v"
        params["v"] = village_code
    if alleviated is not None:
        where += " AND h.alleviated = :al"
        params["al"] = alleviated
    if monitored is not None:
        where += (" AND " if monitored else " AND NOT ") + (
            "EXISTS (SELECT 1 FROM monitoring_objects m WHERE m.household_id = h.id "
            "AND m.status IN ('identifying', 'monitoring'))"
        )
    if cursor:
        where += " AND h.household_code > :after"
        params["after"] = decode_cursor(cursor)
    params["n"] = limit + 1
    async with ctx.db.session() as s:
        rows = (
            await s.execute(
                text(
                    "SELECT h.id, h.household_code, h.village_code, h.address, h.alleviated, h.alleviated_year, "
                    "(SELECT count(*) FROM members m WHERE m.household_id = h.id) AS member_count, "
                    "(SELECT m.type FROM monitoring_objects m WHERE m.household_id = h.id "
                    " AND m.status IN ('identifying', 'monitoring') LIMIT 1) AS monitoring_type "
                    f"FROM households h WHERE TRUE{where} ORDER BY h.household_code LIMIT :n"
                ),
                params,
            )
        ).all()
    items = [household_summary(r) for r in rows[:limit]]
    return items, encode_cursor(rows[limit - 1].household_code) if len(rows) > limit else None


def household_summary(r: Any) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "household_code": r.household_code,
        "village_code": r.village_code,
        "address": r.address,
        "alleviated": r.alleviated,
        "alleviated_year": r.alleviated_year,
        "member_count": r.member_count,
        "monitoring_type": r.monitoring_type,
    }


async def _household_row(
    s: AsyncSession, principal: Principal, household_code: str, *, for_update: bool = False
) -> Any:
    where, params = scope_clause(principal)
    row = (
        await s.execute(
            text(
                "SELECT h.id, h.household_code, h.village_code, h.address, h.alleviated, h.alleviated_year, "
                "(SELECT count(*) FROM members m WHERE m.household_id = h.id) AS member_count, "
                "(SELECT m.type FROM monitoring_objects m WHERE m.household_id = h.id "
                " AND m.status IN ('identifying', 'monitoring') LIMIT 1) AS monitoring_type "
                f"FROM households h WHERE h.household_code = :code{where}"
                + (" FOR UPDATE OF h" if for_update else "")
            ),
            {"code": household_code, **params},
        )
    ).first()
    if row is None:
        raise APIError(404, "not_found", "household not found")
    return row


async def get_household(
    ctx: HouseholdsContext, *, principal: Principal, household_code: str, reveal: bool = False
) -> dict[str, Any]:
    """One household with its members (ID numbers masked unless an auditor asks, which is recorded)."""
    from services.common.auth import Role

    if reveal and principal.role is not Role.auditor:
        raise APIError(403, "forbidden", "only an auditor may reveal personal data")
    async with ctx.db.transaction() as s:
        row = await _household_row(s, principal, household_code)
        members = (
            await s.execute(
                text(
                    "SELECT id, name_enc, name_masked, id_number_enc, id_number_masked, relation, birth_year, "
                    "education_stage, school, disability, pension_status, employment_status, public_welfare_job, "
                    "can_work, phone_enc FROM members WHERE household_id = :h ORDER BY birth_year, id"
                ),
                {"h": row.id},
            )
        ).all()
        monitoring = (
            await s.execute(
                text(
                    "SELECT id, type, risk_category, status, first_clue_on, identified_on, eliminated_on "
                    "FROM monitoring_objects WHERE household_id = :h ORDER BY created_at"
                ),
                {"h": row.id},
            )
        ).all()
        helper = (
            await s.execute(
                text(
                    "SELECT hp.id, hp.name_enc, hp.unit, hp.phone_masked, p.from_on FROM pairings p "
                    "JOIN helpers hp ON hp.id = p.helper_id WHERE p.household_id = :h AND p.to_on IS NULL "
                    "ORDER BY p.from_on DESC LIMIT 1"
                ),
                {"h": row.id},
            )
        ).first()
        if reveal:  # a sealed entry on the household's trail and an event on audit.trail.v1
            await trail.record_reveal(
                s,
                key=audit_key(ctx.settings),
                service=SERVICE,
                subject_type="household",
                subject_id=household_code,
                actor=principal.actor(),
                fields=["name", "id_number", "birth_date", "phone"],
            )
    out = household_summary(row)
    opened = ctx.cipher.open

    def revealed(m: Any) -> dict[str, Any]:
        id_number = opened("members", "id_number_enc", m.id, m.id_number_enc)
        return {
            "name": opened("members", "name_enc", m.id, m.name_enc),
            "id_number": id_number,
            "birth_date": birth_date_of(id_number).isoformat(),
        }

    out["members"] = [
        {
            "id": str(m.id),
            "name": m.name_masked,
            "id_number": m.id_number_masked,
            "relation": m.relation,
            # the birth year only: a birth date beside the masked ID number would complete it (hole 1)
            "birth_year": m.birth_year,
            **(revealed(m) if reveal else {}),
            "education_stage": m.education_stage,
            "school": m.school,
            "disability": m.disability,
            "pension_status": m.pension_status,
            "employment_status": m.employment_status,
            "public_welfare_job": m.public_welfare_job,
            "can_work": m.can_work,
            "phone": (
                (phone if reveal else mask_phone(phone))
                if m.phone_enc and (phone := opened("members", "phone_enc", m.id, m.phone_enc))
                else None
            ),
        }
        for m in members
    ]
    out["monitoring_objects"] = [
        {
            "id": str(m.id),
            "type": m.type,
            "risk_category": m.risk_category,
            "status": m.status,
            "first_clue_on": m.first_clue_on.isoformat(),
            "identified_on": m.identified_on.isoformat() if m.identified_on else None,
            "eliminated_on": m.eliminated_on.isoformat() if m.eliminated_on else None,
        }
        for m in monitoring
    ]
    out["helper"] = (
        {
            "id": str(helper.id),
            "name": ctx.cipher.open("helpers", "name_enc", helper.id, helper.name_enc),
            "unit": helper.unit,
            "phone": helper.phone_masked,
            "from_on": helper.from_on.isoformat(),
        }
        if helper
        else None
    )
    return out


async def find_by_id_number(
    ctx: HouseholdsContext, *, principal: Principal, id_number: str
) -> dict[str, Any]:
    """Exact search through the lookup hash; the answer holds no unmasked ID number."""
    where, params = scope_clause(principal)
    async with ctx.db.session() as s:
        row = (
            await s.execute(
                text(
                    "SELECT h.household_code, m.id AS member_id, m.id_number_masked FROM members m "
                    f"JOIN households h ON h.id = m.household_id WHERE m.id_number_hash = :hash{where}"
                ),
                {"hash": ctx.cipher.lookup_hash(id_number), **params},
            )
        ).first()
    if row is None:
        raise APIError(404, "not_found", "no member with that ID number")
    return {
        "household_code": row.household_code,
        "member_id": str(row.member_id),
        "id_number": row.id_number_masked,
    }


async def stats(ctx: HouseholdsContext, *, principal: Principal, year: int | None = None) -> dict[str, Any]:
    """Town figures: households and people, alleviated, monitored, marginal, newly identified."""
    where, params = scope_clause(principal)
    async with ctx.db.session() as s:
        base = (
            await s.execute(
                text(
                    "SELECT count(*) AS households, COALESCE(sum(n), 0) AS people, "
                    "count(*) FILTER (WHERE alleviated) AS alleviated_households, "
                    "COALESCE(sum(n) FILTER (WHERE alleviated), 0) AS alleviated_people FROM ("
                    "SELECT h.alleviated, (SELECT count(*) FROM members m WHERE m.household_id = h.id) AS n "
                    f"FROM households h WHERE TRUE{where}) t"
                ),
                params,
            )
        ).one()
        mon = (
            await s.execute(
                text(
                    "SELECT (mo.type = 'marginal') AS marginal, count(*) AS households, COALESCE(sum(n), 0) AS people, "
                    "count(*) FILTER (WHERE extract(year FROM mo.identified_on) = :y) AS new_households, "
                    "COALESCE(sum(n) FILTER (WHERE extract(year FROM mo.identified_on) = :y), 0) AS new_people FROM ("
                    "SELECT m.type, m.identified_on, (SELECT count(*) FROM members x WHERE x.household_id = h.id) AS n "
                    "FROM monitoring_objects m JOIN households h ON h.id = m.household_id "
                    f"WHERE m.status = 'monitoring'{where}) mo GROUP BY 1"
                ),
                {**params, "y": year or ctx.today().year},
            )
        ).all()
        villages = (await s.execute(text("SELECT kind, count(*) AS n FROM villages GROUP BY kind"))).all()
    by = {bool(r.marginal): r for r in mon}
    monitored, marginal = by.get(False), by.get(True)
    kinds = {r.kind: r.n for r in villages}
    return {
        "villages": kinds.get("village", 0),
        "communities": kinds.get("community", 0),
        "households": base.households,
        "people": int(base.people),
        "alleviated": {"households": base.alleviated_households, "people": int(base.alleviated_people)},
        "monitored": {
            "households": monitored.households if monitored else 0,
            "people": int(monitored.people) if monitored else 0,
        },
        "marginal": {
            "households": marginal.households if marginal else 0,
            "people": int(marginal.people) if marginal else 0,
        },
        "newly_identified": {
            "year": year or ctx.today().year,
            "households": sum(r.new_households for r in mon if not r.marginal),
            "people": int(sum(r.new_people for r in mon if not r.marginal)),
        },
    }


def _json(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


__all__ = ["HouseholdsContext", "mask_phone"]


async def republish_snapshot(
    ctx: HouseholdsContext,
    actor: dict[str, Any],
    *,
    chunk: int = 5000,
    progress: Callable[[int, int], Any] | None = None,
) -> int:
    """Announce the registry's current state again: villages, every household, current helpers.

    For a broker that lost its topics (the embedded one forgets on restart) or a new consumer that
    needs a full picture: consumers' projections are upserts, so a snapshot is safe to replay.
    """
    async with ctx.db.session() as s:
        villages = (await s.execute(text("SELECT code, name, kind FROM villages ORDER BY code"))).all()
        ids = [r.id for r in await s.execute(text("SELECT id FROM households ORDER BY household_code"))]
    async with ctx.db.transaction() as s:
        await stage(
            s,
            [
                PendingEvent(
                    "households.village.registered",
                    v.code,
                    {"code": v.code, "name": v.name, "kind": v.kind},
                    aggregate_type="village",
                )
                for v in villages
            ],
            actor,
        )
    sent = len(villages)
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        async with ctx.db.transaction() as s:
            events = await household_events(
                s, part, change="snapshot", event_type="households.household.updated"
            )
            pairs = await s.execute(
                text(
                    "SELECT p.id, p.helper_id, p.from_on, h.household_code, h.village_code FROM pairings p "
                    "JOIN households h ON h.id = p.household_id "
                    "WHERE p.household_id = ANY(CAST(:ids AS uuid[])) AND p.to_on IS NULL"
                ),
                {"ids": part},
            )
            events += [
                PendingEvent(
                    "households.household.helper_assigned",
                    r.household_code,
                    {
                        "household_code": r.household_code,
                        "village_code": r.village_code,
                        "kind": "helper_assigned",
                        "on": r.from_on.isoformat(),
                        "helper_id": str(r.helper_id),
                        "record_id": str(r.id),
                    },
                )
                for r in pairs
            ]
            await stage(s, events, actor)
            sent += len(events)
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))
    return sent
