"""The households service's FastAPI app: `uvicorn services.households.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from services.common.app import Workers, alembic_head, create_service_app, database_check, retention_worker
from services.common.calendar import WorkingDayCalendar
from services.common.db import Database
from services.common.events.topics import Topic
from services.common.ids import PiiCipher
from services.common.inbox import InboxConsumer
from services.common.kafka import BrokerProbe
from services.common.observability import configure_logging
from services.common.relay import OutboxRelay
from services.households import context, imports
from services.households.config import HouseholdsSettings, get_households_settings
from services.households.router import router
from services.households.saga import make_alert_handler

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: HouseholdsSettings | None = None) -> FastAPI:
    settings = settings or get_households_settings()
    configure_logging(settings.log_level, json=settings.log_json, service=context.SERVICE)
    db = Database(settings.service_database_url(context.SERVICE), pool_size=settings.db_pool_size)
    ctx = context.HouseholdsContext(
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
    saga = InboxConsumer(
        db=db,
        bootstrap=settings.kafka_bootstrap,
        name="households.alerts-saga",
        topics=[Topic.ALERTS.value],
        handler=make_alert_handler(ctx),
        max_retries=settings.consumer_max_retries,
    )
    head = alembic_head(MIGRATIONS)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        workers = Workers()
        workers.start("outbox-relay", relay.run)
        workers.start("retention", retention_worker(db, settings, context.SERVICE))
        workers.start(saga.name, saga.run)
        workers.start("imports", lambda stop: imports.import_worker(ctx, stop))
        try:
            yield
        finally:
            await workers.shutdown()
            await db.dispose()

    broker = BrokerProbe(settings.kafka_bootstrap)

    async def readiness() -> dict[str, Any]:
        return {
            "database": await database_check(db, head),
            "broker": "ok" if relay.connected and await broker.reachable() else "not connected",
        }

    app = create_service_app(
        service=context.SERVICE,
        title="ruralwatch households",
        description="Household registry, monitoring objects, helpers, visits, income, measures, subsidies, jobs.",
        settings=settings,
        lifespan=lifespan,
        readiness=readiness,
    )
    app.state.ctx = ctx
    app.state.relay = relay
    app.include_router(router)
    return app
