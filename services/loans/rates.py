"""The reference-rate table (LPR and the subsidy ratio) the interest engine reads: seed, read, amend."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.loans.context import LoansContext
from services.loans.interest import (
    RatePoint,
)


async def seed_rate_table(ctx: LoansContext) -> int:
    """Insert the configured rate points the table does not hold yet; admins add later ones over HTTP."""
    points = [
        {"s": series, "d": date.fromisoformat(day), "r": rate}
        for series, table in ctx.settings.loans_rate_table.items()
        for day, rate in table.items()
    ]
    if not points:
        return 0
    async with ctx.db.transaction() as s:
        result = await s.execute(
            text(
                "INSERT INTO rate_points (series, effective_on, annual_rate) VALUES (:s, :d, :r) "
                "ON CONFLICT DO NOTHING"
            ),
            points,
        )
    return int(getattr(result, "rowcount", 0) or 0)


async def rate_table(ctx: LoansContext) -> dict[str, list[dict[str, str]]]:
    async with ctx.db.session() as s:
        rows = (
            await s.execute(text("SELECT series, effective_on, annual_rate FROM rate_points ORDER BY 1, 2"))
        ).all()
    out: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        out.setdefault(r.series, []).append(
            {"effective_on": r.effective_on.isoformat(), "annual_rate": f"{r.annual_rate.normalize():f}"}
        )
    return out


async def put_rate_points(ctx: LoansContext, series: str, points: Sequence[tuple[date, Decimal]]) -> int:
    async with ctx.db.transaction() as s:
        await s.execute(
            text(
                "INSERT INTO rate_points (series, effective_on, annual_rate) VALUES (:s, :d, :r) "
                "ON CONFLICT (series, effective_on) DO UPDATE SET annual_rate = EXCLUDED.annual_rate"
            ),
            [{"s": series, "d": d, "r": r} for d, r in points],
        )
    return len(points)


async def series_points(s: AsyncSession, series: str) -> list[RatePoint]:
    rows = await s.execute(
        text("SELECT effective_on, annual_rate FROM rate_points WHERE series = :s ORDER BY effective_on"),
        {"s": series},
    )
    return [RatePoint(r.effective_on, r.annual_rate) for r in rows]
