"""The 应纳未纳 detector: a household whose income is not above the monitoring line and that is not a
monitoring object ("whoever qualifies must be enrolled", 应纳尽纳). Reads only the read models."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.i18n import Text, t
from services.common.scope import villages_clause
from services.reports.findings import Finding, json_dict


async def under_line(s: AsyncSession, year: int, as_of: date, villages: list[str] | None) -> list[Finding]:
    """应纳未纳 from the quarterly income records and from the collection form; one finding per household,
    with every reason."""
    found: dict[str, Finding] = {}
    for f in [*await from_income(s, year, as_of, villages), *await from_profiles(s, year, as_of, villages)]:
        kept = found.get(f.subject)
        if kept is None:
            found[f.subject] = f
            continue
        found[f.subject] = Finding(
            kept.detector,
            kept.village_code,
            kept.subject,
            Text(
                f"{kept.reason}; {f.reason}",
                f"{getattr(kept.reason, 'zh', kept.reason)}；{getattr(f.reason, 'zh', f.reason)}",
            ),
            {**f.records, **kept.records},
        )
    return list(found.values())


async def from_income(s: AsyncSession, year: int, as_of: date, villages: list[str] | None) -> list[Finding]:
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


_REASONS = {
    "under_line": (
        "per-capita net income {net} for {y} is not above the monitoring line {line} (collection form)",
        "{y}年人均纯收入{net}元未超过监测标准{line}元（采集表）",
    ),
    "spending_shock": (
        "after large unavoidable spending of {rigid} in {y}, {after} per person remains, not above the "
        "monitoring line {line} (spending shock)",
        "{y}年扣除刚性支出{rigid}元后人均{after}元，未超过监测标准{line}元（刚性支出骤增）",
    ),
}
GUARANTEE_NAMES = {
    "food_clothing_ok": ("food and clothing", "不愁吃、不愁穿"),
    "compulsory_education_ok": ("compulsory education", "义务教育有保障"),
    "basic_medical_ok": ("basic medical care", "基本医疗有保障"),
    "housing_safe": ("safe housing", "住房安全有保障"),
    "drinking_water_safe": ("safe drinking water", "饮水安全有保障"),
}


def _profile_reasons(r: Any, year: int) -> list[Text]:
    """What the household's record in effect says against it: income, spending, an unmet guarantee."""
    out: list[Text] = []
    params = {"y": r.finance_year, "line": f"{r.monitoring_line or 0:.2f}"}
    if r.finance_year == year and r.monitoring_line is not None and r.net_per_capita is not None:
        if r.net_per_capita <= r.monitoring_line:
            out.append(t(*_REASONS["under_line"], net=f"{r.net_per_capita:.2f}", **params))
        elif r.after_rigid_per_capita is not None and r.after_rigid_per_capita <= r.monitoring_line:
            out.append(
                t(
                    *_REASONS["spending_shock"],
                    rigid=f"{r.rigid_spending or 0:.2f}",
                    after=f"{r.after_rigid_per_capita:.2f}",
                    **params,
                )
            )
    flags = json_dict(r.flags)
    unmet = [names for f, names in GUARANTEE_NAMES.items() if flags.get(f) is False]
    if unmet:
        out.append(
            Text(
                "not met: " + ", ".join(en for en, _ in unmet),
                "未达标：" + "、".join(zh for _, zh in unmet),
            )
        )
    return out


async def from_profiles(s: AsyncSession, year: int, as_of: date, villages: list[str] | None) -> list[Finding]:
    """应纳未纳 from the collection form: the household's record in effect on `as_of` shows income not above
    the line, a spending shock (刚性支出) leaving too little per person, or an unmet 两不愁三保障/饮水 — and
    the household is not a monitoring object. Money counts only when the record's finance year is `year`."""
    rows = (
        await s.execute(
            text(
                "SELECT * FROM (SELECT DISTINCT ON (p.household_code) p.household_code, p.village_code, "
                "p.profile_version, p.effective_on, p.flags, p.finance_year, p.net_per_capita, "
                "p.after_rigid_per_capita, p.rigid_spending, p.monitoring_line, h.alleviated, h.monitoring_status "
                "FROM rm_profiles p LEFT JOIN rm_households h ON h.household_code = p.household_code "
                f"WHERE p.effective_on <= :as_of{villages_clause('p.village_code', villages)} "
                "ORDER BY p.household_code, p.effective_on DESC, p.profile_version DESC) x "
                "WHERE monitoring_status IS NULL OR monitoring_status NOT IN ('identifying', 'monitoring')"
            ),
            {"as_of": as_of, "villages": villages or []},
        )
    ).all()
    found = []
    for r in rows:
        reasons = _profile_reasons(r, year)
        if not reasons:
            continue
        found.append(
            Finding(
                "under_line_not_enrolled",
                r.village_code,
                f"household {r.household_code}",
                Text(
                    "; ".join(reasons) + " — not a monitoring object (应纳未纳)",
                    "；".join(x.zh for x in reasons) + "，但该户未纳入监测对象（应纳未纳）",
                ),
                {
                    "household_code": r.household_code,
                    "profile_version": r.profile_version,
                    "effective_on": r.effective_on.isoformat(),
                    "finance_year": r.finance_year,
                    "alleviated": bool(r.alleviated),
                },
            )
        )
    return found
