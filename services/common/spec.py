"""One description per service (`ServiceSpec`) and the one function that builds its app from it.

A service's `app.py` says what it is — its context, routers, consumers, periodic jobs and what it does
at start — and `build_app` wires the rest the same way for all four: the outbox relay, the retention
purge, the workers' lifespan, `/readyz` (database at the code's migration head, broker connected), the
error envelope declared on every route. So a fix to the wiring is made once, not four times.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from services.common.app import (
    Workers,
    alembic_head,
    create_service_app,
    database_check,
    every,
    retention_worker,
)
from services.common.db import Database
from services.common.errors import ERROR_RESPONSES
from services.common.inbox import InboxConsumer
from services.common.kafka import BrokerProbe
from services.common.redact import safe_error
from services.common.relay import OutboxRelay
from services.common.settings import CommonSettings

log = structlog.get_logger(__name__)

Loop = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class Periodic:
    """A job run now and then every `seconds` (0 turns it off: the tests drive it by hand)."""

    name: str
    seconds: float
    job: Callable[[], Awaitable[Any]]


@dataclass
class ServiceSpec:
    """What a service is, for `build_app`."""

    name: str
    title: str
    description: str
    settings: CommonSettings
    db: Database
    ctx: Any
    migrations: Path
    routers: Sequence[APIRouter]
    consumers: Sequence[InboxConsumer] = ()
    publishes: bool = True  # it writes events to an outbox, so it runs a relay
    workers: Sequence[tuple[str, Loop]] = ()  # other loops (the households import worker)
    periodic: Sequence[Periodic] = ()
    # best-effort steps at start (the database may come later; a periodic job repeats them)
    on_start: Sequence[tuple[str, Callable[[], Awaitable[Any]]]] = ()
    state: dict[str, Any] = field(default_factory=dict)  # more of `app.state`
    # schemas the document must hold although no route names them directly (a `$ref` in a
    # `patternProperties`, as the reports' year sections)
    schemas: Sequence[type[BaseModel]] = ()


def build_app(spec: ServiceSpec) -> FastAPI:
    relay = (
        OutboxRelay(
            spec.db,
            spec.settings.kafka_bootstrap,
            service=spec.name,
            batch_size=spec.settings.relay_batch_size,
            idle_seconds=spec.settings.relay_idle_seconds,
        )
        if spec.publishes
        else None
    )
    app = create_service_app(
        service=spec.name,
        title=spec.title,
        description=spec.description,
        settings=spec.settings,
        lifespan=_lifespan(spec, relay),
        readiness=_readiness(spec, relay),
    )
    app.state.ctx = spec.ctx
    app.state.relay = relay
    for key, value in spec.state.items():
        setattr(app.state, key, value)
    for router in spec.routers:
        _document_roles(router)
        app.include_router(router, responses=ERROR_RESPONSES)
    if spec.schemas:
        _add_schemas(app, spec.schemas)
    return app


def _lifespan(spec: ServiceSpec, relay: OutboxRelay | None) -> Callable[[FastAPI], Any]:
    """Start steps (best effort), then every loop on one stop signal; at the end, stop them all."""
    loops: list[tuple[str, Loop]] = [("retention", retention_worker(spec.db, spec.settings, spec.name))]
    if relay is not None:
        loops.insert(0, ("outbox-relay", relay.run))
    loops += [(c.name, c.run) for c in spec.consumers]
    loops += list(spec.workers)
    loops += [(p.name, _periodic(p)) for p in spec.periodic if p.seconds > 0]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        for name, step in spec.on_start:
            try:
                await step()
            except Exception as exc:  # the database may come later; a periodic job repeats the step
                log.warning("start_step_failed", step=name, error=safe_error(exc))
        workers = Workers()
        for name, loop in loops:
            workers.start(name, loop)
        try:
            yield
        finally:
            await workers.shutdown()
            await spec.db.dispose()

    return lifespan


def _readiness(spec: ServiceSpec, relay: OutboxRelay | None) -> Callable[[], Awaitable[dict[str, Any]]]:
    head = alembic_head(spec.migrations)
    broker = BrokerProbe(spec.settings.kafka_bootstrap)

    async def readiness() -> dict[str, Any]:
        # the broker counts as connected once this service's producer (or, with none, its consumers) is
        connected = relay.connected if relay is not None else all(c.connected for c in spec.consumers)
        return {
            "database": await database_check(spec.db, head),
            "broker": "ok" if connected and await broker.reachable() else "not connected",
        }

    return readiness


def _add_schemas(app: FastAPI, models: Sequence[type[BaseModel]]) -> None:
    generate = app.openapi  # FastAPI's: builds the document once and keeps it

    def openapi() -> dict[str, Any]:
        doc = generate()
        components = doc.setdefault("components", {}).setdefault("schemas", {})
        for model in models:
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, definition in schema.pop("$defs", {}).items():
                components.setdefault(name, definition)
            components.setdefault(model.__name__, schema)
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


def _periodic(p: Periodic) -> Loop:
    return lambda stop: every(p.seconds, stop, p.job, name=p.name)


def _roles_of(dependant: Any) -> frozenset[Any] | None:
    for dep in dependant.dependencies:
        roles = getattr(dep.call, "roles", None)
        if roles is not None:
            return frozenset(roles)
        found = _roles_of(dep)
        if found is not None:
            return found
    return None


def _document_roles(router: APIRouter) -> None:
    """`x-roles` on each operation: the roles that may call it (an integrator's first question, and what
    the admin's fuzzing run selects by). An operation without it is open to every authenticated caller."""
    from fastapi.routing import APIRoute

    for route in router.routes:
        if isinstance(route, APIRoute):
            roles = _roles_of(route.dependant)
            if roles is not None:
                route.openapi_extra = {
                    **(route.openapi_extra or {}),
                    "x-roles": sorted(r.value for r in roles),
                }
