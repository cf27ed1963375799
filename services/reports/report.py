"""The annual work report (工作总结) from the read models: the source document's tables, as data.

Keys follow the source document's figures (`tests/data/figures_2022.json`), with the year in the
section names, so a report can be checked against the published numbers table by table. Money is a
decimal string with two places. The JSON is deterministic (sorted keys, no timestamps), so a report
rebuilt from the topics is byte-identical to the live one.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

GENERAL = ("major_illness", "housing", "employment", "accident", "other")
POLICY = ("pension_not_paid", "disability_subsidy_not_paid")
OUTCOMES = {
    "no_risk": "closed_no_risk",
    "risk_already_monitored": "risk_confirmed_already_monitored",
    "risk_enrolled": "risk_confirmed_enrolled",
    "policy_fixed": "policy_fixed",
}
LEVELS = ("kindergarten", "compulsory", "senior_high", "rain_and_dew")


def money(value: Decimal | int | None) -> str:
    return f"{Decimal(value or 0):.2f}"


async def _one(s: AsyncSession, sql: str, **params: Any) -> Any:
    return (await s.execute(text(sql), params)).one()


async def _all(s: AsyncSession, sql: str, **params: Any) -> list[Any]:
    return list((await s.execute(text(sql), params)).all())


async def town(s: AsyncSession, name: str) -> dict[str, Any]:
    kinds = {r.kind: r.n for r in await _all(s, "SELECT kind, count(*) AS n FROM rm_villages GROUP BY kind")}
    h = await _one(
        s, "SELECT count(*) AS households, COALESCE(sum(member_count), 0) AS people FROM rm_households"
    )
    return {
        "name": name,
        "villages": kinds.get("village", 0),
        "communities": kinds.get("community", 0),
        "households": h.households,
        "people": int(h.people),
    }


# the households monitored on :end: the latest span of each identified by then that no risk elimination
# ended by then (spans and eliminations carry the business dates, so a report of a past period is the
# same whenever it is made)
MONITORED_ON = (
    "SELECT DISTINCT ON (sp.household_code) sp.household_code, sp.monitoring_type, sp.identified_on "
    "FROM rm_monitoring_spans sp WHERE sp.identified_on <= :end AND NOT EXISTS (SELECT 1 FROM rm_eliminations e "
    "WHERE e.household_code = sp.household_code AND e.eliminated_on BETWEEN sp.identified_on AND :end) "
    "ORDER BY sp.household_code, sp.identified_on DESC"
)


async def households(s: AsyncSession, year: int) -> dict[str, Any]:
    """The households sections as of the year's end (monitoring by its dates; alleviation and member
    counts as the registry holds them)."""
    a = await _one(
        s,
        "SELECT count(*) FILTER (WHERE alleviated) AS a_h, "
        "COALESCE(sum(member_count) FILTER (WHERE alleviated), 0) AS a_p FROM rm_households",
    )
    r = await _one(
        s,
        "SELECT count(*) FILTER (WHERE m.monitoring_type <> 'marginal') AS m_h, "
        "COALESCE(sum(h.member_count) FILTER (WHERE m.monitoring_type <> 'marginal'), 0) AS m_p, "
        "count(*) FILTER (WHERE m.monitoring_type = 'marginal') AS g_h, "
        "COALESCE(sum(h.member_count) FILTER (WHERE m.monitoring_type = 'marginal'), 0) AS g_p, "
        "count(*) FILTER (WHERE m.monitoring_type <> 'marginal' AND m.identified_on >= :start) AS n_h, "
        "COALESCE(sum(h.member_count) FILTER (WHERE m.monitoring_type <> 'marginal' AND m.identified_on >= :start), 0) "
        f"AS n_p FROM ({MONITORED_ON}) m JOIN rm_households h ON h.household_code = m.household_code",
        start=date(year, 1, 1),
        end=date(year, 12, 31),
    )
    return {
        "alleviated": {"households": a.a_h, "people": int(a.a_p)},
        "monitored": {"households": r.m_h, "people": int(r.m_p)},
        f"newly_identified_{year}": {"households": r.n_h, "people": int(r.n_p)},
        "marginal_special_monitoring": {"households": r.g_h, "people": int(r.g_p)},
    }


async def alerts(s: AsyncSession, year: int) -> dict[str, Any]:
    return await alerts_between(s, date(year, 1, 1), date(year, 12, 31))


async def alerts_between(s: AsyncSession, start: date, end: date) -> dict[str, Any]:
    """Provincial alerts received in [start, end] by category and final outcome; internal ones apart."""
    rows = await _all(
        s,
        "SELECT alert_class, category, final_outcome, count(*) AS n FROM rm_alerts "
        "WHERE received_on BETWEEN :a AND :b GROUP BY 1, 2, 3",
        a=start,
        b=end,
    )
    provincial = [r for r in rows if r.alert_class != "internal"]
    by_cat: dict[str, int] = {}
    outcomes: dict[str, int] = {v: 0 for v in OUTCOMES.values()}
    open_ = 0
    for r in provincial:
        by_cat[r.category] = by_cat.get(r.category, 0) + r.n
        if r.final_outcome in OUTCOMES:
            outcomes[OUTCOMES[r.final_outcome]] += r.n
        else:
            open_ += r.n
    internal: dict[str, int] = {}
    for r in rows:
        if r.alert_class == "internal":
            internal[r.category] = internal.get(r.category, 0) + r.n
    extra = sorted(set(by_cat) - set(GENERAL) - set(POLICY))
    return {
        "total": sum(r.n for r in provincial),
        "general_risk": {c: by_cat.get(c, 0) for c in GENERAL},
        "policy_not_implemented": {c: by_cat.get(c, 0) for c in POLICY},
        "other_categories": {c: by_cat[c] for c in extra},
        "outcomes": outcomes,
        "open": open_,
        "internal": internal,
    }


async def education(s: AsyncSession, year: int) -> dict[str, Any]:
    rows = await _all(
        s,
        "SELECT semester, level, count(*) AS n, COALESCE(sum(amount), 0) AS amount FROM rm_facts "
        "WHERE kind = 'subsidy_recorded' AND year = :y GROUP BY 1, 2",
        y=year,
    )
    out: dict[str, Any] = {}
    for semester in ("spring", "autumn"):
        counts = {lv: 0 for lv in LEVELS}
        amount = Decimal(0)
        for r in rows:
            if r.semester == semester and r.level in counts:
                counts[r.level] += r.n
                amount += r.amount
        out[semester] = {**counts, "total": sum(counts.values()), "amount_yuan": money(amount)}
    return out


async def employment(s: AsyncSession, year: int) -> dict[str, Any]:
    rows = {
        r.category: r.n
        for r in await _all(
            s,
            "SELECT category, count(*) AS n FROM rm_facts WHERE kind = 'employment_recorded' AND year = :y GROUP BY 1",
            y=year,
        )
    }
    return {
        "employed": rows.get("employed", 0),
        "public_welfare_jobs": rows.get("public_welfare_job", 0),
        "pv_public_welfare_jobs": rows.get("pv_public_welfare_job", 0),
    }


async def projects(s: AsyncSession, year: int) -> dict[str, Any]:
    rows = await _all(
        s,
        "SELECT kind, status, count(*) AS n, COALESCE(sum(investment), 0) AS inv FROM rm_projects "
        "WHERE year = :y GROUP BY 1, 2",
        y=year,
    )

    def part(kind: str) -> dict[str, Any]:
        mine = [r for r in rows if r.kind == kind]
        return {
            "count": sum(r.n for r in mine),
            "investment_yuan": money(sum((r.inv for r in mine), Decimal(0))),
            "accepted": sum(r.n for r in mine if r.status == "accepted"),
            "awaiting_acceptance": sum(r.n for r in mine if r.status == "awaiting_acceptance"),
            "operating": sum(r.n for r in mine if r.status == "operating"),
        }

    return {
        "count": sum(r.n for r in rows),
        "investment_yuan": money(sum((r.inv for r in rows), Decimal(0))),
        "infrastructure": part("infrastructure"),
        "industry": part("industry"),
    }


async def outstanding_on(s: AsyncSession, day: date) -> Any:
    """Borrowers and outstanding principal of the loans live at the end of `day`."""
    return await _one(
        s,
        "SELECT count(DISTINCT l.borrower_id_hash) AS borrowers, COALESCE(sum(l.principal - COALESCE(("
        " SELECT sum(r.principal) FROM rm_repayments r WHERE r.loan_id = l.loan_id AND r.paid_on <= :d), 0)), 0) "
        "AS outstanding FROM rm_loans l WHERE l.disbursed_on <= :d AND (l.closed_on IS NULL OR l.closed_on > :d) "
        "AND l.status IN ('disbursed', 'repaid', 'written_off')",
        d=day,
    )


async def loans(s: AsyncSession, year: int) -> dict[str, Any]:
    live = await outstanding_on(s, date(year, 10, 31))
    quarters = {
        r.quarter: r
        for r in await _all(
            s,
            "SELECT quarter, count(*) FILTER (WHERE subsidy > 0) AS people, COALESCE(sum(subsidy), 0) AS yuan "
            "FROM rm_subsidy_lines WHERE quarter LIKE :y GROUP BY quarter",
            y=f"{year}Q%",
        )
    }
    return {
        "borrowers_by_october": live.borrowers,
        "outstanding_yuan": money(live.outstanding),
        "interest_subsidy": {
            f"Q{q}": {
                "people": quarters[f"{year}Q{q}"].people if f"{year}Q{q}" in quarters else 0,
                "yuan": money(quarters[f"{year}Q{q}"].yuan if f"{year}Q{q}" in quarters else 0),
            }
            for q in (1, 2, 3, 4)
        },
    }


async def annual(s: AsyncSession, year: int, *, town_name: str) -> dict[str, Any]:
    return {
        "year": year,
        "town": await town(s, town_name),
        **(await households(s, year)),
        f"alerts_{year}": await alerts(s, year),
        f"education_subsidies_{year}": await education(s, year),
        f"employment_{year}": await employment(s, year),
        f"projects_{year}": await projects(s, year),
        f"loans_{year}": await loans(s, year),
    }


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


# the semester whose subsidies a quarter reports: spring starts in Q1, autumn in Q3
SEMESTER_OF_QUARTER = {1: "spring", 3: "autumn"}


async def quarterly(s: AsyncSession, year: int, quarter: int, *, town_name: str) -> dict[str, Any]:
    """The quarter's work: alerts received and closed, households newly identified, the semester's
    education subsidies (Q1 spring, Q3 autumn), projects accepted, loans at the quarter's end and the
    quarter's interest subsidy. Deterministic, like the annual report."""
    start, end = quarter_bounds(year, quarter)
    q = f"{year}Q{quarter}"
    closed = await _one(
        s,
        "SELECT count(*) AS n, count(*) FILTER (WHERE town_on_time) AS town_on_time, "
        "count(*) FILTER (WHERE village_on_time) AS village_on_time FROM rm_alerts "
        "WHERE alert_class <> 'internal' AND closed_on BETWEEN :a AND :b",
        a=start,
        b=end,
    )
    new = await _one(
        s,
        "SELECT count(*) AS h, COALESCE(sum(h.member_count), 0) AS p "
        f"FROM ({MONITORED_ON}) m JOIN rm_households h ON h.household_code = m.household_code "
        "WHERE m.identified_on >= :a",
        a=start,
        end=end,
    )
    accepted = await _one(
        s,
        "SELECT count(*) AS n, COALESCE(sum(investment), 0) AS inv FROM rm_projects "
        "WHERE accepted_on BETWEEN :a AND :b",
        a=start,
        b=end,
    )
    live = await outstanding_on(s, end)
    sub = await _one(
        s,
        "SELECT count(*) FILTER (WHERE subsidy > 0) AS people, COALESCE(sum(subsidy), 0) AS yuan "
        "FROM rm_subsidy_lines WHERE quarter = :q",
        q=q,
    )
    semester = SEMESTER_OF_QUARTER.get(quarter)
    return {
        "year": year,
        "quarter": q,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "town": await town(s, town_name),
        "alerts": await alerts_between(s, start, end),
        "alerts_closed": {
            "total": closed.n,
            "village_on_time": closed.village_on_time,
            "town_on_time": closed.town_on_time,
        },
        "newly_identified": {"households": new.h, "people": int(new.p)},
        "education_subsidies": {semester: (await education(s, year))[semester]} if semester else {},
        "projects_accepted": {"count": accepted.n, "investment_yuan": money(accepted.inv)},
        "loans": {
            "borrowers_at_end": live.borrowers,
            "outstanding_yuan_at_end": money(live.outstanding),
            "interest_subsidy": {"people": sub.people, "yuan": money(sub.yuan)},
        },
    }


