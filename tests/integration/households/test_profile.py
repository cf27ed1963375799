"""The household's collection-form record (采集表) on the real PostgreSQL: dated versions, never an
overwrite; the record as of a date; the figures derived; scope; the event for the read models."""

from __future__ import annotations

from typing import Any

import asyncpg
import orjson
import pytest

from tests.integration.households.test_registry import V1, _good_rows, _member_csv, _run_import
from tests.integration.households.test_registry import api as api

HH = f"{V1}900001"


@pytest.fixture
async def household(api: Any) -> str:
    await _run_import(api, _member_csv(_good_rows()))
    return HH


async def test_changes_are_dated_versions_and_the_record_reads_as_of_any_date(
    api: Any, household: str
) -> None:
    url = f"/v1/households/{household}/profile"
    members = [
        m["id"] for m in (await api.get(f"/v1/households/{household}", headers=api.officer)).json()["members"]
    ]
    v1 = await api.post(
        url,
        headers=api.cadre1,
        json={
            "effective_on": "2022-03-01",
            "food_clothing_ok": True,
            "compulsory_education_ok": True,
            "basic_medical_ok": True,
            "housing_safe": True,
            "drinking_water_safe": True,
            "medical_insurance_all": True,
            "social_assistance": "农村低保",
            "work_ability": {members[0]: "普通劳动力", members[1]: "丧失劳动力"},
            "finance_year": 2021,
            "wage_income": "12000.00",
            "business_income": "3000",
            "transfer_income": "1500.50",
            "business_costs": "1000",
            "medical_spending": "8000",
        },
    )
    assert v1.status_code == 201, v1.text
    body = v1.json()
    # two registered members: net (12,000 + 3,000 + 1,500.50 − 1,000) / 2; after spending (15,500.50 − 8,000) / 2
    assert (body["version"], body["member_count"], body["social_assistance"]) == (1, 2, "dibao")
    assert (body["net_per_capita"], body["after_rigid_per_capita"]) == ("7750.25", "3750.25")
    assert body["work_ability"] == {members[0]: "ordinary", members[1]: "lost"}
    assert body["guarantees_met"] is True and body["anyone_can_work"] is True
    # the well fails in August: a new version; the first stays as it was
    v2 = await api.post(
        url, headers=api.officer, json={"effective_on": "2022-08-01", "drinking_water_safe": False}
    )
    assert v2.status_code == 201 and v2.json()["version"] == 2
    assert (
        v2.json()["guarantees_met"] is False and v2.json()["net_per_capita"] == "7750.25"
    )  # kept, not cleared
    spring = (await api.get(url, headers=api.officer, params={"as_of": "2022-05-01"})).json()
    assert (spring["version"], spring["drinking_water_safe"]) == (1, True)
    now = (await api.get(url, headers=api.officer)).json()
    assert (now["version"], now["drinking_water_safe"]) == (2, False)
    before = await api.get(url, headers=api.officer, params={"as_of": "2022-02-28"})
    assert before.status_code == 404
    history = (await api.get(f"{url}/history", headers=api.cadre1)).json()["items"]
    assert [(h["version"], h["effective_on"], h["drinking_water_safe"]) for h in history] == [
        (1, "2022-03-01", True),
        (2, "2022-08-01", False),
    ]
    # history is appended, never rewritten: a change dated before the latest version is refused, in Chinese too
    back = await api.post(
        url,
        headers={**api.officer, "Accept-Language": "zh-CN"},
        json={"effective_on": "2022-07-01", "housing_safe": False},
    )
    assert back.status_code == 409 and back.json()["error"]["code"] == "history_is_appended"
    assert back.json()["error"]["details"] == ["第2版自2022-08-01起生效，本次生效日期2022-07-01早于它"]
    # and the database refuses an update or a delete of a version, whoever asks
    conn = await asyncpg.connect(api.db_url.replace("+asyncpg", ""))
    try:
        with pytest.raises(asyncpg.RaiseError, match="never changed or removed"):
            await conn.execute("UPDATE household_profiles SET effective_on = '2020-01-01'")
        with pytest.raises(asyncpg.RaiseError, match="never changed or removed"):
            await conn.execute("DELETE FROM household_profiles")
        events = [
            orjson.loads(bytes(r["payload"]))["data"]
            for r in await conn.fetch(
                "SELECT payload FROM outbox WHERE event_type = 'households.household.profile_recorded' ORDER BY id"
            )
        ]
    finally:
        await conn.close()
    # the read models get the figures, labour counted by grade (no member named), the line of the year
    assert [(e["version"], e["drinking_water_safe"]) for e in events] == [(1, True), (2, False)]
    assert (
        events[0]["labour"] == {"ordinary": 1, "lost": 1} and events[0]["monitoring_line"] == "6000"
    )  # 2021
    assert (
        events[0]["net_per_capita"],
        events[0]["after_rigid_per_capita"],
        events[0]["rigid_spending"],
    ) == (
        "7750.25",
        "3750.25",
        "8000.00",
    )


async def test_bad_changes_are_refused_with_every_reason_and_other_villages_see_nothing(
    api: Any, household: str
) -> None:
    url = f"/v1/households/{household}/profile"
    r = await api.post(url, headers=api.cadre1, json={"effective_on": "2099-01-01"})
    assert r.status_code == 422
    assert sorted(r.json()["error"]["details"]) == [
        "effective_on 2099-01-01 is in the future",
        "the change sets no field",
    ]
    r = await api.post(
        url,
        headers=api.cadre1,
        json={
            "effective_on": "2022-03-01",
            "finance_year": 2023,
            "wage_income": "1",
            "work_ability": {"00000000-0000-0000-0000-000000000000": "技能劳动力"},
        },
    )
    assert r.status_code == 422 and len(r.json()["error"]["details"]) == 2, r.text
    r = await api.post(
        url,
        headers=api.cadre1,
        json={"effective_on": "2022-03-01", "social_assistance": "富裕", "wage_income": "-5"},
    )
    assert r.status_code == 422 and len(r.json()["error"]["details"]) == 2, r.text
    # a cadre of another village: the household does not exist for them, read or write
    assert (
        await api.post(url, headers=api.cadre2, json={"effective_on": "2022-03-01", "housing_safe": True})
    ).status_code == 404
    assert (await api.get(f"{url}/history", headers=api.cadre2)).status_code == 404
    assert (await api.get(f"{url}/history", headers=api.cadre1)).json()["items"] == []  # nothing was written
