"""Filed year reports: once the town files a year's report it must not change when regenerated later.
Freezing stores the report's JSON as it is now, with its SHA-256, as version 1; freezing again files a
new version beside it (never an overwrite: the table refuses UPDATE and DELETE); a filed version is
served byte for byte, its hash in `X-Content-SHA256`."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from sqlalchemy import text

from services.common.auth import Principal
from services.common.errors import not_found
from services.reports import report
from services.reports.service import ReportsContext


def canonical(body: dict[str, Any]) -> bytes:
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)


async def freeze(ctx: ReportsContext, *, year: int, principal: Principal, note: str | None) -> dict[str, Any]:
    """File the year's report as it stands now: the next version, stored with its hash."""
    async with ctx.db.transaction() as s:
        await s.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended('filed_report', :y))"), {"y": year}
        )
        body = canonical(await report.annual(s, year, town_name=ctx.settings.reports_town_name))
        digest = hashlib.sha256(body).hexdigest()
        version = (
            await s.execute(
                text("SELECT COALESCE(max(version), 0) + 1 FROM filed_reports WHERE year = :y"), {"y": year}
            )
        ).scalar_one()
        await s.execute(
            text(
                "INSERT INTO filed_reports (year, version, sha256, body, filed_by, note) "
                "VALUES (:y, :v, :h, :b, :by, :n)"
            ),
            {"y": year, "v": version, "h": digest, "b": body, "by": principal.sub, "n": note},
        )
    return {"year": year, "version": int(version), "sha256": digest, "bytes": len(body)}


async def versions(ctx: ReportsContext, *, year: int) -> list[dict[str, Any]]:
    async with ctx.db.session() as s:
        rows = await s.execute(
            text(
                "SELECT version, sha256, length(body) AS bytes, filed_by, filed_at, note FROM filed_reports "
                "WHERE year = :y ORDER BY version"
            ),
            {"y": year},
        )
        return [
            {
                "year": year,
                "version": r.version,
                "sha256": r.sha256,
                "bytes": r.bytes,
                "filed_by": r.filed_by,
                "filed_at": r.filed_at.isoformat(),
                "note": r.note,
            }
            for r in rows
        ]


async def filed(ctx: ReportsContext, *, year: int, version: int | None) -> tuple[bytes, str, int]:
    """A filed version's bytes (the latest without `version`), its hash and its version."""
    async with ctx.db.session() as s:
        row = (
            await s.execute(
                text(
                    "SELECT version, sha256, body FROM filed_reports WHERE year = :y "
                    "AND (CAST(:v AS int) IS NULL OR version = :v) ORDER BY version DESC LIMIT 1"
                ),
                {"y": year, "v": version},
            )
        ).first()
    if row is None:
        raise not_found("filed report")
    return bytes(row.body), row.sha256, int(row.version)
