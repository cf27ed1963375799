"""The loans service's FastAPI app: `uvicorn services.loans.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from fastapi import FastAPI

from services.common.app import (
    Workers,
    alembic_head,
    create_service_app,
    database_check,
    every,
    retention_worker,
)
from services.common.db import Database
from services.common.events.topics import Topic
from services.common.ids import PiiCipher
from services.common.inbox import InboxConsumer
from services.common.kafka import BrokerProbe
from services.common.observability import configure_logging
from services.common.relay import OutboxRelay
from services.loans import context, handlers, rates, scheduled
from services.loans.config import LoansSettings, get_loans_settings
from services.loans.router import router

MIGRATIONS = Path(__file__).parent / "migrations"

log = structlog.get_logger(__name__)


def create_app(settings: LoansSettings | None = None) -> FastAPI:
    settings = settings or get_loans_settings()
    configure_logging(settings.log_level, json=settings.log_json, service=context.SERVICE)
    db = Database(settings.service_database_url(context.SERVICE), pool_size=settings.db_pool_size)
    ctx = context.LoansContext(db=db, settings=settings, cipher=PiiCipher.from_settings(settings))
    relay = OutboxRelay(
        db,
        settings.kafka_bootstrap,
        service=context.SERVICE,
        batch_size=settings.relay_batch_size,
        idle_seconds=settings.relay_idle_seconds,
    )
    projection = InboxConsumer(
        db=db,
        bootstrap=settings.kafka_bootstrap,
        name=handlers.PROJECTION_GROUP,
        topics=[Topic.HOUSEHOLDS.value],
        handler=handlers.on_household_event,
        max_retries=settings.consumer_max_retries,
    )
    head = alembic_head(MIGRATIONS)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        workers = Workers()
        try:
            await rates.seed_rate_table(ctx)
        except Exception as exc:  # the database may come later; the daily job seeds again
            log.warning("rate_table_not_seeded", error=repr(exc)[:200])
        workers.start("outbox-relay", relay.run)
        workers.start("retention", retention_worker(db, settings, context.SERVICE))
        workers.start(projection.name, projection.run)
        if settings.loans_daily_job_seconds > 0:

            async def job() -> None:
                await rates.seed_rate_table(ctx)
                await scheduled.daily_job(ctx)

            workers.start(
                "daily-job",
                lambda stop: every(settings.loans_daily_job_seconds, stop, job, name="loans-daily-job"),
            )
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
        title="ruralwatch loans",
        description="Small poverty-alleviation loans (小额信贷): eligibility, repayments, overdue, "
        "interest subsidies (贴息), reminders.",
        settings=settings,
        lifespan=lifespan,
        readiness=readiness,
    )
    app.state.ctx = ctx
    app.state.relay = relay
    app.include_router(router)
    return app
