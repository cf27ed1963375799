"""Records about one member: education subsidies (教育资助, 雨露计划) and employment or public-welfare jobs."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import Principal
from services.common.errors import APIError
from services.common.scope import principal_scope
from services.households.context import HouseholdsContext
from services.households.events import stage
from services.households.records import fact


async def _member_household(s: AsyncSession, principal: Principal, member_id: uuid.UUID) -> Any:
    where, params = principal_scope(principal, "h.village_code")
    row = (
        await s.execute(
            text(
                "SELECT h.id, h.household_code, h.village_code, m.id AS member_id FROM members m "
                f"JOIN households h ON h.id = m.household_id WHERE m.id = :m{where}"
            ),
            {"m": member_id, **params},
        )
    ).first()
    if row is None:
        raise APIError(404, "not_found", "member not found")
    return row


async def record_subsidy(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    member_id: uuid.UUID,
    year: int,
    semester: str,
    level: str,
    amount: Decimal,
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        row = await _member_household(s, principal, member_id)
        record_id = uuid.uuid4()
        stored = (
            await s.execute(
                text(
                    "INSERT INTO education_subsidies (id, member_id, household_id, year, semester, level, amount) "
                    "VALUES (:i, :m, :h, :y, :s, :l, :a) ON CONFLICT (member_id, year, semester) DO NOTHING RETURNING id"
                ),
                {
                    "i": record_id,
                    "m": member_id,
                    "h": row.id,
                    "y": year,
                    "s": semester,
                    "l": level,
                    "a": amount,
                },
            )
        ).first()
        if stored is None:
            raise APIError(
                409, "already_recorded", f"the student already has a subsidy for {year} {semester}"
            )
        await stage(
            s,
            [
                fact(
                    "subsidy_recorded",
                    row,
                    record_id,
                    member_id=str(member_id),
                    year=year,
                    semester=semester,
                    level=level,
                    amount=str(amount),
                )
            ],
            principal.actor(),
        )
    return {
        "id": str(record_id),
        "member_id": str(member_id),
        "year": year,
        "semester": semester,
        "level": level,
        "amount": str(amount),
    }


async def record_employment(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    member_id: uuid.UUID,
    year: int,
    kind: str,
    employer: str | None,
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        row = await _member_household(s, principal, member_id)
        record_id = uuid.uuid4()
        stored = (
            await s.execute(
                text(
                    "INSERT INTO employment (id, member_id, household_id, year, kind, employer) "
                    "VALUES (:i, :m, :h, :y, :k, :e) ON CONFLICT (member_id, year, kind) DO NOTHING RETURNING id"
                ),
                {"i": record_id, "m": member_id, "h": row.id, "y": year, "k": kind, "e": employer},
            )
        ).first()
        if stored is None:
            raise APIError(409, "already_recorded", f"{kind} for {year} is already recorded for this member")
        await stage(
            s,
            [fact("employment_recorded", row, record_id, member_id=str(member_id), year=year, category=kind)],
            principal.actor(),
        )
    return {"id": str(record_id), "member_id": str(member_id), "year": year, "kind": kind}
