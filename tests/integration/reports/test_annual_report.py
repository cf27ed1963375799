"""After `ruralwatch demo seed` and the 2022 play of `ruralwatch demo` (through the REST APIs), every
table of the annual report, built by the reports service from events only, equals the source
document's figures; a rebuild from the topics gives a byte-identical report."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import asyncpg
import openpyxl
import orjson

from services.common.demo_town import VILLAGES
from services.households.demo import seed as seed_households
from services.households.service import register_villages
from services.loans.demo import seed as seed_loans
from services.reports.play import Clients, play_2022
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

    def headers(role: str, villages: list[str] | None = None) -> dict[str, str]:
        return _h(make_token(role, villages))

    played = await play_2022(Clients(alerts_app[1], households_app[1], headers))
    assert played == {"alerts": 467, "records": 417 + 509}

    _, client = reports_app
    officer = _h(make_token("town_officer"))
    published = {k: v for k, v in figures_2022.items() if k not in ("source", "alert_deadlines_working_days")}

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
    # the same report as Markdown (Chinese, English) and XLSX: its numbers equal the JSON's
    report = orjson.loads(after)
    zh = (await client.get("/v1/reports/annual", headers=officer, params={"year": 2022, "format": "md"})).text
    en = (
        await client.get(
            "/v1/reports/annual", headers=officer, params={"year": 2022, "format": "md", "lang": "en"}
        )
    ).text
    assert "| 雨露计划 |" in zh, zh
    assert "| 17,298.43 |" in zh, zh
    assert "| 467 |" in zh, zh
    assert "Rain and Dew" in en and "| 4,705,900.00 |" in en
    book = openpyxl.load_workbook(
        io.BytesIO(
            (
                await client.get(
                    "/v1/reports/annual", headers=officer, params={"year": 2022, "format": "xlsx"}
                )
            ).content
        )
    )
    assert book.sheetnames == [
        "town",
        "households",
        "alerts",
        "alert_outcomes",
        "education",
        "employment",
        "projects",
        "loans",
    ]
    loans = list(book["loans"].iter_rows(values_only=True))
    assert loans[1][1:] == (105, 4705900.0)
    assert [Decimal(str(r[2])) for r in loans[2:]] == [
        Decimal(report["loans_2022"]["interest_subsidy"][q]["yuan"]) for q in ("Q1", "Q2", "Q3", "Q4")
    ]
    alerts_sheet = list(book["alerts"].iter_rows(values_only=True))
    assert alerts_sheet[-1][2] == report["alerts_2022"]["total"] == 467
    edu = list(book["education"].iter_rows(values_only=True))
    assert [r[5] for r in edu[1:]] == [217, 200]

    # SLA over the same alerts: every stage of the 467 finished, rates and days present
    sla = (await client.get("/v1/reports/sla", headers=officer, params={"year": 2022})).json()
    assert (
        sla["on_time_totals"]["village"]["finished"] == 467
        and sla["on_time_totals"]["town"]["finished"] == 467
    )
    assert sla["on_time_totals"]["village"]["rate"] is not None and sla["open_by_village"] == {}
    assert sla["average_days"]["village"] == "2.00"  # the play reports two days after each batch

    # village cadres do not read town reports
    cadre = _h(make_token("village_cadre", [VILLAGES[1][0]]))
    assert (await client.get("/v1/reports/annual", headers=cadre, params={"year": 2022})).status_code == 403
