"""Visits and income in batches: all or nothing, every reason, scope, Idempotency-Key, races."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from tests.integration.households.test_registry import V1, V2, _count, _good_rows, _member_csv, _run_import
from tests.integration.households.test_registry import api as api

H1, H2 = f"{V1}900001", f"{V2}900002"


@pytest.fixture
async def helper(api: Any) -> str:
    await _run_import(api, _member_csv(_good_rows()))
    r = await api.post("/v1/helpers", headers=api.officer, json={"name": "帮扶人", "unit": "镇政府"})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _written(api: Any, table: str) -> int:
    return await _count(api.db_url, f"SELECT count(*) FROM {table}")


async def _staged(api: Any, kind: str) -> int:
    return await _count(
        api.db_url, f"SELECT count(*) FROM outbox WHERE event_type = 'households.household.{kind}'"
    )


async def test_a_batch_of_visits_is_written_whole_with_one_event_each(api: Any, helper: str) -> None:
    body = {
        "items": [
            {"household_code": H1, "visited_on": f"2022-0{m}-15", "helper_id": helper, "notes": "走访"}
            for m in (1, 2, 3)
        ]
    }
    r = await api.post("/v1/visits", headers={**api.cadre1, "Idempotency-Key": "v-1"}, json=body)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["count"] == 3 and [v["visited_on"] for v in out["items"]] == [
        "2022-01-15",
        "2022-02-15",
        "2022-03-15",
    ]
    assert await _written(api, "visits") == 3 and await _staged(api, "visit_recorded") == 3
    again = await api.post("/v1/visits", headers={**api.cadre1, "Idempotency-Key": "v-1"}, json=body)
    assert again.status_code == 201 and again.json() == out  # the first answer, nothing new
    assert await _written(api, "visits") == 3


async def test_a_bad_batch_of_visits_names_every_item_and_writes_nothing(api: Any, helper: str) -> None:
    items = [
        {"household_code": H1, "visited_on": "2022-01-15", "helper_id": helper},  # good
        {"household_code": H1, "visited_on": "2099-01-01"},  # future
        {"household_code": H2, "visited_on": "2022-01-15"},  # another village: unknown to cadre 1
        {"household_code": H1, "visited_on": "2022-01-15", "helper_id": str(uuid.uuid4())},  # no such helper
        {"household_code": H1, "visited_on": "2022-01-15", "helper_id": "not-a-uuid"},
        {"household_code": "430981999999999", "visited_on": "2022-01-15"},  # no such household
    ]
    r = await api.post("/v1/visits", headers=api.cadre1, json={"items": items})
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "validation_failed" and error["message_zh"]
    details = error["details"]
    assert len(details) == 5, details
    assert any(d.startswith("items[1].visited_on 2099-01-01 is in the future") for d in details)
    assert f"items[2].household_code: no household '{H2}' in your villages" in details
    assert any(d.startswith("items[3].helper_id: unknown helper") for d in details)
    assert any(d.startswith("items[4].helper_id:") for d in details)
    assert any(d.startswith("items[5].household_code:") for d in details)
    assert await _written(api, "visits") == 0 and await _staged(api, "visit_recorded") == 0
    too_many = await api.post("/v1/visits", headers=api.cadre1, json={"items": [items[0]] * 1001})
    assert too_many.status_code == 422
    empty = await api.post("/v1/visits", headers=api.cadre1, json={"items": []})
    assert empty.status_code == 422


async def test_income_batches_refuse_recorded_and_repeated_quarters_whole(api: Any, helper: str) -> None:
    first = [
        {"household_code": H1, "year": 2022, "quarter": 1, "total_income": "3000.00"},
        {"household_code": H2, "year": 2022, "quarter": 1, "total_income": "1500.50"},
    ]
    r = await api.post("/v1/income", headers=api.officer, json={"items": first})
    assert r.status_code == 201, r.text
    by_code = {i["household_code"]: i for i in r.json()["items"]}
    # H1 has two members, H2 one: the quarter ×4 ÷ members, to the fen
    assert (
        by_code[H1]["per_capita_annualised"] == "6000.00"
        and by_code[H2]["per_capita_annualised"] == "6002.00"
    )
    assert await _written(api, "income_records") == 2 and await _staged(api, "income_recorded") == 2

    second = [
        {"household_code": H1, "year": 2022, "quarter": 2, "total_income": "3100.00"},  # new
        {"household_code": H2, "year": 2022, "quarter": 1, "total_income": "1500.50"},  # recorded
    ]
    conflict = await api.post("/v1/income", headers=api.officer, json={"items": second})
    assert conflict.status_code == 409, conflict.text
    assert conflict.json()["error"]["details"] == [f"items[1]: income of {H2} for 2022Q1 is already recorded"]
    zh = await api.post(
        "/v1/income", headers={**api.officer, "Accept-Language": "zh-CN"}, json={"items": second}
    )
    assert zh.json()["error"]["details"] == [f"第1条：户编号{H2}2022年第1季度的收入已登记"]
    assert await _written(api, "income_records") == 2  # not the new quarter either

    repeated = [second[0], second[0], {**second[0], "quarter": 4, "year": 2099}]
    bad = await api.post("/v1/income", headers=api.officer, json={"items": repeated})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"] == [
        f"items[1] repeats items[0] ({H1} 2022Q2)",
        "items[2]: 2099Q4 is in the future",
    ]
    assert await _written(api, "income_records") == 2


async def test_two_income_batches_at_once_on_one_quarter_write_it_once(api: Any, helper: str) -> None:
    items = [{"household_code": H1, "year": 2022, "quarter": 3, "total_income": "3300.00"}]
    answers = await asyncio.gather(
        *(api.post("/v1/income", headers=api.officer, json={"items": items}) for _ in range(4))
    )
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409], [a.text for a in answers]
    assert await _written(api, "income_records") == 1 and await _staged(api, "income_recorded") == 1


async def test_a_visit_carries_the_short_form_and_its_event_says_whether_it_found_something(
    api: Any, helper: str
) -> None:
    """走访简表: the five checks, income, a new risk, what is needed. One visit alone and two in a batch; the
    visit event's category is `concern` when a check failed, income fell or a risk was found."""
    form = {
        "housing_safe": False,
        "drinking_water_safe": True,
        "income_change": "down",
        "new_risk": "屋顶漏雨",
    }
    one = await api.post(
        f"/v1/households/{H1}/visits",
        headers=api.cadre1,
        json={"visited_on": "2022-04-15", "helper_id": helper, "form": form},
    )
    assert one.status_code == 201 and one.json()["concern"] is True, one.text
    batch = await api.post(
        "/v1/visits",
        headers=api.cadre1,
        json={
            "items": [
                {
                    "household_code": H1,
                    "visited_on": "2022-05-15",
                    "form": {**dict.fromkeys(form, None), "income_change": "same"},
                },
                {"household_code": H1, "visited_on": "2022-06-15"},
            ]
        },
    )
    assert batch.status_code == 201, batch.text
    assert [v["concern"] for v in batch.json()["items"]] == [False, None]
    bad = await api.post(
        f"/v1/households/{H1}/visits",
        headers=api.cadre1,
        json={"visited_on": "2022-07-15", "form": {"income_change": "sideways", "roof": "leaks"}},
    )
    assert bad.status_code == 422 and len(bad.json()["error"]["details"]) == 2
    import asyncpg
    import orjson

    conn = await asyncpg.connect(api.db_url.replace("+asyncpg", ""))
    try:
        stored = [r["form"] for r in await conn.fetch("SELECT form FROM visits ORDER BY visited_on")]
        events = [
            orjson.loads(bytes(r["payload"]))["data"].get("category")
            for r in await conn.fetch(
                "SELECT payload FROM outbox WHERE event_type = 'households.household.visit_recorded' ORDER BY id"
            )
        ]
    finally:
        await conn.close()
    assert orjson.loads(stored[0]) == form and stored[2] is None
    assert events == ["concern", "checked", None]
