"""Issue 14, fix: a confirmed risk always has a household to enrol. An alert without a household code
used to be confirmed all the same; its enrolment event was poison to the households saga and the alert
waited in `closing` for good."""

from __future__ import annotations

from typing import Any

import asyncpg

from tests.integration.alerts.test_api import VERIFY, _one_alert

REVISIT = {"visited_on": "2022-03-04", "visitors": ["镇干部"], "finding": "risk"}


async def _reviewed_risk(api: Any, n: int) -> str:
    alert = await _one_alert(api, n=n, household_code=None)
    assert alert["household_code"] is None
    aid = alert["id"]
    r = await api.post(
        f"/v1/alerts/{aid}/verification", headers=api.officer, json={**VERIFY, "finding": "risk"}
    )
    assert r.status_code == 200, r.text
    r = await api.post(
        f"/v1/alerts/{aid}/review",
        headers=api.officer,
        json={"decision": "approve", "reviewed_on": "2022-03-04", "revisit": REVISIT},
    )
    assert r.status_code == 200, r.text
    return str(aid)


async def _risk_events(api: Any, aid: str) -> int:
    conn = await asyncpg.connect(api.db_url)
    try:
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM outbox WHERE event_type = 'alerts.alert.risk_confirmed' AND key = $1",
                aid,
            )
        )
    finally:
        await conn.close()


async def test_a_risk_without_a_household_needs_the_town_to_name_one(api: Any) -> None:
    aid = await _reviewed_risk(api, 61)
    close = {"outcome": "risk_confirmed", "closed_on": "2022-03-05"}
    r = await api.post(
        f"/v1/alerts/{aid}/close-out", headers={**api.officer, "Accept-Language": "zh"}, json=close
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"] == [
        "该预警没有户编号：请填写要纳入监测的农户户编号（household_code）"
    ]
    assert await _risk_events(api, aid) == 0
    r = await api.post(
        f"/v1/alerts/{aid}/close-out",
        headers=api.officer,
        json={**close, "household_code": "4309811012019999"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["household_code"]) == ("closing", "4309811012019999")
    assert await _risk_events(api, aid) == 1


async def test_an_alert_already_waiting_without_a_household_is_given_one(api: Any) -> None:
    aid = await _reviewed_risk(api, 62)
    close = {"outcome": "risk_confirmed", "closed_on": "2022-03-05", "household_code": "4309811012018888"}
    assert (await api.post(f"/v1/alerts/{aid}/close-out", headers=api.officer, json=close)).status_code == 200
    conn = await asyncpg.connect(api.db_url)
    try:  # as such alerts were left before the fix
        await conn.execute("UPDATE alerts SET household_code = NULL WHERE id = $1", aid)
    finally:
        await conn.close()
    r = await api.post(
        f"/v1/alerts/{aid}/household", headers=api.cadre2, json={"household_code": "4309811012017777"}
    )
    assert r.status_code in (403, 404)
    r = await api.post(
        f"/v1/alerts/{aid}/household", headers=api.officer, json={"household_code": "4309811012017777"}
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["household_code"]) == ("closing", "4309811012017777")
    assert await _risk_events(api, aid) == 2  # the enrolment is asked again
    audit = (await api.get(f"/v1/alerts/{aid}/audit", headers=api.officer)).json()["entries"]
    assert audit[-1]["action"] == "household_chosen"
    again = await api.post(
        f"/v1/alerts/{aid}/household", headers=api.officer, json={"household_code": "4309811012017777"}
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_state"
