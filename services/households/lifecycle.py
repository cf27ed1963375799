"""Monitoring-object use cases: enrolment, statutory steps, risk elimination, and their reads."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import Principal
from services.common.calendar_store import load_snapshots
from services.common.errors import APIError
from services.common.events.types import EventType
from services.common.i18n import t
from services.common.scope import principal_scope
from services.households.context import HouseholdsContext
from services.households.events import PendingEvent, household_events, stage
from services.households.monitoring import (
    STEPS,
    EliminationFacts,
    MonitoringStatus,
    MonitoringType,
    StepState,
    elimination_errors,
    step_errors,
)
from services.households.profiles import profile_as_of
from services.households.queries import household_row


def _mo_out(m: Any) -> dict[str, Any]:
    def d(v: date | None) -> str | None:
        return v.isoformat() if v else None

    return {
        "id": str(m.id),
        "household_code": m.household_code,
        "village_code": m.village_code,
        "type": m.type,
        "risk_category": m.risk_category,
        "status": m.status,
        "first_clue_on": d(m.first_clue_on),
        "identification_due_on": d(m.identification_due_on),
        "steps": {
            "consent": d(m.consent_on),
            "home_check": d(m.home_check_on),
            "village_appraisal": d(m.village_appraisal_on),
            "public_notice": {"from": d(m.notice_from), "to": d(m.notice_to)} if m.notice_from else None,
            "town_review": d(m.town_review_on),
            "county_approval": d(m.county_approval_on),
        },
        "identified_on": d(m.identified_on),
        "identified_on_time": m.identified_on_time,
        "eliminated_on": d(m.eliminated_on),
        "source_alert_id": m.source_alert_id,
    }


_MO_SELECT = (
    "SELECT m.*, h.household_code, h.village_code FROM monitoring_objects m "
    "JOIN households h ON h.id = m.household_id "
)


async def open_object(s: AsyncSession, household_id: uuid.UUID) -> Any:
    return (
        await s.execute(
            text(
                "SELECT id, type FROM monitoring_objects WHERE household_id = :h "
                "AND status IN ('identifying', 'monitoring')"
            ),
            {"h": household_id},
        )
    ).first()


async def create_object(
    ctx: HouseholdsContext,
    s: AsyncSession,
    *,
    household_id: uuid.UUID,
    mtype: str,
    risk_category: str,
    first_clue_on: date,
    source_alert_id: str | None,
) -> uuid.UUID:
    mo_id = uuid.uuid4()
    # the calendar as last published (a notice imported while another replica consumed the event)
    await load_snapshots(s, ctx.calendar)
    due = ctx.calendar.add_working_days(first_clue_on, ctx.settings.households_identification_working_days)
    await s.execute(
        text(
            "INSERT INTO monitoring_objects (id, household_id, type, risk_category, status, first_clue_on, "
            "identification_due_on, source_alert_id) VALUES (:id, :h, :t, :r, 'identifying', :f, :d, :a)"
        ),
        {
            "id": mo_id,
            "h": household_id,
            "t": mtype,
            "r": risk_category,
            "f": first_clue_on,
            "d": due,
            "a": source_alert_id,
        },
    )
    return mo_id


async def enrol(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    household_code: str,
    mtype: MonitoringType,
    risk_category: str,
    first_clue_on: date,
) -> dict[str, Any]:
    """Open a monitoring object for a household (409 when one is open already)."""
    if first_clue_on > ctx.today():
        raise APIError(
            422,
            "validation_failed",
            "the request is not valid",
            [t("first_clue_on {d} is in the future", "发现线索日期{d}晚于今天", d=first_clue_on.isoformat())],
        )
    async with ctx.db.transaction() as s:
        row = await household_row(s, principal, household_code, for_update=True)
        current = await open_object(s, row.id)
        if current is not None:
            raise APIError(
                409,
                "already_monitored",
                "the household is already a monitoring object",
                [{"monitoring_object_id": str(current.id), "type": current.type}],
            )
        mo_id = await create_object(
            ctx,
            s,
            household_id=row.id,
            mtype=mtype.value,
            risk_category=risk_category,
            first_clue_on=first_clue_on,
            source_alert_id=None,
        )
        events = [
            PendingEvent(
                EventType.HOUSEHOLDS_HOUSEHOLD_MONITORING_ENROLLED,
                household_code,
                {
                    "alert_id": None,
                    "household_code": household_code,
                    "village_code": row.village_code,
                    "monitoring_object_id": str(mo_id),
                    "monitoring_type": mtype.value,
                    "risk_category": risk_category,
                    "member_count": row.member_count,
                    "first_clue_on": first_clue_on.isoformat(),
                },
            )
        ]
        events += await household_events(
            s, [row.id], change="monitoring_changed", event_type=EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED
        )
        await stage(s, events, principal.actor())
    return await get_object(ctx, principal=principal, mo_id=mo_id)


async def get_object(ctx: HouseholdsContext, *, principal: Principal, mo_id: uuid.UUID) -> dict[str, Any]:
    where, params = principal_scope(principal, "h.village_code")
    async with ctx.db.session() as s:
        m = (await s.execute(text(_MO_SELECT + f"WHERE m.id = :id{where}"), {"id": mo_id, **params})).first()
    if m is None:
        raise APIError(404, "not_found", "monitoring object not found")
    return _mo_out(m)


async def list_objects(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    status: str | None,
    mtype: str | None,
    village_code: str | None,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    where, params = principal_scope(principal, "h.village_code")
    for column, value in (("m.status", status), ("m.type", mtype), ("h.village_code", village_code)):
        if value is not None:
            key = column.replace(".", "_")
            where += f" AND {column} = :{key}"
            params[key] = value
    async with ctx.db.session() as s:
        rows = (
            await s.execute(
                text(
                    _MO_SELECT
                    + f"WHERE TRUE{where} ORDER BY h.household_code, m.created_at LIMIT :n OFFSET :o"
                ),
                {**params, "n": limit, "o": offset},
            )
        ).all()
    return [_mo_out(m) for m in rows]


async def record_step(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    mo_id: uuid.UUID,
    step: str,
    on: date,
    notice_to: date | None,
) -> dict[str, Any]:
    """Record one statutory step; county approval makes the household a monitoring object proper."""
    where, params = principal_scope(principal, "h.village_code")
    async with ctx.db.transaction() as s:
        m = (
            await s.execute(
                text(_MO_SELECT + f"WHERE m.id = :id{where} FOR UPDATE OF m"), {"id": mo_id, **params}
            )
        ).first()
        if m is None:
            raise APIError(404, "not_found", "monitoring object not found")
        if m.status != MonitoringStatus.identifying:
            raise APIError(
                409,
                "illegal_transition",
                f"the monitoring object is {m.status}; steps are closed",
                [{"current_status": m.status}],
            )
        state = StepState(
            m.consent_on,
            m.home_check_on,
            m.village_appraisal_on,
            m.notice_from,
            m.notice_to,
            m.town_review_on,
            m.county_approval_on,
        )
        errors = step_errors(
            state,
            step=step,
            on=on,
            first_clue_on=m.first_clue_on,
            today=ctx.today(),
            notice_to=notice_to,
            min_notice_days=ctx.settings.households_public_notice_min_days,
        )
        if errors:
            raise APIError(
                409 if any("must come before" in e or "already" in e for e in errors) else 422,
                "step_refused",
                f"step {step} cannot be recorded",
                errors,
            )
        if step == "public_notice":
            await s.execute(
                text("UPDATE monitoring_objects SET notice_from = :f, notice_to = :t WHERE id = :id"),
                {"f": on, "t": notice_to, "id": mo_id},
            )
        elif step == "county_approval":
            await s.execute(
                text(
                    "UPDATE monitoring_objects SET county_approval_on = :d, identified_on = :d, status = 'monitoring', "
                    "identified_on_time = (:d <= identification_due_on) WHERE id = :id"
                ),
                {"d": on, "id": mo_id},
            )
            await stage(
                s,
                await household_events(
                    s,
                    [m.household_id],
                    change="monitoring_identified",
                    event_type=EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED,
                ),
                principal.actor(),
            )
        else:
            assert step in STEPS
            await s.execute(
                text(f"UPDATE monitoring_objects SET {step}_on = :d WHERE id = :id"), {"d": on, "id": mo_id}
            )
    return await get_object(ctx, principal=principal, mo_id=mo_id)


async def eliminate_risk(
    ctx: HouseholdsContext, *, principal: Principal, mo_id: uuid.UUID, eliminated_on: date
) -> dict[str, Any]:
    """Risk elimination (风险消除), refused with every unmet condition."""
    where, params = principal_scope(principal, "h.village_code")
    async with ctx.db.transaction() as s:
        m = (
            await s.execute(
                text(_MO_SELECT + f"WHERE m.id = :id{where} FOR UPDATE OF m"), {"id": mo_id, **params}
            )
        ).first()
        if m is None:
            raise APIError(404, "not_found", "monitoring object not found")
        measures = (
            await s.execute(
                text("SELECT count(*) FROM measures WHERE household_id = :h"), {"h": m.household_id}
            )
        ).scalar_one()
        can_work = (
            await s.execute(
                text("SELECT COALESCE(bool_or(can_work), false) FROM members WHERE household_id = :h"),
                {"h": m.household_id},
            )
        ).scalar_one()
        income = {
            (r.year, r.quarter): Decimal(r.per_capita_annualised)
            for r in await s.execute(
                text(
                    "SELECT year, quarter, per_capita_annualised FROM income_records WHERE household_id = :h"
                ),
                {"h": m.household_id},
            )
        }
        line = ctx.settings.households_monitoring_lines.get(ctx.settings.households_province, {}).get(
            str(eliminated_on.year)
        )
        errors = elimination_errors(
            EliminationFacts(
                status=m.status,
                identified_on=m.identified_on,
                measure_count=int(measures),
                anyone_can_work=bool(can_work),
                income_by_quarter=income,
                profile=await profile_as_of(s, m.household_id, eliminated_on),
            ),
            eliminated_on=eliminated_on,
            today=ctx.today(),
            min_months=ctx.settings.households_elimination_min_months,
            monitoring_line=line,
        )
        if errors:
            raise APIError(409, "elimination_refused", "the risk cannot be eliminated yet", errors)
        await s.execute(
            text(
                "UPDATE monitoring_objects SET status = 'risk_eliminated', eliminated_on = :d WHERE id = :id"
            ),
            {"d": eliminated_on, "id": mo_id},
        )
        events = [
            PendingEvent(
                EventType.HOUSEHOLDS_HOUSEHOLD_RISK_ELIMINATED,
                m.household_code,
                {
                    "household_code": m.household_code,
                    "village_code": m.village_code,
                    "monitoring_object_id": str(mo_id),
                    "monitoring_type": m.type,
                    "eliminated_on": eliminated_on.isoformat(),
                },
            )
        ]
        events += await household_events(
            s,
            [m.household_id],
            change="monitoring_changed",
            event_type=EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED,
        )
        await stage(s, events, principal.actor())
    return await get_object(ctx, principal=principal, mo_id=mo_id)
