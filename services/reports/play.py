"""`ruralwatch demo`: the demo town's year 2022 played through the services' REST APIs.

Twelve monthly provincial feeds (467 alerts with the source document's category counts), each alert
verified by its village, reviewed and closed out by the town (364 without risk, 102 policy issues
fixed, one confirmed risk in a household that is already monitored); the education subsidies of both
semesters and the year's employment and public-welfare jobs, recorded for members of the alleviated
and monitored households; each helper's monthly visit and the quarterly income record of every paired
household. The registry, helpers, measures, projects and the loan book come from `ruralwatch demo
seed` (the loan book through the loans service's own use cases: quarterly interest subsidies are
settled once, and the loans service's daily job settles every ended quarter as soon as it runs, so
2022's loans must be on the books before the services start). Running it again changes nothing:
feeds are idempotent, only open alerts are acted on, visits carry an Idempotency-Key, and records
that exist answer 409.
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


async def _post_all(
    c: Clients, stage: str, jobs: list[Callable[[], Awaitable[Any]]], *, every: int, limit: int = 8
) -> None:
    """Run record-creating calls (409 = already there, from an earlier play) with a progress line."""
    done = 0

    async def run(job: Callable[[], Awaitable[Any]]) -> None:
        nonlocal done
        _ok(await job(), 409)
        done += 1
        if done % every == 0 or done == len(jobs):
            c.progress(stage, done, len(jobs))

    await _gather([partial(run, job) for job in jobs], limit=limit)


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


async def _assisted(c: Clients) -> list[dict[str, Any]]:
    """Every alleviated or monitored household in full (members, helper), by household code."""
    officer = c.headers("town_officer")
    codes: set[str] = set()
    for flag in ("alleviated", "monitored"):
        codes |= {
            h["household_code"]
            for h in await _pages(c.households, "/v1/households", officer, **{flag: "true"})
        }
    ordered = sorted(codes)
    bodies: dict[str, dict[str, Any]] = {}

    async def fetch(code: str) -> None:
        bodies[code] = _ok(await c.households.get(f"/v1/households/{code}", headers=officer)).json()
        if len(bodies) % 100 == 0 or len(bodies) == len(ordered):
            c.progress("reading the assisted households", len(bodies), len(ordered))

    await _gather([partial(fetch, code) for code in ordered], limit=16)
    return [bodies[code] for code in ordered]


def _members(households: list[dict[str, Any]]) -> list[dict[str, Any]]:
    members = [{**m, "household_code": h["household_code"]} for h in households for m in h["members"]]
    return sorted(members, key=lambda m: (m["household_code"], m["id"]))


async def play_visits(c: Clients, households: list[dict[str, Any]]) -> dict[str, int]:
    """Each paired household's helper visits it once a month and records its income each quarter (2022).

    Visits carry an Idempotency-Key, income records are one per quarter: playing again adds nothing."""
    jobs: list[Callable[[], Awaitable[Any]]] = []
    for h in households:
        helper = h.get("helper")
        if not helper:
            continue
        code, village = h["household_code"], h["village_code"]
        cadre = c.headers("village_cadre", [village])
        rng = random.Random(code)
        for month in range(1, 13):
            body = {
                "visited_on": date(2022, month, rng.randint(1, 28)).isoformat(),
                "helper_id": helper["id"],
            }
            key = {**cadre, "Idempotency-Key": f"demo-2022-visit-{code}-{month:02d}"}
            jobs.append(partial(c.households.post, f"/v1/households/{code}/visits", headers=key, json=body))
        members = max(len(h["members"]), 1)
        for quarter in range(1, 5):
            body = {
                "year": 2022,
                "quarter": quarter,
                "total_income": f"{rng.randint(2200, 4200) * members}.00",
            }
            jobs.append(partial(c.households.post, f"/v1/households/{code}/income", headers=cadre, json=body))
    await _post_all(c, "helpers' monthly visits and quarterly income", jobs, every=200, limit=16)
    return {"visits_and_income": len(jobs)}


async def play_records(c: Clients, households: list[dict[str, Any]]) -> dict[str, int]:
    officer = c.headers("town_officer")
    members = _members(households)
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
    await _post_all(c, "education subsidies and jobs", jobs, every=50)
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
    households = await _assisted(c)
    result.update(await play_records(c, households))
    result.update(await play_visits(c, households))
    return result
