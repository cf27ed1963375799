"""The reports service's FastAPI app: `uvicorn services.reports.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from services.common.app import Workers, alembic_head, create_service_app, database_check, retention_worker
from services.common.db import Database
from services.common.inbox import InboxConsumer
from services.common.kafka import BrokerProbe
from services.common.observability import configure_logging
from services.reports import handlers, service
from services.reports.config import ReportsSettings, get_reports_settings
from services.reports.router import page_router, router

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: ReportsSettings | None = None) -> FastAPI:
    settings = settings or get_reports_settings()
    configure_logging(settings.log_level, json=settings.log_json, service=service.SERVICE)
    db = Database(settings.service_database_url(service.SERVICE), pool_size=settings.db_pool_size)
    ctx = service.ReportsContext(db=db, settings=settings)
    consumer = InboxConsumer(
        db=db,
        bootstrap=settings.kafka_bootstrap,
        name=handlers.CONSUMER,
        topics=handlers.TOPICS,
        handler=handlers.on_event,
        batch_handler=handlers.on_events,
        before=handlers.hold_off_rebuild,
        max_retries=settings.consumer_max_retries,
    )
    head = alembic_head(MIGRATIONS)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        workers = Workers()
        workers.start(consumer.name, consumer.run)
        workers.start("retention", retention_worker(db, settings, service.SERVICE))
        try:
            yield
        finally:
            await workers.shutdown()
            await db.dispose()

    broker = BrokerProbe(settings.kafka_bootstrap)

    async def readiness() -> dict[str, Any]:
        return {
            "database": await database_check(db, head),
            "broker": "ok" if consumer.connected and await broker.reachable() else "not connected",
        }

    app = create_service_app(
        service=service.SERVICE,
        title="ruralwatch reports",
        description="Read models over every topic, the annual work report, problem detectors, the live dashboard.",
        settings=settings,
        lifespan=lifespan,
        readiness=readiness,
    )
    app.state.ctx = ctx
    app.include_router(router)
    app.include_router(page_router)
    return app
