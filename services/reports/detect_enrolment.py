"""The 应纳未纳 detector: a household whose income is not above the monitoring line and that is not a
monitoring object ("whoever qualifies must be enrolled", 应纳尽纳). Reads only the read models."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.i18n import t
from services.common.scope import villages_clause
from services.reports.findings import Finding


async def under_line(s: AsyncSession, year: int, as_of: date, villages: list[str] | None) -> list[Finding]:
    """应纳未纳: a household whose latest income record of the year (of a quarter ended by `as_of`) is not
    above that year's monitoring line, and that is not a monitoring object (nor being identified)."""
    rows = (
        await s.execute(
            text(
                "SELECT DISTINCT ON (f.household_code) f.record_id, f.household_code, f.village_code, f.year, "
                "f.quarter, f.amount, f.monitoring_line, h.alleviated, h.monitoring_status "
                "FROM rm_facts f LEFT JOIN rm_households h ON h.household_code = f.household_code "
                "WHERE f.kind = 'income_recorded' AND f.year = :y AND f.monitoring_line IS NOT NULL "
                "AND f.quarter IS NOT NULL "
                "AND (make_date(f.year, f.quarter * 3, 1) + interval '1 month' - interval '1 day') <= :as_of"
                f"{villages_clause('f.village_code', villages)} ORDER BY f.household_code, f.quarter DESC"
            ),
            {"y": year, "as_of": as_of, "villages": villages or []},
        )
    ).all()
    return [
        Finding(
            "under_line_not_enrolled",
            r.village_code,
            f"household {r.household_code}",
            t(
                "per-capita income {a} in {y}Q{q} is not above the monitoring line {line}, and the household "
                "is not a monitoring object (应纳未纳)",
                "{y}年第{q}季度人均纯收入{a}元未超过监测标准{line}元，但该户未纳入监测对象（应纳未纳）",
                a=f"{r.amount:.2f}",
                y=r.year,
                q=r.quarter,
                line=f"{r.monitoring_line:.2f}",
            ),
            {
                "household_code": r.household_code,
                "income_record_id": r.record_id,
                "year": r.year,
                "quarter": r.quarter,
                "per_capita_income": f"{r.amount:.2f}",
                "monitoring_line": f"{r.monitoring_line:.2f}",
                "alleviated": bool(r.alleviated),
            },
        )
        for r in rows
        if r.amount is not None
        and r.amount <= r.monitoring_line
        and r.monitoring_status not in ("identifying", "monitoring")
    ]
