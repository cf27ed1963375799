"""Loans and alerts as two real processes on the real broker: an overdue loan raises one internal alert."""

from __future__ import annotations

from typing import Any

import httpx

from services.common.events.topics import Topic
from services.launcher.devstack import ServiceProcess
from tests.conftest import wait_for
from tests.integration.loans.helpers import ADULT, V1, announce_households, application


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_an_overdue_loan_produces_exactly_one_internal_alert_that_goes_through_the_workflow(
    alerts_process: ServiceProcess,
    loans_process: ServiceProcess,
    make_token: Any,
    kafka_reader: Any,
    kafka_publish: Any,
) -> None:
    officer, admin, cadre = (
        _h(make_token("town_officer")),
        _h(make_token("admin")),
        _h(make_token("village_cadre", [V1])),
    )
    await announce_households(kafka_publish)
    async with (
        httpx.AsyncClient(base_url=loans_process.url, timeout=30) as lo,
        httpx.AsyncClient(base_url=alerts_process.url, timeout=30) as al,
    ):

        async def applied() -> Any:
            r = await lo.post("/v1/loans", headers=officer, json=application())
            return r if r.status_code == 201 else None

        loan_id = (await wait_for(applied, timeout=30, interval=0.5)).json()[
            "id"
        ]  # once the projection has it
        await lo.post(
            f"/v1/loans/{loan_id}/decision",
            headers=officer,
            json={"decision": "approve", "decided_on": "2022-01-06"},
        )
        r = await lo.post(
            f"/v1/loans/{loan_id}/disbursement",
            headers=officer,
            json={"disbursed_on": "2022-01-10", "bank": "沅江农商银行", "annual_rate": "0.037"},
        )
        assert r.status_code == 200, r.text
        # the 2022-03-20 interest is not paid: the job on 03-25 (and again on 03-26) finds the loan overdue
        for day in ("2022-03-25", "2022-03-26"):
            r = await lo.post("/v1/admin/jobs/daily", headers=admin, params={"as_of": day})
            assert r.status_code == 200, r.text

        async def internal_alerts() -> list[dict[str, Any]]:
            r = await al.get("/v1/alerts", headers=officer, params={"category": "loan_overdue"})
            items: list[dict[str, Any]] = r.json()["items"]
            return items

        alerts = await wait_for(internal_alerts, timeout=30)
        # redelivery of the overdue event changes nothing
        overdue = [
            e
            for e in await kafka_reader.envelopes(Topic.LOANS.value)
            if e.event_type == "loans.loan.overdue" and e.aggregate_id == loan_id
        ]
        assert len(overdue) == 1
        await kafka_publish(Topic.LOANS.value, overdue[0])
        await kafka_publish(Topic.LOANS.value, overdue[0])
        await wait_for(lambda: _duplicates_seen(al, 2), timeout=20)
        alerts = await internal_alerts()
        assert len(alerts) == 1, alerts
        alert = alerts[0]
        assert (alert["class"], alert["village_code"], alert["status"]) == ("internal", V1, "pending_village")
        assert alert["source"] == "loans" and alert["received_on"] == "2022-03-21"
        assert alert["household_match"] == "matched_by_id_number"
        assert ADULT not in str(alert)

        # and it goes through the normal workflow, village first
        aid = alert["id"]
        r = await al.post(
            f"/v1/alerts/{aid}/verification",
            headers=cadre,
            json={
                "visited_on": "2022-03-22",
                "reported_on": "2022-03-22",
                "visitors": ["村支书"],
                "finding": "no_risk",
                "notes": "借款人外出务工，已联系家属补缴利息",
            },
        )
        assert r.status_code == 200, r.text
        r = await al.post(
            f"/v1/alerts/{aid}/review",
            headers=officer,
            json={"decision": "approve", "reviewed_on": "2022-03-23"},
        )
        assert r.status_code == 200, r.text
        r = await al.post(
            f"/v1/alerts/{aid}/close-out",
            headers=officer,
            json={"outcome": "no_risk", "closed_on": "2022-03-24"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "closed"
        audit = (
            await al.get(
                f"/v1/alerts/{aid}/audit", headers=_h(make_token("auditor")), params={"verify": "true"}
            )
        ).json()
        assert audit["verified"] is True and audit["entries"][0]["action"] == "received"


async def _duplicates_seen(client: httpx.AsyncClient, at_least: int) -> bool:
    """True once the alerts loans consumer has counted `at_least` redelivered (duplicate) events."""
    text = (await client.get("/metrics")).text
    for line in text.splitlines():
        if (
            line.startswith("rw_consumer_messages_total")
            and 'consumer="alerts.loans-internal"' in line
            and ('result="duplicate"' in line)
        ):
            return float(line.rsplit(" ", 1)[1]) >= at_least
    return False
