"""Hole 7 (issue 11): no personal data in logs, dead-letter headers or error bodies.

A known ID number, name and phone go through every consumer (poison on every consumed topic, shaped
so that pydantic's error would quote them) and through every route that takes personal data (invalid
feeds, uploads, imports, loan applications, searches). Then the four services' log files, the headers
of every dead letter and every response are searched for them: zero hits. Before the fix the DLQ's
`dlq.error` header and the log lines carried pydantic's `input_value` (names), SQLAlchemy logged bound
parameters with its exceptions, and a failed import job kept `repr(exc)`.
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

import httpx
import orjson

from services.common.events.topics import Topic, dlq
from services.common.ids import make_id_number
from services.launcher.devstack import ServiceProcess
from tests.conftest import VILLAGE_CODES, wait_for
from tests.fuzzing import fuzz_seed

V1 = VILLAGE_CODES[1]

# which consumer groups read each topic: each one dead-letters the poison once
READERS = {
    Topic.HOUSEHOLDS.value: 3,  # alerts, loans, reports
    Topic.ALERTS.value: 2,  # households (saga), reports
    Topic.LOANS.value: 2,  # alerts (internal alerts), reports
    Topic.AUDIT.value: 1,  # reports
    Topic.PROVINCE_ALERTS_INBOUND.value: 1,  # alerts
}
EVENT_TYPES = {
    Topic.HOUSEHOLDS.value: "households.household.updated",
    Topic.ALERTS.value: "alerts.alert.risk_confirmed",
    Topic.LOANS.value: "loans.loan.overdue",
    Topic.AUDIT.value: "audit.entry.recorded",
}


def _h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _person(rng: random.Random) -> tuple[str, str, str]:
    id_number = make_id_number(
        "430981", date(1950, 1, 1).replace(year=1950 + rng.randrange(50)), rng.randrange(1000)
    )
    surname, given = (
        rng.choice("慕容司马欧阳上官"),
        "".join(rng.choice("晓春秋冬雪梅兰竹菊") for _ in range(3)),
    )
    phone = "139" + "".join(str(rng.randrange(10)) for _ in range(8))
    return id_number, surname + given, phone


def _poison(topic: str, pii: dict[str, str], marker: str) -> bytes:
    """A value whose validation fails on fields that carry the personal data."""
    if topic == Topic.PROVINCE_ALERTS_INBOUND.value:
        return orjson.dumps(
            {"external_id": pii, "class": pii["name"], "category": pii["phone"], "id_number": pii}
        )
    return orjson.dumps(
        {
            "event_id": str(uuid.uuid4()),
            "event_type": EVENT_TYPES[topic],
            "schema_version": 1,
            "source": "pii-test",
            "occurred_at": "2022-01-01T00:00:00Z",
            "aggregate_type": "x",
            "aggregate_id": marker,
            "correlation_id": marker,
            "data": {
                "household_code": pii,
                "village_code": pii["name"],
                "alert_id": pii,
                "loan_id": pii,
                "subject_id": pii,
                "person_name": pii["name"],
                "id_number": pii["id_number"],
                "phone": pii["phone"],
            },
        }
    )


async def test_known_personal_data_reaches_no_log_dlq_header_or_response(
    alerts_process: ServiceProcess,
    households_process: ServiceProcess,
    loans_process: ServiceProcess,
    reports_process: ServiceProcess,
    kafka_publish: Any,
    kafka_reader: Any,
    make_token: Any,
) -> None:
    seed = fuzz_seed("pii-in-logs")
    rng = random.Random(seed)
    id_number, name, phone = _person(rng)
    wrong_digit = id_number[:17] + ("0" if id_number[17] != "0" else "1")
    pii = {"id_number": id_number, "name": name, "phone": phone}
    needles = {"id_number": id_number, "id_number (wrong digit)": wrong_digit, "name": name, "phone": phone}
    marker = f"pii-{uuid.uuid4().hex[:12]}"
    officer, integration, admin = (
        _h(make_token("town_officer")),
        _h(make_token("integration")),
        _h(make_token("admin")),
    )
    procs = {"alerts": alerts_process, "households": households_process, "loans": loans_process}
    clients = {n: httpx.AsyncClient(base_url=p.url, timeout=60) for n, p in procs.items()}
    responses: list[tuple[str, httpx.Response]] = []
    try:
        al, hh, lo = clients["alerts"], clients["households"], clients["loans"]
        await hh.put(
            "/v1/villages",
            headers=admin,
            json={"villages": [{"code": V1, "name": "一村", "kind": "village"}]},
        )
        item = {
            "external_id": marker,
            "class": "general_risk",
            "category": "flood",
            "village_code": V1,
            "id_number": wrong_digit,
            "person_name": name,
            "description": f"联系电话 {phone}",
            "detected_on": "2031-01-01",
        }
        calls = [
            ("feeds, invalid item", al.post("/v1/feeds", headers=integration, json={"batch_id": marker, "issued_on": "2022-03-01", "items": [item]})),
            ("feeds, wrong types", al.post("/v1/feeds", headers=integration, json={"batch_id": name, "issued_on": id_number, "items": phone, "source": pii})),
            ("feeds, item of wrong types", al.post("/v1/feeds", headers=integration, json={"batch_id": marker, "issued_on": "2022-03-01", "items": [{**item, "detected_on": id_number, "class": pii, "village_code": phone}]})),
            (
                "feeds upload",
                al.post(
                    "/v1/feeds/upload",
                    headers=integration,
                    data={"batch_id": marker + "U", "issued_on": "2022-03-01"},
                    files={"file": ("f.csv", f"预警编号,预警类型,风险类别,村代码,身份证号,姓名,描述,发现日期\n{marker},一般风险,洪水,{V1},{wrong_digit},{name},{phone},{id_number}\n".encode("utf-8-sig"))},
                ),
            ),
            ("outcomes", al.get("/v1/outcomes", headers=integration, params={"batch_id": id_number})),
            (
                "imports",
                hh.post(
                    "/v1/imports",
                    headers=officer,
                    files={"file": ("m.csv", f"户编号,村代码,姓名,身份证号,与户主关系,联系电话\n{V1}0001,{V1},{name},{wrong_digit},邻居,{phone}\n,{V1},{name},{id_number},户主,{phone}x\n".encode("utf-8-sig"))},
                ),
            ),
            ("search", hh.post("/v1/households/search", headers=officer, json={"id_number": id_number})),
            ("search, bad number", hh.post("/v1/households/search", headers=officer, json={"id_number": wrong_digit})),
            ("helpers", hh.post("/v1/helpers", headers=officer, json={"name": pii, "unit": name, "phone": f"x{phone}x"})),
            ("household", hh.get(f"/v1/households/{id_number}", headers=officer)),
            (
                "loan application",
                lo.post(
                    "/v1/loans",
                    headers=officer,
                    json={"household_code": f"{V1}0001", "borrower_id_number": wrong_digit, "borrower_name": name, "principal": "1", "term_months": 12, "applied_on": "2022-01-05"},
                ),
            ),
            ("loan application, wrong types", lo.post("/v1/loans", headers=officer, json={"household_code": pii, "borrower_id_number": id_number, "borrower_name": pii, "principal": phone})),
        ]  # fmt: skip
        for label, call in calls:
            r = await call
            assert r.status_code < 500, f"{label}: {r.status_code} {r.text[:300]}"
            responses.append((label, r))
        job = next(r for label, r in responses if label == "imports").json().get("job_id")
        if job:

            async def done() -> Any:
                r = await hh.get(f"/v1/imports/{job}", headers=officer)
                return r if r.json()["status"] not in ("queued", "running") else None

            responses.append(("import job", await wait_for(done, timeout=60)))

        for topic in READERS:
            await kafka_publish(
                topic, _poison(topic, pii, marker), key=marker, headers=[("pii-test", marker.encode())]
            )

        async def all_dead_lettered() -> dict[str, list[Any]] | None:
            out = {}
            for topic, groups in READERS.items():
                records = [
                    r
                    for r in await kafka_reader.read(dlq(topic), timeout=5)
                    if dict(r.headers or []).get("pii-test") == marker.encode()
                ]
                if len(records) < groups:
                    return None
                out[topic] = records
            return out

        dead = await wait_for(all_dead_lettered, timeout=120, interval=1)
    finally:
        for c in clients.values():
            await c.aclose()

    hits: list[str] = []
    for label, r in responses:
        hits += [f"response {label}: {k}" for k, v in needles.items() if v in r.text]
    for topic, records in dead.items():
        for rec in records:
            headers = {k: v.decode(errors="replace") for k, v in rec.headers if k.startswith("dlq.")}
            hits += [
                f"DLQ header of {topic} ({headers['dlq.consumer']}): {k}"
                for k, v in needles.items()
                for h in headers.values()
                if v in h
            ]
    logs = {
        n: p.log_path.read_text(encoding="utf-8", errors="replace")
        for n, p in {**procs, "reports": reports_process}.items()
    }
    for service, text in logs.items():
        hits += [f"{service} log: {k}" for k, v in needles.items() if v in text]
    # the logs did record the events (so an empty log cannot pass): every consumer's dead letter
    dead_lettered = sum(text.count('"dead_lettered"') for text in logs.values())
    assert dead_lettered >= sum(READERS.values()), dead_lettered
    assert not hits, hits
    print(
        f"pii: {len(responses)} responses, {sum(len(v) for v in dead.values())} dead letters, "
        f"{sum(len(t) for t in logs.values())} bytes of logs searched for an ID number, name and phone: 0 hits"
    )
