"""Many visits, or many quarters' income, in one request: a helper's phone syncing a month of visits, a
village office sending its quarter's income sheet, the demo year played over REST.

Every item is checked first and every reason is returned (422, `items[i]...`); then all are written in
one transaction with their events, or nothing is. A household outside the caller's villages reads as
unknown, as a single request's 404 does. An Idempotency-Key makes a retried batch answer the first time.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import insert, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.common import idempotency
from services.common.auth import Principal
from services.common.errors import APIError
from services.common.i18n import t
from services.common.scope import principal_scope
from services.households.context import HouseholdsContext
from services.households.events import stage
from services.households.models import IncomeRecord, Visit
from services.households.profile_schemas import VisitCheck
from services.households.records import fact, monitoring_line, per_capita_annualised, visit_category

MAX_ITEMS = 1000


class VisitItem(Protocol):
    household_code: str
    visited_on: date
    helper_id: str | None
    notes: str | None
    form: VisitCheck | None


class IncomeItem(Protocol):
    household_code: str
    year: int
    quarter: int
    total_income: Decimal


async def _once(
    ctx: HouseholdsContext,
    scope: str,
    idem_key: str | None,
    fingerprint: str,
    write: Callable[[AsyncSession], Awaitable[dict[str, Any]]],
) -> tuple[int, dict[str, Any]]:
    """`write` in one transaction, its answer kept under the Idempotency-Key (a retry gets it again)."""
    async with ctx.db.transaction() as s:
        replayed = await idempotency.replay(s, scope=scope, key=idem_key, fingerprint=fingerprint)
        if replayed is not None:
            return replayed
        body = await write(s)
        await idempotency.remember(
            s, scope=scope, key=idem_key, fingerprint=fingerprint, status_code=201, body=body
        )
    return 201, body


def _invalid(reasons: list[str]) -> APIError:
    return APIError(422, "validation_failed", "the request is not valid", reasons)


async def _households(
    s: AsyncSession, principal: Principal, codes: Sequence[str], reasons: list[str]
) -> dict[str, Any]:
    """The caller's households among `codes`, by code; one reason per item naming another."""
    where, params = principal_scope(principal, "h.village_code")
    rows = await s.execute(
        text(
            "SELECT h.id, h.household_code, h.village_code, "
            "(SELECT count(*) FROM members m WHERE m.household_id = h.id) AS member_count "
            f"FROM households h WHERE h.household_code = ANY(:codes){where}"
        ),
        {"codes": sorted(set(codes)), **params},
    )
    found = {r.household_code: r for r in rows}
    reasons += [
        t(
            "items[{i}].household_code: no household {c} in your villages",
            "第{i}条：所辖村中没有户编号{c}",
            i=i,
            c=repr(code),
        )
        for i, code in enumerate(codes)
        if code not in found
    ]
    return found


def _helper_ids(items: Sequence[VisitItem], reasons: list[str]) -> list[uuid.UUID | None]:
    ids: list[uuid.UUID | None] = []
    for i, item in enumerate(items):
        try:
            ids.append(uuid.UUID(item.helper_id) if item.helper_id else None)
        except ValueError:
            reasons.append(
                t(
                    "items[{i}].helper_id: {h} is not a UUID",
                    "第{i}条：帮扶人编号{h}格式不对",
                    i=i,
                    h=repr(item.helper_id),
                )
            )
            ids.append(None)
    return ids


async def _unknown_helpers(s: AsyncSession, ids: list[uuid.UUID | None], reasons: list[str]) -> None:
    wanted = sorted({h for h in ids if h is not None})
    if not wanted:
        return
    known = set((await s.execute(text("SELECT id FROM helpers WHERE id = ANY(:i)"), {"i": wanted})).scalars())
    reasons += [
        t("items[{i}].helper_id: unknown helper {h}", "第{i}条：帮扶人{h}不存在", i=i, h=str(h))
        for i, h in enumerate(ids)
        if h and h not in known
    ]


def _form(v: VisitItem) -> dict[str, Any] | None:
    return v.form.model_dump(exclude_none=True) if v.form else None


