"""Reads of the households service: lists, one household in full, lookup by ID number, statistics; all
scoped by the caller's villages and masked unless revealed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common import trail
from services.common.audit import audit_key
from services.common.auth import Principal
from services.common.errors import APIError
from services.common.ids import birth_date_of, mask_phone
from services.common.pages import decode_cursor, encode_cursor
from services.common.scope import principal_scope
from services.households.context import SERVICE, HouseholdsContext


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
    where, params = principal_scope(principal, "h.village_code")
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
        (params["after"],) = decode_cursor(cursor, str)
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


async def household_row(
    s: AsyncSession, principal: Principal, household_code: str, *, for_update: bool = False
) -> Any:
    where, params = principal_scope(principal, "h.village_code")
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
        row = await household_row(s, principal, household_code)
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
    where, params = principal_scope(principal, "h.village_code")
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
    where, params = principal_scope(principal, "h.village_code")
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


async def list_villages(ctx: HouseholdsContext) -> list[dict[str, str]]:
    async with ctx.db.session() as s:
        rows = (await s.execute(text("SELECT code, name, kind FROM villages ORDER BY code"))).all()
    return [{"code": r.code, "name": r.name, "kind": r.kind} for r in rows]
