"""Event consumers of the loans service: the households projection eligibility and reminders read."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.events.contracts.households import HouseholdChanged, HouseholdFact, VillageRegistered
from services.common.events.tolerant import read_payload
from services.common.inbox import Message, PoisonMessage
from services.common.redact import safe_error
from services.common.versioning import newer

PROJECTION_GROUP = "loans.households-projection"  # consumer group (and inbox name) of the projection


def _payload(model: type[Any], msg: Message) -> Any:
    assert msg.envelope is not None
    try:
        return read_payload(model, msg.envelope.data)
    except ValidationError as exc:
        raise PoisonMessage(
            f"{msg.envelope.event_type} payload does not match its contract: {safe_error(exc)}"
        ) from exc


async def on_household_event(session: AsyncSession, msg: Message) -> None:
    """Villages, households (flags, member hashes) and each household's current helper."""
    env = msg.envelope
    assert env is not None
    if env.event_type == "households.village.registered":
        v: VillageRegistered = _payload(VillageRegistered, msg)
        await session.execute(
            text(
                "INSERT INTO proj_villages (code, name, kind) VALUES (:c, :n, :k) "
                "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind"
            ),
            {"c": v.code, "n": v.name, "k": v.kind},
        )
    elif env.event_type in ("households.household.registered", "households.household.updated"):
        h: HouseholdChanged = _payload(HouseholdChanged, msg)
        await session.execute(
            text(
                "INSERT INTO proj_households (household_code, village_code, alleviated, monitoring_type, "
                "member_id_hashes, version) VALUES (:h, :v, :a, :m, CAST(:hs AS varchar[]), :ver) "
                "ON CONFLICT (household_code) DO UPDATE SET village_code = EXCLUDED.village_code, "
                "alleviated = EXCLUDED.alleviated, monitoring_type = EXCLUDED.monitoring_type, "
                "member_id_hashes = EXCLUDED.member_id_hashes, version = EXCLUDED.version, "
                f"updated_at = now() WHERE {newer('proj_households')}"
            ),
            {
                "ver": env.aggregate_version,
                "h": h.household_code,
                "v": h.village_code,
                "a": h.alleviated,
                "m": h.monitoring_type,
                "hs": sorted(set(h.member_id_hashes)),
            },
        )
    elif env.event_type == "households.household.helper_assigned":
        f: HouseholdFact = _payload(HouseholdFact, msg)
        # a helper can be announced before the household reaches this projection: keep it anyway
        await session.execute(
            text(
                "INSERT INTO proj_households (household_code, village_code, alleviated, helper_id) "
                "VALUES (:h, :v, false, :helper) ON CONFLICT (household_code) DO UPDATE "
                "SET helper_id = EXCLUDED.helper_id, updated_at = now()"
            ),
            {"h": f.household_code, "v": f.village_code, "helper": f.helper_id},
        )
