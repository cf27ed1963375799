"""`ruralwatch demo`: the demo town's year 2022 played through the services' REST APIs.

Twelve monthly provincial feeds (467 alerts with the source document's category counts), each alert
verified by its village, reviewed and closed out by the town (364 without risk, 102 policy issues
fixed, one confirmed risk in a household that is already monitored); the education subsidies of both
semesters and the year's employment and public-welfare jobs, recorded for members of the alleviated
and monitored households. The registry, helpers, visits, income, projects and the loan book come from
`ruralwatch demo seed`. Running it again changes nothing: feeds are idempotent, only open alerts are
acted on, and records that exist answer 409.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

import httpx

GENERAL = {"major_illness": 83, "housing": 50, "employment": 122, "accident": 23, "other": 87}
POLICY = {"pension_not_paid": 92, "disability_subsidy_not_paid": 10}
EDUCATION = {
    "spring": {"kindergarten": 13, "compulsory": 122, "senior_high": 17, "rain_and_dew": 65},
    "autumn": {"kindergarten": 12, "compulsory": 106, "senior_high": 20, "rain_and_dew": 62},
}
AMOUNTS = {
    "kindergarten": "500.00",
    "compulsory": "625.00",
    "senior_high": "1000.00",
    "rain_and_dew": "1500.00",
}
STAGE_OF_LEVEL = {
    "kindergarten": "kindergarten",
    "compulsory": "compulsory",
    "senior_high": "senior_high",
    "rain_and_dew": "vocational",
}
EMPLOYMENT = {"employed": 492, "public_welfare_job": 15, "pv_public_welfare_job": 2}
RISK_VILLAGE = "430981101203"  # 石子埂村: the one confirmed risk, in a household already monitored


@dataclass
class Clients:
    alerts: httpx.AsyncClient
    households: httpx.AsyncClient
    headers: Callable[..., dict[str, str]]  # headers(role, villages=None)
    progress: Callable[[str, int, int], Any] = field(default=lambda *_: None)


async def _gather(jobs: list[Callable[[], Awaitable[Any]]], limit: int = 8) -> list[Any]:
    sem = asyncio.Semaphore(limit)

    async def run(job: Callable[[], Awaitable[Any]]) -> Any:
        async with sem:
            return await job()

    return await asyncio.gather(*(run(j) for j in jobs))


def _ok(r: httpx.Response, *allowed: int) -> httpx.Response:
    if r.status_code not in (200, 201, 202, *allowed):
        raise RuntimeError(
            f"{r.request.method} {r.request.url.path} answered {r.status_code}: {r.text[:500]}"
        )
    return r


async def _pages(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        q = {**params, "limit": 500, **({"cursor": cursor} if cursor else {})}
        body = _ok(await client.get(path, headers=headers, params=q)).json()
        out += body["items"]
        cursor = body.get("next_cursor")
        if not cursor:
            return out


# --------------------------------------------------------------------------- alerts


def plan_alerts(households_by_village: dict[str, list[str]], risk_household: str) -> list[dict[str, Any]]:
    """467 items in 12 monthly batches; each carries how the village and the town will handle it."""
    rng = random.Random(2022)
    villages = sorted(households_by_village)
    items: list[dict[str, Any]] = []
    n = 0
    for alert_class, counts in (("general_risk", GENERAL), ("policy_not_implemented", POLICY)):
        for category, count in counts.items():
            for _ in range(count):
                village = villages[n % len(villages)]
                items.append(
                    {
                        "month": n % 12 + 1,
                        "external_id": f"HN-2022-{n:06d}",
                        "class": alert_class,
                        "category": category,
                        "village_code": village,
                        "household_code": rng.choice(households_by_village[village]),
                        "finding": "policy_issue" if alert_class == "policy_not_implemented" else "no_risk",
                    }
                )
                n += 1
    risk = next(i for i in items if i["category"] == "major_illness")
    risk.update(village_code=RISK_VILLAGE, household_code=risk_household, finding="risk")
    return items


def _dates(month: int) -> dict[str, date]:
    issued = date(2022, month, 3)
    return {
        "issued": issued,
        "visited": issued + timedelta(days=1),
        "reported": issued + timedelta(days=2),
        "reviewed": issued + timedelta(days=5),
        "closed": issued + timedelta(days=6),
    }


async def play_alerts(c: Clients, items: list[dict[str, Any]]) -> dict[str, int]:
    integration, officer = c.headers("integration"), c.headers("town_officer")
    plan = {i["external_id"]: i for i in items}
    for month in range(1, 13):
        d = _dates(month)
        batch = [
            {
                "external_id": i["external_id"],
                "class": i["class"],
                "category": i["category"],
                "village_code": i["village_code"],
                "household_code": i["household_code"],
                "description": "2022年防返贫监测预警",
                "detected_on": (d["issued"] - timedelta(days=3)).isoformat(),
            }
            for i in items
            if i["month"] == month
        ]
        _ok(
            await c.alerts.post(
                "/v1/feeds",
                headers=integration,
                json={
                    "batch_id": f"HN-2022-{month:02d}",
                    "source": "hunan-platform",
                    "issued_on": d["issued"].isoformat(),
                    "items": batch,
                },
            )
        )
        c.progress("provincial feeds", month, 12)
    alerts = [a for a in await _pages(c.alerts, "/v1/alerts", officer) if a["external_id"] in plan]
    done = 0

    async def handle(a: dict[str, Any]) -> None:
        nonlocal done
        p = plan[a["external_id"]]
        d = _dates(p["month"])
        aid, status = a["id"], a["status"]
        if status == "pending_village":
            cadre = c.headers("village_cadre", [a["village_code"]])
            _ok(
                await c.alerts.post(
                    f"/v1/alerts/{aid}/verification",
                    headers=cadre,
                    json={
                        "visited_on": d["visited"].isoformat(),
                        "reported_on": d["reported"].isoformat(),
                        "visitors": ["村支书", "驻村工作队"],
                        "finding": p["finding"],
                        "notes": "入户核实",
                    },
                ),
                409,
            )
            status = "village_verified"
        if status == "village_verified":
            review: dict[str, Any] = {"decision": "approve", "reviewed_on": d["reviewed"].isoformat()}
            if p["finding"] == "risk":
                review["revisit"] = {
                    "visited_on": d["reviewed"].isoformat(),
                    "visitors": ["镇乡村振兴办"],
                    "finding": "risk",
                }
            _ok(await c.alerts.post(f"/v1/alerts/{aid}/review", headers=officer, json=review), 409)
            status = "town_reviewed"
        if status == "town_reviewed":
            close: dict[str, Any] = {"closed_on": d["closed"].isoformat()}
            if p["finding"] == "policy_issue":
                close.update(outcome="policy_fixed", remediation="已协调补发")
            elif p["finding"] == "risk":
                close.update(outcome="risk_confirmed")
            else:
                close.update(outcome="no_risk")
            _ok(await c.alerts.post(f"/v1/alerts/{aid}/close-out", headers=officer, json=close), 409)
        done += 1
        c.progress("verifications, reviews, close-outs", done, len(alerts))

    await _gather([partial(handle, a) for a in alerts])
    return {"alerts": len(alerts)}


# --------------------------------------------------------------------------- education and employment


async def _eligible_members(c: Clients) -> list[dict[str, Any]]:
    officer = c.headers("town_officer")
    codes: set[str] = set()
    for flag in ("alleviated", "monitored"):
        codes |= {
            h["household_code"]
            for h in await _pages(c.households, "/v1/households", officer, **{flag: "true"})
        }
    ordered = sorted(codes)
    members: list[dict[str, Any]] = []
    fetched = 0

    async def fetch(code: str) -> None:
        nonlocal fetched
        body = _ok(await c.households.get(f"/v1/households/{code}", headers=officer)).json()
        members.extend({**m, "household_code": code} for m in body["members"])
        fetched += 1
        if fetched % 100 == 0 or fetched == len(ordered):
            c.progress("reading the assisted households", fetched, len(ordered))

    await _gather([partial(fetch, code) for code in ordered], limit=16)
    return sorted(members, key=lambda m: (m["household_code"], m["id"]))


async def play_records(c: Clients) -> dict[str, int]:
    officer = c.headers("town_officer")
    members = await _eligible_members(c)
    jobs: list[Callable[[], Awaitable[Any]]] = []
    for semester, levels in EDUCATION.items():
        for level, count in levels.items():
            students = [m for m in members if m.get("education_stage") == STAGE_OF_LEVEL[level]]
            if len(students) < count:
                raise RuntimeError(
                    f"only {len(students)} {level} students in the assisted households, {count} needed"
                )
            for m in students[:count]:
                body = {
                    "member_id": m["id"],
                    "year": 2022,
                    "semester": semester,
                    "level": level,
                    "amount": AMOUNTS[level],
                }
                jobs.append(partial(c.households.post, "/v1/education-subsidies", headers=officer, json=body))
    workers = [m for m in members if m.get("can_work")]
    employed = [m for m in workers if m.get("employment_status") == "employed"]
    others = [m for m in workers if m.get("employment_status") != "employed"]
    picks = {"employed": employed, "public_welfare_job": others, "pv_public_welfare_job": others[15:]}
    for kind, count in EMPLOYMENT.items():
        pool = picks[kind]
        if len(pool) < count:
            raise RuntimeError(f"only {len(pool)} members for {kind}, {count} needed")
        for m in pool[:count]:
            body = {
                "member_id": m["id"],
                "year": 2022,
                "kind": kind,
                "employer": "村公益岗位" if kind != "employed" else "外出务工",
            }
            jobs.append(partial(c.households.post, "/v1/employment", headers=officer, json=body))
    done = 0

    async def run(job: Callable[[], Awaitable[Any]]) -> None:
        nonlocal done
        _ok(await job(), 409)
        done += 1
        if done % 50 == 0 or done == len(jobs):
            c.progress("education subsidies and jobs", done, len(jobs))

    await _gather([partial(run, job) for job in jobs])
    return {"records": len(jobs)}


async def play_2022(c: Clients) -> dict[str, Any]:
    officer = c.headers("town_officer")
    villages = [
        v["code"] for v in _ok(await c.households.get("/v1/villages", headers=officer)).json()["items"]
    ]
    by_village: dict[str, list[str]] = {}
    for v in villages:
        body = _ok(
            await c.households.get(
                "/v1/households", headers=officer, params={"village_code": v, "limit": 200}
            )
        )
        by_village[v] = [h["household_code"] for h in body.json()["items"]]
    monitored = _ok(
        await c.households.get(
            "/v1/households",
            headers=officer,
            params={"village_code": RISK_VILLAGE, "monitored": "true", "limit": 1},
        )
    ).json()["items"]
    if not monitored:
        raise RuntimeError(f"no monitored household in {RISK_VILLAGE}: run `ruralwatch demo seed` first")
    items = plan_alerts(by_village, monitored[0]["household_code"])
    result = await play_alerts(c, items)
    result.update(await play_records(c))
    return result
