"""After `ruralwatch demo seed` and the 2022 play of `ruralwatch demo` (through the REST APIs), every
table of the annual report, built by the reports service from events only, equals the source
document's figures; a rebuild from the topics gives a byte-identical report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import asyncpg

from services.common.demo_town import VILLAGES
from services.households.demo import seed as seed_households
from services.households.service import register_villages
from services.loans.demo import seed as seed_loans
from tests.conftest import households_ctx, loans_ctx, wait_for


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _same(report_value: Any, figure: Any) -> bool:
    """A report number (int or decimal string) equals a published figure (int or float)."""
    if isinstance(figure, str):
        return bool(report_value == figure)
    if isinstance(figure, float) or isinstance(report_value, str):
        return Decimal(str(report_value)) == Decimal(str(figure))
    return bool(report_value == figure)


def _compare(report: dict[str, Any], figures: dict[str, Any], path: str = "") -> list[str]:
    diffs = []
    for key, want in figures.items():
        if key not in report:
            diffs.append(f"{path}{key}: missing")
        elif isinstance(want, dict):
            diffs += _compare(report[key], want, f"{path}{key}.")
        elif not _same(report[key], want):
            diffs.append(f"{path}{key}: report {report[key]!r} != published {want!r}")
    return diffs


async def test_annual_report_from_events_equals_the_published_tables_and_rebuilds_identically(
    alerts_app: Any,
    households_app: Any,
    loans_app: Any,
    reports_app: Any,
    households_settings: Any,
    loans_settings: Any,
    clean_households: str,
    clean_reports: str,
    make_token: Any,
    figures_2022: dict[str, Any],
) -> None:
    hctx = households_ctx(households_settings)
    await register_villages(hctx, VILLAGES, {"sub": "test"})
    assert (await seed_households(hctx))["seeded"] is True
    await hctx.db.dispose()
    lctx = loans_ctx(loans_settings)
    assert (await seed_loans(lctx, projection_timeout=300))["seeded"] is True
    await lctx.db.dispose()

    _, client = reports_app
    officer = _h(make_token("town_officer"))
    published = {
        k: figures_2022[k]
        for k in (
            "town",
            "alleviated",
            "monitored",
            "newly_identified_2022",
            "marginal_special_monitoring",
            "projects_2022",
            "loans_2022",
        )
    }

    async def caught_up() -> list[str]:
        r = await client.get("/v1/reports/annual", headers=officer, params={"year": 2022})
        return _compare(r.json(), published)

    async def settled() -> bool:
        return not await caught_up()

    try:
        await wait_for(settled, timeout=240, interval=2)
    except AssertionError:
        raise AssertionError(
            f"annual report differs from the published figures: {await caught_up()}"
        ) from None
    before = (await client.get("/v1/reports/annual", headers=officer, params={"year": 2022})).content

    conn = await asyncpg.connect(clean_reports.replace("+asyncpg", ""))
    try:
        rows_before = await conn.fetchval("SELECT count(*) FROM rm_households")
    finally:
        await conn.close()
    rebuilt = await client.post("/v1/admin/rebuild", headers=_h(make_token("admin")))
    assert rebuilt.status_code == 200, rebuilt.text
    assert rebuilt.json()["events"] > 27_718
    after = (await client.get("/v1/reports/annual", headers=officer, params={"year": 2022})).content
    assert after == before
    assert rows_before == 27_718
    # village cadres do not read town reports
    cadre = _h(make_token("village_cadre", [VILLAGES[1][0]]))
    assert (await client.get("/v1/reports/annual", headers=cadre, params={"year": 2022})).status_code == 403
