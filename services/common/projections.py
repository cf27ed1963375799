"""Tables a service keeps of another service's aggregates, declared once.

Each service keeps its own copy in its own database (services share no tables), but the shape of a
projection of the same event stream is the same everywhere: it is declared here and each service's
models subclass it with `table=True` in their own registry. Fields use `sa_type` (not `sa_column`) so
that each subclass gets columns of its own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from services.common.events.contracts.households import HouseholdChanged, VillageRegistered
from services.common.events.envelope import EventEnvelope


class VillageProjection(SQLModel):
    """A village as announced on `households.household.v1` (alerts and loans keep `proj_villages`)."""

    code: str = Field(primary_key=True, sa_type=String(12))
    name: str = Field(sa_type=String(100))
    kind: str = Field(sa_type=String(20))


_UPSERT_VILLAGE = text(
    "INSERT INTO proj_villages (code, name, kind) VALUES (:c, :n, :k) "
    "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind"
)


async def upsert_villages(session: AsyncSession, run: list[tuple[VillageRegistered, EventEnvelope]]) -> None:
    """A run of village announcements into `proj_villages` (a `VillageProjection` table), in order."""
    await session.execute(_UPSERT_VILLAGE, [{"c": v.code, "n": v.name, "k": v.kind} for v, _ in run])


def household_params(run: list[tuple[HouseholdChanged, EventEnvelope]]) -> list[dict[str, Any]]:
    """The bind parameters of a household-state upsert per event of `run` (`executemany`): code `h`,
    village `v`, flags `a` and `m`, member lookup hashes `hs` (sorted, once each) and version `ver`."""
    return [
        {
            "h": h.household_code,
            "v": h.village_code,
            "a": h.alleviated,
            "m": h.monitoring_type,
            "hs": sorted(set(h.member_id_hashes)),
            "ver": env.aggregate_version,
        }
        for h, env in run
    ]


__all__ = ["VillageProjection", "household_params", "upsert_villages"]
