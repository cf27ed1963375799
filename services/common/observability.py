"""JSON logs with the correlation id, Prometheus metrics, health endpoints and request guards."""

from __future__ import annotations

import logging
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import structlog
from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, Gauge, Histogram, generate_latest
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.errors import error_body
from services.common.redact import RedactingFilter, redact_processor, safe_exc_info

REQUEST_LATENCY = Histogram(
    "rw_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def configure_logging(level: str = "INFO", *, json: bool = True, service: str = "") -> None:
    """structlog to stdout; JSON in production, readable in a terminal."""
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level.upper(), force=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
    for noisy in ("aiokafka", "kafka"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        safe_exc_info,  # a traceback without the exception messages that quote input values
        structlog.processors.format_exc_info,
        redact_processor,  # whatever still looks like an ID or mobile number is masked
    ]
    processors.append(structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer())
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=True,
    )
    if service:
        structlog.contextvars.bind_contextvars(service=service)


class CorrelationMiddleware:
    """Binds `X-Correlation-ID` (or a new one) to logs and echoes it; records request latency.

    Plain ASGI (not BaseHTTPMiddleware): it sits on every request, so it stays cheap.
    """

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        raw = headers.get(b"x-correlation-id")
        correlation_id = raw.decode("latin-1")[:100] if raw else str(uuid.uuid4())
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        token = structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-correlation-id", correlation_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", "unmatched")
            REQUEST_LATENCY.labels(self.service, scope.get("method", ""), path, str(status)).observe(
                time.perf_counter() - started
            )
            structlog.contextvars.reset_contextvars(**token)


# every answer: no MIME sniffing, no framing, no referrer; JSON answers may load nothing at all;
# answers under /v1 hold personal data and are never cached by a browser or a proxy
_ALWAYS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
_JSON_CSP = b"default-src 'none'; frame-ancestors 'none'"


class SecurityHeaders:
    """Plain ASGI middleware adding the security headers above (a route's own CSP wins)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope.get("path", "").startswith("/v1/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in _ALWAYS if k not in names]
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if b"content-security-policy" not in names:
                    csp = (
                        _JSON_CSP if not content_type.startswith(b"text/html") else b"frame-ancestors 'none'"
                    )
                    headers.append((b"content-security-policy", csp))
                if private and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimit:
    """Answers 413 for a body over `max_bytes` (declared or streamed) before any handler runs."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            error_body("payload_too_large", f"the request body is over {self.max_bytes} bytes"), 413
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


ReadinessCheck = Callable[[], Awaitable[dict[str, Any]]]


# checks whose failure leaves the service able to serve (reads, and writes into the outbox)
DEGRADABLE = ("broker",)
DEGRADED = Gauge(
    "rw_degraded", "1 while a dependency the service can run without is away (readiness 'degraded')",
    ["service", "dependency"],
)  # fmt: skip


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ok", "degraded", "unavailable"] = Field(
        description="ok; degraded (the broker is away: writes wait in the outbox); unavailable (503)"
    )
    checks: dict[str, str] = Field(examples=[{"database": "ok", "broker": "ok"}])


def health_router(readiness: ReadinessCheck, service: str = "") -> APIRouter:
    """`/healthz` (process up), `/readyz` (dependencies), `/metrics` (Prometheus)."""
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", response_model=Health)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "Not ready: the database is away or behind"}},
    )
    async def readyz() -> JSONResponse:
        """Ready means "can serve": the database must answer (at or ahead of the code's migrations);
        a broker that is away only degrades the service, since writes wait safely in the outbox."""
        checks = await readiness()
        failing = [k for k, v in checks.items() if not str(v).startswith("ok") and k not in DEGRADABLE]
        degraded = [k for k, v in checks.items() if not str(v).startswith("ok") and k in DEGRADABLE]
        for name in DEGRADABLE:
            DEGRADED.labels(service, name).set(1 if name in degraded else 0)
        status = "unavailable" if failing else "degraded" if degraded else "ok"
        return JSONResponse({"status": status, "checks": checks}, 503 if failing else 200)

    @router.get(
        "/metrics",
        response_class=PlainTextResponse,
        responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
    )
    async def metrics() -> Response:
        """Prometheus text exposition format."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


def install_observability(app: FastAPI, *, service: str, max_body_bytes: int) -> None:
    app.add_middleware(CorrelationMiddleware, service=service)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)
