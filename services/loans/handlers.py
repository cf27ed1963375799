"""Event consumers of the loans service: the households projection eligibility and reminders read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.events.contracts.households import HouseholdChanged, HouseholdFact, VillageRegistered
from services.common.events.dispatch import EventRoutes
from services.common.events.envelope import EventEnvelope
from services.common.events.types import EventType
from services.common.inbox import Message
from services.common.projections import household_params, upsert_villages
from services.common.versioning import newer

PROJECTION_GROUP = "loans.households-projection"  # consumer group (and inbox name) of the projection

routes: EventRoutes[Callable[..., Awaitable[None]]] = EventRoutes()


@routes.on(EventType.HOUSEHOLDS_VILLAGE_REGISTERED, bulk=True)
async def _villages(session: AsyncSession, run: list[tuple[VillageRegistered, EventEnvelope]]) -> None:
    await upsert_villages(session, run)


_UPSERT_HOUSEHOLD = text(
    "INSERT INTO proj_households (household_code, village_code, alleviated, monitoring_type, "
    "member_id_hashes, version) VALUES (:h, :v, :a, :m, CAST(:hs AS varchar[]), :ver) "
    "ON CONFLICT (household_code) DO UPDATE SET village_code = EXCLUDED.village_code, "
    "alleviated = EXCLUDED.alleviated, monitoring_type = EXCLUDED.monitoring_type, "
    "member_id_hashes = EXCLUDED.member_id_hashes, version = EXCLUDED.version, "
    f"updated_at = now() WHERE {newer('proj_households')}"
)


@routes.on(EventType.HOUSEHOLDS_HOUSEHOLD_REGISTERED, EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED, bulk=True)
async def _households(session: AsyncSession, run: list[tuple[HouseholdChanged, EventEnvelope]]) -> None:
    """Flags and member hashes, one statement per event in order, sent together (`executemany`); an
    older state than the one kept is skipped (services.common.versioning)."""
    await session.execute(_UPSERT_HOUSEHOLD, household_params(run))


@routes.on(EventType.HOUSEHOLDS_HOUSEHOLD_HELPER_ASSIGNED)
async def _helper(session: AsyncSession, f: HouseholdFact, _env: EventEnvelope) -> None:
    # a helper can be announced before the household reaches this projection: keep it anyway
    await session.execute(
        text(
            "INSERT INTO proj_households (household_code, village_code, alleviated, helper_id) "
            "VALUES (:h, :v, false, :helper) ON CONFLICT (household_code) DO UPDATE "
            "SET helper_id = EXCLUDED.helper_id, updated_at = now()"
        ),
        {"h": f.household_code, "v": f.village_code, "helper": f.helper_id},
    )


_consume = routes.consumer()
on_household_events = routes.batch_consumer()


async def on_household_event(session: AsyncSession, msg: Message) -> None:
    """Villages, households (flags, member hashes) and each household's current helper."""
    await _consume(session, msg)
