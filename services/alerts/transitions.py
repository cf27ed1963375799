"""The workflow's transitions: village verification, town review, close-out and the saga's settlement.
Each loads the alert for update, applies the pure workflow and records the step in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.alerts import enrolment, optimistic, sla
from services.alerts.context import SERVICE, SYSTEM_SAGA, AlertsContext
from services.alerts.models import Alert
from services.alerts.queries import alert_out
from services.alerts.recording import load_for_update, persist, record
from services.alerts.schemas import (
    CloseOutIn,
    ReviewIn,
    VerificationIn,
)
from services.alerts.workflow import (
    Action,
    FinalOutcome,
    IllegalTransition,
    Outcome,
    ReviewInput,
    Status,
    action_for_close_out,
    allowed_actions,
    close_out_errors,
    effective_date_errors,
    next_status,
    review_errors,
)
from services.common import idempotency
from services.common.auth import Principal
from services.common.db import Tx
from services.common.errors import APIError
from services.common.events.contracts.alerts import OutcomeReported
from services.common.events.envelope import EventEnvelope, new_event
from services.common.events.types import EventType

log = structlog.get_logger(__name__)


def _advance(alert: Alert, action: Action) -> Status:
    try:
        return next_status(Status(alert.status), action)
    except IllegalTransition as exc:
        raise APIError(
            409,
            "illegal_transition",
            exc.message,
            [
                {
                    "current_status": alert.status,
                    "allowed_actions": [a.value for a in allowed_actions(Status(alert.status))],
                }
            ],
        ) from exc


def invalid(errors: list[str]) -> APIError:
    return APIError(422, "validation_failed", "the request is not valid", errors)


Mutation = Callable[[Tx, Alert, date], "Any"]


async def transition(
    ctx: AlertsContext,
    *,
    alert_id: uuid.UUID,
    principal: Principal,
    idem_key: str | None,
    route: str,
    body: dict[str, Any],
    mutate: Mutation,
) -> tuple[int, dict[str, Any]]:
    """The step written optimistically (services/alerts/optimistic.py), and after repeated conflicts with
    the alert locked for the whole transaction."""
    scope = f"{route}:{alert_id}:{principal.sub}"
    fingerprint = idempotency.request_fingerprint(body) if idem_key else ""
    for _ in range(optimistic.ATTEMPTS):
        try:
            return await optimistic.attempt(
                ctx,
                alert_id=alert_id,
                principal=principal,
                scope=scope,
                idem_key=idem_key,
                fingerprint=fingerprint,
                mutate=mutate,
            )
        except optimistic.Conflict:
            log.info("transition_conflict", alert_id=str(alert_id), route=route)
    async with ctx.db.driver_transaction() as s:
        replayed = await idempotency.replay(s, scope=scope, key=idem_key, fingerprint=fingerprint)
        if replayed is not None:
            return replayed
        alert = await load_for_update(s, alert_id, principal)
        await mutate(s, alert, ctx.today())
        await persist(s, alert)  # a no-op when `record` already wrote the state
        out = alert_out(ctx, alert, principal).model_dump(mode="json")
        await idempotency.remember(
            s, scope=scope, key=idem_key, fingerprint=fingerprint, status_code=200, body=out
        )
    return 200, out


async def verify(
    ctx: AlertsContext,
    *,
    alert_id: uuid.UUID,
    principal: Principal,
    cmd: VerificationIn,
    idem_key: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """The village reports its home-visit finding (上门核实)."""

    async def mutate(s: Tx, alert: Alert, today: date) -> None:
        new = _advance(alert, Action.verify)
        reported_on = cmd.reported_on or today
        errors = effective_date_errors(
            "visited_on",
            cmd.visited_on,
            today=today,
            not_before=alert.received_on,
            before_label="the alert's receipt on",
        )
        errors += effective_date_errors(
            "reported_on",
            reported_on,
            today=today,
            not_before=max(cmd.visited_on, alert.received_on),
            before_label="the visit or receipt on",
        )
        if errors:
            raise invalid(errors)
        from_status = alert.status
        alert.status = new.value
        alert.reported_on = reported_on
        alert.finding = cmd.finding.value
        alert.village_on_time = sla.on_time(reported_on, alert.village_due_on)
        alert.verification = cmd.model_dump(mode="json")
        alert.town_due_on = sla.town_due_on(ctx.calendar, reported_on, ctx.settings.alerts_town_working_days)
        alert.overdue, alert.overdue_stage = False, None
        alert.updated_at = datetime.now(UTC)
        await record(
            s,
            alert,
            key=ctx.audit_key,
            actor=principal.actor(),
            action="verified",
            from_status=from_status,
            details={
                **cmd.model_dump(mode="json"),
                "reported_on": reported_on.isoformat(),
                "village_on_time": alert.village_on_time,
                "town_due_on": alert.town_due_on.isoformat(),
            },
            event_type=EventType.ALERTS_ALERT_VERIFIED,
        )

    return await transition(
        ctx,
        alert_id=alert_id,
        principal=principal,
        idem_key=idem_key,
        route="verification",
        body=cmd.model_dump(mode="json"),
        mutate=mutate,
    )


async def review(
    ctx: AlertsContext,
    *,
    alert_id: uuid.UUID,
    principal: Principal,
    cmd: ReviewIn,
    idem_key: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """The town reviews the village's finding: approve, or return it to the village."""

    async def mutate(s: Tx, alert: Alert, today: date) -> None:
        new = _advance(alert, Action.approve if cmd.decision == "approve" else Action.return_)
        reviewed_on = cmd.reviewed_on or today
        assert alert.reported_on is not None and alert.town_due_on is not None
        errors = review_errors(
            ReviewInput(
                cmd.decision,
                reviewed_on,
                cmd.revisit is not None,
                cmd.revisit.visited_on if cmd.revisit else None,
            ),
            finding=alert.finding,
            reported_on=alert.reported_on,
            today=today,
        )
        if errors:
            raise invalid(errors)
        from_status = alert.status
        alert.status = new.value
        alert.town_on_time = sla.on_time(reviewed_on, alert.town_due_on)
        details: dict[str, Any] = {
            **cmd.model_dump(mode="json"),
            "reviewed_on": reviewed_on.isoformat(),
            "town_on_time": alert.town_on_time,
        }
        if cmd.decision == "return":
            alert.return_count += 1
            alert.village_due_on = sla.village_due_on(
                ctx.calendar, reviewed_on, ctx.settings.alerts_village_working_days
            )
            alert.reported_on = alert.finding = alert.village_on_time = alert.town_due_on = None
            alert.verification = None
            details["village_due_on"] = alert.village_due_on.isoformat()
            event_type = EventType.ALERTS_ALERT_RETURNED
        else:
            alert.reviewed_on = reviewed_on
            alert.decision = cmd.decision
            alert.review = cmd.model_dump(mode="json")
            event_type = EventType.ALERTS_ALERT_REVIEWED
        alert.overdue, alert.overdue_stage = False, None
        alert.updated_at = datetime.now(UTC)
        await record(
            s,
            alert,
            key=ctx.audit_key,
            actor=principal.actor(),
            action="returned" if cmd.decision == "return" else "reviewed",
            from_status=from_status,
            details=details,
            event_type=event_type,
        )

    return await transition(
        ctx,
        alert_id=alert_id,
        principal=principal,
        idem_key=idem_key,
        route="review",
        body=cmd.model_dump(mode="json"),
        mutate=mutate,
    )


