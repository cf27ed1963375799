"""The loans service on the real PostgreSQL and broker: eligibility, lifecycle, overdue, reminders, subsidies."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import asyncpg
import openpyxl
import pytest

from services.common.events.topics import Topic
from tests.conftest import wait_for
from tests.integration.loans.helpers import (
    ADULT,
    HELPER,
    HH_ALLEVIATED,
    HH_MARGINAL,
    HH_OTHER,
    MARGINAL_ADULT,
    OLD,
    OTHER_ADULT,
    V1,
    V2,
    announce_households,
    application,
)


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _fetch(url: str, sql: str, *args: Any) -> list[Any]:
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


@pytest.fixture
async def api(loans_app: Any, clean_loans: str, make_token: Any, kafka_publish: Any) -> Any:
    app, client = loans_app
    client.set_today = lambda day: setattr(
        app.state.ctx, "clock", lambda: datetime.combine(day, time(4, 0), tzinfo=UTC)
    )
    client.set_today(date(2022, 7, 1))  # the service lives in 2022 for these tests
    await announce_households(kafka_publish)

    async def projected() -> bool:
        rows = await _fetch(
            clean_loans,
            "SELECT count(*) AS n FROM proj_households WHERE household_code = ANY($1) AND helper_id IS NOT NULL "
            "OR household_code = ANY($2)",
            [HH_ALLEVIATED],
            [HH_MARGINAL, HH_OTHER],
        )
        return rows[0]["n"] == 3

    await wait_for(projected, timeout=180)  # the first test of a session catches up with the topic
    client.officer = _h(make_token("town_officer"))
    client.admin = _h(make_token("admin"))
    client.cadre1 = _h(make_token("village_cadre", [V1]))
    client.cadre2 = _h(make_token("village_cadre", [V2]))
    client.viewer = _h(make_token("county_viewer"))
    client.db_url = clean_loans
    return client


async def _loan(
    api: Any,
    *,
    disbursed_on: str = "2022-01-10",
    rate: str | None = "0.037",
    bank: str = "沅江农商银行",
    **app: Any,
) -> str:
    r = await api.post("/v1/loans", headers=api.officer, json=application(**app))
    assert r.status_code == 201, r.text
    loan_id: str = r.json()["id"]
    r = await api.post(
        f"/v1/loans/{loan_id}/decision",
        headers=api.officer,
        json={"decision": "approve", "decided_on": app.get("applied_on", "2022-01-05")},
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = {"disbursed_on": disbursed_on, "bank": bank}
    if rate:
        body["annual_rate"] = rate
    r = await api.post(f"/v1/loans/{loan_id}/disbursement", headers=api.officer, json=body)
    assert r.status_code == 200, r.text
    return loan_id


async def test_ineligible_applications_are_refused_with_every_reason(api: Any) -> None:
    not_eligible = await api.post(
        "/v1/loans",
        headers=api.officer,
        json=application(household_code=HH_OTHER, borrower_id_number=OTHER_ADULT),
    )
    assert not_eligible.status_code == 422
    assert not_eligible.json()["error"]["code"] == "not_eligible"
    assert any("neither alleviated" in d for d in not_eligible.json()["error"]["details"])
    zh = await api.post(
        "/v1/loans",
        headers={**api.officer, "Accept-Language": "zh-CN"},
        json=application(household_code=HH_OTHER, borrower_id_number=OTHER_ADULT),
    )
    assert zh.json()["error"]["message"] == "不符合小额信贷条件，申请未通过"
    assert (
        f"户编号{HH_OTHER}既不是脱贫户，也不是监测对象或边缘易致贫户，不能申请小额信贷"
        in zh.json()["error"]["details"]
    )

    aged_66 = await api.post("/v1/loans", headers=api.officer, json=application(borrower_id_number=OLD))
    assert aged_66.status_code == 422
    assert any("is 66 on 2022-01-05" in d for d in aged_66.json()["error"]["details"])

    too_much = await api.post("/v1/loans", headers=api.officer, json=application(principal="60000"))
    assert too_much.status_code == 422
    assert any("exceeds 50000.00" in d and "top-up" in d for d in too_much.json()["error"]["details"])

    # everything wrong at once: every reason, nothing stored
    all_wrong = await api.post(
        "/v1/loans",
        headers=api.officer,
        json=application(household_code=HH_OTHER, borrower_id_number=OLD, principal="60000", term_months=48),
    )
    details = all_wrong.json()["error"]["details"]
    assert all_wrong.status_code == 422 and len(details) == 5, details
    assert await _fetch(api.db_url, "SELECT id FROM loans") == []

    # a top-up may reach 100,000 (only 50,000 subsidised); then a second live loan is refused
    top_up = await api.post(
        "/v1/loans", headers=api.officer, json=application(principal="80000", top_up=True)
    )
    assert top_up.status_code == 201, top_up.text
    assert top_up.json()["subsidised_principal"] == "50000.00"
    assert top_up.json()["borrower"]["id_number"] == f"{ADULT[:6]}***********{ADULT[-1]}"
    second = await api.post("/v1/loans", headers=api.officer, json=application(principal="10000"))
    assert second.status_code == 422
    assert second.json()["error"]["details"] == [
        f"household {HH_ALLEVIATED} already has a live subsidised loan"
    ]

    # a marginal household's adult is eligible; a cadre of another village cannot apply there
    ok = await api.post(
        "/v1/loans",
        headers=api.officer,
        json=application(household_code=HH_MARGINAL, borrower_id_number=MARGINAL_ADULT),
    )
    assert ok.status_code == 201, ok.text
    forbidden = await api.post("/v1/loans", headers=api.cadre1, json=application())
    assert forbidden.status_code == 403


async def test_lifecycle_schedule_repayment_and_scope(api: Any) -> None:
    loan_id = await _loan(api)
    loan = (await api.get(f"/v1/loans/{loan_id}", headers=api.officer)).json()
    assert loan["status"] == "disbursed" and loan["maturity_on"] == "2025-01-10"
    first = loan["schedule"][0]
    # 2022-01-10 .. 03-20 is 70 days: 50,000 × 3.7% / 360 × 70 = 359.72
    assert (first["due_on"], first["amount"], first["period"]) == (
        "2022-03-20",
        "359.72",
        ["2022-01-10", "2022-03-20"],
    )
    assert (await api.get(f"/v1/loans/{loan_id}", headers=api.cadre2)).status_code == 404
    assert (await api.get(f"/v1/loans/{loan_id}", headers=api.cadre1)).status_code == 200
    assert [x["id"] for x in (await api.get("/v1/loans", headers=api.cadre2)).json()["items"]] == []

    bad = await api.post(
        f"/v1/loans/{loan_id}/repayments",
        headers=api.officer,
        json={"paid_on": "2022-01-01", "interest": "-1", "principal": "60000"},
    )
    assert bad.status_code == 422
    assert len(bad.json()["error"]["details"]) == 3, bad.json()

    key = {"Idempotency-Key": "pay-2022-03-20", **api.officer}
    pay = await api.post(
        f"/v1/loans/{loan_id}/repayments", headers=key, json={"paid_on": "2022-03-20", "interest": "359.72"}
    )
    again = await api.post(
        f"/v1/loans/{loan_id}/repayments", headers=key, json={"paid_on": "2022-03-20", "interest": "359.72"}
    )
    assert pay.status_code == again.status_code == 201 and pay.json() == again.json()
    assert len(await _fetch(api.db_url, "SELECT id FROM repayments")) == 1

    # early repayment in full on 2022-05-01 with the interest of 03-21..04-30 (41 days, 210.69)
    final = await api.post(
        f"/v1/loans/{loan_id}/repayments",
        headers=api.officer,
        json={"paid_on": "2022-05-01", "interest": "210.69", "principal": "50000"},
    )
    assert final.status_code == 201, final.text
    assert final.json()["loan"]["status"] == "repaid" and final.json()["loan"]["outstanding"] == "0.00"
    again_loan = await api.post("/v1/loans", headers=api.officer, json=application(applied_on="2022-06-01"))
    assert again_loan.status_code == 201  # the household's earlier loan is no longer live


async def test_floating_rate_from_the_rate_table(api: Any) -> None:
    rates = (await api.get("/v1/admin/rates", headers=api.officer)).json()["series"]["lpr_1y"]
    assert {"effective_on": "2022-01-20", "annual_rate": "0.037"} in rates
    r = await api.post("/v1/loans", headers=api.officer, json=application())
    loan_id = r.json()["id"]
    await api.post(
        f"/v1/loans/{loan_id}/decision",
        headers=api.officer,
        json={"decision": "approve", "decided_on": "2022-01-06"},
    )
    r = await api.post(
        f"/v1/loans/{loan_id}/disbursement",
        headers=api.officer,
        json={"disbursed_on": "2022-03-21", "bank": "农行", "floating": True},
    )
    assert r.status_code == 200 and r.json()["rate_series"] == "lpr_1y" and r.json()["annual_rate"] is None
    loan = (await api.get(f"/v1/loans/{loan_id}", headers=api.officer)).json()
    q3 = next(d for d in loan["schedule"] if d["due_on"] == "2022-09-20")
    # 06-21..08-21 (62 days) at 3.70%, 08-22..09-20 (30 days) at 3.65%: 318.61 + 152.08 = 470.69
    assert q3["amount"] == "470.69"


async def test_overdue_once_reminders_once_and_catch_up(api: Any, kafka_reader: Any) -> None:
    api.set_today(date(2022, 3, 28))
    loan_id = await _loan(api)
    job = "/v1/admin/jobs/daily"
    r = await api.post(job, headers=api.admin, params={"as_of": "2022-03-13"})
    assert r.json()["reminders_sent"] == 1  # 7 days before 03-20
    r = await api.post(job, headers=api.admin, params={"as_of": "2022-03-13"})
    assert r.json()["reminders_sent"] == 0  # never twice
    r = await api.post(job, headers=api.admin, params={"as_of": "2022-03-19"})
    assert r.json()["reminders_sent"] == 1  # 1 day before

    # a second loan whose job missed the 7-day day: one reminder, the missed one recorded as superseded
    other = await _loan(
        api, household_code=HH_MARGINAL, borrower_id_number=MARGINAL_ADULT, disbursed_on="2022-02-01"
    )
    r = await api.post(job, headers=api.admin, params={"as_of": "2022-03-19"})
    assert (r.json()["reminders_sent"], r.json()["reminders_superseded"]) == (1, 1)
    rows = await _fetch(
        api.db_url, "SELECT days_before, status FROM reminders WHERE loan_id = $1 ORDER BY 1", other
    )
    assert [(x["days_before"], x["status"]) for x in rows] == [(1, "delivered"), (7, "superseded")]

    # nobody pays on 03-20: both loans overdue from 03-21, raised once however often the job runs
    for _ in range(2):
        r = await api.post(job, headers=api.admin, params={"as_of": "2022-03-25"})
    assert r.json()["overdue_raised"] == 0
    overdue = await wait_for(lambda: _events(kafka_reader, "loans.loan.overdue", loan_id), timeout=20)
    assert len(overdue) == 1 and overdue[0].data["overdue_since"] == "2022-03-21"
    assert overdue[0].data["amount_due"] == "359.72"
    listed = (await api.get("/v1/loans", headers=api.officer, params={"overdue": "true"})).json()["items"]
    assert {x["id"] for x in listed} == {loan_id, other}

    # paying clears it; the quarter in which the borrower was overdue gets no subsidy
    await api.post(
        f"/v1/loans/{loan_id}/repayments",
        headers=api.officer,
        json={"paid_on": "2022-03-28", "interest": "359.72"},
    )
    loan = (await api.get(f"/v1/loans/{loan_id}", headers=api.officer)).json()
    assert loan["overdue"] is False and loan["overdue_episodes"][0]["cleared_on"] is not None
    reminders = await _events(kafka_reader, "loans.loan.repayment_due_soon", loan_id)
    assert sorted(e.data["days_before"] for e in reminders) == [1, 7]
    assert {e.data["helper_id"] for e in reminders} == {HELPER} and {
        e.data["village_code"] for e in reminders
    } == {V1}


async def _events(reader: Any, event_type: str, loan_id: str) -> list[Any]:
    envs = await reader.envelopes(Topic.LOANS.value)
    return [e for e in envs if e.event_type == event_type and e.aggregate_id == loan_id]


async def test_subsidies_per_quarter_and_exports(api: Any, make_token: Any) -> None:
    on_time = await _loan(api, principal="80000", top_up=True)  # subsidised on 50,000 only
    late = await _loan(
        api, household_code=HH_MARGINAL, borrower_id_number=MARGINAL_ADULT, disbursed_on="2022-02-01"
    )
    for loan_id, q1 in ((on_time, "575.56"), (late, "246.67")):  # 48 days: 50,000 × 3.7% / 360 × 48
        loan = (await api.get(f"/v1/loans/{loan_id}", headers=api.officer)).json()
        assert loan["schedule"][0]["amount"] == q1
    await api.post(
        f"/v1/loans/{on_time}/repayments",
        headers=api.officer,
        json={"paid_on": "2022-03-20", "interest": "575.56"},
    )
    await api.post(
        f"/v1/loans/{late}/repayments",
        headers=api.officer,
        json={"paid_on": "2022-03-22", "interest": "246.67"},
    )

    q1 = (await api.get("/v1/subsidies", headers=api.officer, params={"quarter": "2022Q1"})).json()
    lines = {x["loan_id"]: x for x in q1["lines"]}
    # 50,000 × 3.7% / 360 × 70 days = 359.72 (not the 575.56 of the 80,000 principal)
    assert lines[on_time]["subsidy"] == "359.72" and lines[on_time]["interest"] == "575.56"
    assert (
        lines[late]["subsidy"] == "0.00"
        and "interest due 2022-03-20 paid 2022-03-22" in lines[late]["withheld"]
    )
    assert q1["totals"] == {"people": 1, "lines": 2, "interest": "822.23", "subsidy": "359.72"}

    q2 = (await api.get("/v1/subsidies", headers=api.officer, params={"quarter": "2022q2"})).json()
    assert {x["loan_id"]: x["subsidy"] for x in q2["lines"]}[
        late
    ] == "0.00"  # overdue 03-21..03-22 falls in Q2

    csv_body = (
        await api.get("/v1/subsidies", headers=api.officer, params={"quarter": "2022Q1", "format": "csv"})
    ).content
    text = csv_body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("季度,村代码,户编号") and "359.72" in text and ADULT not in text
    xlsx = (
        await api.get("/v1/subsidies", headers=api.officer, params={"quarter": "2022Q1", "format": "xlsx"})
    ).content
    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    rows = list(ws.iter_rows(values_only=True))
    assert Decimal(str(rows[-1][11])) == Decimal("359.72") and rows[-1][0] == "合计"

    # the finance office's claim list (贴息申请清单): unmasked, only for finance, each download audited
    finance = {"Authorization": f"Bearer {make_token('finance', sub='finance-1')}"}
    assert (
        await api.get("/v1/subsidies/claims", headers=api.officer, params={"quarter": "2022Q1"})
    ).status_code == 403
    claims = (
        await api.get("/v1/subsidies/claims", headers=finance, params={"quarter": "2022Q1", "format": "json"})
    ).json()
    ids = {x["borrower"]["id_number"] for x in claims["lines"]}
    assert ADULT in ids and len(ids) == 2 and not any("*" in i for i in ids)
    assert "王建国" in {x["borrower"]["name"] for x in claims["lines"]}
    sheet = (await api.get("/v1/subsidies/claims", headers=finance, params={"quarter": "2022Q1"})).content
    claim_rows = list(openpyxl.load_workbook(io.BytesIO(sheet)).active.iter_rows(values_only=True))
    assert ADULT in {r[4] for r in claim_rows} and Decimal(str(claim_rows[-1][11])) == Decimal("359.72")
    audit = await _fetch(
        api.db_url,
        "SELECT actor, details FROM audit_chain WHERE subject_type = 'subsidy_claims' AND subject_id = '2022Q1' "
        "ORDER BY seq",
    )
    assert [json.loads(a["details"])["format"] for a in audit] == ["json", "xlsx"]
    assert {json.loads(a["actor"])["sub"] for a in audit} == {"finance-1"}
    bad = await api.get("/v1/subsidies", headers=api.officer, params={"quarter": "2022Q5"})
    assert bad.status_code == 422

    # settlement stores and publishes each ended quarter once
    r = await api.post("/v1/admin/jobs/daily", headers=api.admin, params={"as_of": "2022-03-25"})
    assert r.json()["quarters_settled"] == ["2022Q1"]
    r = await api.post("/v1/admin/jobs/daily", headers=api.admin, params={"as_of": "2022-03-26"})
    assert r.json()["quarters_settled"] == []


FORMULA_BANK = '=HYPERLINK("http://x","y")'


async def test_exports_show_a_formula_bank_name_as_text(api: Any) -> None:
    """Hole 6 (issue 11): a bank named like a formula is text in the CSV and XLSX claim lists."""
    await _loan(api, bank=FORMULA_BANK)
    params = {"quarter": "2022Q1"}
    csv_text = (
        await api.get("/v1/subsidies", headers=api.officer, params={**params, "format": "csv"})
    ).content.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(csv_text)) for c in row]
    assert "'" + FORMULA_BANK in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells), [c for c in cells if c[:1] in "=+@"]
    xlsx = (await api.get("/v1/subsidies", headers=api.officer, params={**params, "format": "xlsx"})).content
    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    bank_cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA_BANK]
    assert bank_cells and all(c.data_type == "s" for c in bank_cells)
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]


async def test_write_off_stops_accrual_and_illegal_transitions_answer_409(api: Any) -> None:
    loan_id = await _loan(api)
    again = await api.post(
        f"/v1/loans/{loan_id}/disbursement",
        headers=api.officer,
        json={"disbursed_on": "2022-01-10", "bank": "x", "annual_rate": "0.037"},
    )
    assert again.status_code == 409 and again.json()["error"]["details"] == ["disbursed"]
    future = await api.post(
        f"/v1/loans/{loan_id}/write-off", headers=api.officer, json={"written_off_on": "2031-01-01"}
    )
    assert future.status_code == 422
    r = await api.post(
        f"/v1/loans/{loan_id}/write-off",
        headers=api.officer,
        json={"written_off_on": "2022-02-01", "notes": "借款人死亡，经批准核销"},
    )
    assert r.status_code == 200 and r.json()["status"] == "written_off"
    loan = (await api.get(f"/v1/loans/{loan_id}", headers=api.officer)).json()
    assert loan["schedule"] == []  # nothing falls due after the write-off
    q1 = (await api.get("/v1/subsidies", headers=api.officer, params={"quarter": "2022Q1"})).json()
    # accrual 01-10 .. 01-31 only: 22 days of 50,000 at 3.7% = 113.06, and no subsidy for it
    assert [(x["days"], x["interest"], x["subsidy"], x["withheld"]) for x in q1["lines"]] == [
        (70, "113.06", "0.00", "written off 2022-02-01")
    ]
    pay = await api.post(
        f"/v1/loans/{loan_id}/repayments",
        headers=api.officer,
        json={"paid_on": "2022-03-01", "interest": "1"},
    )
    assert pay.status_code == 409


async def test_a_daily_job_run_in_the_past_reopens_nothing(api: Any, kafka_reader: Any) -> None:
    """Issue 11, hole 12: `as_of` in the past re-opened a cleared episode (a second overdue alert)
    and could clear an open one as of a day before it began."""
    api.set_today(date(2022, 4, 10))
    loan_id = await _loan(api)
    job = "/v1/admin/jobs/daily"
    r = await api.post(job, headers=api.admin, params={"as_of": "2022-03-25"})
    assert r.json()["overdue_raised"] == 1
    r = await api.post(job, headers=api.admin, params={"as_of": "2022-03-10"})  # before it began
    assert r.json()["overdue_cleared"] == 0
    loan = (await api.get(f"/v1/loans/{loan_id}", headers=api.officer)).json()
    assert loan["overdue"] is True
    await api.post(
        f"/v1/loans/{loan_id}/repayments",
        headers=api.officer,
        json={"paid_on": "2022-03-28", "interest": "359.72"},
    )
    for as_of in ("2022-03-25", "2022-03-22", "2022-04-01"):
        r = await api.post(job, headers=api.admin, params={"as_of": as_of})
        assert r.json()["overdue_raised"] == 0, (as_of, r.json())
    episodes = await _fetch(
        api.db_url, "SELECT count(*) AS n FROM overdue_episodes WHERE loan_id = $1", loan_id
    )
    assert episodes[0]["n"] == 1
    overdue = await _events(kafka_reader, "loans.loan.overdue", loan_id)
    assert len(overdue) == 1


async def test_repayments_landing_during_daily_jobs_leave_one_consistent_state(api: Any) -> None:
    """Issue 11, hole 12: the daily job read loans without locks while repayments landed."""
    api.set_today(date(2022, 4, 10))
    loan_ids = [await _loan(api) for _ in range(1)]
    loan_ids.append(
        await _loan(
            api, household_code=HH_MARGINAL, borrower_id_number=MARGINAL_ADULT, disbursed_on="2022-01-10"
        )
    )
    job = "/v1/admin/jobs/daily"
    await api.post(job, headers=api.admin, params={"as_of": "2022-03-25"})
    calls = [api.post(job, headers=api.admin, params={"as_of": "2022-04-01"}) for _ in range(4)] + [
        api.post(
            f"/v1/loans/{lid}/repayments",
            headers=api.officer,
            json={"paid_on": "2022-03-30", "interest": "359.72"},
        )
        for lid in loan_ids
    ]
    answers = await asyncio.gather(*calls)
    assert all(r.status_code in (200, 201) for r in answers), [r.text for r in answers]
    for lid in loan_ids:
        loan = (await api.get(f"/v1/loans/{lid}", headers=api.officer)).json()
        assert loan["overdue"] is False, loan
        assert [e["cleared_on"] is not None for e in loan["overdue_episodes"]] == [True]


async def test_borrower_reveals_are_sealed_and_listed_to_auditors(api: Any, make_token: Any) -> None:
    """Issue 11, hole 9: a borrower reveal wrote a local pii_reads row only."""
    loan_id = await _loan(api)
    auditor = _h(make_token("auditor"))
    for _ in range(2):
        r = await api.get(f"/v1/loans/{loan_id}/borrower", headers=auditor)
        assert r.status_code == 200 and r.json()["id_number"] == ADULT
    body = (await api.get("/v1/audit/reveals", headers=auditor, params={"verify": "true"})).json()
    assert [(i["subject_type"], i["subject_id"], i["seq"]) for i in body["items"]] == [
        ("loan", loan_id, 1),
        ("loan", loan_id, 2),
    ]
    assert body["verified"] is True and body["items"][0]["actor"]["sub"] == "test-auditor"
    assert (await api.get("/v1/audit/reveals", headers=api.officer)).status_code == 403
    outbox = await _fetch(
        api.db_url, "SELECT count(*) AS n FROM outbox WHERE event_type = 'audit.entry.recorded'"
    )
    assert outbox[0]["n"] == 2
