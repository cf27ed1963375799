"""OpenTelemetry tracing across HTTP, PostgreSQL and Kafka (issue 12, hole 7).

Off by default: nothing is instrumented and nothing costs anything until `RW_OTEL_ENDPOINT` names an
OTLP/HTTP collector (`http://collector:4318/v1/traces`), or a test installs a provider with `enable`.
When on:

- every HTTP request is a server span (FastAPI instrumentation; an incoming `traceparent` is its parent),
  and every asyncpg statement a client span under it;
- an event staged in a transaction stores the current `traceparent` on its outbox row, so the relay,
  which runs later in another task (or another replica), publishes it as a child of the request that
  wrote it: a `<topic> publish` producer span, whose context travels in the Kafka `traceparent` header;
- a consumer handles each message in a `<topic> process` consumer span under that header, so events
  the handler stages (a saga's answer) carry the chain on: one trace from `POST /v1/feeds` through the
  alerts rows, the relay, the households saga and the reports read models.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_PROPAGATOR = TraceContextTextMapPropagator()
_state: dict[str, Any] = {"enabled": False, "asyncpg": False}
tracer = trace.get_tracer("ruralwatch")


def enabled() -> bool:
    return bool(_state["enabled"])


def enable(provider: Any | None = None, *, endpoint: str | None = None, service: str = "ruralwatch") -> None:
    """Install `provider` (tests: one with an in-memory exporter) or an OTLP/HTTP one for `endpoint`."""
    global tracer
    if provider is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        provider = TracerProvider(resource=Resource.create({"service.name": f"ruralwatch-{service}"}))
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    if not _state.get("global_set"):
        trace.set_tracer_provider(provider)  # allowed once per process; ours is passed explicitly anyway
        _state["global_set"] = True
    tracer = provider.get_tracer("ruralwatch")
    if not _state["asyncpg"]:
        from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

        AsyncPGInstrumentor().instrument(tracer_provider=provider)  # type: ignore[no-untyped-call]
        _state["asyncpg"] = True
    _state["enabled"] = True
    _state["provider"] = provider


def disable() -> None:
    """Stop tracing (tests); apps instrumented meanwhile keep their middleware, spans go nowhere."""
    if _state["asyncpg"]:
        from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

        AsyncPGInstrumentor().uninstrument()  # type: ignore[no-untyped-call]
        _state["asyncpg"] = False
    _state["enabled"] = False


def configure(endpoint: str | None, service: str) -> None:
    """At service start: tracing on if an endpoint is configured (once per process)."""
    if endpoint and not enabled():
        enable(endpoint=endpoint, service=service)


def instrument_app(app: Any) -> None:
    if enabled():
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(
            app, tracer_provider=_state["provider"], excluded_urls="healthz,readyz,metrics"
        )


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the current span, to store with a staged event (None when off)."""
    if not enabled():
        return None
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")


def _parent(traceparent: str | bytes | None) -> Any:
    if not traceparent:
        return None
    value = traceparent.decode() if isinstance(traceparent, bytes) else traceparent
    return _PROPAGATOR.extract({"traceparent": value})


def publish_span(topic: str, traceparent: str | None, event_type: str) -> tuple[Span | None, str | None]:
    """A producer span under the writer's context; returns it and the `traceparent` to send."""
    if not enabled() or not traceparent:
        return None, traceparent
    span = tracer.start_span(
        f"{topic} publish",
        context=_parent(traceparent),
        kind=SpanKind.PRODUCER,
        attributes={
            "messaging.system": "kafka",
            "messaging.destination.name": topic,
            "rw.event_type": event_type,
        },
    )
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier, context=trace.set_span_in_context(span))
    return span, carrier.get("traceparent")


@contextlib.contextmanager
def consume_span(
    consumer: str, topic: str, headers: dict[str, bytes], event_type: str | None
) -> Iterator[None]:
    """Handle one message as the current span, a child of the `traceparent` it arrived with."""
    if not enabled():
        yield
        return
    with tracer.start_as_current_span(
        f"{topic} process",
        context=_parent(headers.get("traceparent")),
        kind=SpanKind.CONSUMER,
        attributes={
            "messaging.system": "kafka",
            "messaging.source.name": topic,
            "messaging.consumer.group.name": consumer,
            "rw.event_type": event_type or "",
        },
    ):
        yield


@contextlib.contextmanager
def consume_spans(consumer: str, messages: Sequence[Any]) -> Iterator[None]:
    """A batch handled at once: one consumer span per message (each under its own trace), for the batch."""
    if not enabled():
        yield
        return
    spans = [
        tracer.start_span(
            f"{m.topic} process",
            context=_parent(m.headers.get("traceparent")),
            kind=SpanKind.CONSUMER,
            attributes={
                "messaging.system": "kafka",
                "messaging.source.name": m.topic,
                "messaging.consumer.group.name": consumer,
                "messaging.batch.message_count": len(messages),
                "rw.event_type": m.envelope.event_type if m.envelope is not None else "",
            },
        )
        for m in messages
    ]
    token = otel_context.attach(trace.set_span_in_context(spans[0])) if len(spans) == 1 else None
    try:
        yield
    finally:
        if token is not None:
            otel_context.detach(token)
        for span in spans:
            span.end()
