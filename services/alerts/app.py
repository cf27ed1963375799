"""The alerts service's FastAPI app: `uvicorn services.alerts.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from fastapi import FastAPI

from services.alerts import context, handlers, scheduled
from services.alerts.config import AlertsSettings, get_alerts_settings
from services.alerts.router import router
from services.common.app import (
    Workers,
    alembic_head,
    create_service_app,
    database_check,
    every,
    retention_worker,
)
from services.common.calendar import WorkingDayCalendar
from services.common.db import Database
from services.common.events.topics import Topic
from services.common.ids import PiiCipher
from services.common.inbox import InboxConsumer
from services.common.kafka import BrokerProbe
from services.common.observability import configure_logging
from services.common.relay import OutboxRelay

log = structlog.get_logger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: AlertsSettings | None = None) -> FastAPI:
    settings = settings or get_alerts_settings()
    configure_logging(settings.log_level, json=settings.log_json, service=context.SERVICE)
    db = Database(settings.service_database_url(context.SERVICE), pool_size=settings.db_pool_size)
    ctx = context.AlertsContext(
        db=db,
        settings=settings,
        calendar=WorkingDayCalendar(),
        cipher=PiiCipher.from_settings(settings),
    )
    relay = OutboxRelay(
        db,
        settings.kafka_bootstrap,
        service=context.SERVICE,
        batch_size=settings.relay_batch_size,
        idle_seconds=settings.relay_idle_seconds,
    )
    consumers = [
        InboxConsumer(
            db=db,
            bootstrap=settings.kafka_bootstrap,
            name="alerts.households-projection",
            topics=[Topic.HOUSEHOLDS.value],
            handler=handlers.make_household_handler(ctx),
            max_retries=settings.consumer_max_retries,
        ),
        InboxConsumer(
            db=db,
            bootstrap=settings.kafka_bootstrap,
            name="alerts.province-inbound",
            topics=[Topic.PROVINCE_ALERTS_INBOUND.value],
            handler=handlers.make_inbound_handler(ctx),
            envelopes=False,
            max_retries=settings.consumer_max_retries,
        ),
        InboxConsumer(
            db=db,
            bootstrap=settings.kafka_bootstrap,
            name="alerts.loans-internal",
            topics=[Topic.LOANS.value],
            handler=handlers.make_loans_handler(ctx),
            max_retries=settings.consumer_max_retries,
        ),
    ]
    head = alembic_head(MIGRATIONS)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        workers = Workers()
        try:
            await ctx.load_calendar_overrides()
        except Exception as exc:  # the database may come later; the sweeper reloads them
            log.warning("calendar_overrides_not_loaded", error=repr(exc)[:200])
        workers.start("outbox-relay", relay.run)
        workers.start("retention", retention_worker(db, settings, context.SERVICE))
        for consumer in consumers:
            workers.start(consumer.name, consumer.run)
        if settings.alerts_sla_sweep_seconds > 0:

            async def sweep_job() -> None:
                await ctx.load_calendar_overrides()
                await scheduled.sweep_overdue(ctx)

            workers.start(
                "sla-sweeper",
                lambda stop: every(settings.alerts_sla_sweep_seconds, stop, sweep_job, name="sla-sweeper"),
            )
        try:
            yield
        finally:
            await workers.shutdown()
            await db.dispose()

    broker = BrokerProbe(settings.kafka_bootstrap)

    async def readiness() -> dict[str, Any]:
        checks: dict[str, Any] = {"database": await database_check(db, head)}
        checks["broker"] = "ok" if relay.connected and await broker.reachable() else "not connected"
        return checks

    app = create_service_app(
        service=context.SERVICE,
        title="ruralwatch alerts",
        description="Provincial risk alerts: intake, village verification, town review, close-out, audit trail.",
        settings=settings,
        lifespan=lifespan,
        readiness=readiness,
    )
    app.state.ctx = ctx
    app.state.relay = relay
    app.include_router(router)
    return app
