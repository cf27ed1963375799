"""The demo loan book: seeded after the demo town, through the service's own use cases; the engine's
computation over the stored loan rows gives the source document's figures to the fen.

Checked inside the annual-report test (tests/integration/reports/test_annual_report.py), which seeds the
same town and book anyway: seeding them twice cost the suite 80 s (issue 13)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import asyncpg
import httpx

from services.loans import schedule
from services.loans.interest import RatePoint, RatioPoint


async def _recompute_from_rows(url: str, quarter: str) -> tuple[int, Decimal]:
    """People and yuan of a quarter, straight from the loans and repayments tables through the engine."""
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        loans = await conn.fetch("SELECT * FROM loans WHERE disbursed_on IS NOT NULL")
        pays = await conn.fetch("SELECT loan_id, paid_on, interest, principal FROM repayments")
    finally:
        await conn.close()
    people, total = 0, Decimal(0)
    for loan in loans:
        terms = schedule.Terms(
            disbursed_on=loan["disbursed_on"],
            maturity_on=loan["maturity_on"],
            principal=loan["principal"],
            rates=[RatePoint(loan["disbursed_on"], loan["annual_rate"])],
        )
        mine = [
            schedule.Payment(p["paid_on"], p["interest"], p["principal"])
            for p in pays
            if p["loan_id"] == loan["id"]
        ]
        line = schedule.subsidy_line(
            terms,
            mine,
            quarter=quarter,
            ratios=[RatioPoint(schedule.quarter_settlement("2015Q1"), Decimal(1))],
            as_of=schedule.quarter_settlement(quarter).replace(year=2026),
        )
        if line is not None and line.subsidy > 0:
            people += 1
            total += line.subsidy
    return people, total


async def check_demo_loan_book(
    client: httpx.AsyncClient, officer: dict[str, str], loans_url: str, figures_2022: dict[str, Any]
) -> None:
    """Every quarter's subsidy (people, yuan) by the API and by the engine over the stored rows, the
    October book and the one withheld line equal the published figures."""
    published = figures_2022["loans_2022"]
    for q in ("Q1", "Q2", "Q3", "Q4"):
        want = published["interest_subsidy"][q]
        api = (await client.get("/v1/subsidies", headers=officer, params={"quarter": f"2022{q}"})).json()
        assert (api["totals"]["people"], api["totals"]["subsidy"]) == (
            want["people"],
            f"{want['yuan']:.2f}",
        ), q
        people, total = await _recompute_from_rows(loans_url, f"2022{q}")
        assert (people, total) == (want["people"], Decimal(f"{want['yuan']:.2f}")), q
    october = (await client.get("/v1/loans/stats", headers=officer, params={"as_of": "2022-10-31"})).json()
    assert "borrowers" in october, october
    assert (october["borrowers"], october["outstanding"]) == (
        published["borrowers_by_october"],
        f"{published['outstanding_yuan']:.2f}",
    )
    # the late borrower shows in Q1 and Q2 as withheld, with the reason
    q2 = (await client.get("/v1/subsidies", headers=officer, params={"quarter": "2022Q2"})).json()
    withheld = [x for x in q2["lines"] if x["withheld"]]
    assert len(withheld) == 1 and "overdue 2022-03-21..2022-04-08" in withheld[0]["withheld"]
