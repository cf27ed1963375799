"""Alerts and households as two real processes on the real broker: the risk_confirmed saga."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import httpx

from services.common.demo_town import VILLAGES
from services.common.events.topics import Topic
from services.households.registry import register_villages
from services.launcher.devstack import ServiceProcess
from tests.conftest import feed_item, households_ctx, wait_for
from tests.integration.households.test_registry import _good_rows, _member_csv

VERIFY = {"visited_on": "2022-03-02", "reported_on": "2022-03-03", "visitors": ["村支书"], "finding": "risk"}
REVIEW = {
    "decision": "approve",
    "reviewed_on": "2022-03-07",
    "revisit": {"visited_on": "2022-03-07", "visitors": ["镇乡村振兴办"], "finding": "risk"},
}


CATCH_UP = 60


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _count(url: str, sql: str) -> int:
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


async def test_risk_confirmed_enrols_or_finds_monitored_and_replay_changes_nothing(
    alerts_process: ServiceProcess,
    households_process: ServiceProcess,
    households_settings: Any,
    clean_households: str,
    clean_alerts: str,
    make_token: Any,
    kafka_reader: Any,
    kafka_publish: Any,
) -> None:
    officer, integration = _h(make_token("town_officer")), _h(make_token("integration"))
    ctx = households_ctx(households_settings)
    await register_villages(ctx, VILLAGES, {"sub": "test"})
    await ctx.db.dispose()
    rows = _good_rows()
    fresh_code, monitored_code = rows[0][0], rows[2][0]
    async with (
        httpx.AsyncClient(base_url=households_process.url, timeout=30) as hh,
        httpx.AsyncClient(base_url=alerts_process.url, timeout=30) as al,
    ):
        r = await hh.post(
            "/v1/imports", headers=officer, files={"file": ("m.csv", _member_csv(rows), "text/csv")}
        )
        assert r.status_code == 202

        async def imported() -> bool:
            return (await hh.get(f"/v1/imports/{r.json()['job_id']}", headers=officer)).json()[
                "status"
            ] == "done"

        await wait_for(imported)
        r = await hh.post(
            "/v1/monitoring-objects",
            headers=officer,
            json={
                "household_code": monitored_code,
                "type": "sudden_hardship",
                "risk_category": "accident",
                "first_clue_on": "2022-01-04",
            },
        )
        assert r.status_code == 201

        async def projected() -> bool:
            v = (await al.get("/v1/villages", headers=officer)).json()["items"]
            codes = ",".join(f"'{row[0]}'" for row in rows)  # other tests' households may share the topic
            return (
                len(v) == len(VILLAGES)
                and await _count(
                    clean_alerts, f"SELECT count(*) FROM proj_members WHERE household_code IN ({codes})"
                )
                == 3
                and await _count(
                    clean_alerts,
                    f"SELECT count(*) FROM proj_households WHERE monitoring_type IS NOT NULL AND household_code IN ({codes})",
                )
                == 1
            )

        # this module's own broker holds only this test's events (tests/e2e/conftest.py)
        await wait_for(projected, timeout=CATCH_UP)
        by_id = feed_item(
            1, village=rows[0][1], household_code="unknown-code", id_number=rows[0][5], prefix="SAGA"
        )
        by_code = feed_item(2, village=rows[2][1], household_code=monitored_code, prefix="SAGA")
        by_code.pop("id_number")
        unknown = feed_item(3, village="430981999999", prefix="SAGA")
        r = await al.post(
            "/v1/feeds",
            headers=integration,
            json={"batch_id": "SAGA-1", "issued_on": "2022-03-01", "items": [by_id, by_code, unknown]},
        )
        body = r.json()
        assert body["accepted"] == 2 and body["rejected"][0]["errors"] == ["unknown village 430981999999"]
        alerts = {
            a["external_id"]: a
            for a in (await al.get("/v1/alerts", headers=officer, params={"batch_id": "SAGA-1"})).json()[
                "items"
            ]
        }
        first, second = alerts[by_id["external_id"]], alerts[by_code["external_id"]]
        assert (first["household_match"], first["household_code"]) == ("matched_by_id_number", fresh_code)
        assert (second["household_match"], second["household_code"]) == (
            "matched_by_household_code",
            monitored_code,
        )
        for a in (first, second):
            assert (
                await al.post(f"/v1/alerts/{a['id']}/verification", headers=officer, json=VERIFY)
            ).status_code == 200
            assert (
                await al.post(f"/v1/alerts/{a['id']}/review", headers=officer, json=REVIEW)
            ).status_code == 200
            r = await al.post(
                f"/v1/alerts/{a['id']}/close-out",
                headers=officer,
                json={"outcome": "risk_confirmed", "closed_on": "2022-03-08"},
            )
            assert r.json()["status"] == "closing"

        async def settled() -> bool:
            states = [
                (await al.get(f"/v1/alerts/{a['id']}", headers=officer)).json() for a in (first, second)
            ]
            return all(s["status"] == "closed" for s in states)

        await wait_for(settled, timeout=CATCH_UP)
        final = {
            a["external_id"]: (await al.get(f"/v1/alerts/{a['id']}", headers=officer)).json()
            for a in (first, second)
        }
        assert final[by_id["external_id"]]["final_outcome"] == "risk_enrolled"
        assert final[by_code["external_id"]]["final_outcome"] == "risk_already_monitored"
        household = (await hh.get(f"/v1/households/{fresh_code}", headers=officer)).json()
        assert (
            household["monitoring_type"] == "sudden_hardship"
            or household["monitoring_type"] == "unstable_alleviated"
        )
        assert [m["status"] for m in household["monitoring_objects"]] == ["identifying"]

        # replay the whole alerts topic from offset 0: nothing changes
        before = (
            await _count(clean_households, "SELECT count(*) FROM monitoring_objects"),
            await _count(clean_households, "SELECT count(*) FROM outbox"),
            await _count(clean_alerts, "SELECT count(*) FROM audit_entries"),
        )

        async def handled() -> float:
            """Messages the saga consumer has answered as duplicates, dead-lettered (poison that other
            tests of the session put on the topic is dead-lettered again, not a duplicate) or passed
            over (alerts events of the types it does not take)."""
            total = 0.0
            for line in (await hh.get("/metrics")).text.splitlines():
                if (
                    line.startswith("rw_consumer_messages_total")
                    and 'consumer="households.alerts-saga"' in line
                    and any(f'result="{r}"' in line for r in ("duplicate", "dlq", "passed_over"))
                ):
                    total += float(line.rsplit(" ", 1)[1])
            return total

        handled_before = await handled()
        records = await kafka_reader.read(Topic.ALERTS.value, timeout=30)
        for rec in records:
            await kafka_publish(
                Topic.ALERTS.value,
                rec.value,
                key=rec.key.decode() if rec.key else None,
                headers=list(rec.headers),
            )

        async def replay_consumed() -> bool:
            return await handled() - handled_before >= len(records)

        await wait_for(replay_consumed, timeout=CATCH_UP)
        await asyncio.sleep(1)
        after = (
            await _count(clean_households, "SELECT count(*) FROM monitoring_objects"),
            await _count(clean_households, "SELECT count(*) FROM outbox"),
            await _count(clean_alerts, "SELECT count(*) FROM audit_entries"),
        )
        assert after == before
        assert (
            await _count(
                clean_households, "SELECT count(*) FROM inbox WHERE consumer = 'households.alerts-saga'"
            )
            > 0
        )
