"""The loans service's FastAPI app: `uvicorn services.loans.app:create_app --factory`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.common.db import Database
from services.common.events.topics import Topic
from services.common.ids import PiiCipher
from services.common.inbox import InboxConsumer
from services.common.observability import configure_logging
from services.common.spec import Periodic, ServiceSpec, build_app
from services.loans import context, handlers, notifications, rates, scheduled
from services.loans.config import LoansSettings, get_loans_settings
from services.loans.reminders_router import router as reminders_router
from services.loans.router import router

MIGRATIONS = Path(__file__).parent / "migrations"


def spec(settings: LoansSettings | None = None) -> ServiceSpec:
    settings = settings or get_loans_settings()
    # its relay runs in this process (ServiceSpec.publishes): its own commits wake it without a NOTIFY
    db = Database(
        settings.service_database_url(context.SERVICE), pool_size=settings.db_pool_size, own_relay=True
    )
    ctx = context.LoansContext(db=db, settings=settings, cipher=PiiCipher.from_settings(settings))
    projection = InboxConsumer(
        db=db,
        bootstrap=settings.kafka_bootstrap,
        name=handlers.PROJECTION_GROUP,
        topics=[Topic.HOUSEHOLDS.value],
        handler=handlers.on_household_event,
        batch_handler=handlers.on_household_events,
        max_retries=settings.consumer_max_retries,
    )

    reminders = InboxConsumer(
        db=db,
        bootstrap=settings.kafka_bootstrap,
        name=notifications.GROUP,
        topics=[Topic.LOANS.value],
        handler=notifications.make_handler(ctx),
        max_retries=settings.consumer_max_retries,
    )

    async def send_sms() -> None:
        await notifications.send_due(ctx)

    async def seed_rates() -> None:
        await rates.seed_rate_table(ctx)

    async def daily() -> None:
        await rates.seed_rate_table(ctx)
        await scheduled.daily_job(ctx)

    return ServiceSpec(
        name=context.SERVICE,
        title="ruralwatch loans",
        description="Small poverty-alleviation loans (小额信贷): eligibility, repayments, overdue, "
        "interest subsidies (贴息), reminders.",
        settings=settings,
        db=db,
        ctx=ctx,
        migrations=MIGRATIONS,
        routers=[router, reminders_router],
        consumers=[projection, reminders],
        # the reference rates: seeded at start if the database is there, else by the daily job
        on_start=[("rate_table", seed_rates)],
        periodic=[
            Periodic("loans-daily-job", settings.loans_daily_job_seconds, daily),
            Periodic("sms-sender", settings.loans_sms_send_seconds, send_sms),
        ],
    )


def create_app(settings: LoansSettings | None = None) -> FastAPI:
    s = spec(settings)
    configure_logging(s.settings.log_level, json=s.settings.log_json, service=s.name)
    return build_app(s)
