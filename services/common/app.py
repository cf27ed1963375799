"""What every service's FastAPI app shares: error shape, observability, health, background workers."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from sqlalchemy import text

from services.common import tracing
from services.common.db import Database
from services.common.errors import install_error_handlers
from services.common.memory import cap_malloc_arenas
from services.common.observability import health_router, install_observability
from services.common.ratelimit import TokenBuckets
from services.common.redact import safe_error
from services.common.settings import CommonSettings, require_secure

log = structlog.get_logger(__name__)


class Workers:
    """Background loops (relay, consumers, sweepers) sharing one stop signal."""

    def __init__(self) -> None:
        self.stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self, name: str, factory: Callable[[asyncio.Event], Coroutine[Any, Any, None]]) -> None:
        task = asyncio.create_task(factory(self.stop), name=name)
        task.add_done_callback(self._on_done)
        self._tasks.append(task)

    @staticmethod
    def _on_done(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("worker_crashed", worker=task.get_name(), error=repr(task.exception()))

    async def shutdown(self, timeout: float = 10.0) -> None:
        self.stop.set()
        if not self._tasks:
            return
        _, pending = await asyncio.wait(self._tasks, timeout=timeout)
        if pending:
            log.warning("workers_not_stopped", workers=sorted(t.get_name() for t in pending), timeout=timeout)
        for task in pending:
            task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.gather(*pending, return_exceptions=True)


async def every(seconds: float, stop: asyncio.Event, job: Callable[[], Awaitable[Any]], *, name: str) -> None:
    """Run `job` now and then every `seconds` until `stop`; errors are logged, never fatal."""
    while not stop.is_set():
        try:
            await job()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("periodic_job_failed", job=name, error=safe_error(exc))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)


def retention_worker(
    db: Database, settings: CommonSettings, service: str
) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
    """The periodic retention purge of a service's outbox, inbox and idempotency keys."""
    from services.common.retention import Horizons, purge

    async def job() -> None:
        await purge(db, Horizons.from_settings(settings), service=service)

    return lambda stop: every(settings.retention_interval_seconds, stop, job, name="retention")


@dataclass(frozen=True)
class MigrationHead:
    """The code's alembic head and every revision the code knows (to tell "behind" from "ahead")."""

    head: str | None
    known: frozenset[str]


def alembic_head(migrations_dir: Path) -> MigrationHead:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    scripts = ScriptDirectory.from_config(cfg)
    return MigrationHead(scripts.get_current_head(), frozenset(r.revision for r in scripts.walk_revisions()))


async def database_check(db: Database, expected: MigrationHead | str | None) -> str:
    """`ok`, `ok (database ahead: …)`, `migrations pending (…)` or `unreachable`.

    A database one migration *ahead* of this code is ready: during a rolling upgrade the migrations
    Job runs first and the old pods keep serving (migrations are expand/contract, deploy/RUNBOOK.md).
    A database *behind* the code (a revision this code knows, older than its head) is not ready.
    """
    head = expected if isinstance(expected, MigrationHead) else MigrationHead(expected, frozenset())
    try:
        async with db.session() as s:
            current = (await s.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    except Exception as exc:
        log.warning("readiness_database_unreachable", error=safe_error(exc))
        return "unreachable"  # /readyz is unauthenticated: the reason goes to the log only
    if current == head.head:
        return "ok"
    if current is not None and head.known and current not in head.known:
        return f"ok (database ahead: {current})"
    return f"migrations pending ({current} < {head.head})"


def create_service_app(
    *,
    service: str,
    title: str,
    description: str,
    settings: CommonSettings,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]],
    readiness: Callable[[], Awaitable[dict[str, Any]]],
) -> FastAPI:
    require_secure(settings, what=f"the {service} service")
    cap_malloc_arenas()  # before the worker threads: RSS flat over many feeds (services/common/memory.py)
    # Swagger UI and ReDoc from files in the package, not a CDN: an office intranet has no internet
    app = FastAPIOffline(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=_frozen_after_start(lifespan),
        # operation ids are the handlers' names (`list_alerts`, not `list_alerts_v1_alerts_get`): what a
        # client generated from the document calls its functions
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    app.state.export_buckets = TokenBuckets(settings.export_rate_per_minute, settings.export_burst)
    app.state.lookup_buckets = TokenBuckets(settings.lookup_rate_per_minute, settings.lookup_burst)
    app.state.upload_buckets = TokenBuckets(settings.upload_rate_per_minute, settings.upload_burst)
    install_error_handlers(app)
    install_observability(app, service=service, max_body_bytes=settings.max_body_bytes)
    app.include_router(health_router(readiness, service))
    tracing.configure(settings.otel_endpoint, service)
    tracing.instrument_app(app)
    return app


def _frozen_after_start(
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]],
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The service's lifespan, then the heap frozen (gc.freeze): what start-up built (modules, routes,
    models, mappers) lives as long as the process, and the cyclic collector walked all of it on every full
    collection: pauses of 99-116 ms in the middle of requests, five in a 3,000-transition run (measured
    with a gc callback under bench/profile_server.py); none after the freeze."""

    @contextlib.asynccontextmanager
    async def frozen(app: FastAPI) -> AsyncIterator[None]:
        async with lifespan(app):
            gc.collect()
            gc.freeze()
            try:
                yield
            finally:
                gc.unfreeze()

    return frozen


def _operation_id(route: APIRoute) -> str:
    return route.name


@contextlib.asynccontextmanager
async def no_lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
