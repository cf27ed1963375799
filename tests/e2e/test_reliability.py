"""Crash, broker outage and poison messages against the alerts service running as its own process."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import httpx
import orjson
import pytest

from services.common.events.topics import Topic, dlq
from services.launcher.devstack import ServiceProcess, Stack
from tests.conftest import VILLAGE_CODES, announce_villages, feed_item, wait_for

# faults timed against the load: run alone, after the parallel phase of `make test`

VERIFY = {"visited_on": "2022-03-02", "reported_on": "2022-03-03", "visitors": ["甲"], "finding": "no_risk"}


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _ready(client: httpx.AsyncClient, officer: dict[str, str]) -> None:
    async def villages_known() -> bool:
        r = await client.get("/v1/villages", headers=officer)
        return r.status_code == 200 and len(r.json()["items"]) == len(VILLAGE_CODES)

    await wait_for(villages_known, timeout=30)


async def _outbox_drained(db_url: str) -> list[str]:
    async def drained() -> bool:
        conn = await asyncpg.connect(db_url)
        try:
            return await conn.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0
        finally:
            await conn.close()

    await wait_for(drained, timeout=120, interval=0.5)
    conn = await asyncpg.connect(db_url)
    try:
        return [r["event_id"] for r in await conn.fetch("SELECT event_id FROM outbox")]
    finally:
        await conn.close()


@pytest.mark.slow
async def test_sigkill_during_intake_and_transitions_loses_and_doubles_nothing(
    e2e_stack: Stack,
    alerts_process: ServiceProcess,
    clean_alerts: str,
    kafka_publish: Any,
    kafka_reader: Any,
    make_token: Any,
) -> None:
    db_url = clean_alerts.replace("postgresql+asyncpg", "postgresql")
    officer, integration = _h(make_token("town_officer")), _h(make_token("integration"))
    await announce_villages(kafka_publish)
    big = {
        "batch_id": "KILL-BIG",
        "issued_on": "2022-03-01",
        "items": [feed_item(100_000 + i, prefix="KB") for i in range(20_000)],
    }
    async with httpx.AsyncClient(base_url=alerts_process.url, timeout=120) as client:
        await _ready(client, officer)
        small = [feed_item(i, prefix="KS") for i in range(300)]
        r = await client.post(
            "/v1/feeds",
            headers=integration,
            json={"batch_id": "KILL-SMALL", "issued_on": "2022-03-01", "items": small},
        )
        assert r.json()["accepted"] == 300
        ids = [
            a["id"]
            for a in (
                await client.get(
                    "/v1/alerts", headers=officer, params={"batch_id": "KILL-SMALL", "limit": 500}
                )
            ).json()["items"]
        ]

        acknowledged: set[str] = set()

        async def transitions() -> None:
            for aid in ids:
                try:
                    r = await client.post(f"/v1/alerts/{aid}/verification", headers=officer, json=VERIFY)
                except httpx.HTTPError:
                    return
                if r.status_code == 200:
                    acknowledged.add(aid)

        async def intake() -> int | None:
            try:
                return (await client.post("/v1/feeds", headers=integration, json=big)).status_code
            except httpx.HTTPError:
                return None

        t_intake = asyncio.create_task(intake())
        t_flow = asyncio.create_task(transitions())

        async def under_way() -> bool:  # not a fixed sleep: on a busy machine 1.5 s acknowledged none
            return len(acknowledged) >= 10

        await wait_for(under_way, timeout=60, interval=0.01)
        alerts_process.kill()
        big_status = await t_intake
        await t_flow
        assert 0 < len(acknowledged) < len(ids), "the kill should land in the middle of the transitions"

    alerts_process.start()
    alerts_process.wait_ready()
    async with httpx.AsyncClient(base_url=alerts_process.url, timeout=120) as client:
        # every acknowledged transition survived
        conn = await asyncpg.connect(db_url)
        try:
            verified = {
                str(r["id"])
                for r in await conn.fetch(
                    "SELECT id FROM alerts WHERE batch_id = 'KILL-SMALL' AND status = 'village_verified'"
                )
            }
        finally:
            await conn.close()
        assert acknowledged <= verified
        # the client retries what it did not see acknowledged: each lands exactly once
        for aid in ids:
            if aid not in acknowledged:
                r = await client.post(f"/v1/alerts/{aid}/verification", headers=officer, json=VERIFY)
                assert r.status_code in (200, 409), r.text
        resent = (await client.post("/v1/feeds", headers=integration, json=big)).json()
        assert resent["accepted"] + resent["duplicates"] == 20_000 and not resent["rejected"]
        if big_status == 200:
            assert resent["accepted"] == 0
    conn = await asyncpg.connect(db_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM alerts WHERE batch_id = 'KILL-BIG'") == 20_000
        assert (
            await conn.fetchval(
                "SELECT count(*) FROM alerts WHERE batch_id = 'KILL-SMALL' AND status = 'village_verified'"
            )
            == 300
        )
        per_alert = await conn.fetch(
            "SELECT alert_id, count(*) AS n FROM audit_entries WHERE action = 'verified' GROUP BY alert_id"
        )
        assert len(per_alert) == 300 and all(r["n"] == 1 for r in per_alert)
        assert await conn.fetchval("SELECT count(*) FROM audit_entries WHERE action = 'received'") == 20_300
    finally:
        await conn.close()
    # every outbox event reaches its topic: distinct event ids on the topics = outbox rows
    outbox_ids = set(await _outbox_drained(db_url))
    assert len(outbox_ids) == 2 * 20_300 + 2 * 300
    on_topics: set[str] = set()
    for topic in (Topic.ALERTS.value, Topic.AUDIT.value):
        for r in await kafka_reader.read(topic, timeout=60):
            headers = dict(r.headers or [])
            on_topics.add(headers.get("event_id", b"").decode())
    assert outbox_ids <= on_topics
    assert len(outbox_ids & on_topics) == len(outbox_ids)


async def test_poison_inbound_message_goes_to_dlq_and_next_is_processed(
    alerts_process: ServiceProcess,
    kafka_publish: Any,
    kafka_reader: Any,
    make_token: Any,
) -> None:
    officer = _h(make_token("town_officer"))
    await announce_villages(kafka_publish)
    async with httpx.AsyncClient(base_url=alerts_process.url, timeout=30) as client:
        await _ready(client, officer)
        await kafka_publish(Topic.PROVINCE_ALERTS_INBOUND.value, b"\xff not json {", key="poison")
        item = feed_item(777, prefix="INB")
        await kafka_publish(
            Topic.PROVINCE_ALERTS_INBOUND.value,
            orjson.dumps(
                {"batch_id": "INB-1", "source": "province", "issued_on": "2022-03-01", "item": item}
            ),
            key="good",
        )

        async def arrived() -> bool:
            r = await client.get("/v1/alerts", headers=officer, params={"batch_id": "INB-1"})
            return len(r.json()["items"]) == 1

        await wait_for(arrived)
    dead = await kafka_reader.read(
        dlq(Topic.PROVINCE_ALERTS_INBOUND.value),
        until=lambda rs: any(r.value == b"\xff not json {" for r in rs),
    )
    poison = next(r for r in dead if r.value == b"\xff not json {")
    headers = dict(poison.headers)
    assert headers["dlq.origin_topic"] == Topic.PROVINCE_ALERTS_INBOUND.value.encode()
    assert b"not a provincial alert item" in headers["dlq.error"]


@pytest.mark.slow
async def test_broker_down_transitions_succeed_and_outbox_drains_after(
    e2e_stack: Stack,
    alerts_process: ServiceProcess,
    clean_alerts: str,
    kafka_publish: Any,
    make_token: Any,
) -> None:
    db_url = clean_alerts.replace("postgresql+asyncpg", "postgresql")
    officer, integration = _h(make_token("town_officer")), _h(make_token("integration"))
    await announce_villages(kafka_publish)
    async with httpx.AsyncClient(base_url=alerts_process.url, timeout=30) as client:
        await _ready(client, officer)
        r = await client.post(
            "/v1/feeds",
            headers=integration,
            json={
                "batch_id": "BRK",
                "issued_on": "2022-03-01",
                "items": [feed_item(i, prefix="BRK") for i in range(20)],
            },
        )
        assert r.json()["accepted"] == 20
        await _outbox_drained(db_url)
        ids = [
            a["id"]
            for a in (await client.get("/v1/alerts", headers=officer, params={"batch_id": "BRK"})).json()[
                "items"
            ]
        ]
        assert e2e_stack.broker is not None
        e2e_stack.broker.stop()
        try:
            for aid in ids:
                r = await client.post(f"/v1/alerts/{aid}/verification", headers=officer, json=VERIFY)
                assert r.status_code == 200, r.text
            conn = await asyncpg.connect(db_url)
            try:
                waiting = await conn.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
            finally:
                await conn.close()
            assert waiting == 40  # verified + audit entry for each, waiting for the broker
        finally:
            e2e_stack.broker.start(e2e_stack.workdir)
        await _outbox_drained(db_url)
