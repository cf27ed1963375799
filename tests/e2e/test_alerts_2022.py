"""The source document's year 2022 through the HTTP workflow of a running alerts service."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import httpx

from services.common.calendar import WorkingDayCalendar
from services.common.events.envelope import new_event
from services.common.events.topics import Topic
from services.common.ids import PiiCipher
from services.common.settings import get_settings
from services.launcher.devstack import ServiceProcess
from tests.conftest import VILLAGE_CODES, announce_villages, feed_item, wait_for

SHIZIGENG = "430981101203"  # 石子埂村: the one confirmed risk, already a monitoring object


def year_2022_items(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """467 items with the published category counts, spread over 12 monthly batches."""
    items = []
    counts = figures["alerts_2022"]
    n = 0
    for alert_class in ("general_risk", "policy_not_implemented"):
        for category, count in counts[alert_class].items():
            for _ in range(count):
                month = n % 12 + 1
                items.append(
                    {
                        "month": month,
                        **feed_item(
                            n,
                            category=category,
                            alert_class=alert_class,
                            prefix="HN-2022",
                            detected_on=date(2022, month, 1) - timedelta(days=3),
                        ),
                    }
                )
                n += 1
    return items


async def test_year_2022_published_figures(
    alerts_process: ServiceProcess,
    kafka_publish: Any,
    kafka_reader: Any,
    make_token: Any,
    figures_2022: dict[str, Any],
) -> None:
    await announce_villages(kafka_publish)
    items = year_2022_items(figures_2022)
    assert len(items) == figures_2022["alerts_2022"]["total"]
    # the one real risk: a major-illness alert in 石子埂村 on a household that is already monitored
    risk = next(i for i in items if i["category"] == "major_illness")
    risk["village_code"] = SHIZIGENG
    risk["household_code"] = f"{SHIZIGENG}0001"
    cipher = PiiCipher(get_settings().pii_key, get_settings().pii_hash_key)
    await kafka_publish(
        Topic.HOUSEHOLDS.value,
        new_event(
            event_type="households.household.registered",
            source="households",
            aggregate_type="household",
            aggregate_id=risk["household_code"],
            actor={"sub": "test"},
            data={
                "household_code": risk["household_code"],
                "village_code": SHIZIGENG,
                "alleviated": True,
                "monitoring_type": "unstable_alleviated",
                "member_id_hashes": [cipher.lookup_hash(risk["id_number"])],
            },
        ),
    )

    officer = {"Authorization": f"Bearer {make_token('town_officer')}"}
    integration = {"Authorization": f"Bearer {make_token('integration')}"}
    cadres = {v: {"Authorization": f"Bearer {make_token('village_cadre', [v])}"} for v in VILLAGE_CODES}
    async with httpx.AsyncClient(base_url=alerts_process.url, timeout=30) as client:

        async def villages_known() -> bool:
            r = await client.get("/v1/villages", headers=officer)
            return r.status_code == 200 and len(r.json()["items"]) == len(VILLAGE_CODES)

        await wait_for(villages_known, timeout=30)

        by_external: dict[str, dict[str, Any]] = {}
        for month in range(1, 13):
            batch = [{k: v for k, v in i.items() if k != "month"} for i in items if i["month"] == month]
            r = await client.post(
                "/v1/feeds",
                headers=integration,
                json={
                    "batch_id": f"HN-2022-{month:02d}",
                    "source": "hunan-platform",
                    "issued_on": f"2022-{month:02d}-01",
                    "items": batch,
                },
            )
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["accepted"] == len(batch) and body["rejected"] == [] and body["duplicates"] == 0
            for i in batch:
                by_external[i["external_id"]] = i

        alerts = await _list_all(client, officer)
        assert len(alerts) == 467
        risk_alert = next(a for a in alerts if a["external_id"] == risk["external_id"])
        assert risk_alert["household_match"] == "matched_by_id_number"

        cal = WorkingDayCalendar()
        sem = asyncio.Semaphore(8)

        async def drive(alert: dict[str, Any]) -> None:
            async with sem:
                received = date.fromisoformat(alert["received_on"])
                is_risk = alert["external_id"] == risk["external_id"]
                is_policy = alert["class"] == "policy_not_implemented"
                visited = cal.add_working_days(received, 1)
                reported = cal.add_working_days(received, 2)
                finding = "risk" if is_risk else ("policy_issue" if is_policy else "no_risk")
                r = await client.post(
                    f"/v1/alerts/{alert['id']}/verification",
                    headers=cadres[alert["village_code"]],
                    json={
                        "visited_on": visited.isoformat(),
                        "reported_on": reported.isoformat(),
                        "visitors": ["村支书", "帮扶责任人"],
                        "finding": finding,
                        "notes": "上门核实",
                        "evidence": [{"kind": "photo", "ref": "p1.jpg"}],
                    },
                )
                assert r.status_code == 200, r.text
                assert r.json()["village_on_time"] is True
                reviewed = cal.add_working_days(reported, 2)
                review: dict[str, Any] = {"decision": "approve", "reviewed_on": reviewed.isoformat()}
                if is_risk:
                    review["revisit"] = {
                        "visited_on": reviewed.isoformat(),
                        "visitors": ["镇乡村振兴办"],
                        "finding": "risk",
                    }
                r = await client.post(f"/v1/alerts/{alert['id']}/review", headers=officer, json=review)
                assert r.status_code == 200, r.text
                closed = cal.add_working_days(reviewed, 1).isoformat()
                if is_risk:
                    close = {"outcome": "risk_confirmed", "closed_on": closed}
                elif is_policy:
                    close = {
                        "outcome": "policy_fixed",
                        "closed_on": closed,
                        "remediation": "养老金资格认证已完成"
                        if alert["category"] == "pension_not_paid"
                        else "残疾人补贴资料已补齐",
                    }
                else:
                    close = {"outcome": "no_risk", "closed_on": closed}
                r = await client.post(f"/v1/alerts/{alert['id']}/close-out", headers=officer, json=close)
                assert r.status_code == 200, r.text
                assert r.json()["status"] == ("closing" if is_risk else "closed")

        await asyncio.gather(*(drive(a) for a in alerts))

        # act as the households service: answer the risk_confirmed event
        confirmed = await kafka_reader.envelopes(
            Topic.ALERTS.value,
            until=lambda rs: any(
                b"risk_confirmed" in r.value and risk_alert["id"].encode() in r.value for r in rs
            ),
        )
        event = next(
            e
            for e in confirmed
            if e.event_type == "alerts.alert.risk_confirmed" and e.data["alert_id"] == risk_alert["id"]
        )
        await kafka_publish(
            Topic.HOUSEHOLDS.value,
            new_event(
                event_type="households.household.already_monitored",
                source="households",
                aggregate_type="household",
                aggregate_id=risk["household_code"],
                actor={"sub": "system:alerts-saga"},
                correlation_id=event.correlation_id,
                causation_id=str(event.event_id),
                data={
                    "alert_id": risk_alert["id"],
                    "household_code": risk["household_code"],
                    "village_code": SHIZIGENG,
                    "monitoring_type": "unstable_alleviated",
                },
            ),
        )

        async def risk_closed() -> bool:
            r = await client.get(f"/v1/alerts/{risk_alert['id']}", headers=officer)
            return r.json()["status"] == "closed"

        await wait_for(risk_closed)

        # the list API's counts by category and outcome equal the published figures
        final = await _list_all(client, officer)
        by_category: dict[str, Counter[str]] = defaultdict(Counter)
        for a in final:
            by_category[a["class"]][a["category"]] += 1
        figures = figures_2022["alerts_2022"]
        assert dict(by_category["general_risk"]) == figures["general_risk"]
        assert dict(by_category["policy_not_implemented"]) == figures["policy_not_implemented"]
        outcomes = Counter(a["final_outcome"] for a in final)
        assert outcomes == {
            "no_risk": figures["outcomes"]["closed_no_risk"],
            "risk_already_monitored": figures["outcomes"]["risk_confirmed_already_monitored"],
            "policy_fixed": figures["outcomes"]["policy_fixed"],
        }
        for category, count in figures["general_risk"].items():
            assert len(await _list_all(client, officer, category=category)) == count
        summary = (
            await client.get("/v1/alerts/summary", headers=officer, params={"batch_prefix": "HN-2022"})
        ).json()
        assert summary["by_category"]["general_risk"] == figures["general_risk"]
        assert summary["by_final_outcome"]["no_risk"] == figures["outcomes"]["closed_no_risk"]
        assert all(a["village_on_time"] and a["town_on_time"] for a in final)

        # every alert's audit chain verifies
        sem2 = asyncio.Semaphore(16)

        async def verified(a: dict[str, Any]) -> bool:
            async with sem2:
                r = await client.get(
                    f"/v1/alerts/{a['id']}/audit", headers=officer, params={"verify": "true"}
                )
                return bool(r.json()["verified"])

        assert all(await asyncio.gather(*(verified(a) for a in final)))

        # outcomes for the province
        r = await client.get("/v1/outcomes", headers=integration, params={"batch_id": "HN-2022-03"})
        assert r.status_code == 200 and len(r.json()) == sum(1 for i in items if i["month"] == 3)

    # a consumer on alerts.alert.v1 sees exactly the expected events for every alert, in order
    ids = {a["id"] for a in final}
    expected_total = 467 * 4 + 1
    records = await kafka_reader.envelopes(
        Topic.ALERTS.value,
        until=lambda rs: (
            sum(1 for r in rs if any(i.encode() in r.value for i in (risk_alert["id"],))) >= 5
            and len(rs) >= expected_total
        ),
        timeout=60,
    )
    seen: dict[str, list[str]] = defaultdict(list)
    for env in records:
        if env.data.get("alert_id") in ids:
            seen[env.data["alert_id"]].append(env.event_type.rsplit(".", 1)[1])
    assert set(seen) == ids
    for alert_id, types in seen.items():
        if alert_id == risk_alert["id"]:
            assert types == ["received", "verified", "reviewed", "risk_confirmed", "closed"]
        else:
            assert types == ["received", "verified", "reviewed", "closed"], (alert_id, types)
    assert len({str(e.event_id) for e in records if e.data.get("alert_id") in ids}) == expected_total


async def _list_all(
    client: httpx.AsyncClient, headers: dict[str, str], **filters: Any
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 500, **filters, **({"cursor": cursor} if cursor else {})}
        r = await client.get("/v1/alerts", headers=headers, params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        out.extend(a for a in body["items"] if a["external_id"].startswith("HN-2022"))
        cursor = body["next_cursor"]
        if not cursor:
            return out
