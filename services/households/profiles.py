"""The household's collection-form record: record a change (a new dated version), read it as of a date,
list its history. The rules are in profile_rules; this is storage, scope and events."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import Principal
from services.common.errors import APIError
from services.common.events.types import EventType
from services.common.i18n import t
from services.households import profile_rules as rules
from services.households.context import HouseholdsContext
from services.households.events import PendingEvent, stage
from services.households.queries import household_row
from services.households.records import monitoring_line

_COLUMNS = "version, effective_on, record, net_per_capita, after_rigid_per_capita, recorded_at"


def _money(v: Any) -> str | None:
    return None if v is None else f"{Decimal(v):.2f}"


def _record(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else orjson.loads(value)


def _out(household_code: str, r: Any) -> dict[str, Any]:
    rec = _record(r.record)
    out: dict[str, Any] = {f: rec.get(f) for f in rules.FIELDS}
    out.update({k: _money(rec.get(k)) for k in rules.MONEY})
    out["work_ability"] = rec.get("work_ability") or {}
    out.update(
        household_code=household_code,
        version=r.version,
        effective_on=r.effective_on,
        recorded_at=r.recorded_at,
        net_per_capita=_money(r.net_per_capita),
        after_rigid_per_capita=_money(r.after_rigid_per_capita),
        guarantees_met=all(rec.get(g) is True for g in rules.GUARANTEES),
        anyone_can_work=rules.anyone_can_work(rec),
    )
    return out


async def profile_as_of(s: AsyncSession, household_id: uuid.UUID, on: date) -> dict[str, Any] | None:
    """The version in effect on `on` (the latest dated on or before it), as its stored record."""
    row = (
        await s.execute(
            text(
                "SELECT record FROM household_profiles WHERE household_id = :h AND effective_on <= :d "
                "ORDER BY effective_on DESC, version DESC LIMIT 1"
            ),
            {"h": household_id, "d": on},
        )
    ).first()
    return None if row is None else _record(row.record)


def _invalid(reasons: list[str]) -> APIError:
    return APIError(422, "validation_failed", "the request is not valid", reasons)


async def record_profile(
    ctx: HouseholdsContext, *, principal: Principal, household_code: str, change: dict[str, Any]
) -> dict[str, Any]:
    """Add the version in effect from `change["effective_on"]`: the latest version with the change applied.
    A change dated before the latest version is refused (history is appended, never rewritten)."""
    on: date = change.pop("effective_on")
    fields = {k: v for k, v in change.items() if v is not None}
    reasons: list[str] = []
    if not fields:
        reasons.append(t("the change sets no field", "本次变更没有填写任何项目"))
    if on > ctx.today():
        reasons.append(t("effective_on {d} is in the future", "生效日期{d}晚于今天", d=on.isoformat()))
    if fields.get("finance_year") and fields["finance_year"] > on.year:
        reasons.append(
            t(
                "finance_year {y} is after effective_on {d}",
                "收支年度{y}晚于生效日期{d}",
                y=fields["finance_year"],
                d=on.isoformat(),
            )
        )
    async with ctx.db.transaction() as s:
        row = await household_row(s, principal, household_code, for_update=True)
        members = {
            str(m.id)
            for m in await s.execute(text("SELECT id FROM members WHERE household_id = :h"), {"h": row.id})
        }
        unknown = sorted(set(fields.get("work_ability") or {}) - members)
        if unknown:
            reasons.append(
                t(
                    "work_ability names members not in this household: {ids}",
                    "劳动技能中的成员不属于本户：{ids}",
                    ids=", ".join(unknown),
                )
            )
        last = (
            await s.execute(
                text(
                    "SELECT version, effective_on, record FROM household_profiles WHERE household_id = :h "
                    "ORDER BY version DESC LIMIT 1"
                ),
                {"h": row.id},
            )
        ).first()
        if last is not None and on < last.effective_on:
            raise APIError(
                409,
                "history_is_appended",
                "a later version exists: record the change from that date or later",
                [
                    t(
                        "version {v} is in effect from {d}; effective_on {on} is before it",
                        "第{v}版自{d}起生效，本次生效日期{on}早于它",
                        v=last.version,
                        d=last.effective_on.isoformat(),
                        on=on.isoformat(),
                    )
                ],
            )
        if reasons:
            raise _invalid(reasons)
        if "finance_year" in fields and "member_count" not in fields:
            fields["member_count"] = row.member_count or None
        for k in rules.MONEY:
            if k in fields:
                fields[k] = f"{fields[k]:.2f}"
        record = rules.merge(_record(last.record) if last else None, fields)
        money = rules.finances(record)
        version = 1 if last is None else last.version + 1
        stored = (
            await s.execute(
                text(
                    "INSERT INTO household_profiles (id, household_id, version, effective_on, record, "
                    "net_per_capita, after_rigid_per_capita, recorded_by) VALUES (:i, :h, :v, :d, "
                    f"CAST(:r AS jsonb), :n, :a, :by) RETURNING {_COLUMNS}"
                ),
                {
                    "i": uuid.uuid4(),
                    "h": row.id,
                    "v": version,
                    "d": on,
                    "r": orjson.dumps(record).decode(),
                    "n": money.net_per_capita if money else None,
                    "a": money.after_rigid_per_capita if money else None,
                    "by": principal.sub,
                },
            )
        ).one()
        out = _out(household_code, stored)
        await stage(s, [_event(ctx, row, out, record, money)], principal.actor())
    return out


def _event(
    ctx: HouseholdsContext,
    row: Any,
    out: dict[str, Any],
    record: dict[str, Any],
    money: rules.Finances | None,
) -> PendingEvent:
    labour: dict[str, int] = {}
    for grade in (record.get("work_ability") or {}).values():
        labour[grade] = labour.get(grade, 0) + 1
    year = record.get("finance_year")
    return PendingEvent(
        EventType.HOUSEHOLDS_HOUSEHOLD_PROFILE_RECORDED,
        row.household_code,
        {
            "household_code": row.household_code,
            "village_code": row.village_code,
            "version": out["version"],
            "effective_on": out["effective_on"].isoformat(),
            **{g: record.get(g) for g in rules.FLAGS},
            "social_assistance": record.get("social_assistance"),
            "labour": labour,
            "finance_year": year,
            "net_per_capita": _money(money.net_per_capita) if money else None,
            "after_rigid_per_capita": _money(money.after_rigid_per_capita) if money else None,
            "rigid_spending": _money(money.rigid_spending) if money else None,
            "monitoring_line": monitoring_line(ctx, year) if year else None,
        },
    )


async def get_profile(
    ctx: HouseholdsContext, *, principal: Principal, household_code: str, as_of: date | None
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        row = await household_row(s, principal, household_code)
        found = (
            await s.execute(
                text(
                    f"SELECT {_COLUMNS} FROM household_profiles WHERE household_id = :h "
                    "AND effective_on <= :d ORDER BY effective_on DESC, version DESC LIMIT 1"
                ),
                {"h": row.id, "d": as_of or ctx.today()},
            )
        ).first()
    if found is None:
        raise APIError(404, "not_found", "no collection-form record for the household on that date")
    return _out(household_code, found)


async def profile_history(
    ctx: HouseholdsContext, *, principal: Principal, household_code: str
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        row = await household_row(s, principal, household_code)
        rows = await s.execute(
            text(f"SELECT {_COLUMNS} FROM household_profiles WHERE household_id = :h ORDER BY version"),
            {"h": row.id},
        )
        return {"household_code": household_code, "items": [_out(household_code, r) for r in rows]}
