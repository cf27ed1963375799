"""The registry in bulk: villages registered, members stored (COPY past a threshold), imports of whole
files through the same path."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.events.types import EventType
from services.common.i18n import t
from services.common.ids import mask_id_number, mask_name
from services.common.people import PersonRow
from services.households.context import IMPORT_CHUNK, HouseholdsContext
from services.households.events import PendingEvent, household_events, stage
from services.households.importer import RejectedRow


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
                EventType.HOUSEHOLDS_VILLAGE_REGISTERED,
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


@dataclass
class StoreResult:
    new_households: int = 0
    stored_members: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


async def store_members(
    ctx: HouseholdsContext, s: AsyncSession, rows: Sequence[PersonRow], actor: dict[str, Any]
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
    fresh: list[tuple[PersonRow, str]] = []
    for row, h in zip(rows, hashes, strict=True):
        owner = existing.get(h)
        if owner is None:
            fresh.append((row, h))
        elif owner == row.household_code:
            result.unchanged += 1
        else:
            result.rejected.append(
                RejectedRow(
                    row.index,
                    row.household_code,
                    [t("id_number is already registered in household {o}", "身份证号已登记在户{o}", o=owner)],
                )
            )
    # households: first row of each code defines it
    first: dict[str, PersonRow] = {}
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
        s, touched & new_ids, change="registered", event_type=EventType.HOUSEHOLDS_HOUSEHOLD_REGISTERED
    )
    events += await household_events(
        s, touched - new_ids, change="members_changed", event_type=EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED
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
