"""`ruralwatch demo`: the demo town's year 2022 played through the services' REST APIs.

Every call goes through the clients generated from the services' OpenAPI documents alone
(`clients/`, `make client`): what another system integrating with ruralwatch would have.

Twelve monthly provincial feeds (467 alerts with the source document's category counts), each alert
verified by its village, reviewed and closed out by the town (364 without risk, 102 policy issues
fixed, one confirmed risk in a household that is already monitored); the education subsidies of both
semesters and the year's employment and public-welfare jobs, recorded for members of the alleviated
and monitored households; each helper's monthly visit and the quarterly income record of every paired
household. The registry, helpers, measures, projects and the loan book come from `ruralwatch demo
seed` (the loan book through the loans service's own use cases: quarterly interest subsidies are
settled once, and the loans service's daily job settles every ended quarter as soon as it runs, so
2022's loans must be on the books before the services start). Running it again changes nothing:
feeds are idempotent, only open alerts are acted on, visit and income batches carry an Idempotency-Key,
and records that exist answer 409.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from functools import partial
from typing import Any
from uuid import UUID

from clients.alerts.api.alerts import list_alerts
from clients.alerts.api.feeds import post_feed
from clients.alerts.api.workflow import post_close_out, post_review, post_verification
from clients.alerts.models import CloseOutIn, FeedIn, ReviewIn, VerificationIn
from clients.households.api.assistance import record_employment, record_incomes, record_subsidy, record_visits
from clients.households.api.registry import get_household, list_households, list_villages
from clients.households.models import EmploymentIn, IncomeItemIn, IncomesIn, SubsidyIn, VisitItemIn, VisitsIn
from services.launcher.calls import Clients, gather, ok, pages, post_all

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
    integration, officer = c.alerts_as("integration"), c.alerts_as("town_officer")
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
        feed = {
            "batch_id": f"HN-2022-{month:02d}",
            "source": "hunan-platform",
            "issued_on": d["issued"].isoformat(),
            "items": batch,
        }
        ok(await post_feed.asyncio_detailed(client=integration, body=FeedIn.from_dict(feed)))
        c.progress("provincial feeds", month, 12)
    listing = partial(list_alerts.asyncio_detailed, client=officer)
    alerts = [a for a in await pages(listing) if a["external_id"] in plan]
    done = 0

    async def handle(a: dict[str, Any]) -> None:
        nonlocal done
        p = plan[a["external_id"]]
        d = _dates(p["month"])
        aid, status = UUID(a["id"]), a["status"]
        if status == "pending_village":
            cadre = c.alerts_as("village_cadre", [a["village_code"]])
            verification = {
                "visited_on": d["visited"].isoformat(),
                "reported_on": d["reported"].isoformat(),
                "visitors": ["村支书", "驻村工作队"],
                "finding": p["finding"],
                "notes": "入户核实",
            }
            body = VerificationIn.from_dict(verification)
            ok(await post_verification.asyncio_detailed(aid, client=cadre, body=body), 409)
            status = "village_verified"
        if status == "village_verified":
            review: dict[str, Any] = {"decision": "approve", "reviewed_on": d["reviewed"].isoformat()}
            if p["finding"] == "risk":
                review["revisit"] = {
                    "visited_on": d["reviewed"].isoformat(),
                    "visitors": ["镇乡村振兴办"],
                    "finding": "risk",
                }
            ok(await post_review.asyncio_detailed(aid, client=officer, body=ReviewIn.from_dict(review)), 409)
            status = "town_reviewed"
        if status == "town_reviewed":
            close: dict[str, Any] = {"closed_on": d["closed"].isoformat()}
            if p["finding"] == "policy_issue":
                close.update(outcome="policy_fixed", remediation="已协调补发")
            elif p["finding"] == "risk":
                close.update(outcome="risk_confirmed")
            else:
                close.update(outcome="no_risk")
            closing = CloseOutIn.from_dict(close)
            ok(await post_close_out.asyncio_detailed(aid, client=officer, body=closing), 409)
        done += 1
        c.progress("verifications, reviews, close-outs", done, len(alerts))

    await gather([partial(handle, a) for a in alerts])
    return {"alerts": len(alerts)}


# --------------------------------------------------------------------------- education and employment


async def _assisted(c: Clients) -> list[dict[str, Any]]:
    """Every alleviated or monitored household in full (members, helper), by household code."""
    officer = c.households_as("town_officer")
    listing = partial(list_households.asyncio_detailed, client=officer)
    codes: set[str] = set()
    for flag in ("alleviated", "monitored"):
        codes |= {h["household_code"] for h in await pages(listing, **{flag: True})}
    ordered = sorted(codes)
    bodies: dict[str, dict[str, Any]] = {}

    async def fetch(code: str) -> None:
        bodies[code] = ok(await get_household.asyncio_detailed(code, client=officer)).to_dict()
        if len(bodies) % 100 == 0 or len(bodies) == len(ordered):
            c.progress("reading the assisted households", len(bodies), len(ordered))

    await gather([partial(fetch, code) for code in ordered], limit=16)
    return [bodies[code] for code in ordered]


def _members(households: list[dict[str, Any]]) -> list[dict[str, Any]]:
    members = [{**m, "household_code": h["household_code"]} for h in households for m in h["members"]]
    return sorted(members, key=lambda m: (m["household_code"], m["id"]))


BATCH = 1000  # items per visits or income request (the routes' limit)


def _year_of_visits(
    households: list[dict[str, Any]],
) -> dict[str, tuple[list[VisitItemIn], list[IncomeItemIn]]]:
    """Per village: each paired household's 12 monthly visits and 4 quarters' income, in household order."""
    by_village: dict[str, tuple[list[VisitItemIn], list[IncomeItemIn]]] = {}
    for h in households:
        helper = h.get("helper")
        if not helper:
            continue
        code, village = h["household_code"], h["village_code"]
        visits, income = by_village.setdefault(village, ([], []))
        rng = random.Random(code)
        for month in range(1, 13):
            visits.append(
                VisitItemIn(
                    household_code=code,
                    visited_on=date(2022, month, rng.randint(1, 28)),
                    helper_id=helper["id"],
                )
            )
        members = max(len(h["members"]), 1)
        for quarter in range(1, 5):
            total = f"{rng.randint(2200, 4200) * members}.00"
            income.append(
                IncomeItemIn.from_dict(
                    {"household_code": code, "year": 2022, "quarter": quarter, "total_income": total}
                )
            )
    return by_village


async def play_visits(c: Clients, households: list[dict[str, Any]]) -> dict[str, int]:
    """Each paired household's helper visits it once a month and records its income each quarter (2022),
    sent by each village's cadre in batches of up to 1,000.

    Every batch carries an Idempotency-Key made of the village and its place: playing again adds nothing."""
    jobs: list[tuple[int, Callable[[], Awaitable[Any]]]] = []
    for village, (visits, income) in sorted(_year_of_visits(households).items()):
        cadre = c.households_as("village_cadre", [village])
        stages: list[tuple[str, list[Any], Callable[[list[Any]], Any], Callable[..., Awaitable[Any]]]] = [
            ("visits", visits, lambda chunk: VisitsIn(items=chunk), record_visits.asyncio_detailed),
            ("income", income, lambda chunk: IncomesIn(items=chunk), record_incomes.asyncio_detailed),
        ]
        for kind, items, body_of, call in stages:
            for n in range(0, len(items), BATCH):
                key = f"demo-2022-{kind}-{village}-{n // BATCH}"
                body = body_of(items[n : n + BATCH])
                jobs.append((len(body.items), partial(call, client=cadre, body=body, idempotency_key=key)))
    total = sum(n for n, _ in jobs)
    done = 0

    async def run(size: int, job: Callable[[], Awaitable[Any]]) -> None:
        nonlocal done
        ok(await job())
        done += size
        c.progress("helpers' monthly visits and quarterly income", done, total)

    await gather([partial(run, size, job) for size, job in jobs], limit=4)
    return {"visits_and_income": total}


async def play_records(c: Clients, households: list[dict[str, Any]]) -> dict[str, int]:
    officer = c.households_as("town_officer")
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
                subsidy = SubsidyIn.from_dict(body)
                jobs.append(partial(record_subsidy.asyncio_detailed, client=officer, body=subsidy))
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
            job = EmploymentIn.from_dict(body)
            jobs.append(partial(record_employment.asyncio_detailed, client=officer, body=job))
    await post_all(c, "education subsidies and jobs", jobs, every=50)
    return {"records": len(jobs)}


async def play_2022(c: Clients) -> dict[str, Any]:
    officer = c.households_as("town_officer")
    villages = [v.code for v in ok(await list_villages.asyncio_detailed(client=officer)).items]
    by_village: dict[str, list[str]] = {}
    for v in villages:
        page = ok(await list_households.asyncio_detailed(client=officer, village_code=v, limit=200))
        by_village[v] = [h.household_code for h in page.items]
    monitored = ok(
        await list_households.asyncio_detailed(
            client=officer, village_code=RISK_VILLAGE, monitored=True, limit=1
        )
    ).items
    if not monitored:
        raise RuntimeError(f"no monitored household in {RISK_VILLAGE}: run `ruralwatch demo seed` first")
    items = plan_alerts(by_village, monitored[0].household_code)
    result = await play_alerts(c, items)
    households = await _assisted(c)
    result.update(await play_records(c, households))
    result.update(await play_visits(c, households))
    return result
