"""Helpers and pairing, visits, income, assistance measures, education subsidies and employment."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import orjson
from sqlalchemy import text

from services.common import idempotency
from services.common.auth import Principal
from services.common.errors import APIError
from services.common.i18n import t
from services.common.ids import mask_phone
from services.common.scope import principal_scope
from services.households.context import HouseholdsContext
from services.households.events import PendingEvent, stage
from services.households.profile_schemas import VisitCheck
from services.households.queries import household_row

FEN = Decimal("0.01")


def per_capita_annualised(quarter_income: Decimal, members: int) -> Decimal:
    """A quarter's household income as yearly income per person, rounded half-up to the fen."""
    return (quarter_income * 4 / members).quantize(FEN, rounding=ROUND_HALF_UP)


def fact(kind: str, row: Any, record_id: uuid.UUID, **fields: Any) -> PendingEvent:
    data = {
        "household_code": row.household_code,
        "village_code": row.village_code,
        "kind": kind,
        "record_id": str(record_id),
        **{k: v for k, v in fields.items() if v is not None},
    }
    for k in ("on",):
        if isinstance(data.get(k), date):
            data[k] = data[k].isoformat()
    return PendingEvent(f"households.household.{kind}", row.household_code, data)


def visit_category(form: dict[str, Any] | None) -> str | None:
    """The visit event's category: `concern` when the short form found something, `checked` when it found
    nothing, none without a form."""
    if form is None:
        return None
    return "concern" if VisitCheck.model_validate(form).concern() else "checked"


def monitoring_line(ctx: HouseholdsContext, year: int) -> str | None:
    """The year's monitoring line (防返贫监测标准) of the province, as income events carry it."""
    line = ctx.settings.households_monitoring_lines.get(ctx.settings.households_province, {}).get(str(year))
    return None if line is None else str(line)


def _not_future(ctx: HouseholdsContext, field: str, value: date) -> None:
    if value > ctx.today():
        raise APIError(
            422,
            "validation_failed",
            "the request is not valid",
            [t("{field} {d} is in the future", "{field}{d}晚于今天", field=field, d=value.isoformat())],
        )


async def create_helper(
    ctx: HouseholdsContext, *, name: str, unit: str | None, phone: str | None
) -> dict[str, Any]:
    helper_id = uuid.uuid4()
    async with ctx.db.transaction() as s:
        await s.execute(
            text(
                "INSERT INTO helpers (id, name_enc, unit, phone_enc, phone_masked) VALUES (:i, :n, :u, :p, :m)"
            ),
            {
                "i": helper_id,
                "n": ctx.cipher.seal("helpers", "name_enc", helper_id, name),
                "u": unit,
                "p": ctx.cipher.seal("helpers", "phone_enc", helper_id, phone) if phone else None,
                "m": mask_phone(phone),
            },
        )
    return {"id": str(helper_id), "name": name, "unit": unit, "phone": mask_phone(phone)}


async def households_without_helper(
    ctx: HouseholdsContext, *, principal: Principal, limit: int
) -> list[dict[str, Any]]:
    """Every alleviated or monitored household must have a helper; these do not."""
    where, params = principal_scope(principal, "h.village_code")
    async with ctx.db.session() as s:
        rows = await s.execute(
            text(
                "SELECT h.household_code, h.village_code, h.alleviated, m.type AS monitoring_type FROM households h "
                "LEFT JOIN monitoring_objects m ON m.household_id = h.id AND m.status IN ('identifying', 'monitoring') "
                "WHERE (h.alleviated OR m.id IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM pairings p "
                f"WHERE p.household_id = h.id AND p.to_on IS NULL){where} ORDER BY h.household_code LIMIT :n"
            ),
            {**params, "n": limit},
        )
        return [
            {
                "household_code": r.household_code,
                "village_code": r.village_code,
                "alleviated": r.alleviated,
                "monitoring_type": r.monitoring_type,
            }
            for r in rows
        ]


async def assign_helper(
    ctx: HouseholdsContext, *, principal: Principal, household_code: str, helper_id: uuid.UUID, from_on: date
) -> dict[str, Any]:
    _not_future(ctx, "from_on", from_on)
    async with ctx.db.transaction() as s:
        row = await household_row(s, principal, household_code, for_update=True)
        if (await s.execute(text("SELECT 1 FROM helpers WHERE id = :i"), {"i": helper_id})).first() is None:
            raise APIError(
                422,
                "validation_failed",
                "the request is not valid",
                [t("unknown helper {h}", "没有编号为{h}的帮扶责任人", h=str(helper_id))],
            )
        await s.execute(
            text("UPDATE pairings SET to_on = :d WHERE household_id = :h AND to_on IS NULL"),
            {"d": from_on, "h": row.id},
        )
        pairing_id = uuid.uuid4()
        await s.execute(
            text("INSERT INTO pairings (id, household_id, helper_id, from_on) VALUES (:i, :h, :p, :d)"),
            {"i": pairing_id, "h": row.id, "p": helper_id, "d": from_on},
        )
        await stage(
            s,
            [fact("helper_assigned", row, pairing_id, helper_id=str(helper_id), on=from_on)],
            principal.actor(),
        )
    return {"household_code": household_code, "helper_id": str(helper_id), "from_on": from_on.isoformat()}


