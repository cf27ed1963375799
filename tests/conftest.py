"""Fixtures of the four services on the real PostgreSQL and broker: per service a database, a clean
copy, settings, the app in this process and the app as a process (the stack comes from
services.launcher.testing)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.common.demo_town import VILLAGES, village_events
from services.common.events.topics import Topic
from services.common.ids import make_id_number
from services.launcher.devstack import ServiceProcess, Stack
from services.launcher.testing import TEST_DB_PREFIX, migrate_fresh, truncate_all

DATA = Path(__file__).parent / "data"
VILLAGE_CODES = [code for code, _, _ in VILLAGES]


@pytest.fixture(scope="session")
def figures_2022() -> dict[str, Any]:
    return json.loads((DATA / "figures_2022.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def alerts_db(stack: Stack) -> str:
    return asyncio.run(migrate_fresh(stack, "alerts"))


@pytest.fixture
async def clean_alerts(alerts_db: str) -> str:
    await truncate_all(alerts_db)
    return alerts_db


@pytest.fixture
def alerts_settings(stack: Stack, alerts_db: str) -> Any:
    from services.alerts.config import AlertsSettings

    return AlertsSettings(
        database_url=stack.database_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        db_prefix=TEST_DB_PREFIX,
        alerts_sla_sweep_seconds=0,
        log_json=True,
    )


@pytest.fixture
async def alerts_app(alerts_settings: Any, clean_alerts: str) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    """The alerts app in this process (lifespan on: relay and consumers run) and a client for it."""
    from services.alerts.app import create_app

    app = create_app(alerts_settings)
    async with AsyncExitStack() as stack_:
        await stack_.enter_async_context(app.router.lifespan_context(app))
        client = await stack_.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://alerts")
        )
        yield app, client


async def seed_villages_projection(url: str) -> None:
    """Write the demo villages straight into the alerts projection (integration tests of intake)."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await conn.executemany(
            "INSERT INTO proj_villages (code, name, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            VILLAGES,
        )
    finally:
        await conn.close()


async def announce_villages(publish: Callable[..., Any]) -> None:
    """Publish the villages on households.household.v1, at the boundary, as households will."""
    for env in village_events():
        await publish(Topic.HOUSEHOLDS.value, env)


async def wait_for(predicate: Callable[[], Any], *, timeout: float = 30.0, interval: float = 0.1) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await predicate()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last: {result!r})")
        await asyncio.sleep(interval)


def feed_item(
    n: int,
    *,
    village: str | None = None,
    category: str = "major_illness",
    alert_class: str = "general_risk",
    detected_on: date = date(2022, 2, 26),
    prefix: str = "T",
    **overrides: Any,
) -> dict[str, Any]:
    village = village or VILLAGE_CODES[n % len(VILLAGE_CODES)]
    item = {
        "external_id": f"{prefix}-{n:06d}",
        "class": alert_class,
        "category": category,
        "village_code": village,
        "household_code": f"{village}{n % 10000:04d}",
        "id_number": make_id_number("430981", date(1960, 1, 1) + timedelta(days=n % 15000), n),
        "person_name": "测试人",
        "description": "synthetic",
        "detected_on": detected_on.isoformat(),
    }
    item.update(overrides)
    return item


@pytest.fixture
def alerts_process(stack: Stack, clean_alerts: str) -> Iterator[ServiceProcess]:
    """The alerts service as its own process (as `make run` starts it), on the test database."""
    proc = stack.start_service("alerts")
    try:
        proc.wait_ready()
        yield proc
    finally:
        proc.stop()


# ----------------------------------------------------------------------------- households


@pytest.fixture(scope="session")
def households_db(stack: Stack) -> str:
    return asyncio.run(migrate_fresh(stack, "households"))


@pytest.fixture
async def clean_households(households_db: str) -> str:
    await truncate_all(households_db)
    return households_db


