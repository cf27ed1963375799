"""Use cases of the reports service: reports from the read models, and rebuilding them from the topics."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text

from services.common.db import Database
from services.common.events.envelope import EventEnvelope
from services.common.inbox import PoisonMessage
from services.common.inbox_records import record_many
from services.common.kafka import security_kwargs
from services.common.redact import safe_error
from services.common.scope import villages_clause
from services.reports import dashboard, handlers, pdf, problems, render, report, sla
from services.reports.batch import Batch
from services.reports.config import ReportsSettings

log = structlog.get_logger(__name__)

SERVICE = "reports"
READ_MODELS = (
    "rm_villages",
    "rm_households",
    "rm_alerts",
    "rm_facts",
    "rm_projects",
    "rm_loans",
    "rm_repayments",
    "rm_subsidy_lines",
    "rm_loan_notices",
    "rm_audit_entries",
    "rm_recent_events",
    "rm_rectifications",
    "rm_monitoring_spans",
    "rm_eliminations",
    "rm_profiles",
)
REBUILD_LOCK = handlers.REBUILD_LOCK


@dataclass
class ReportsContext:
    db: Database
    settings: ReportsSettings
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def today(self) -> date:
        return self.clock().astimezone(ZoneInfo(self.settings.timezone)).date()


async def annual_report(ctx: ReportsContext, year: int) -> dict[str, Any]:
    async with ctx.db.session() as s:
        return await report.annual(s, year, town_name=ctx.settings.reports_town_name)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "xlsx": XLSX,
    "pdf": "application/pdf",
}


async def rendered_report(
    ctx: ReportsContext, *, year: int, quarter: int | None, fmt: str, lang: str
) -> tuple[bytes, str, str]:
    """The annual (quarter None) or a quarterly report as json, md, xlsx or pdf: (content, media type,
    file name)."""
    if quarter is None:
        start, end, name = date(year, 1, 1), date(year, 12, 31), f"annual-report-{year}-{lang}"
    else:
        (start, end), name = report.quarter_bounds(year, quarter), f"quarterly-report-{year}Q{quarter}-{lang}"
    town = ctx.settings.reports_town_name
    async with ctx.db.session() as s:
        if quarter is None:
            body = await report.annual(s, year, town_name=town)
        else:
            body = await report.quarterly(s, year, quarter, town_name=town)
        data = await report.chart_data(s, start, end) if fmt == "pdf" else None
    if fmt == "json":
        return report.to_json(body), MEDIA[fmt], f"{name}.json"
    if quarter is None:
        title, tables, alerts = (
            render.annual_title(body, lang),
            render.tables(body, lang),
            body[f"alerts_{year}"],
        )
    else:
        title, tables, alerts = (
            render.quarter_title(body, lang),
            render.quarter_tables(body, lang),
            body["alerts"],
        )
    if fmt == "md":
        content = render.markdown_of(title, tables).encode()
    elif fmt == "xlsx":
        content = render.xlsx_of(tables)
    else:
        assert data is not None
        content = await asyncio.to_thread(pdf.render, title, tables, alerts, data, lang)
    return content, MEDIA[fmt], f"{name}.{fmt}"


async def rebuild(
    ctx: ReportsContext, *, progress: Callable[[int], Any] | None = None, batch: int = 2000
) -> dict[str, Any]:
    """Empty the read models and replay every topic from its beginning through the same handlers.

    The live consumer waits meanwhile (it takes the same advisory lock, shared, per batch) and then
    skips what the rebuild already applied (the rebuild records each event in the consumer's inbox).
    """
    started = datetime.now(UTC)
    async with ctx.db.engine.connect() as lock_conn:
        await lock_conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": REBUILD_LOCK})
        try:
            async with ctx.db.transaction() as s:
                await s.execute(text(f"TRUNCATE {', '.join(READ_MODELS)}"))
                await s.execute(text("DELETE FROM inbox WHERE consumer = :c"), {"c": handlers.CONSUMER})
            applied = await _replay(ctx, progress=progress, batch=batch)
        finally:
            await lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": REBUILD_LOCK})
            await lock_conn.commit()
    seconds = (datetime.now(UTC) - started).total_seconds()
    log.info("reports_rebuilt", events=applied, seconds=round(seconds, 1))
    return {"events": applied, "seconds": round(seconds, 1)}


async def _replay(ctx: ReportsContext, *, progress: Callable[[int], Any] | None, batch: int) -> int:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=ctx.settings.kafka_bootstrap,
        enable_auto_commit=False,
        group_id=None,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=100,
        **security_kwargs(ctx.settings),
    )
    await consumer.start()
    applied = 0
    try:
        await consumer.topics()
        tps = [
            TopicPartition(t, p)
            for t in handlers.TOPICS
            for p in sorted(consumer.partitions_for_topic(t) or set())
        ]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        seen: set[str] = set()
        idle = 0
        while idle < 3:  # three empty polls in a row: the topics are read to their end
            records = await consumer.getmany(timeout_ms=500, max_records=batch)
            if not records:
                idle += 1
                continue
            idle = 0
            for _, recs in sorted(records.items(), key=lambda kv: (kv[0].topic, kv[0].partition)):
                # the read models were emptied under the exclusive lock: duplicates are found in memory
                # and the batch's event ids go to the inbox in one statement
                taken: list[str] = []
                pending = Batch()
                for rec in recs:
                    try:
                        env = EventEnvelope.from_bytes(rec.value)
                    except Exception as exc:  # not an envelope: the live consumer dead-letters it
                        log.warning(
                            "rebuild_skipped_message",
                            topic=rec.topic,
                            offset=rec.offset,
                            error=safe_error(exc),
                        )
                        continue
                    event_id = str(env.event_id)
                    if event_id in seen:
                        continue
                    seen.add(event_id)
                    taken.append(event_id)
                    try:
                        handlers.collect(
                            pending, env
                        )  # a contract violation raises before the event adds any row
                    except PoisonMessage as exc:
                        log.warning("rebuild_skipped_event", event_type=env.event_type, error=safe_error(exc))
                        continue
                    applied += 1
                async with ctx.db.transaction() as s:
                    await pending.flush(s)
                    if taken:
                        await record_many(s, handlers.CONSUMER, taken)
            if progress:
                progress(applied)
    finally:
        await consumer.stop()
    return applied


async def sla_report(ctx: ReportsContext, *, year: int | None, village_code: str | None) -> dict[str, Any]:
    """On-time rates per stage, village and month; open and overdue alerts by village and age; days per stage."""
    clauses: list[str] = ["true"]
    params: dict[str, Any] = {}
    if year is not None:
        clauses.append("extract(year FROM received_on) = :y")
        params["y"] = year
    if village_code is not None:
        clauses.append("village_code = :v")
        params["v"] = village_code
    async with ctx.db.session() as s:
        rows = (
            await s.execute(
                text(
                    "SELECT village_code, received_on, status, reported_on, village_on_time, reviewed_on, town_on_time, "
                    f"closed_on, overdue FROM rm_alerts WHERE {' AND '.join(clauses)}"
                ),
                params,
            )
        ).all()
    return sla.summary((sla.AlertRow(*r) for r in rows), today=ctx.today())


async def find_problems(
    ctx: ReportsContext,
    *,
    year: int,
    as_of: date | None,
    village_codes: list[str] | None,
    detectors: set[str] | None,
) -> dict[str, Any]:
    """The problem detectors' findings for a year; `as_of` defaults to today or the year's end if earlier."""
    if as_of is None:
        as_of = min(ctx.today(), date(year, 12, 31))
    async with ctx.db.session() as s:
        return await problems.find(s, year=year, as_of=as_of, villages=village_codes, detectors=detectors)


async def dashboard_summary(ctx: ReportsContext, *, villages: list[str] | None) -> dict[str, Any]:
    async with ctx.db.session() as s:
        return await dashboard.summary(s, villages=villages, today=ctx.today())


async def dashboard_last_event_id(ctx: ReportsContext) -> int:
    async with ctx.db.session() as s:
        return await dashboard.last_event_id(s)


async def rectification_ledger(
    ctx: ReportsContext, *, year: int, villages: list[str] | None
) -> dict[str, Any]:
    """The year's rectification ledger (整改台账): items opened in the year or still open, open first."""
    async with ctx.db.session() as s:
        rows = (
            await s.execute(
                text(
                    "SELECT * FROM rm_rectifications WHERE (opened_on BETWEEN :first AND :last "
                    "OR (status = 'open' AND opened_on <= :last) OR closed_on BETWEEN :first AND :last)"
                    f"{villages_clause('village_code', villages)} ORDER BY status DESC, due_on, rectification_id"
                ),
                {"first": date(year, 1, 1), "last": date(year, 12, 31), "villages": villages or []},
            )
        ).all()
    items = [
        {
            "rectification_id": r.rectification_id,
            "source": r.source,
            "detector": r.detector,
            "finding_ref": r.finding_ref,
            "village_code": r.village_code,
            "household_code": r.household_code,
            "problem": r.problem,
            "measure": r.measure,
            "responsible": r.responsible,
            "opened_on": r.opened_on.isoformat(),
            "due_on": r.due_on.isoformat(),
            "status": r.status,
            "overdue": r.overdue,
            "closed_on": r.closed_on.isoformat() if r.closed_on else None,
            "closing_note": r.closing_note,
            "evidence": list(r.evidence or []),
        }
        for r in rows
    ]
    open_items = [i for i in items if i["status"] == "open"]
    return {
        "year": year,
        "open": open_items,
        "closed": [i for i in items if i["status"] == "closed"],
        "overdue_open": sum(1 for i in open_items if i["overdue"]),
    }
