"""Reads of the alerts service: lists, one alert with its timeline, the audit trail, reveals, outcomes
and feed status, all scoped by the caller's villages and masked unless revealed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.alerts.context import AlertsContext
from services.alerts.models import Alert, AuditEntry, ProjVillage
from services.alerts.recording import record, stage_fields
from services.alerts.schemas import (
    AlertOut,
    AuditEntryOut,
    AuditOut,
    ChainBreakOut,
    OutcomeOut,
    TimelineEntry,
)
from services.alerts.workflow import (
    Status,
    allowed_actions,
)
from services.common.audit import verify_chain
from services.common.auth import Principal, Role
from services.common.errors import APIError, not_found
from services.common.i18n import localise, restored
from services.common.ids import mask_id_number
from services.common.pages import decode_cursor, encode_cursor

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def scoped(query: Q, principal: Principal) -> Q:
    """Object-level scope in the query itself: a village cadre sees only its villages."""
    if principal.village_scoped:
        return query.where(col(Alert.village_code).in_(sorted(principal.villages)))
    return query


def alert_out(
    ctx: AlertsContext,
    alert: Alert,
    principal: Principal,
    *,
    reveal: bool = False,
    timeline: list[TimelineEntry] | None = None,
) -> AlertOut:
    opened = ctx.cipher.open
    id_number = (
        opened("alerts", "id_number_enc", alert.id, alert.id_number_enc) if alert.id_number_enc else None
    )
    return AlertOut(
        id=str(alert.id),
        external_id=alert.external_id,
        batch_id=alert.batch_id,
        source=alert.source,
        alert_class=alert.alert_class,
        category=alert.category,
        village_code=alert.village_code,
        household_code=alert.household_code,
        household_match=alert.household_match,
        id_number=id_number if reveal else mask_id_number(id_number),
        person_name=(
            opened("alerts", "person_name_enc", alert.id, alert.person_name_enc)
            if reveal and alert.person_name_enc
            else alert.person_name_masked
        ),
        description=alert.description,
        detected_on=alert.detected_on,
        status=alert.status,
        **stage_fields(alert),
        remediation=alert.remediation,
        overdue=alert.overdue,
        overdue_stage=alert.overdue_stage,
        return_count=alert.return_count,
        allowed_actions=[a.value for a in allowed_actions(Status(alert.status))],
        timeline=timeline,
    )


@dataclass(frozen=True)
class AlertFilters:
    status: str | None = None
    village_code: str | None = None
    category: str | None = None
    alert_class: str | None = None
    overdue: bool | None = None
    batch_id: str | None = None
    final_outcome: str | None = None
    household_match: str | None = None


async def list_alerts(
    ctx: AlertsContext, *, principal: Principal, filters: AlertFilters, limit: int, cursor: str | None
) -> tuple[list[AlertOut], str | None]:
    q = scoped(select(Alert), principal)
    for column, value in (
        (col(Alert.status), filters.status),
        (col(Alert.village_code), filters.village_code),
        (col(Alert.category), filters.category),
        (col(Alert.alert_class), filters.alert_class),
        (col(Alert.overdue), filters.overdue),
        (col(Alert.batch_id), filters.batch_id),
        (col(Alert.final_outcome), filters.final_outcome),
        (col(Alert.household_match), filters.household_match),
    ):
        if value is not None:
            q = q.where(column == value)
    if cursor:
        created, aid = decode_cursor(cursor, datetime, uuid.UUID)
        q = q.where(
            or_(col(Alert.created_at) > created, and_(col(Alert.created_at) == created, col(Alert.id) > aid))
        )
    q = q.order_by(col(Alert.created_at), col(Alert.id)).limit(limit + 1)
    async with ctx.db.session() as s:
        rows = list((await s.scalars(q)).all())
    next_cursor = encode_cursor(rows[limit - 1].created_at, rows[limit - 1].id) if len(rows) > limit else None
    return [alert_out(ctx, a, principal) for a in rows[:limit]], next_cursor


async def alert_summary(
    ctx: AlertsContext, *, principal: Principal, batch_prefix: str | None = None
) -> dict[str, Any]:
    """Counts by class and category, by status and by final outcome, in the caller's scope."""
    q = scoped(
        select(
            col(Alert.alert_class),
            col(Alert.category),
            col(Alert.status),
            col(Alert.final_outcome),
            func.count().label("n"),
        ),
        principal,
    )
    if batch_prefix:
        q = q.where(col(Alert.batch_id).startswith(batch_prefix))
    q = q.group_by(col(Alert.alert_class), col(Alert.category), col(Alert.status), col(Alert.final_outcome))
    async with ctx.db.session() as s:
        rows = (await s.execute(q)).all()
    by_category: dict[str, dict[str, int]] = {}
    by_status: dict[str, int] = {}
    by_outcome: dict[str, int] = {}
    total = 0
    for r in rows:
        by_category.setdefault(r.alert_class, {})
        by_category[r.alert_class][r.category] = by_category[r.alert_class].get(r.category, 0) + r.n
        by_status[r.status] = by_status.get(r.status, 0) + r.n
        if r.final_outcome:
            by_outcome[r.final_outcome] = by_outcome.get(r.final_outcome, 0) + r.n
        total += r.n
    return {
        "total": total,
        "by_category": by_category,
        "by_status": by_status,
        "by_final_outcome": by_outcome,
    }


