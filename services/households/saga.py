"""The households side of the alert saga: `alerts.alert.risk_confirmed` → enrol the household (or find it
already monitored) → answer on the households topic, once per alert however often it is delivered."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.events.contracts.alerts import AlertEvent
from services.common.events.dispatch import EventRoutes
from services.common.events.envelope import EventEnvelope
from services.common.events.types import EventType
from services.common.inbox import PoisonMessage
from services.households.context import HouseholdsContext
from services.households.events import PendingEvent, household_events, stage
from services.households.lifecycle import create_object, open_object
from services.households.monitoring import (
    monitoring_type_for,
)

log = structlog.get_logger(__name__)


SAGA_ACTOR = {"sub": "system:alerts-saga"}


def make_alert_handler(ctx: HouseholdsContext) -> Any:
    """The saga: `alerts.alert.risk_confirmed` → enrol (or find the household already monitored) → answer."""

    routes: EventRoutes[Callable[..., Awaitable[None]]] = EventRoutes()

    @routes.on(EventType.ALERTS_ALERT_RISK_CONFIRMED)
    async def on_risk_confirmed(s: AsyncSession, a: AlertEvent, env: EventEnvelope) -> None:
        alert_id, code, village = a.alert_id, a.household_code, a.village_code
        if not code:
            raise PoisonMessage(f"alert {alert_id}: a confirmed risk needs a household_code to enrol")
        row = (
            await s.execute(
                text(
                    "SELECT id, alleviated, village_code FROM households WHERE household_code = :c FOR UPDATE"
                ),
                {"c": code},
            )
        ).first()
        if row is None:
            # 应纳尽纳: a confirmed risk on a household missing from the registry registers it, then enrols it
            known = (await s.execute(text("SELECT 1 FROM villages WHERE code = :v"), {"v": village})).first()
            if known is None:
                raise PoisonMessage(f"alert {alert_id}: unknown village {village}")
            household_id = uuid.uuid4()
            await s.execute(
                text("INSERT INTO households (id, household_code, village_code) VALUES (:i, :c, :v)"),
                {"i": household_id, "c": code, "v": village},
            )
            alleviated = False
        else:
            household_id, alleviated = row.id, row.alleviated
        count = (
            await s.execute(text("SELECT count(*) FROM members WHERE household_id = :h"), {"h": household_id})
        ).scalar_one()
        current = await open_object(s, household_id)
        first_clue = a.closed_on or a.received_on
        answer: dict[str, Any] = {
            "alert_id": alert_id,
            "household_code": code,
            "village_code": village,
            "risk_category": a.category,
            "member_count": count,
            "first_clue_on": first_clue.isoformat(),
        }
        events: list[PendingEvent] = []
        if current is not None:
            answer.update(monitoring_object_id=str(current.id), monitoring_type=current.type)
            events.append(
                PendingEvent(
                    EventType.HOUSEHOLDS_HOUSEHOLD_ALREADY_MONITORED,
                    code,
                    answer,
                    causation_id=str(env.event_id),
                    correlation_id=env.correlation_id,
                )
            )
        else:
            mtype = monitoring_type_for(alleviated=alleviated, category=a.category)
            mo_id = await create_object(
                ctx,
                s,
                household_id=household_id,
                mtype=mtype.value,
                risk_category=a.category,
                first_clue_on=first_clue,
                source_alert_id=alert_id,
            )
            answer.update(monitoring_object_id=str(mo_id), monitoring_type=mtype.value)
            events.append(
                PendingEvent(
                    EventType.HOUSEHOLDS_HOUSEHOLD_MONITORING_ENROLLED,
                    code,
                    answer,
                    causation_id=str(env.event_id),
                    correlation_id=env.correlation_id,
                )
            )
            events += await household_events(
                s,
                [household_id],
                change="monitoring_changed",
                event_type=EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED,
            )
        await stage(s, events, SAGA_ACTOR)
        log.info("risk_confirmed_answered", alert_id=alert_id, answer=events[0].event_type)

    return routes.consumer()