@pytest.fixture
def households_settings(stack: Stack, households_db: str) -> Any:
    from services.households.config import HouseholdsSettings

    return HouseholdsSettings(
        database_url=stack.database_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        db_prefix=TEST_DB_PREFIX,
        log_json=True,
    )


@pytest.fixture
async def households_app(
    households_settings: Any, clean_households: str
) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    from services.households.app import create_app

    app = create_app(households_settings)
    async with AsyncExitStack() as stack_:
        await stack_.enter_async_context(app.router.lifespan_context(app))
        client = await stack_.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://households")
        )
        yield app, client


@pytest.fixture
def households_process(stack: Stack, clean_households: str) -> Iterator[ServiceProcess]:
    proc = stack.start_service("households")
    try:
        proc.wait_ready()
        yield proc
    finally:
        proc.stop()


def households_ctx(settings: Any) -> Any:
    from services.common.calendar import WorkingDayCalendar
    from services.common.db import Database
    from services.common.ids import PiiCipher
    from services.households.context import HouseholdsContext

    return HouseholdsContext(
        db=Database(settings.service_database_url("households")),
        settings=settings,
        calendar=WorkingDayCalendar(),
        cipher=PiiCipher(settings.pii_key, settings.pii_hash_key),
    )


# ----------------------------------------------------------------------------- loans


@pytest.fixture(scope="session")
def loans_db(stack: Stack) -> str:
    return asyncio.run(migrate_fresh(stack, "loans"))


@pytest.fixture
async def clean_loans(loans_db: str) -> str:
    await truncate_all(loans_db)
    return loans_db


@pytest.fixture
def loans_settings(stack: Stack, loans_db: str) -> Any:
    from services.loans.config import LoansSettings

    return LoansSettings(
        database_url=stack.database_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        db_prefix=TEST_DB_PREFIX,
        loans_daily_job_seconds=0,
        log_json=True,
    )


@pytest.fixture
async def loans_app(loans_settings: Any, clean_loans: str) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    from services.loans.app import create_app

    app = create_app(loans_settings)
    async with AsyncExitStack() as stack_:
        await stack_.enter_async_context(app.router.lifespan_context(app))
        client = await stack_.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://loans")
        )
        yield app, client


def loans_ctx(settings: Any) -> Any:
    from services.common.db import Database
    from services.common.ids import PiiCipher
    from services.loans.context import LoansContext

    return LoansContext(
        db=Database(settings.service_database_url("loans")),
        settings=settings,
        cipher=PiiCipher(settings.pii_key, settings.pii_hash_key),
    )


@pytest.fixture
def loans_process(stack: Stack, clean_loans: str) -> Iterator[ServiceProcess]:
    proc = stack.start_service("loans")
    try:
        proc.wait_ready()
        yield proc
    finally:
        proc.stop()


# ----------------------------------------------------------------------------- reports


@pytest.fixture(scope="session")
def reports_db(stack: Stack) -> str:
    return asyncio.run(migrate_fresh(stack, "reports"))


@pytest.fixture
async def clean_reports(reports_db: str) -> str:
    await truncate_all(reports_db)
    return reports_db


@pytest.fixture
def reports_settings(stack: Stack, reports_db: str) -> Any:
    from services.reports.config import ReportsSettings

    return ReportsSettings(
        database_url=stack.database_url,
        kafka_bootstrap=stack.kafka_bootstrap,
        db_prefix=TEST_DB_PREFIX,
        log_json=True,
    )


@pytest.fixture
async def reports_app(
    reports_settings: Any, clean_reports: str
) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    from services.reports.app import create_app

    app = create_app(reports_settings)
    async with AsyncExitStack() as stack_:
        await stack_.enter_async_context(app.router.lifespan_context(app))
        client = await stack_.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reports")
        )
        yield app, client


@pytest.fixture
def reports_process(stack: Stack, clean_reports: str) -> Iterator[ServiceProcess]:
    proc = stack.start_service("reports")
    try:
        proc.wait_ready()
        yield proc
    finally:
        proc.stop()
