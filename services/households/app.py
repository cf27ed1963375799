"""The households service's FastAPI app: `uvicorn services.households.app:create_app --factory`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.common.calendar import WorkingDayCalendar
from services.common.db import Database
from services.common.events.topics import Topic
from services.common.ids import PiiCipher
from services.common.inbox import InboxConsumer
from services.common.observability import configure_logging
from services.common.pg_notices import calendar_listener
from services.common.spec import ServiceSpec, build_app
from services.households import calendar_sync, context, imports
from services.households.assistance_router import router as assistance_router
from services.households.config import HouseholdsSettings, get_households_settings
from services.households.profile_router import router as profile_router
from services.households.router import router
from services.households.saga import make_alert_handler

MIGRATIONS = Path(__file__).parent / "migrations"


def spec(settings: HouseholdsSettings | None = None) -> ServiceSpec:
    settings = settings or get_households_settings()
    # its relay runs in this process (ServiceSpec.publishes): its own commits wake it without a NOTIFY
    db = Database(
        settings.service_database_url(context.SERVICE), pool_size=settings.db_pool_size, own_relay=True
    )
    ctx = context.HouseholdsContext(
        db=db,
        settings=settings,
        calendar=WorkingDayCalendar(),
        cipher=PiiCipher.from_settings(settings),
    )
    saga = InboxConsumer(
        db=db,
        bootstrap=settings.kafka_bootstrap,
        name="households.alerts-saga",
        topics=[Topic.ALERTS.value],
        handler=make_alert_handler(ctx),
        max_retries=settings.consumer_max_retries,
    )
    calendar = InboxConsumer(
        db=db,
        bootstrap=settings.kafka_bootstrap,
        name=calendar_sync.GROUP,
        topics=[Topic.CALENDAR.value],
        handler=calendar_sync.make_calendar_handler(ctx),
        max_retries=settings.consumer_max_retries,
    )
    return ServiceSpec(
        name=context.SERVICE,
        title="ruralwatch households",
        description="Household registry, monitoring objects, helpers, visits, income, measures, subsidies, jobs.",
        settings=settings,
        db=db,
        ctx=ctx,
        migrations=MIGRATIONS,
        routers=[router, assistance_router, profile_router],
        consumers=[saga, calendar],
        on_start=[("calendar", lambda: calendar_sync.load_calendar(ctx))],
        workers=[
            ("imports", lambda stop: imports.import_worker(ctx, stop)),
            # the calendar.v1 event reaches one member of the group; the others reload at its commit
            ("calendar-listener", calendar_listener(db.url, lambda: calendar_sync.load_calendar(ctx))),
        ],
    )


def create_app(settings: HouseholdsSettings | None = None) -> FastAPI:
    s = spec(settings)
    configure_logging(s.settings.log_level, json=s.settings.log_json, service=s.name)
    return build_app(s)
