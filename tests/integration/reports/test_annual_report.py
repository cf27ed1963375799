"""After `ruralwatch demo seed` (whose loan book gives the published subsidies to the fen) and the 2022 play of `ruralwatch demo` (through the REST APIs), every
table of the annual report, built by the reports service from events only, equals the source
document's figures; a rebuild from the topics gives a byte-identical report."""

from __future__ import annotations

import io
import subprocess
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import openpyxl
import orjson
import pytest
from PIL import Image

from services.common.demo_town import VILLAGES
from services.households.demo import seed as seed_households
from services.households.registry import register_villages
from services.launcher.calls import Clients
from services.launcher.play import play_2022
from services.loans.demo import seed as seed_loans
from tests.conftest import households_ctx, loans_ctx, wait_for
from tests.integration.loans.demo_book import check_demo_loan_book


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


def _assert_pdf_renders(body: bytes, tmp: Path, number: str) -> None:
    pdf = tmp / "report.pdf"
    pdf.write_bytes(body)
    for old in tmp.glob("page*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp / "page")], check=True
    )
    (png,) = tmp.glob("page*.png")
    assert sum(Image.open(png).convert("L").histogram()[:128]) > 2000, "page 1 is blank"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert number in text, text[:2000]


@pytest.mark.timeout(1500)  # the whole town's year: seed, 20,000+ REST calls, a rebuild from the topics
async def test_annual_report_from_events_equals_the_published_tables_and_rebuilds_identically(
    alerts_app: Any,
    households_app: Any,
    loans_app: Any,
    reports_app: Any,
    households_settings: Any,
    loans_settings: Any,
    clean_households: str,
    clean_loans: str,
    clean_reports: str,
    make_token: Any,
    figures_2022: dict[str, Any],
    tmp_path: Path,
) -> None:
    hctx = households_ctx(households_settings)
    await register_villages(hctx, VILLAGES, {"sub": "test"})
    assert (await seed_households(hctx))["seeded"] is True
    await hctx.db.dispose()
    lctx = loans_ctx(loans_settings)
    started = time.perf_counter()
    seeded = await seed_loans(lctx, projection_timeout=300)
    print(f"loan book seeded: {seeded} in {time.perf_counter() - started:.1f}s")
    assert seeded["seeded"] is True
    assert (await seed_loans(lctx))["seeded"] is False  # a database with loans is left alone
    await lctx.db.dispose()

    def headers(role: str, villages: list[str] | None = None) -> dict[str, str]:
        return _h(make_token(role, villages))

    await check_demo_loan_book(loans_app[1], headers("town_officer"), clean_loans, figures_2022)

    started = time.perf_counter()
    played = await play_2022(Clients(alerts_app[1], households_app[1], headers))
    print(f"played 2022 through the REST APIs in {time.perf_counter() - started:.1f}s: {played}")
    assert played == {"alerts": 467, "records": 417 + 509, "visits_and_income": 1274 * 16}

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
    print(f"rebuild: {rebuilt.json()}")
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

    # the four quarterly reports add up to the year
    quarters = [
        (
            await client.get("/v1/reports/quarterly", headers=officer, params={"year": 2022, "quarter": q})
        ).json()
        for q in (1, 2, 3, 4)
    ]
    assert sum(q["alerts"]["total"] for q in quarters) == report["alerts_2022"]["total"] == 467
    assert sum(q["alerts_closed"]["total"] for q in quarters) == 467
    assert [q["loans"]["interest_subsidy"] for q in quarters] == list(
        report["loans_2022"]["interest_subsidy"].values()
    )
    assert quarters[0]["education_subsidies"] == {"spring": report["education_subsidies_2022"]["spring"]}
    assert quarters[2]["education_subsidies"] == {"autumn": report["education_subsidies_2022"]["autumn"]}
    assert quarters[1]["education_subsidies"] == {} == quarters[3]["education_subsidies"]
    assert sum(q["newly_identified"]["households"] for q in quarters) == 73
    # accepted in 2022: the 22 projects awaiting nothing more and the 5 that went on to operate
    pr = report["projects_2022"]
    assert sum(q["projects_accepted"]["count"] for q in quarters) == sum(
        pr[k]["accepted"] + pr[k]["operating"] for k in ("infrastructure", "industry")
    )
    q3_md = (
        await client.get(
            "/v1/reports/quarterly",
            headers=officer,
            params={"year": 2022, "quarter": 3, "format": "md", "lang": "en"},
        )
    ).text
    assert "quarterly report 2022Q3" in q3_md and "| 38,330.17 |" in q3_md, q3_md

    # the annual (Chinese) and a quarterly (English) report as PDF with charts: pdftoppm renders page 1
    for path, params in (
        ("/v1/reports/annual", {"year": 2022, "format": "pdf"}),
        ("/v1/reports/quarterly", {"year": 2022, "quarter": 4, "format": "pdf", "lang": "en"}),
    ):
        r = await client.get(path, headers=officer, params=params)
        assert r.status_code == 200 and r.headers["content-type"] == "application/pdf", r.text[:300]
        _assert_pdf_renders(
            r.content, tmp_path, "4,705,900.00" if params.get("quarter") is None else "56,828.84"
        )

    # the problem detectors on the demo town: its one-in-fifty untargeted measures, and nothing where the
    # play and the seed did everything (visits, income, 雨露计划 only to eligible vocational students,
    # revisits and remediations)
    async def detectors_settled() -> dict[str, Any] | None:
        # the play's last visits may still be on their way from the households outbox to the topic
        body = (
            await client.get(
                "/v1/reports/problems", headers=officer, params={"year": 2022, "as_of": "2022-12-31"}
            )
        ).json()
        missed = body["summary"]["helper_missed_visit"] + body["summary"]["helper_missed_income"]
        return body if missed == 0 else None

    found = await wait_for(detectors_settled, timeout=180, interval=2)
    counts = found["summary"]
    assert counts["measures_not_targeted"] == 325 // 50, counts
    assert (
        counts["rain_and_dew_wrong_entry"]
        == counts["helper_missed_visit"]
        == counts["helper_missed_income"]
        == 0
    ), counts
    assert counts["alert_closed_without_followup"] == 0, counts
    assert counts["rain_and_dew_omission"] > 0, counts  # the demo pays 65 and 62 of its vocational students
    print("problems on the demo town:", counts)

    # village cadres do not read town reports
    cadre = _h(make_token("village_cadre", [VILLAGES[1][0]]))
    assert (await client.get("/v1/reports/annual", headers=cadre, params={"year": 2022})).status_code == 403
