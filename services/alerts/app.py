"""The alerts service's FastAPI app: `uvicorn services.alerts.app:create_app --factory`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from services.alerts import context, handlers, rectification, scheduled
from services.alerts.config import AlertsSettings, get_alerts_settings
from services.alerts.evidence_router import router as evidence_router
from services.alerts.rectification_router import router as rectification_router
from services.alerts.router import router
from services.alerts.schemas import FeedIn
from services.common.calendar import WorkingDayCalendar
from services.common.db import Database
from services.common.events.topics import Topic
from services.common.ids import PiiCipher
from services.common.inbox import Handler, InboxConsumer
from services.common.observability import configure_logging
from services.common.pg_notices import calendar_listener
from services.common.spec import Periodic, ServiceSpec, build_app

MIGRATIONS = Path(__file__).parent / "migrations"


def spec(settings: AlertsSettings | None = None) -> ServiceSpec:
    settings = settings or get_alerts_settings()
    # its relay runs in this process (ServiceSpec.publishes): its own commits wake it without a NOTIFY
    db = Database(
        settings.service_database_url(context.SERVICE), pool_size=settings.db_pool_size, own_relay=True
    )
    ctx = context.AlertsContext(
        db=db,
        settings=settings,
        calendar=WorkingDayCalendar(),
        cipher=PiiCipher.from_settings(settings),
    )

    def consumer(
        name: str, topic: Topic, handler: Handler, *, envelopes: bool = True, batch: Any = None
    ) -> InboxConsumer:
        return InboxConsumer(
            db=db,
            bootstrap=settings.kafka_bootstrap,
            name=name,
            topics=[topic.value],
            handler=handler,
            batch_handler=batch,
            envelopes=envelopes,
            max_retries=settings.consumer_max_retries,
        )

    async def sweep() -> None:
        await ctx.load_calendar()
        await scheduled.sweep_overdue(ctx)
        await rectification.sweep_overdue(ctx, today=ctx.today())

    return ServiceSpec(
        name=context.SERVICE,
        title="ruralwatch alerts",
        description="Provincial risk alerts: intake, village verification, town review, close-out, audit trail.",
        settings=settings,
        db=db,
        ctx=ctx,
        migrations=MIGRATIONS,
        routers=[router, rectification_router, evidence_router],
        schemas=[FeedIn],  # POST /v1/feeds reads its body as a stream (feeds/stream.py) but documents it
        consumers=[
            consumer(
                "alerts.households-projection",
                Topic.HOUSEHOLDS,
                handlers.make_household_handler(ctx),
                batch=handlers.make_household_batch_handler(ctx),
            ),
            consumer(
                "alerts.province-inbound",
                Topic.PROVINCE_ALERTS_INBOUND,
                handlers.make_inbound_handler(ctx),
                envelopes=False,
            ),
            consumer("alerts.loans-internal", Topic.LOANS, handlers.make_loans_handler(ctx)),
        ],
        # the calendar's overrides: loaded at start if the database is there, else by the sweeper
        on_start=[("calendar", ctx.load_calendar)],
        # a change made through another process (each web worker is one) reloads it here at its commit
        workers=[("calendar-listener", calendar_listener(db.url, ctx.load_calendar))],
        periodic=[Periodic("sla-sweeper", settings.alerts_sla_sweep_seconds, sweep)],
    )


def create_app(settings: AlertsSettings | None = None) -> FastAPI:
    s = spec(settings)
    configure_logging(s.settings.log_level, json=s.settings.log_json, service=s.name)
    return build_app(s)
