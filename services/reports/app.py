"""The reports service's FastAPI app: `uvicorn services.reports.app:create_app --factory`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.common.db import Database
from services.common.inbox import InboxConsumer
from services.common.observability import configure_logging
from services.common.spec import ServiceSpec, build_app
from services.reports import handlers, service
from services.reports.config import ReportsSettings, get_reports_settings
from services.reports.filed_router import router as filed_router
from services.reports.router import page_router, router
from services.reports.schemas import YEAR_SECTIONS

MIGRATIONS = Path(__file__).parent / "migrations"


def spec(settings: ReportsSettings | None = None) -> ServiceSpec:
    settings = settings or get_reports_settings()
    db = Database(settings.service_database_url(service.SERVICE), pool_size=settings.db_pool_size)
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
    return ServiceSpec(
        name=service.SERVICE,
        title="ruralwatch reports",
        description="Read models over every topic, the annual work report, problem detectors, the live dashboard.",
        settings=settings,
        db=db,
        ctx=service.ReportsContext(db=db, settings=settings),
        migrations=MIGRATIONS,
        routers=[router, page_router, filed_router],
        consumers=[consumer],
        publishes=False,  # a read side: it writes no events
        schemas=list(YEAR_SECTIONS.values()),
    )


def create_app(settings: ReportsSettings | None = None) -> FastAPI:
    s = spec(settings)
    configure_logging(s.settings.log_level, json=s.settings.log_json, service=s.name)
    return build_app(s)
