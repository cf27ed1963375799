"""Fixtures of the four services on the real PostgreSQL and broker, generated from one table: per
service a database, a clean copy, settings, the app in this process and the app as a process (the
stack comes from services.launcher.testing)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.common.demo_town import VILLAGES, village_events
from services.common.events.envelope import new_event
from services.common.events.topics import Topic
from services.common.ids import make_id_number
from services.launcher.devstack import ServiceProcess, Stack
from services.launcher.testing import TEST_DB_PREFIX, migrate_fresh, truncate_all

DATA = Path(__file__).parent / "data"

# Lines a test wants in the run's summary even under -q (the fuzzing seed, the chaos outcomes). A test
# adds them as `request.node.user_properties` ("summary: <section>", line): they travel from an xdist
# worker to the controller with the report, and this conftest, loaded by both, prints them at the end.
SUMMARY_PREFIX = "summary: "
_SUMMARY: dict[str, list[str]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name.startswith(SUMMARY_PREFIX):
            _SUMMARY.setdefault(name[len(SUMMARY_PREFIX) :], []).append(str(value))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for section, lines in _SUMMARY.items():
        terminalreporter.section(section)
        for line in lines:
            terminalreporter.write_line(line)


VILLAGE_CODES = [code for code, _, _ in VILLAGES]


@pytest.fixture(scope="session")
def figures_2022() -> dict[str, Any]:
    return json.loads((DATA / "figures_2022.json").read_text(encoding="utf-8"))


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


def village_event(
    code: str, name: str = "x", *, source: str = "test", aggregate_id: str | None = None
) -> Any:
    """An event any inbox or outbox test can publish: a village registered under `code`, named `name`."""
    return new_event(
        event_type="households.village.registered",
        source=source,
        aggregate_type="village",
        aggregate_id=aggregate_id or code,
        actor={"sub": "t"},
        data={"code": code, "name": name, "kind": "village"},
    )


async def wait_for(predicate: Callable[[], Any], *, timeout: float = 30.0, interval: float = 0.1) -> Any:
    """`predicate()`'s first true result (awaited when it is awaitable), polled every `interval`; an
    AssertionError after `timeout`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
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


# ----------------------------------------------------------------------------- the four services
# Per service, from one table: `<s>_db` (created and migrated once per session), `clean_<s>` (emptied
# before the test), `<s>_settings`, `<s>_app` (the app in this process, lifespan on: relay and consumers
# run, with a client) and `<s>_process` (the service as its own process, as `make run` starts it).

SERVICE_SETTINGS: dict[str, tuple[str, dict[str, Any]]] = {
    "alerts": ("services.alerts.config:AlertsSettings", {"alerts_sla_sweep_seconds": 0}),
    "households": ("services.households.config:HouseholdsSettings", {}),
    "loans": (
        "services.loans.config:LoansSettings",
        {"loans_daily_job_seconds": 0, "loans_sms_send_seconds": 0},
    ),
    "reports": ("services.reports.config:ReportsSettings", {}),
}


def _fixture(name: str, depends_on: list[str], fn: Callable[..., Any], scope: str = "function") -> None:
    """Register `fn` as fixture `name` taking the fixtures `depends_on` (by keyword)."""
    fn.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(d, inspect.Parameter.KEYWORD_ONLY) for d in depends_on]
    )
    fn.__name__ = fn.__qualname__ = name
    globals()[name] = pytest.fixture(scope=scope, name=name)(fn)  # type: ignore[call-overload]


def _service_fixtures(service: str) -> None:
    settings_class, extra = SERVICE_SETTINGS[service]
    module_name, _, class_name = settings_class.partition(":")

    def db(**kw: Any) -> str:
        return asyncio.run(migrate_fresh(kw["stack"], service))

    async def clean(**kw: Any) -> str:
        url: str = kw[f"{service}_db"]
        await truncate_all(url)
        return url

    def settings(**kw: Any) -> Any:
        cls = getattr(importlib.import_module(module_name), class_name)
        stack: Stack = kw["stack"]
        return cls(
            database_url=stack.database_url,
            kafka_bootstrap=stack.kafka_bootstrap,
            db_prefix=TEST_DB_PREFIX,
            log_json=True,
            **extra,
        )

    async def app(**kw: Any) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
        create_app = importlib.import_module(f"services.{service}.app").create_app
        application = create_app(kw[f"{service}_settings"])
        async with AsyncExitStack() as stack_:
            await stack_.enter_async_context(application.router.lifespan_context(application))
            client = await stack_.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=application), base_url=f"http://{service}"
                )
            )
            yield application, client

    def process(**kw: Any) -> Iterator[ServiceProcess]:
        proc = kw["stack"].start_service(service)
        try:
            proc.wait_ready()
            yield proc
        finally:
            proc.stop()

    _fixture(f"{service}_db", ["stack"], db, scope="session")
    _fixture(f"clean_{service}", [f"{service}_db"], clean)
    _fixture(f"{service}_settings", ["stack", f"{service}_db"], settings)
    _fixture(f"{service}_app", [f"{service}_settings", f"clean_{service}"], app)
    _fixture(f"{service}_process", ["stack", f"clean_{service}"], process)


for _service in SERVICE_SETTINGS:
    _service_fixtures(_service)


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


def loans_ctx(settings: Any) -> Any:
    from services.common.db import Database
    from services.common.ids import PiiCipher
    from services.loans.context import LoansContext

    return LoansContext(
        db=Database(settings.service_database_url("loans")),
        settings=settings,
        cipher=PiiCipher(settings.pii_key, settings.pii_hash_key),
    )