def _outcome_event(alert: Alert, notes: str | None, actor: dict[str, Any]) -> EventEnvelope:
    assert alert.closed_on is not None and alert.final_outcome is not None
    data = OutcomeReported(
        batch_id=alert.batch_id,
        external_id=alert.external_id,
        alert_id=str(alert.id),
        village_code=alert.village_code,
        alert_class=alert.alert_class,
        category=alert.category,
        outcome=alert.final_outcome,
        closed_on=alert.closed_on,
        remediation=alert.remediation,
        notes=notes,
    )
    return new_event(
        event_type=EventType.ALERTS_OUTCOME_REPORTED,
        source=SERVICE,
        aggregate_type="alert",
        aggregate_id=str(alert.id),
        data=data,
        actor=actor,
        correlation_id=str(alert.id),
    )


def _reports_to_province(alert: Alert) -> bool:
    return alert.batch_id is not None


async def close_out(
    ctx: AlertsContext,
    *,
    alert_id: uuid.UUID,
    principal: Principal,
    cmd: CloseOutIn,
    idem_key: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """The town closes the alert (销号); a confirmed risk waits in `closing` for the households answer."""

    async def mutate(s: Tx, alert: Alert, today: date) -> None:
        new = _advance(alert, action_for_close_out(cmd.outcome.value))
        closed_on = cmd.closed_on or today
        assert alert.reviewed_on is not None
        errors = close_out_errors(
            outcome=cmd.outcome.value,
            remediation=cmd.remediation,
            alert_class=alert.alert_class,
            closed_on=closed_on,
            reviewed_on=alert.reviewed_on,
            today=today,
        )
        if new is Status.closing:
            errors += await enrolment.household_errors(s, alert, cmd.household_code)
        if errors:
            raise invalid(errors)
        if new is Status.closing and alert.household_code is None:
            alert.household_code = cmd.household_code
            alert.household_match = "chosen_by_town"
        from_status = alert.status
        alert.status = new.value
        alert.outcome = cmd.outcome.value
        alert.remediation = cmd.remediation
        alert.close_out = cmd.model_dump(mode="json")
        alert.closed_on = closed_on
        alert.updated_at = datetime.now(UTC)
        details = {**cmd.model_dump(mode="json"), "closed_on": closed_on.isoformat()}
        if new is Status.closing:
            await record(
                s,
                alert,
                key=ctx.audit_key,
                actor=principal.actor(),
                action="risk_confirmed",
                from_status=from_status,
                details=details,
                event_type=EventType.ALERTS_ALERT_RISK_CONFIRMED,
            )
            return
        alert.final_outcome = (
            FinalOutcome.policy_fixed if cmd.outcome is Outcome.policy_fixed else FinalOutcome.no_risk
        ).value
        extra = [_outcome_event(alert, cmd.notes, principal.actor())] if _reports_to_province(alert) else []
        await record(
            s,
            alert,
            key=ctx.audit_key,
            actor=principal.actor(),
            action="closed",
            from_status=from_status,
            details={**details, "final_outcome": alert.final_outcome},
            event_type=EventType.ALERTS_ALERT_CLOSED,
            more_events=extra,
        )

    return await transition(
        ctx,
        alert_id=alert_id,
        principal=principal,
        idem_key=idem_key,
        route="close-out",
        body=cmd.model_dump(mode="json"),
        mutate=mutate,
    )


async def settle_risk(
    s: AsyncSession, *, key: bytes, alert_id: str, enrolled: bool, answer: dict[str, Any], causation_id: str
) -> bool:
    """Close a `closing` alert from the households service's answer; False when there is nothing to settle."""
    try:
        aid = uuid.UUID(alert_id)
    except ValueError:
        return False
    alert = (await s.scalars(select(Alert).where(col(Alert.id) == aid).with_for_update())).first()
    if alert is None or alert.status != Status.closing.value:
        log.info("risk_answer_ignored", alert_id=alert_id, status=alert.status if alert else None)
        return False
    from_status = alert.status
    alert.status = next_status(Status.closing, Action.settle).value
    alert.final_outcome = (
        FinalOutcome.risk_enrolled if enrolled else FinalOutcome.risk_already_monitored
    ).value
    alert.updated_at = datetime.now(UTC)
    notes = alert.close_out.get("notes") if alert.close_out else None
    extra = [_outcome_event(alert, notes, SYSTEM_SAGA)] if _reports_to_province(alert) else []
    await record(
        s,
        alert,
        key=key,
        actor=SYSTEM_SAGA,
        action="closed",
        from_status=from_status,
        details={
            "final_outcome": alert.final_outcome,
            "households_answer": answer,
            "answer_event_id": causation_id,
        },
        event_type=EventType.ALERTS_ALERT_CLOSED,
        more_events=extra,
    )
    return True
