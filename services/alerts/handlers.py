"""Event consumers of the alerts service: household projection + saga answers, and the inbound feed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
import structlog
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts import context, intake, transitions
from services.alerts.schemas import FeedIn
from services.common.errors import APIError
from services.common.events.contracts.alerts import InboundAlert
from services.common.events.contracts.households import HouseholdChanged, MonitoringAnswer, VillageRegistered
from services.common.events.contracts.loans import LoanOverdue
from services.common.events.dispatch import EventRoutes
from services.common.events.envelope import EventEnvelope
from services.common.events.types import EventType
from services.common.inbox import Message, PoisonMessage
from services.common.projections import household_params, upsert_villages
from services.common.redact import safe_error
from services.common.versioning import newer

log = structlog.get_logger(__name__)


# households.household.v1: the villages/households projection, and the saga's answers
household_routes: EventRoutes[Callable[..., Awaitable[None]]] = EventRoutes()


@household_routes.on(EventType.HOUSEHOLDS_VILLAGE_REGISTERED, bulk=True)
async def _villages(
    session: AsyncSession, run: list[tuple[VillageRegistered, EventEnvelope]], *, key: bytes
) -> None:
    await upsert_villages(session, run)


# One statement per household event: the household moves forward only to a newer version, and then its
# members become exactly the event's (the delete and the insert touch different rows of proj_members).
_SYNC_HOUSEHOLD = text(
    "WITH up AS (INSERT INTO proj_households (household_code, village_code, alleviated, monitoring_type, "
    "version) VALUES (:h, :v, :a, :m, :ver) ON CONFLICT (household_code) DO UPDATE SET "
    "village_code = EXCLUDED.village_code, alleviated = EXCLUDED.alleviated, "
    "monitoring_type = EXCLUDED.monitoring_type, version = EXCLUDED.version "
    f"WHERE {newer('proj_households')} RETURNING household_code), "
    "gone AS (DELETE FROM proj_members WHERE household_code = :h AND EXISTS (SELECT 1 FROM up) "
    "AND id_number_hash <> ALL(CAST(:hs AS text[]))) "
    "INSERT INTO proj_members (id_number_hash, household_code) "
    "SELECT unnest(CAST(:hs AS text[])), :h WHERE EXISTS (SELECT 1 FROM up) "
    "ON CONFLICT (id_number_hash) DO UPDATE SET household_code = EXCLUDED.household_code"
)


@household_routes.on(
    EventType.HOUSEHOLDS_HOUSEHOLD_REGISTERED, EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED, bulk=True
)
async def _households(
    session: AsyncSession, run: list[tuple[HouseholdChanged, EventEnvelope]], *, key: bytes
) -> None:
    """A run of household states, in order, sent together (`executemany`); an older state than the one
    kept changes nothing, its members included (services.common.versioning)."""
    await session.execute(_SYNC_HOUSEHOLD, household_params(run))


@household_routes.on(
    EventType.HOUSEHOLDS_HOUSEHOLD_MONITORING_ENROLLED, EventType.HOUSEHOLDS_HOUSEHOLD_ALREADY_MONITORED
)
async def _saga_answer(
    session: AsyncSession, answer: MonitoringAnswer, env: EventEnvelope, *, key: bytes
) -> None:
    if answer.alert_id is None:  # an enrolment that answers no alert
        return
    await transitions.settle_risk(
        session,
        key=key,
        alert_id=answer.alert_id,
        enrolled=env.event_type.endswith("monitoring_enrolled"),
        answer=answer.model_dump(mode="json"),
        causation_id=str(env.event_id),
    )


def make_household_handler(ctx: context.AlertsContext) -> Any:
    """The households-topic handler, with the audit key the saga's close-out entries are sealed with."""
    return household_routes.consumer(key=ctx.audit_key)


def make_household_batch_handler(ctx: context.AlertsContext) -> Any:
    """The same, for a partition's batch at once."""
    return household_routes.batch_consumer(key=ctx.audit_key)


async def on_household_event(session: AsyncSession, msg: Message, *, key: bytes) -> None:
    """Keep the villages/households projection and settle `closing` alerts from the saga's answers."""
    await household_routes.consumer(key=key)(session, msg)


def make_inbound_handler(ctx: context.AlertsContext) -> Any:
    """Items pushed one per message on `province.alerts.inbound.v1`, handled exactly as a feed of one."""

    async def on_inbound(_session: AsyncSession, msg: Message) -> None:
        try:
            raw = orjson.loads(msg.value)
            inbound = InboundAlert.model_validate(raw)
            batch = FeedIn(
                batch_id=inbound.batch_id,
                source=inbound.source,
                issued_on=inbound.issued_on,
                items=[inbound.item],
            )
        except (orjson.JSONDecodeError, ValidationError, TypeError) as exc:
            raise PoisonMessage(f"not a provincial alert item: {safe_error(exc)}") from exc
        try:
            result = await intake.intake(
                ctx, batch=batch, actor={"sub": "system:province-inbound"}, channel="topic"
            )
        except APIError as exc:
            raise PoisonMessage(f"{exc.message}: {exc.details}") from exc
        if result.rejected:
            log.warning("inbound_item_rejected", batch_id=batch.batch_id, errors=result.rejected[0].errors)

    return on_inbound


def make_loans_handler(ctx: context.AlertsContext) -> Any:
    """`loans.loan.overdue` raises one internal alert `loan_overdue` in the borrower's village."""
    routes: EventRoutes[Callable[..., Awaitable[None]]] = EventRoutes()

    @routes.on(EventType.LOANS_LOAN_OVERDUE)
    async def on_overdue(session: AsyncSession, o: LoanOverdue, _env: EventEnvelope) -> None:
        created = await intake.raise_internal(
            ctx,
            session,
            external_id=f"loans:overdue:{o.episode_id}",
            source="loans",
            category="loan_overdue",
            village_code=o.village_code,
            household_code=o.household_code,
            id_number_hash=o.borrower_id_hash,
            description=(
                f"small loan {o.loan_id}: {o.due_kind} of {o.amount_due} yuan due {o.due_on.isoformat()} "
                f"unpaid, overdue since {o.overdue_since.isoformat()}"
            ),
            detected_on=o.overdue_since,
            actor={"sub": "system:loans-overdue"},
        )
        if not created:
            log.info("internal_alert_exists", loan_id=o.loan_id, episode_id=o.episode_id)

    return routes.consumer()