async def _timeline(s: AsyncSession, alert_id: uuid.UUID) -> list[AuditEntry]:
    return list(
        (
            await s.scalars(
                select(AuditEntry).where(col(AuditEntry.alert_id) == alert_id).order_by(col(AuditEntry.seq))
            )
        ).all()
    )


async def get_alert(
    ctx: AlertsContext, *, alert_id: uuid.UUID, principal: Principal, reveal: bool = False
) -> AlertOut:
    if reveal and principal.role is not Role.auditor:
        raise APIError(403, "forbidden", "only an auditor may reveal personal data")
    async with ctx.db.transaction() as s:
        q = scoped(select(Alert).where(col(Alert.id) == alert_id), principal)
        if reveal:
            q = q.with_for_update()
        alert = (await s.scalars(q)).first()
        if alert is None:
            raise not_found("alert")
        if reveal:
            # every read of unmasked personal data is itself audited
            await record(
                s,
                alert,
                key=ctx.audit_key,
                actor=principal.actor(),
                action="pii_revealed",
                from_status=alert.status,
                details={"fields": ["id_number", "person_name"]},
                event_type=None,
            )
        entries = await _timeline(s, alert_id)
    timeline = [
        TimelineEntry(
            seq=e.seq,
            at=e.at,
            action=e.action,
            actor=e.actor,
            from_status=e.from_status,
            to_status=e.to_status,
            details=e.details,
        )
        for e in entries
    ]
    return alert_out(ctx, alert, principal, reveal=reveal, timeline=timeline)


async def get_audit(
    ctx: AlertsContext, *, alert_id: uuid.UUID, principal: Principal, verify: bool
) -> AuditOut:
    async with ctx.db.session() as s:
        alert = (await s.scalars(scoped(select(Alert).where(col(Alert.id) == alert_id), principal))).first()
        if alert is None:
            raise not_found("alert")
        entries = await _timeline(s, alert_id)
    out = AuditOut(
        alert_id=str(alert_id),
        entries=[
            AuditEntryOut(
                seq=e.seq,
                at=e.at,
                actor=e.actor,
                action=e.action,
                from_status=e.from_status,
                to_status=e.to_status,
                details=e.details,
                prev_hash=e.prev_hash,
                hash=e.hash,
            )
            for e in entries
        ],
    )
    if verify:
        brk = verify_chain(str(alert_id), [e.model_dump() for e in out.entries], key=ctx.audit_key)
        out.verified = brk is None
        out.first_break = ChainBreakOut(seq=brk.seq, reason=brk.reason) if brk else None
    return out


