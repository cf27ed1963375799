"""Issue 12, hole 7: one trace from `POST /v1/feeds` to the reports read model, across the outbox, the
relay and the broker, checked with the in-memory exporter (the alerts and reports apps in this process,
on the real PostgreSQL and a broker of this module's own)."""

from __future__ import annotations

import asyncio
import secrets
from contextlib import AsyncExitStack
from typing import Any

import asyncpg
import httpx
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from services.common import tracing
from tests.conftest import feed_item, seed_villages_projection, wait_for


async def test_one_trace_spans_feed_intake_to_the_reports_read_model(
    alerts_settings: Any, reports_settings: Any, clean_alerts: str, clean_reports: str, make_token: Any
) -> None:
    from services.alerts.app import create_app as alerts_app
    from services.reports.app import create_app as reports_app

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.enable(provider)
    trace_id, caller_span = secrets.token_hex(16), secrets.token_hex(8)
    try:
        await seed_villages_projection(clean_alerts)
        apps = [alerts_app(alerts_settings), reports_app(reports_settings)]
        async with AsyncExitStack() as stack:
            for app in apps:
                await stack.enter_async_context(app.router.lifespan_context(app))
            client = await stack.enter_async_context(
                httpx.AsyncClient(transport=httpx.ASGITransport(app=apps[0]), base_url="http://alerts")
            )
            item = feed_item(1, prefix="TRACE")
            r = await client.post(
                "/v1/feeds",
                headers={
                    "Authorization": f"Bearer {make_token('integration')}",
                    "traceparent": f"00-{trace_id}-{caller_span}-01",  # the province platform's span
                },
                json={"batch_id": "TRACE-1", "issued_on": "2022-03-01", "items": [item]},
            )
            assert r.status_code == 200, r.text
            conn = await asyncpg.connect(clean_reports.replace("+asyncpg", ""))
            try:

                async def projected() -> bool:
                    return bool(
                        await conn.fetchval(
                            "SELECT count(*) FROM rm_alerts WHERE external_id = $1", "TRACE-000001"
                        )
                    )

                await wait_for(projected, timeout=60)
            finally:
                await conn.close()
            await asyncio.sleep(0.2)  # the consumer span ends as its transaction commits
    finally:
        tracing.disable()

    spans = [s for s in exporter.get_finished_spans() if f"{s.context.trace_id:032x}" == trace_id]
    by_id = {s.context.span_id: s for s in spans}

    def ancestors(span: Any) -> list[Any]:
        out = []
        while span.parent is not None and span.parent.span_id in by_id:
            span = by_id[span.parent.span_id]
            out.append(span)
        return out

    server = [s for s in spans if s.kind == SpanKind.SERVER and "/v1/feeds" in s.name]
    assert len(server) == 1 and f"{server[0].parent.span_id:016x}" == caller_span  # under the caller's span
    statements = [s for s in spans if s.kind == SpanKind.CLIENT and server[0] in ancestors(s)]
    assert any("INSERT" in (s.attributes or {}).get("db.statement", s.name) for s in statements), [
        s.name for s in statements
    ]
    published = [s for s in spans if s.kind == SpanKind.PRODUCER and s.name == "alerts.alert.v1 publish"]
    assert published and all(server[0] in ancestors(s) for s in published)  # relay: under the request
    processed = [
        s
        for s in spans
        if s.kind == SpanKind.CONSUMER
        and s.name == "alerts.alert.v1 process"
        and (s.attributes or {}).get("messaging.consumer.group.name") == "reports.read-models"
    ]
    assert processed, sorted({s.name for s in spans})
    chain = [processed[0], *ancestors(processed[0])]
    assert published[0] in chain and server[0] in chain  # reports ← broker ← relay ← POST /v1/feeds
    print("trace " + " ← ".join(f"{s.name} ({s.kind.name.lower()})" for s in chain))
