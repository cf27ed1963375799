"""The rectification ledger (整改台账): any problem — a detector's finding, an inspection's, an audit's —
opened as an item with its measure (整改措施), the person responsible (整改责任人) and a deadline in
working days (整改时限) on the shared calendar; closed with its evidence. An item still open after its
deadline is marked overdue by the SLA sweeper, once, and raises an internal alert in its village.
Every change is an event on `rectification.v1`, so the reports list open and closed items.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.alerts.context import SERVICE, SYSTEM_SWEEPER, AlertsContext
from services.alerts.intake import raise_internal
from services.alerts.models import Rectification
from services.common.auth import Principal
from services.common.errors import APIError, not_found
from services.common.events.contracts.rectification import RectificationChanged
from services.common.events.envelope import new_event
from services.common.events.topics import Topic
from services.common.events.types import EventType
from services.common.i18n import t
from services.common.outbox import add_events


def item_out(r: Rectification) -> dict[str, Any]:
    return RectificationChanged(
        rectification_id=str(r.id),
        source=r.source,
        detector=r.detector,
        finding_ref=r.finding_ref,
        village_code=r.village_code,
        household_code=r.household_code,
        problem=r.problem,
        measure=r.measure,
        responsible=r.responsible,
        opened_on=r.opened_on,
        working_days=r.working_days,
        due_on=r.due_on,
        status=r.status,
        overdue=r.overdue,
        closed_on=r.closed_on,
        closing_note=r.closing_note,
        evidence=list(r.evidence or []),
    ).model_dump(mode="json")


async def publish_item(s: AsyncSession, r: Rectification, event_type: str, actor: dict[str, Any]) -> None:
    await add_events(
        s,
        [
            new_event(
                event_type=event_type,
                source=SERVICE,
                aggregate_type="rectification",
                aggregate_id=str(r.id),
                data=item_out(r),
                actor=actor,
            )
        ],
        Topic.RECTIFICATION.value,
    )


def _refuse(errors: list[str]) -> APIError:
    return APIError(422, "validation_failed", "the rectification item is not valid", errors)


async def open_item(ctx: AlertsContext, *, principal: Principal, body: dict[str, Any]) -> dict[str, Any]:
    """Open an item; 409 when the same finding already has an open item."""
    opened_on: date = body["opened_on"]
    if opened_on > ctx.today():
        raise _refuse([t("opened_on {d} is in the future", "开立日期{d}晚于今天", d=opened_on.isoformat())])
    known = ctx.calendar  # the calendar as last loaded: notices and overrides count
    item = Rectification(
        id=uuid.uuid4(),
        source=body["source"],
        detector=body.get("detector"),
        finding_ref=body.get("finding_ref"),
        village_code=body["village_code"],
        household_code=body.get("household_code"),
        problem=body["problem"],
        measure=body["measure"],
        responsible=body["responsible"],
        opened_on=opened_on,
        working_days=body["working_days"],
        due_on=known.add_working_days(opened_on, body["working_days"]),
        status="open",
        overdue=False,
        evidence=[],
        opened_by=principal.sub,
    )
    try:
        async with ctx.db.transaction() as s:
            village = (
                await s.execute(text("SELECT 1 FROM proj_villages WHERE code = :v"), {"v": item.village_code})
            ).first()
            if village is None:
                raise _refuse([t("unknown village {v}", "村代码{v}不在本镇的村名单中", v=item.village_code)])
            s.add(item)
            await s.flush()
            await publish_item(s, item, EventType.RECTIFICATION_OPENED, principal.actor())
    except IntegrityError as exc:
        raise APIError(
            409,
            "conflict",
            t("this finding already has an open rectification item", "该问题已有未销号的整改事项"),
            [{"detector": item.detector, "finding_ref": item.finding_ref}],
        ) from exc
    return item_out(item)


async def close_item(
    ctx: AlertsContext,
    *,
    principal: Principal,
    item_id: uuid.UUID,
    closed_on: date,
    note: str,
    evidence: list[str],
) -> dict[str, Any]:
    async with ctx.db.transaction() as s:
        item = await s.get(Rectification, item_id, with_for_update=True)
        if item is None or not principal.can_see_village(item.village_code):
            raise not_found("rectification item")
        if item.status != "open":
            raise APIError(409, "invalid_state", t("the item is already closed", "该整改事项已销号"))
        errors: list[str] = []
        if closed_on > ctx.today():
            errors.append(t("closed_on {d} is in the future", "销号日期{d}晚于今天", d=closed_on.isoformat()))
        if closed_on < item.opened_on:
            errors.append(
                t(
                    "closed_on {d} is before opened_on {o}",
                    "销号日期{d}早于开立日期{o}",
                    d=closed_on.isoformat(),
                    o=item.opened_on.isoformat(),
                )
            )
        if errors:
            raise _refuse(errors)
        item.status, item.closed_on, item.closing_note = "closed", closed_on, note
        item.evidence, item.closed_by = evidence, principal.sub
        await publish_item(s, item, EventType.RECTIFICATION_CLOSED, principal.actor())
    return item_out(item)


async def list_items(
    ctx: AlertsContext, *, principal: Principal, status: str | None, village_code: str | None
) -> list[dict[str, Any]]:
    """The items in the caller's villages, earliest deadline first, in one query."""
    query = select(Rectification).order_by(col(Rectification.due_on), col(Rectification.id))
    if principal.village_scoped:
        query = query.where(col(Rectification.village_code).in_(sorted(principal.villages)))
    if status:
        query = query.where(col(Rectification.status) == status)
    if village_code:
        query = query.where(col(Rectification.village_code) == village_code)
    async with ctx.db.session() as s:
        return [item_out(r) for r in (await s.scalars(query)).all()]


async def sweep_overdue(ctx: AlertsContext, *, today: date) -> int:
    """Open items past their deadline: marked overdue once, each with an internal alert in its village."""
    marked = 0
    async with ctx.db.transaction() as s:
        items = (
            await s.scalars(
                select(Rectification)
                .where(
                    col(Rectification.status) == "open",
                    col(Rectification.overdue).is_(False),
                    col(Rectification.due_on) < today,
                )
                .order_by(col(Rectification.due_on))
                .limit(500)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for item in items:
            item.overdue = True
            item.overdue_alert_external_id = f"rectification-{item.id}"
            await raise_internal(
                ctx,
                s,
                external_id=item.overdue_alert_external_id,
                source="rectification",
                category="rectification_overdue",
                village_code=item.village_code,
                household_code=item.household_code,
                id_number_hash=None,
                description=f"整改逾期：{item.problem[:200]}（措施：{item.measure[:200]}；责任人：{item.responsible}；"
                f"时限：{item.due_on.isoformat()}）",
                detected_on=today,
                actor=SYSTEM_SWEEPER,
            )
            await publish_item(s, item, EventType.RECTIFICATION_OVERDUE, SYSTEM_SWEEPER)
            marked += 1
    return marked
