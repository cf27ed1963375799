"""Monitoring objects: statutory steps, deadlines and the guardrails of risk elimination."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.integration.households.test_registry import V1, _good_rows, _member_csv, _run_import
from tests.integration.households.test_registry import api as api


@pytest.fixture
async def household(api: Any) -> str:
    await _run_import(api, _member_csv(_good_rows()))
    return f"{V1}900001"


async def _steps(api: Any, mo_id: str) -> dict[str, Any]:
    last: dict[str, Any] = {}
    for step, on, extra in [
        ("consent", "2022-01-05", {}),
        ("home_check", "2022-01-06", {}),
        ("village_appraisal", "2022-01-07", {}),
        ("public_notice", "2022-01-10", {"notice_to": "2022-01-14"}),
        ("town_review", "2022-01-17", {}),
        ("county_approval", "2022-01-19", {}),
    ]:
        r = await api.post(
            f"/v1/monitoring-objects/{mo_id}/steps",
            headers=api.officer,
            json={"step": step, "on": on, **extra},
        )
        assert r.status_code == 200, r.text
        last = r.json()
    return last


async def test_steps_in_order_with_notice_length_and_deadline(api: Any, household: str) -> None:
    r = await api.post(
        "/v1/monitoring-objects",
        headers=api.officer,
        json={
            "household_code": household,
            "type": "unstable_alleviated",
            "risk_category": "major_illness",
            "first_clue_on": "2022-01-04",
        },
    )
    assert r.status_code == 201, r.text
    mo = r.json()
    assert mo["status"] == "identifying" and mo["identification_due_on"] == "2022-01-25"  # 15 working days
    again = await api.post(
        "/v1/monitoring-objects",
        headers=api.officer,
        json={
            "household_code": household,
            "type": "marginal",
            "risk_category": "income",
            "first_clue_on": "2022-01-04",
        },
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_monitored"
    skipped = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/steps",
        headers=api.officer,
        json={"step": "town_review", "on": "2022-01-05"},
    )
    assert skipped.status_code == 409
    assert len(skipped.json()["error"]["details"]) == 4  # consent, home check, appraisal, notice all missing
    await api.post(
        f"/v1/monitoring-objects/{mo['id']}/steps",
        headers=api.officer,
        json={"step": "consent", "on": "2022-01-05"},
    )
    await api.post(
        f"/v1/monitoring-objects/{mo['id']}/steps",
        headers=api.officer,
        json={"step": "home_check", "on": "2022-01-06"},
    )
    await api.post(
        f"/v1/monitoring-objects/{mo['id']}/steps",
        headers=api.officer,
        json={"step": "village_appraisal", "on": "2022-01-07"},
    )
    short = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/steps",
        headers=api.officer,
        json={"step": "public_notice", "on": "2022-01-10", "notice_to": "2022-01-12"},
    )
    assert short.status_code == 422 and "at least 5 days" in short.json()["error"]["details"][0]
    cadre = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/steps",
        headers=api.cadre1,
        json={"step": "public_notice", "on": "2022-01-10", "notice_to": "2022-01-14"},
    )
    assert cadre.status_code == 200
    await api.post(
        f"/v1/monitoring-objects/{mo['id']}/steps",
        headers=api.officer,
        json={"step": "town_review", "on": "2022-01-17"},
    )
    assert (
        await api.post(
            f"/v1/monitoring-objects/{mo['id']}/steps",
            headers=api.cadre1,
            json={"step": "county_approval", "on": "2022-01-19"},
        )
    ).status_code == 403
    done = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/steps",
        headers=api.officer,
        json={"step": "county_approval", "on": "2022-01-19"},
    )
    assert done.json()["status"] == "monitoring" and done.json()["identified_on_time"] is True


async def test_risk_elimination_lists_every_unmet_condition_then_succeeds(api: Any, household: str) -> None:
    mo = (
        await api.post(
            "/v1/monitoring-objects",
            headers=api.officer,
            json={
                "household_code": household,
                "type": "unstable_alleviated",
                "risk_category": "major_illness",
                "first_clue_on": "2022-01-04",
            },
        )
    ).json()
    r = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/risk-elimination",
        headers=api.officer,
        json={"eliminated_on": "2022-10-10"},
    )
    assert r.status_code == 409
    details = r.json()["error"]["details"]
    assert any("is identifying, not monitoring" in d for d in details)
    assert any("identified less than 6 months" in d for d in details)
    assert any("no assistance measure" in d for d in details)
    assert any("no income record for 2022Q3" in d for d in details)
    assert any("no income record for 2022Q2" in d for d in details)
    await _steps(api, mo["id"])
    # income: 2 members, 2022Q2 below the 6,600 line, 2022Q3 above it
    assert (
        await api.post(
            f"/v1/households/{household}/income",
            headers=api.cadre1,
            json={"year": 2022, "quarter": 2, "total_income": "3000.00"},
        )
    ).json()["per_capita_annualised"] == "6000.00"
    await api.post(
        f"/v1/households/{household}/income",
        headers=api.officer,
        json={"year": 2022, "quarter": 3, "total_income": "4000.00"},
    )
    r = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/risk-elimination",
        headers=api.officer,
        json={"eliminated_on": "2022-10-10"},
    )
    details = r.json()["error"]["details"]
    assert r.status_code == 409 and len(details) == 3, details
    assert any("2022Q2 per-capita income 6000.00 is not above the monitoring line 6600" in d for d in details)
    assert any("no assistance measure" in d for d in details)
    assert any("no record of 两不愁三保障 and drinking water as of 2022-10-10" in d for d in details)
    # the collection form: housing unsafe as of 2022-09-01 (two members, one of them skilled labour)
    hh = (await api.get(f"/v1/households/{household}", headers=api.officer)).json()
    first_member = hh["members"][0]["id"]
    form = {
        g: True
        for g in ("food_clothing_ok", "compulsory_education_ok", "basic_medical_ok", "drinking_water_safe")
    }
    v1 = await api.post(
        f"/v1/households/{household}/profile",
        headers=api.cadre1,
        json={
            "effective_on": "2022-09-01",
            **form,
            "housing_safe": "false",
            "work_ability": {first_member: "技能劳动力"},
        },
    )
    assert v1.status_code == 201, v1.text
    assert (v1.json()["version"], v1.json()["guarantees_met"], v1.json()["anyone_can_work"]) == (
        1,
        False,
        True,
    )
    # the same refusal for the office's staff, in Chinese (issue 14)
    zh = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/risk-elimination",
        headers={**api.officer, "Accept-Language": "zh-CN,zh;q=0.9"},
        json={"eliminated_on": "2022-10-10"},
    )
    assert zh.json()["error"]["message"] == "尚不具备风险消除条件"
    assert sorted(zh.json()["error"]["details"]) == [
        "2022年第2季度人均纯收入6000.00元未超过监测标准6600元",
        "住房安全有保障：未达标（截至2022-10-10）",
        "尚未登记任何帮扶措施",
    ]
    await api.post(
        f"/v1/households/{household}/measures",
        headers=api.officer,
        json={"kind": "health", "description": "大病救助", "start_on": "2022-02-01"},
    )
    r = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/risk-elimination",
        headers=api.officer,
        json={"eliminated_on": "2023-01-10"},
    )
    assert r.status_code == 409  # Q3 and Q4 of 2022 now: Q4 is missing, and the housing is unsafe
    assert any("safe housing: not met (as of 2023-01-10)" in d for d in r.json()["error"]["details"])
    # the house repaired in December: a new version, the first one kept as history
    v2 = await api.post(
        f"/v1/households/{household}/profile",
        headers=api.officer,
        json={"effective_on": "2022-12-15", "housing_safe": True},
    )
    assert v2.status_code == 201 and v2.json()["version"] == 2 and v2.json()["guarantees_met"] is True
    await api.post(
        f"/v1/households/{household}/income",
        headers=api.officer,
        json={"year": 2022, "quarter": 4, "total_income": "4200.00"},
    )
    ok = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/risk-elimination",
        headers=api.officer,
        json={"eliminated_on": "2023-01-10"},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "risk_eliminated"


async def test_nobody_can_work_blocks_elimination(api: Any) -> None:
    await _run_import(api, _member_csv(_good_rows()))
    code = _good_rows()[2][0]  # one member, cannot work
    mo = (
        await api.post(
            "/v1/monitoring-objects",
            headers=api.officer,
            json={
                "household_code": code,
                "type": "sudden_hardship",
                "risk_category": "accident",
                "first_clue_on": "2022-01-04",
            },
        )
    ).json()
    r = await api.post(
        f"/v1/monitoring-objects/{mo['id']}/risk-elimination",
        headers=api.officer,
        json={"eliminated_on": date(2022, 12, 1).isoformat()},
    )
    assert any("nobody in the household can work" in d for d in r.json()["error"]["details"])