async def chart_data(s: AsyncSession, start: date, end: date) -> dict[str, Any]:
    """What the PDF's charts draw beyond the tables: alerts received and closed per month, and the
    on-time rate of each stage per village, for alerts received in [start, end]."""

    async def per_month(column: str) -> dict[str, int]:
        return {
            r.m: r.n
            for r in await _all(
                s,
                f"SELECT to_char({column}, 'YYYY-MM') AS m, count(*) AS n FROM rm_alerts "
                f"WHERE alert_class <> 'internal' AND {column} BETWEEN :a AND :b GROUP BY 1",
                a=start,
                b=end,
            )
        }

    received, closed = await per_month("received_on"), await per_month("closed_on")
    months = []
    d = date(start.year, start.month, 1)
    while d <= end:
        months.append(d.strftime("%Y-%m"))
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    villages = await _all(
        s,
        "SELECT a.village_code, COALESCE(v.name, a.village_code) AS name, "
        "count(village_on_time) AS v_all, count(*) FILTER (WHERE village_on_time) AS v_on, "
        "count(town_on_time) AS t_all, count(*) FILTER (WHERE town_on_time) AS t_on "
        "FROM rm_alerts a LEFT JOIN rm_villages v ON v.code = a.village_code "
        "WHERE a.received_on BETWEEN :a AND :b GROUP BY 1, 2 ORDER BY 1",
        a=start,
        b=end,
    )
    return {
        "monthly": [{"month": m, "received": received.get(m, 0), "closed": closed.get(m, 0)} for m in months],
        "on_time_by_village": [
            {
                "village_code": r.village_code,
                "name": r.name,
                "village": r.v_on / r.v_all if r.v_all else None,
                "town": r.t_on / r.t_all if r.t_all else None,
            }
            for r in villages
        ],
    }


def to_json(report: dict[str, Any]) -> bytes:
    """Canonical bytes: sorted keys, two-space indent, UTF-8 (the rebuild check compares these)."""
    return orjson.dumps(report, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)