async def list_reveals(ctx: AlertsContext, *, limit: int, cursor: str | None, verify: bool) -> dict[str, Any]:
    """Every audited reveal of an alert's personal data, oldest first, as `GET /v1/audit/reveals`
    answers in every service; with `verify`, the chain of each alert on the page is checked."""
    after = decode_cursor(cursor, int)[0] if cursor else 0
    async with ctx.db.session() as s:
        rows = (
            await s.scalars(
                select(AuditEntry)
                .where(col(AuditEntry.action) == "pii_revealed", col(AuditEntry.id) > after)
                .order_by(col(AuditEntry.id))
                .limit(limit + 1)
            )
        ).all()
        page = rows[:limit]
        out: dict[str, Any] = {
            "items": [
                {
                    "subject_type": "alert",
                    "subject_id": str(e.alert_id),
                    "seq": e.seq,
                    "at": e.at,
                    "actor": e.actor,
                    "action": e.action,
                    "details": e.details,
                    "hash": e.hash,
                }
                for e in page
            ],
            "next_cursor": encode_cursor(page[-1].id) if len(rows) > limit else None,
        }
        if verify:
            broken = {}
            for alert_id in sorted({e.alert_id for e in page}):
                entries = await _timeline(s, alert_id)
                brk = verify_chain(
                    str(alert_id),
                    [{k: getattr(e, k) for k in (*AUDIT_FIELDS, "prev_hash", "hash")} for e in entries],
                    key=ctx.audit_key,
                )
                if brk:
                    broken[f"alert:{alert_id}"] = {"seq": brk.seq, "reason": brk.reason}
            out["verified"], out["broken"] = not broken, broken
    return out


AUDIT_FIELDS = ("seq", "at", "actor", "action", "from_status", "to_status", "details")


async def outcomes(ctx: AlertsContext, *, batch_id: str | None) -> list[OutcomeOut]:
    q = select(Alert).where(col(Alert.status) == Status.closed.value, col(Alert.batch_id).is_not(None))
    if batch_id:
        q = q.where(col(Alert.batch_id) == batch_id)
    async with ctx.db.session() as s:
        rows = (await s.scalars(q.order_by(col(Alert.batch_id), col(Alert.external_id)))).all()
    return [
        OutcomeOut(
            batch_id=a.batch_id,
            external_id=a.external_id,
            alert_id=str(a.id),
            village_code=a.village_code,
            alert_class=a.alert_class,
            category=a.category,
            outcome=a.final_outcome or "",
            closed_on=a.closed_on or a.updated_at.date(),
            remediation=a.remediation,
            notes=(a.close_out or {}).get("notes"),
        )
        for a in rows
    ]


async def known_villages(ctx: AlertsContext) -> list[dict[str, str]]:
    async with ctx.db.session() as s:
        rows = (await s.scalars(select(ProjVillage).order_by(col(ProjVillage.code)))).all()
    return [{"code": v.code, "name": v.name, "kind": v.kind} for v in rows]


async def feed_status(ctx: AlertsContext, *, batch_id: str) -> dict[str, Any]:
    async with ctx.db.session() as s:
        batch = (
            await s.execute(text("SELECT * FROM feed_batches WHERE batch_id = :b"), {"b": batch_id})
        ).first()
        if batch is None:
            raise not_found("batch")
        rejects = (
            await s.execute(
                text(
                    "SELECT item_index, external_id, channel, errors FROM feed_rejects WHERE batch_id = :b "
                    "ORDER BY item_index"
                ),
                {"b": batch_id},
            )
        ).all()
    return {
        "batch_id": batch.batch_id,
        "source": batch.source,
        "issued_on": batch.issued_on.isoformat(),
        "times_received": batch.times_received,
        "accepted": batch.accepted,
        "rejected": [
            {
                "index": r.item_index,
                "external_id": r.external_id,
                "channel": r.channel,
                "errors": localise(restored(r.errors)),
            }
            for r in rejects
        ],
    }
