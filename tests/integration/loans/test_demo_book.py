"""The demo loan book: seeded after the demo town, through the service's own use cases; the engine's
computation over the stored loan rows gives the source document's figures to the fen."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import asyncpg

from services.common.demo_town import VILLAGES
from services.households.demo import seed as seed_households
from services.households.registry import register_villages
from services.loans import schedule
from services.loans.demo import seed as seed_loans
from services.loans.interest import RatePoint, RatioPoint
from tests.conftest import households_ctx, loans_ctx, wait_for


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


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


async def test_demo_loan_book_gives_the_published_subsidies(
    households_app: Any,
    loans_app: Any,
    households_settings: Any,
    loans_settings: Any,
    clean_loans: str,
    clean_households: str,
    make_token: Any,
    figures_2022: dict[str, Any],
) -> None:
    hctx = households_ctx(households_settings)
    await register_villages(hctx, VILLAGES, {"sub": "test"})
    assert (await seed_households(hctx))["seeded"] is True
    await hctx.db.dispose()

    async def households_outbox_drained() -> bool:
        conn = await asyncpg.connect(clean_households.replace("+asyncpg", ""))
        try:
            return int(await conn.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL")) == 0
        finally:
            await conn.close()

    await wait_for(households_outbox_drained, timeout=120)
    ctx = loans_ctx(loans_settings)
    started = time.perf_counter()
    result = await seed_loans(ctx, projection_timeout=240)
    print(f"loan book seeded: {result} in {time.perf_counter() - started:.1f}s")
    assert result["seeded"] is True
    assert (await seed_loans(ctx))["seeded"] is False
    await ctx.db.dispose()

    _, client = loans_app
    officer = _h(make_token("town_officer"))
    published = figures_2022["loans_2022"]
    for q in ("Q1", "Q2", "Q3", "Q4"):
        want = published["interest_subsidy"][q]
        api = (await client.get("/v1/subsidies", headers=officer, params={"quarter": f"2022{q}"})).json()
        assert (api["totals"]["people"], api["totals"]["subsidy"]) == (
            want["people"],
            f"{want['yuan']:.2f}",
        ), q
        people, total = await _recompute_from_rows(clean_loans, f"2022{q}")
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