async def record_visits(
    ctx: HouseholdsContext, *, principal: Principal, items: Sequence[VisitItem], idem_key: str | None
) -> tuple[int, dict[str, Any]]:
    today = ctx.today()
    reasons: list[str] = [
        t(
            "items[{i}].visited_on {d} is in the future",
            "第{i}条：走访日期{d}晚于今天",
            i=i,
            d=item.visited_on.isoformat(),
        )
        for i, item in enumerate(items)
        if item.visited_on > today
    ]
    helper_ids = _helper_ids(items, reasons)
    fingerprint = idempotency.request_fingerprint(
        [[v.household_code, v.visited_on.isoformat(), v.helper_id, v.notes, _form(v)] for v in items]
    )

    async def write(s: AsyncSession) -> dict[str, Any]:
        rows = await _households(s, principal, [v.household_code for v in items], reasons)
        await _unknown_helpers(s, helper_ids, reasons)
        if reasons:
            raise _invalid(reasons)
        values = [
            {
                "id": uuid.uuid4(),
                "household_id": rows[v.household_code].id,
                "helper_id": helper,
                "visited_on": v.visited_on,
                "notes": v.notes,
                "form": _form(v),
            }
            for v, helper in zip(items, helper_ids, strict=True)
        ]
        await s.execute(insert(Visit), values)
        await stage(
            s,
            [
                fact(
                    "visit_recorded",
                    rows[v.household_code],
                    value["id"],
                    on=v.visited_on,
                    helper_id=str(value["helper_id"]) if value["helper_id"] else None,
                    category=visit_category(value["form"]),
                )
                for v, value in zip(items, values, strict=True)
            ],
            principal.actor(),
        )
        return {
            "items": [
                {
                    "id": str(value["id"]),
                    "household_code": v.household_code,
                    "visited_on": v.visited_on.isoformat(),
                    "concern": None if value["form"] is None else visit_category(value["form"]) == "concern",
                }
                for v, value in zip(items, values, strict=True)
            ],
            "count": len(values),
        }

    return await _once(ctx, f"households.visits|{principal.sub}", idem_key, fingerprint, write)


def _income_reasons(ctx: HouseholdsContext, items: Sequence[IncomeItem]) -> list[str]:
    today = ctx.today()
    now = (today.year, (today.month - 1) // 3 + 1)
    reasons: list[str] = []
    first: dict[tuple[str, int, int], int] = {}
    for i, item in enumerate(items):
        key = (item.household_code, item.year, item.quarter)
        if (item.year, item.quarter) > now:
            reasons.append(
                t(
                    "items[{i}]: {y}Q{q} is in the future",
                    "第{i}条：{y}年第{q}季度尚未到来",
                    i=i,
                    y=item.year,
                    q=item.quarter,
                )
            )
        if key in first:
            reasons.append(
                t(
                    "items[{i}] repeats items[{j}] ({h} {y}Q{q})",
                    "第{i}条与第{j}条重复（{h}，{y}年第{q}季度）",
                    i=i,
                    j=first[key],
                    h=item.household_code,
                    y=item.year,
                    q=item.quarter,
                )
            )
        first.setdefault(key, i)
    return reasons


async def record_income(
    ctx: HouseholdsContext, *, principal: Principal, items: Sequence[IncomeItem], idem_key: str | None
) -> tuple[int, dict[str, Any]]:
    reasons = _income_reasons(ctx, items)
    fingerprint = idempotency.request_fingerprint(
        [[i.household_code, i.year, i.quarter, str(i.total_income)] for i in items]
    )

    async def write(s: AsyncSession) -> dict[str, Any]:
        rows = await _households(s, principal, [i.household_code for i in items], reasons)
        reasons.extend(
            t(
                "items[{n}]: household {h} has no registered members",
                "第{n}条：户编号{h}没有登记家庭成员",
                n=n,
                h=i.household_code,
            )
            for n, i in enumerate(items)
            if i.household_code in rows and rows[i.household_code].member_count == 0
        )
        if reasons:
            raise _invalid(reasons)
        values = [
            {
                "id": uuid.uuid4(),
                "household_id": rows[i.household_code].id,
                "year": i.year,
                "quarter": i.quarter,
                "total_income": i.total_income,
                "member_count": rows[i.household_code].member_count,
                "per_capita_annualised": per_capita_annualised(
                    i.total_income, rows[i.household_code].member_count
                ),
            }
            for i in items
        ]
        # a quarter already recorded (before, or by a concurrent request) is not inserted; then nothing is
        stored = set(
            (
                await s.execute(
                    pg_insert(IncomeRecord)
                    .on_conflict_do_nothing(index_elements=["household_id", "year", "quarter"])
                    .returning(col(IncomeRecord.id)),
                    values,
                )
            ).scalars()
        )
        conflicts = [
            t(
                "items[{n}]: income of {h} for {y}Q{q} is already recorded",
                "第{n}条：户编号{h}{y}年第{q}季度的收入已登记",
                n=n,
                h=i.household_code,
                y=i.year,
                q=i.quarter,
            )
            for n, (i, value) in enumerate(zip(items, values, strict=True))
            if value["id"] not in stored
        ]
        if conflicts:
            raise APIError(409, "already_recorded", "some quarters' income is already recorded", conflicts)
        await stage(
            s,
            [
                fact(
                    "income_recorded",
                    rows[i.household_code],
                    value["id"],
                    year=i.year,
                    quarter=i.quarter,
                    amount=str(value["per_capita_annualised"]),
                    monitoring_line=monitoring_line(ctx, i.year),
                )
                for i, value in zip(items, values, strict=True)
            ],
            principal.actor(),
        )
        return {
            "items": [
                {
                    "id": str(value["id"]),
                    "household_code": i.household_code,
                    "year": i.year,
                    "quarter": i.quarter,
                    "total_income": str(i.total_income),
                    "member_count": value["member_count"],
                    "per_capita_annualised": str(value["per_capita_annualised"]),
                }
                for i, value in zip(items, values, strict=True)
            ],
            "count": len(values),
        }

    return await _once(ctx, f"households.income|{principal.sub}", idem_key, fingerprint, write)
