"""Issue 14, the rectification ledger (整改台账): a finding opened as an item with its measure, the person
responsible and a deadline in working days; missing the deadline raises an internal alert, once; closing
it with evidence shows in the reports' ledger (alerts and reports in this process, the real broker)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time
from typing import Any

import asyncpg

from tests.conftest import VILLAGE_CODES, seed_villages_projection
from tests.integration.alerts.conftest import bearer

V1, V2 = VILLAGE_CODES[1], VILLAGE_CODES[2]
FINDING = {
    "source": "detector",
    "detector": "under_line_not_enrolled",
    "finding_ref": f"household {V1}900002",
    "village_code": V1,
    "household_code": f"{V1}900002",
    "problem": "2022年第2季度人均纯收入6000.00元未超过监测标准6600.00元，但该户未纳入监测对象（应纳未纳）",
    "measure": "组织入户核查，按程序识别纳入监测",
    "responsible": "村支书 李某",
    "opened_on": "2022-06-01",
    "working_days": 5,
}


async def test_a_finding_opened_missed_and_closed_shows_in_the_ledger(
    alerts_app: Any, clean_alerts: str, reports_app: Any, clean_reports: str, make_token: Any
) -> None:
    app, alerts = alerts_app
    app.state.ctx.clock = lambda: datetime.combine(date(2022, 6, 20), time(4, 0), tzinfo=UTC)
    await seed_villages_projection(clean_alerts)
    officer, cadre1, cadre2 = (
        bearer(make_token("town_officer")),
        bearer(make_token("village_cadre", [V1])),
        bearer(make_token("village_cadre", [V2])),
    )

    r = await alerts.post("/v1/rectifications", headers=officer, json=FINDING)
    assert r.status_code == 201, r.text
    item = r.json()
    # 5 working days from Wed 2022-06-01: Thu 2, (Fri 3 Dragon Boat), 6, 7, 8, 9
    assert (item["due_on"], item["status"], item["overdue"]) == ("2022-06-09", "open", False)
    again = await alerts.post(
        "/v1/rectifications",
        headers=bearer(make_token("town_officer"), **{"Accept-Language": "zh"}),
        json=FINDING,
    )
    assert again.status_code == 409 and again.json()["error"]["message"] == "该问题已有未销号的整改事项"
    assert (await alerts.post("/v1/rectifications", headers=cadre1, json=FINDING)).status_code == 403
    bad = await alerts.post(
        "/v1/rectifications",
        headers=officer,
        json={**FINDING, "finding_ref": None, "village_code": "430981999999"},
    )
    assert bad.status_code == 422

    inspection = {
        **FINDING,
        "source": "inspection",
        "detector": None,
        "finding_ref": None,
        "problem": "帮扶手册填写不规范",
    }
    second = (await alerts.post("/v1/rectifications", headers=officer, json=inspection)).json()
    closed = await alerts.post(
        f"/v1/rectifications/{second['rectification_id']}/close",
        headers=officer,
        json={
            "closed_on": "2022-06-08",
            "note": "已重新填写并核对",
            "evidence": ["sha256:ab12…手册照片", "镇整改〔2022〕3号"],
        },
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    assert (await alerts.get("/v1/rectifications", headers=cadre2)).json()["items"] == []
    assert len((await alerts.get("/v1/rectifications", headers=cadre1)).json()["items"]) == 2

    # the deadline passes open: overdue once, with one internal alert in the village
    sweep = await alerts.post("/v1/admin/sla/sweep", headers=officer, params={"as_of": "2022-06-10"})
    assert sweep.json()["rectifications_overdue"] == 1, sweep.text
    assert (await alerts.post("/v1/admin/sla/sweep", headers=officer, params={"as_of": "2022-06-13"})).json()[
        "rectifications_overdue"
    ] == 0
    internal = [
        a
        for a in (await alerts.get("/v1/alerts", headers=officer, params={"village_code": V1})).json()[
            "items"
        ]
        if a["category"] == "rectification_overdue"
    ]
    assert (
        len(internal) == 1
        and internal[0]["class"] == "internal"
        and internal[0]["status"] == "pending_village"
    )

    # the reports' ledger: the open item (overdue) and the closed one with its evidence
    _, reports = reports_app
    ledger: dict[str, Any] = {}
    for _ in range(300):
        ledger = (
            await reports.get("/v1/reports/rectifications", headers=officer, params={"year": 2022})
        ).json()
        if ledger.get("open") and ledger["open"][0]["overdue"] and ledger.get("closed"):
            break
        await asyncio.sleep(0.1)
    assert [(i["rectification_id"], i["due_on"]) for i in ledger["open"]] == [
        (item["rectification_id"], "2022-06-09")
    ]
    assert ledger["overdue_open"] == 1
    assert [(i["rectification_id"], i["closed_on"], i["evidence"]) for i in ledger["closed"]] == [
        (second["rectification_id"], "2022-06-08", ["sha256:ab12…手册照片", "镇整改〔2022〕3号"])
    ]
    theirs = (await reports.get("/v1/reports/rectifications", headers=cadre2, params={"year": 2022})).json()
    assert theirs["open"] == [] and theirs["closed"] == []


async def test_an_open_items_deadline_follows_a_calendar_change_and_a_closed_one_stays(
    alerts_app: Any, clean_alerts: str, make_token: Any
) -> None:
    app, alerts = alerts_app
    app.state.ctx.clock = lambda: datetime.combine(date(2022, 6, 5), time(4, 0), tzinfo=UTC)
    await seed_villages_projection(clean_alerts)
    officer, admin = bearer(make_token("town_officer")), bearer(make_token("admin"))
    open_ = (await alerts.post("/v1/rectifications", headers=officer, json=FINDING)).json()
    done = (
        await alerts.post("/v1/rectifications", headers=officer, json={**FINDING, "finding_ref": "other"})
    ).json()
    await alerts.post(
        f"/v1/rectifications/{done['rectification_id']}/close",
        headers=officer,
        json={"closed_on": "2022-06-02", "note": "已整改", "evidence": ["镇整改〔2022〕4号"]},
    )
    assert open_["due_on"] == done["due_on"] == "2022-06-09"
    # the county declares Tuesday 2022-06-07 a day off (flood): the open item's five days end on the 10th
    r = await alerts.put("/v1/admin/calendar", headers=admin, json={"day": "2022-06-07", "workday": False})
    assert r.status_code == 204

    async def due(item: dict[str, Any]) -> str:
        items = (await alerts.get("/v1/rectifications", headers=officer)).json()["items"]
        return str(next(i["due_on"] for i in items if i["rectification_id"] == item["rectification_id"]))

    assert (await due(open_), await due(done)) == ("2022-06-10", "2022-06-09")
    assert (await alerts.delete("/v1/admin/calendar/2022-06-07", headers=admin)).status_code == 204
    assert await due(open_) == "2022-06-09"  # and back when the override is withdrawn
    conn = await asyncpg.connect(clean_alerts.replace("postgresql+asyncpg", "postgresql"))
    try:
        kinds = await conn.fetch(
            "SELECT key FROM outbox WHERE event_type = 'rectification.item.due_date_moved' ORDER BY id"
        )
    finally:
        await conn.close()
    assert [k["key"] for k in kinds] == [open_["rectification_id"]] * 2
