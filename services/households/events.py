"""The households service's events: staged in the writer's transaction (outbox), with the household's
snapshot (locked, so its versions follow the order of its writes); a whole-registry republish."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.events.envelope import envelope_bytes, new_event_ids
from services.common.events.topics import Topic
from services.common.events.types import EventType
from services.common.outbox import add_rows
from services.households.context import SERVICE, HouseholdsContext


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
                    EventType.HOUSEHOLDS_VILLAGE_REGISTERED,
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
                s, part, change="snapshot", event_type=EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED
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
                    EventType.HOUSEHOLDS_HOUSEHOLD_HELPER_ASSIGNED,
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