async def record_visit(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    household_code: str,
    visited_on: date,
    helper_id: uuid.UUID | None,
    notes: str | None,
    form: dict[str, Any] | None = None,
    idem_key: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """A helper's visit, with the short form if given; the same Idempotency-Key and body answer the
    first visit again."""
    _not_future(ctx, "visited_on", visited_on)
    fingerprint = idempotency.request_fingerprint(
        [household_code, visited_on.isoformat(), str(helper_id) if helper_id else None, notes, form]
    )
    scope = f"households.visit|{principal.sub}"
    async with ctx.db.transaction() as s:
        replayed = await idempotency.replay(s, scope=scope, key=idem_key, fingerprint=fingerprint)
        if replayed is not None:
            return replayed
        row = await household_row(s, principal, household_code)
        visit_id = uuid.uuid4()
        await s.execute(
            text(
                "INSERT INTO visits (id, household_id, helper_id, visited_on, notes, form) "
                "VALUES (:i, :h, :p, :d, :n, CAST(:f AS jsonb))"
            ),
            {
                "i": visit_id,
                "h": row.id,
                "p": helper_id,
                "d": visited_on,
                "n": notes,
                "f": None if form is None else orjson.dumps(form).decode(),
            },
        )
        await stage(
            s,
            [
                fact(
                    "visit_recorded",
                    row,
                    visit_id,
                    on=visited_on,
                    helper_id=str(helper_id) if helper_id else None,
                    category=visit_category(form),
                )
            ],
            principal.actor(),
        )
        body = {
            "id": str(visit_id),
            "household_code": household_code,
            "visited_on": visited_on.isoformat(),
            "concern": None if form is None else visit_category(form) == "concern",
        }
        await idempotency.remember(
            s, scope=scope, key=idem_key, fingerprint=fingerprint, status_code=201, body=body
        )
    return 201, body


async def record_income(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    household_code: str,
    year: int,
    quarter: int,
    total_income: Decimal,
) -> dict[str, Any]:
    """A quarter's household income; per-capita income comes from the registered members."""
    if (year, quarter) > (ctx.today().year, (ctx.today().month - 1) // 3 + 1):
        raise APIError(
            422,
            "validation_failed",
            "the request is not valid",
            [t("{y}Q{q} is in the future", "{y}年第{q}季度尚未到来", y=year, q=quarter)],
        )
    async with ctx.db.transaction() as s:
        row = await household_row(s, principal, household_code)
        if row.member_count == 0:
            raise APIError(
                422,
                "validation_failed",
                "the request is not valid",
                ["the household has no registered members"],
            )
        per_capita = per_capita_annualised(total_income, row.member_count)
        record_id = uuid.uuid4()
        stored = (
            await s.execute(
                text(
                    "INSERT INTO income_records (id, household_id, year, quarter, total_income, member_count, "
                    "per_capita_annualised) VALUES (:i, :h, :y, :q, :t, :n, :p) "
                    "ON CONFLICT (household_id, year, quarter) DO NOTHING RETURNING id"
                ),
                {
                    "i": record_id,
                    "h": row.id,
                    "y": year,
                    "q": quarter,
                    "t": total_income,
                    "n": row.member_count,
                    "p": per_capita,
                },
            )
        ).first()
        if stored is None:
            raise APIError(409, "already_recorded", f"income for {year}Q{quarter} is already recorded")
        await stage(
            s,
            [
                fact(
                    "income_recorded",
                    row,
                    record_id,
                    year=year,
                    quarter=quarter,
                    amount=str(per_capita),
                    monitoring_line=monitoring_line(ctx, year),
                )
            ],
            principal.actor(),
        )
    return {
        "id": str(record_id),
        "household_code": household_code,
        "year": year,
        "quarter": quarter,
        "total_income": str(total_income),
        "member_count": row.member_count,
        "per_capita_annualised": str(per_capita),
    }


async def add_measure(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    household_code: str,
    kind: str,
    description: str | None,
    start_on: date,
    end_on: date | None,
) -> dict[str, Any]:
    if end_on is not None and end_on < start_on:
        raise APIError(422, "validation_failed", "the request is not valid", ["end_on is before start_on"])
    async with ctx.db.transaction() as s:
        row = await household_row(s, principal, household_code)
        measure_id = uuid.uuid4()
        await s.execute(
            text(
                "INSERT INTO measures (id, household_id, kind, description, start_on, end_on) "
                "VALUES (:i, :h, :k, :d, :s, :e)"
            ),
            {"i": measure_id, "h": row.id, "k": kind, "d": description, "s": start_on, "e": end_on},
        )
        await stage(
            s, [fact("measure_added", row, measure_id, category=kind, on=start_on)], principal.actor()
        )
    return {
        "id": str(measure_id),
        "household_code": household_code,
        "kind": kind,
        "start_on": start_on.isoformat(),
        "end_on": end_on.isoformat() if end_on else None,
    }
