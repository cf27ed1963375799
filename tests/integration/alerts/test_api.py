"""The alerts API in-process on the real PostgreSQL and broker: intake, scope, workflow rules, audit."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date
from typing import Any

import asyncpg
import pytest

from tests.conftest import feed_item
from tests.integration.alerts.conftest import V1, bearer


async def _feed(api: Any, batch_id: str, items: list[dict[str, Any]], issued_on: str = "2022-03-01") -> Any:
    return await api.post(
        "/v1/feeds",
        headers=api.integration,
        json={"batch_id": batch_id, "issued_on": issued_on, "items": items},
    )


async def _count(api: Any, sql: str) -> int:
    conn = await asyncpg.connect(api.db_url)
    try:
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


async def test_batch_with_bad_rows_stores_good_ones_and_lists_every_reason(api: Any) -> None:
    good = [feed_item(i, village=V1) for i in range(3)]
    wrong_digit = feed_item(10, village=V1)
    wrong_digit["id_number"] = wrong_digit["id_number"][:17] + (
        "0" if wrong_digit["id_number"][17] != "0" else "1"
    )
    bad = [
        wrong_digit,
        feed_item(11, category="flood"),
        feed_item(12, village="430981999999"),
        feed_item(13, detected_on=date(2031, 1, 1)),
        feed_item(0, village=V1),
    ]
    r = await _feed(api, "B-1", good + bad)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["accepted"] == 3 and body["duplicates"] == 0
    reasons = {x["index"]: x["errors"] for x in body["rejected"]}
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "check digit" in " ".join(reasons[3])
    assert "unknown category" in " ".join(reasons[4])
    assert "unknown village" in " ".join(reasons[5])
    assert "in the future" in " ".join(reasons[6])
    assert "duplicate external_id" in " ".join(reasons[7])
    assert await _count(api, "SELECT count(*) FROM alerts") == 3
    assert await _count(api, "SELECT count(*) FROM audit_entries") == 3
    assert await _count(api, "SELECT count(*) FROM outbox") == 6  # received + audit entry, each
    status = (await api.get("/v1/feeds/B-1", headers=api.integration)).json()
    assert len(status["rejected"]) == 5

    # the same batch again creates nothing
    r2 = await _feed(api, "B-1", good + bad)
    assert r2.json()["accepted"] == 0 and r2.json()["duplicates"] == 3
    assert await _count(api, "SELECT count(*) FROM alerts") == 3
    assert await _count(api, "SELECT count(*) FROM outbox") == 6
    # an item already taken in, inside another batch, is a duplicate too
    r3 = await _feed(api, "B-2", [good[0], feed_item(50, village=V1)])
    assert r3.json()["accepted"] == 1 and r3.json()["duplicates"] == 1


async def test_malformed_batch_is_422_with_every_reason_and_writes_nothing(api: Any) -> None:
    r = await api.post(
        "/v1/feeds", headers=api.integration, json={"batch_id": "", "issued_on": "soon", "items": 3}
    )
    assert r.status_code == 422
    fields = {d["field"] for d in r.json()["error"]["details"]}
    assert {"batch_id", "issued_on", "items"} <= fields
    r = await api.post(
        "/v1/feeds",
        headers=api.integration,
        content=b"{not json",
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_failed"
    r = await _feed(api, "B-F", [feed_item(1)], issued_on="2031-01-01")
    assert r.status_code == 422 and "future" in r.json()["error"]["details"][0]
    assert await _count(api, "SELECT count(*) FROM alerts") == 0


async def test_idempotency_key_returns_first_answer(api: Any) -> None:
    headers = {**api.integration, "Idempotency-Key": "k-1"}
    body = {"batch_id": "B-K", "issued_on": "2022-03-01", "items": [feed_item(1, village=V1)]}
    first = await api.post("/v1/feeds", headers=headers, json=body)
    again = await api.post("/v1/feeds", headers=headers, json=body)
    assert first.json() == again.json() and first.json()["accepted"] == 1
    other = await api.post("/v1/feeds", headers=headers, json={**body, "batch_id": "B-K2"})
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"


async def test_upload_csv_with_chinese_headers(api: Any) -> None:
    item = feed_item(7, village=V1)
    csv_text = (
        "预警编号,预警类型,风险类别,村代码,户编号,身份证号,姓名,发现日期\n"
        f"{item['external_id']},一般风险,住房,{V1},{item['household_code']},{item['id_number']},李四,2022-02-20\n"
        f"BAD-1,一般风险,洪水,{V1},,,王五,2022-02-20\n"
    )
    r = await api.post(
        "/v1/feeds/upload",
        headers=api.integration,
        data={"batch_id": "UP-1", "issued_on": "2022-03-01"},
        files={"file": ("feed.csv", csv_text.encode("utf-8-sig"), "text/csv")},
    )
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] == 1 and r.json()["rejected"][0]["index"] == 1
    alert = (await api.get("/v1/alerts", headers=api.officer)).json()["items"][0]
    assert alert["category"] == "housing"
    assert alert["id_number"] == item["id_number"][:6] + "*" * 11 + item["id_number"][-1]
    assert alert["person_name"] == "李**"


async def _one_alert(api: Any, village: str = V1, **kw: Any) -> dict[str, Any]:
    r = await _feed(api, f"B-{village}-{kw.get('n', 1)}", [feed_item(kw.pop("n", 1), village=village, **kw)])
    assert r.json()["accepted"] == 1, r.text
    return (await api.get("/v1/alerts", headers=api.officer, params={"village_code": village})).json()[
        "items"
    ][-1]


VERIFY = {"visited_on": "2022-03-02", "reported_on": "2022-03-03", "visitors": ["甲"], "finding": "no_risk"}


async def test_scope_roles_and_tokens(api: Any, make_token: Any) -> None:
    alert = await _one_alert(api, V1)
    aid = alert["id"]
    # another village's cadre sees nothing of it
    assert (await api.get(f"/v1/alerts/{aid}", headers=api.cadre2)).status_code == 404
    assert (
        await api.post(f"/v1/alerts/{aid}/verification", headers=api.cadre2, json=VERIFY)
    ).status_code == 404
    assert (await api.get(f"/v1/alerts/{aid}/audit", headers=api.cadre2)).status_code == 404
    assert (await api.get("/v1/alerts", headers=api.cadre2)).json()["items"] == []
    # its own cadre may verify, but not review or close out
    r = await api.post(f"/v1/alerts/{aid}/verification", headers=api.cadre1, json=VERIFY)
    assert r.status_code == 200, r.text
    r = await api.post(f"/v1/alerts/{aid}/review", headers=api.cadre1, json={"decision": "approve"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = await api.post(f"/v1/alerts/{aid}/close-out", headers=api.cadre1, json={"outcome": "no_risk"})
    assert r.status_code == 403
    # no token, expired, alg none
    assert (await api.get(f"/v1/alerts/{aid}")).status_code == 401
    assert (
        await api.get(f"/v1/alerts/{aid}", headers=bearer(make_token("town_officer", ttl=-120)))
    ).status_code == 401
    import jwt

    none = jwt.encode(
        {"sub": "x", "role": "town_officer", "aud": "ruralwatch", "exp": 9999999999}, None, algorithm="none"
    )
    r = await api.get(f"/v1/alerts/{aid}", headers=bearer(none))
    assert r.status_code == 401 and set(r.json()["error"]) == {"code", "message", "message_zh", "details"}
    # the county viewer reads but may not act
    viewer = bearer(make_token("county_viewer"))
    assert (await api.get(f"/v1/alerts/{aid}", headers=viewer)).status_code == 200
    assert (
        await api.post(f"/v1/alerts/{aid}/review", headers=viewer, json={"decision": "approve"})
    ).status_code == 403


async def test_illegal_transition_is_409_with_current_state(api: Any) -> None:
    alert = await _one_alert(api)
    r = await api.post(
        f"/v1/alerts/{alert['id']}/close-out", headers=api.officer, json={"outcome": "no_risk"}
    )
    assert r.status_code == 409
    assert r.json()["error"]["details"][0]["current_status"] == "pending_village"


async def test_concurrent_double_submit_makes_one_transition(api: Any) -> None:
    alert = await _one_alert(api)
    results = await asyncio.gather(
        *(
            api.post(f"/v1/alerts/{alert['id']}/verification", headers=api.officer, json=VERIFY)
            for _ in range(12)
        )
    )
    codes = sorted(r.status_code for r in results)
    assert codes == [200] + [409] * 11
    audit = (await api.get(f"/v1/alerts/{alert['id']}/audit", headers=api.officer)).json()["entries"]
    assert [e["action"] for e in audit] == ["received", "verified"]


async def test_review_rules_return_and_revisit(api: Any) -> None:
    alert = await _one_alert(api)
    aid = alert["id"]
    risk = {**VERIFY, "finding": "risk"}
    assert (
        await api.post(f"/v1/alerts/{aid}/verification", headers=api.officer, json=risk)
    ).status_code == 200
    r = await api.post(
        f"/v1/alerts/{aid}/review",
        headers=api.officer,
        json={"decision": "approve", "reviewed_on": "2022-03-01"},
    )
    assert r.status_code == 422
    details = r.json()["error"]["details"]
    assert len(details) == 2 and any("revisit is required" in d for d in details)
    r = await api.post(
        f"/v1/alerts/{aid}/review",
        headers=api.officer,
        json={"decision": "return", "reviewed_on": "2022-03-04"},
    )
    assert r.status_code == 200 and r.json()["status"] == "pending_village" and r.json()["return_count"] == 1
    assert r.json()["village_due_on"] == "2022-03-11"


async def test_tampered_audit_row_is_reported_at_that_row(api: Any) -> None:
    alert = await _one_alert(api)
    aid = alert["id"]
    await api.post(f"/v1/alerts/{aid}/verification", headers=api.officer, json=VERIFY)
    await api.post(
        f"/v1/alerts/{aid}/review",
        headers=api.officer,
        json={"decision": "approve", "reviewed_on": "2022-03-04"},
    )
    ok = (await api.get(f"/v1/alerts/{aid}/audit", headers=api.officer, params={"verify": "true"})).json()
    assert ok["verified"] is True and len(ok["entries"]) == 3
    conn = await asyncpg.connect(api.db_url)
    try:
        with pytest.raises(asyncpg.RaiseError):  # append-only: an UPDATE is refused outright
            await conn.execute(
                "UPDATE audit_entries SET details = '{}' WHERE alert_id = $1 AND seq = 2",
                __import__("uuid").UUID(aid),
            )
        # someone with superuser rights switches the guard off and edits a row
        await conn.execute("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only")
        await conn.execute(
            "UPDATE audit_entries SET details = jsonb_set(details, '{finding}', '\"risk\"') "
            "WHERE alert_id = $1 AND seq = 2",
            __import__("uuid").UUID(aid),
        )
        await conn.execute("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only")
    finally:
        await conn.close()
    bad = (await api.get(f"/v1/alerts/{aid}/audit", headers=api.officer, params={"verify": "true"})).json()
    assert bad["verified"] is False and bad["first_break"]["seq"] == 2


async def test_sweeper_marks_overdue_once_per_stage(api: Any) -> None:
    alert = await _one_alert(api)  # received 2022-03-01, village due 2022-03-08
    aid = alert["id"]
    assert alert["village_due_on"] == "2022-03-08"
    sweep = lambda d: api.post("/v1/admin/sla/sweep", headers=api.officer, params={"as_of": d})  # noqa: E731
    assert (await sweep("2022-03-08")).json()["marked_overdue"] == 0
    assert (await sweep("2022-03-09")).json()["marked_overdue"] == 1
    assert (await sweep("2022-03-20")).json()["marked_overdue"] == 0
    a = (await api.get(f"/v1/alerts/{aid}", headers=api.officer)).json()
    assert a["overdue"] is True and a["overdue_stage"] == "village"
    r = await api.post(
        f"/v1/alerts/{aid}/verification",
        headers=api.officer,
        json={**VERIFY, "visited_on": "2022-03-10", "reported_on": "2022-03-10"},
    )
    assert r.json()["village_on_time"] is False and r.json()["overdue"] is False
    assert r.json()["town_due_on"] == "2022-03-17"
    assert (await sweep("2022-03-18")).json()["marked_overdue"] == 1
    assert (await sweep("2022-03-19")).json()["marked_overdue"] == 0
    actions = [
        e["action"] for e in (await api.get(f"/v1/alerts/{aid}/audit", headers=api.officer)).json()["entries"]
    ]
    assert actions == ["received", "overdue", "verified", "overdue"]
    assert (await api.get(f"/v1/alerts/{aid}/audit", headers=api.officer, params={"verify": "true"})).json()[
        "verified"
    ]


async def test_auditor_reveal_is_itself_audited(api: Any, make_token: Any) -> None:
    alert = await _one_alert(api)
    auditor = bearer(make_token("auditor"))
    assert (
        await api.get(f"/v1/alerts/{alert['id']}", headers=api.officer, params={"reveal": "true"})
    ).status_code == 403
    r = await api.get(f"/v1/alerts/{alert['id']}", headers=auditor, params={"reveal": "true"})
    assert "*" not in r.json()["id_number"]
    assert r.json()["timeline"][-1]["action"] == "pii_revealed"


async def test_outcome_csv_metrics_and_oversized_body(api: Any, alerts_settings: Any) -> None:
    alert = await _one_alert(api)
    aid = alert["id"]
    await api.post(f"/v1/alerts/{aid}/verification", headers=api.officer, json=VERIFY)
    await api.post(
        f"/v1/alerts/{aid}/review",
        headers=api.officer,
        json={"decision": "approve", "reviewed_on": "2022-03-04"},
    )
    r = await api.post(
        f"/v1/alerts/{aid}/close-out",
        headers=api.officer,
        json={"outcome": "no_risk", "closed_on": "2022-03-07", "notes": "核实无风险"},
    )
    assert r.json()["final_outcome"] == "no_risk"
    csv_text = (
        await api.get("/v1/outcomes", headers=api.integration, params={"format": "csv"})
    ).content.decode("utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    assert header.startswith("batch_id,external_id") and alert["external_id"] in row and "核实无风险" in row
    metrics = (await api.get("/metrics")).text
    assert "rw_outbox_backlog" in metrics and "rw_http_request_duration_seconds" in metrics
    big = (
        b'{"batch_id": "X", "issued_on": "2022-03-01", "items": ['
        + b" " * (alerts_settings.max_body_bytes + 10)
        + b"]}"
    )
    r = await api.post(
        "/v1/feeds", headers={**api.integration, "Content-Type": "application/json"}, content=big
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
    r = await api.post("/v1/admin/sla/sweep", headers=api.officer, params={"as_of": "2099-01-01"})
    assert r.status_code == 422


async def test_database_down_is_503_json(alerts_settings: Any, make_token: Any) -> None:
    import httpx

    from services.alerts.app import create_app

    app = create_app(
        alerts_settings.model_copy(update={"database_url": "postgresql://postgres@127.0.0.1:1/postgres"})
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://a") as client:
        r = await client.get("/v1/alerts", headers=bearer(make_token("town_officer")))
        assert r.status_code == 503 and r.json()["error"]["code"] == "unavailable"
        r = await client.post(
            "/v1/feeds",
            headers=bearer(make_token("integration")),
            json={"batch_id": "D", "issued_on": "2022-03-01", "items": [feed_item(1)]},
        )
        assert r.status_code == 503
        assert (await client.get("/readyz")).status_code == 503


async def test_outcomes_csv_neutralises_formulas_and_names_any_batch(api: Any) -> None:
    """Holes 6 and 12 (issue 11): remediation text like a formula is text in the CSV; a batch id
    outside Latin-1 still gives a valid Content-Disposition (it answered 500)."""
    batch = "HN-2022-03"
    r = await _feed(
        api,
        batch,
        [feed_item(3, village=V1, alert_class="policy_not_implemented", category="pension_not_paid")],
    )
    assert r.json()["accepted"] == 1, r.text
    aid = (await api.get("/v1/alerts", headers=api.officer)).json()["items"][0]["id"]
    await api.post(
        f"/v1/alerts/{aid}/verification", headers=api.officer, json={**VERIFY, "finding": "policy_issue"}
    )
    await api.post(
        f"/v1/alerts/{aid}/review",
        headers=api.officer,
        json={"decision": "approve", "reviewed_on": "2022-03-04"},
    )
    evil = "=cmd|' /C calc'!A0"
    r = await api.post(
        f"/v1/alerts/{aid}/close-out",
        headers=api.officer,
        json={
            "outcome": "policy_fixed",
            "remediation": evil,
            "notes": "@SUM(1+1)",
            "closed_on": "2022-03-05",
        },
    )
    assert r.status_code == 200, r.text
    r = await api.get("/v1/outcomes", headers=api.integration, params={"batch_id": batch, "format": "csv"})
    assert r.status_code == 200, r.text
    assert "filename*=UTF-8''outcomes-HN-2022-03.csv" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("remediation")] == "'" + evil
    assert rows[1][rows[0].index("notes")] == "'@SUM(1+1)"
    # a batch id no platform uses, outside Latin-1: an empty list, not a 500
    r = await api.get("/v1/outcomes", headers=api.integration, params={"batch_id": "湖南-€", "format": "csv"})
    assert r.status_code == 200, r.text
    disposition = r.headers["content-disposition"]
    assert (
        disposition.isascii() and "filename*=UTF-8''outcomes-%E6%B9%96%E5%8D%97-%E2%82%AC.csv" in disposition
    )
    assert r.content.decode("utf-8-sig").splitlines()[1:] == []


async def test_concurrent_retries_with_one_idempotency_key_get_the_first_answer(api: Any) -> None:
    """Issue 11, hole 12: key check, intake and storing the answer were three transactions, so
    retries racing the first request saw `accepted 0, duplicates N` instead of its answer."""
    headers = {**api.integration, "Idempotency-Key": "race-1"}
    body = {
        "batch_id": "B-RACE",
        "issued_on": "2022-03-01",
        "items": [feed_item(i, village=V1) for i in range(20)],
    }
    answers = await asyncio.gather(*(api.post("/v1/feeds", headers=headers, json=body) for _ in range(8)))
    assert {r.status_code for r in answers} == {200}
    assert {r.text for r in answers} == {answers[0].text}, {r.text for r in answers}
    assert answers[0].json()["accepted"] == 20
    assert await _count(api, "SELECT count(*) FROM alerts") == 20


async def test_alert_reveals_are_listed_to_auditors_with_their_chains_verified(
    api: Any, make_token: Any
) -> None:
    alert = await _one_alert(api)
    auditor = bearer(make_token("auditor"))
    r = await api.get(f"/v1/alerts/{alert['id']}", headers=auditor, params={"reveal": "true"})
    assert r.status_code == 200
    body = (await api.get("/v1/audit/reveals", headers=auditor, params={"verify": "true"})).json()
    assert [(i["subject_type"], i["subject_id"], i["seq"]) for i in body["items"]] == [
        ("alert", alert["id"], 2)
    ]
    assert body["verified"] is True and body["broken"] == {}
    assert (await api.get("/v1/audit/reveals", headers=api.officer)).status_code == 403
