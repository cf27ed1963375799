"""Issue 14, a calendar that outlives its library: one working-day calendar for every service.

2027 has no packaged notice. With nothing imported, an alert received on 2027-02-03 is due on the day
the lunar fallback gives (the Spring Festival skipped); an admin imports the 2027 notice in the alerts
service, which publishes the year on `calendar.v1`; the households service (its own process here: the
app in this process, its consumers on the real broker) takes it, and its 15-working-day
identification deadline follows the same notice as the alerts' due dates.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time
from typing import Any

import asyncpg

from tests.conftest import VILLAGE_CODES, feed_item, seed_villages_projection
from tests.integration.households.test_monitoring import household as household
from tests.integration.households.test_registry import api as api

DAY = date(2027, 3, 1)  # "today" for both services: after the days the test counts
# a notice shaped like the State Council's: Feb 5 (Eve) – Feb 12 off, Sunday Feb 14 worked
NOTICE = {
    "title": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
    "days_off": [f"2027-02-{d:02d}" for d in range(5, 13)] + ["2027-04-05", "2027-06-09", "2027-09-15"],
    "workdays": ["2027-02-14"],
}


def _at(day: date) -> Any:
    return lambda: datetime.combine(day, time(4, 0), tzinfo=UTC)


async def _due_of(client: Any, reader: dict[str, str], external_id: str) -> tuple[str, str]:
    alerts = (await client.get("/v1/alerts", headers=reader, params={"limit": 100})).json()["items"]
    [alert] = [a for a in alerts if a["external_id"] == external_id]
    return str(alert["id"]), str(alert["village_due_on"])


async def _due_of_new_alert(client: Any, headers: dict[str, str], n: int, reader: dict[str, str]) -> str:
    item = feed_item(n, village=VILLAGE_CODES[1], detected_on=date(2027, 2, 1))
    r = await client.post(
        "/v1/feeds",
        headers=headers,
        json={"batch_id": f"CAL-{n}", "issued_on": "2027-02-03", "items": [item]},
    )
    assert r.status_code == 200 and r.json()["accepted"] == 1, r.text
    return (await _due_of(client, reader, item["external_id"]))[1]


async def _identification_due(hh: Any, household_code: str) -> str:
    r = await hh.post(
        "/v1/monitoring-objects",
        headers=hh.officer,
        json={
            "household_code": household_code,
            "type": "sudden_hardship",
            "risk_category": "accident",
            "first_clue_on": "2027-02-03",
        },
    )
    assert r.status_code == 201, r.text
    due = str(r.json()["identification_due_on"])
    conn = await asyncpg.connect(hh.db_url.replace("postgresql+asyncpg", "postgresql"))
    try:  # the next test of this object starts over
        await conn.execute("DELETE FROM monitoring_objects WHERE id = $1", r.json()["id"])
    finally:
        await conn.close()
    return due


async def test_2027_due_dates_follow_the_fallback_then_the_imported_notice_in_every_service(
    alerts_app: Any, clean_alerts: str, households_app: Any, api: Any, household: str, make_token: Any
) -> None:
    alerts, client = alerts_app
    alerts.state.ctx.clock = _at(DAY)
    households_app[0].state.ctx.clock = _at(DAY)
    await seed_villages_projection(clean_alerts)
    officer = {"Authorization": f"Bearer {make_token('town_officer')}"}
    admin = {"Authorization": f"Bearer {make_token('admin')}"}
    integration = {"Authorization": f"Bearer {make_token('integration')}"}

    # nothing imported: the fallback. Feb 4, then (Spring Festival Feb 5–8, in lieu 9–10) 11, 12, 15, 16
    assert await _due_of_new_alert(client, integration, 1, officer) == "2027-02-16"
    day = (await client.get("/v1/admin/calendar", headers=officer, params={"day": "2027-02-09"})).json()
    assert day["day"] == {"date": "2027-02-09", "workday": False, "fallback": True, "source": "fallback"}
    # households counts 15 working days from 2027-02-03 on the same fallback
    assert await _identification_due(api, household) == "2027-03-02"
    # an object of another household stays open: its deadline must follow the notice when it comes
    kept = await api.post(
        "/v1/monitoring-objects",
        headers=api.officer,
        json={
            "household_code": f"{VILLAGE_CODES[2]}900002",
            "type": "sudden_hardship",
            "risk_category": "accident",
            "first_clue_on": "2027-02-03",
        },
    )
    assert kept.status_code == 201 and kept.json()["identification_due_on"] == "2027-03-02", kept.text

    # the admin imports the notice; a cadre may not
    cadre = {"Authorization": f"Bearer {make_token('village_cadre', [VILLAGE_CODES[1]])}"}
    assert (
        await client.put("/v1/admin/calendar/notices/2027", headers=cadre, json=NOTICE)
    ).status_code == 403
    bad = await client.put(
        "/v1/admin/calendar/notices/2027",
        headers={**admin, "Accept-Language": "zh"},
        json={**NOTICE, "workdays": ["2028-01-01", "2027-02-05"]},
    )
    assert bad.status_code == 422 and len(bad.json()["error"]["details"]) == 2, bad.text
    r = await client.put("/v1/admin/calendar/notices/2027", headers=admin, json=NOTICE)
    assert r.status_code == 204, r.text

    # alerts: Feb 4, then Sun 14 (worked), 15, 16, 17
    assert await _due_of_new_alert(client, integration, 2, officer) == "2027-02-17"
    # the alert received before the import was counted again on the notice, with an audit entry
    first, due = await _due_of(client, officer, feed_item(1, village=VILLAGE_CODES[1])["external_id"])
    assert due == "2027-02-17"
    trail = (await client.get(f"/v1/alerts/{first}/audit", headers=officer)).json()["entries"]
    assert [(e["action"], e["details"]["from"], e["details"]["to"]) for e in trail[1:]] == [
        ("due_date_moved", "2027-02-16", "2027-02-17")
    ]
    day = (await client.get("/v1/admin/calendar", headers=officer, params={"day": "2027-02-14"})).json()
    assert day["notices"] == [2027] and day["day"]["source"] == "notice" and day["day"]["workday"] is True

    # households: the year arrives over calendar.v1 (the relay, the broker, its consumer)
    hh_ctx = households_app[0].state.ctx
    for _ in range(300):
        if 2027 in hh_ctx.calendar.notices:
            break
        await asyncio.sleep(0.1)
    assert hh_ctx.calendar.notices[2027].workdays == {date(2027, 2, 14)}
    # 15 working days from Feb 3 on the notice: Feb 4, 14–19 (6), 22–26 (5), Mar 1–3 (3)
    assert await _identification_due(api, household) == "2027-03-03"

    async def kept_due() -> str:
        r = await api.get(f"/v1/monitoring-objects/{kept.json()['id']}", headers=api.officer)
        return str(r.json()["identification_due_on"])

    for _ in range(100):  # the consumer counts it again in the transaction that stores the year
        if await kept_due() == "2027-03-03":
            break
        await asyncio.sleep(0.1)
    assert await kept_due() == "2027-03-03"

    # an override of one date moves both services the same way (the year republished whole)
    r = await client.put(
        "/v1/admin/calendar", headers=admin, json={"day": "2027-02-15", "workday": False, "note": "test"}
    )
    assert r.status_code == 204
    assert await _due_of_new_alert(client, integration, 3, officer) == "2027-02-18"
    for _ in range(300):
        if hh_ctx.calendar.overrides.get(date(2027, 2, 15)) is False:
            break
        await asyncio.sleep(0.1)
    assert await _identification_due(api, household) == "2027-03-04"
    # both alerts received before the override moved again, each with its event for the reports
    assert {
        (await _due_of(client, officer, feed_item(n, village=VILLAGE_CODES[1])["external_id"]))[1]
        for n in (1, 2)
    } == {"2027-02-18"}
    conn = await asyncpg.connect(clean_alerts.replace("postgresql+asyncpg", "postgresql"))
    try:
        moved = await conn.fetchval(
            "SELECT count(*) FROM outbox WHERE event_type = 'alerts.alert.due_date_moved'"
        )
    finally:
        await conn.close()
    assert moved == 3  # alert 1 at the import, alerts 1 and 2 at the override
