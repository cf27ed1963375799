"""The demo town of the source document (泗湖山镇 2022), generated: synthetic people, real figures.

27,718 households and 62,999 people in 13 villages and 1 community; 1,099 alleviated households
(2,172 people); 297 monitored (595; 73 of them, 182 people, newly identified in 2022, 150 of the
rest unstable alleviated households); 28 marginal (59); a helper for every alleviated, monitored and
marginal household, and one assistance measure per monitored household. The year's monthly visits
and quarterly income records are not seeded: `ruralwatch demo` plays them through the REST API.

Synthetic ID numbers carry valid check digits and use the order codes 900–999, which real numbers
of this generator's region/birth-date pairs are never given here (tests and demos only).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from services.common.assistance import MEASURES_FOR_RISK, MeasureKind
from services.common.demo_town import VILLAGES, build_people
from services.common.demo_town import demo_name as _name
from services.common.events.types import EventType
from services.common.people import PersonRow
from services.households.context import HouseholdsContext
from services.households.events import PendingEvent, household_events, stage
from services.households.projects import demo_projects, upsert_projects
from services.households.registry import register_villages
from services.households.registry import store_members as _store

ACTOR = {"sub": "system:demo-seed"}


def build_town(seed: int = 2022) -> tuple[list[PersonRow], dict[str, list[str]]]:
    """Every member row of the town, and the household codes of each group."""
    people, groups = build_people(seed)
    return people, groups


async def seed(
    ctx: HouseholdsContext, *, progress: Callable[[str, int, int], Any] | None = None, chunk: int = 10_000
) -> dict[str, Any]:
    """Load the demo town into an empty registry (a registry with households is left alone)."""
    started = time.perf_counter()
    async with ctx.db.session() as s:
        if (await s.execute(text("SELECT EXISTS (SELECT 1 FROM households)"))).scalar():
            return {"seeded": False, "reason": "the registry already holds households"}
    await register_villages(ctx, VILLAGES, ACTOR)
    rows, groups = build_town()

    def report(stage_name: str, done: int, total: int) -> None:
        if progress:
            progress(stage_name, done, total)

    for start in range(0, len(rows), chunk):
        async with ctx.db.transaction() as s:
            await _store(ctx, s, rows[start : start + chunk], ACTOR)
        report("households and members", min(start + chunk, len(rows)), len(rows))
    await _monitoring_and_assistance(ctx, groups)
    report("monitoring, helpers, measures", 1, 1)
    await upsert_projects(ctx, demo_projects(), ACTOR)
    return {
        "seeded": True,
        "households": sum(len(v) for v in groups.values()),
        "people": len(rows),
        "seconds": round(time.perf_counter() - started, 1),
    }


MEASURE_TEXT = {
    "industry": "产业帮扶：发展特色种养",
    "employment": "就业帮扶：推荐务工岗位",
    "education": "教育帮扶：落实教育资助",
    "health": "健康帮扶：落实医疗保障和大病救助",
    "housing": "住房安全：危房改造",
    "social_security": "综合保障：纳入低保",
    "finance": "金融帮扶：小额信贷",
    "public_welfare_job": "公益岗位安置",
}
UNTARGETED_EVERY = 50  # one monitored household in 50 gets a measure that misses its risk (针对性不强)


def demo_measures(plan: list[tuple[str, str, str, date]]) -> list[tuple[str, str, str, date]]:
    """One assistance measure per monitored household, ten days after identification: a measure that
    addresses the risk, except for every 50th household (the report's 针对性不强)."""
    rng = random.Random(11)
    out = []
    for n, (code, _, risk, identified_on) in enumerate(plan):
        wanted = sorted(MEASURES_FOR_RISK[risk])
        others = sorted(set(MeasureKind) - set(wanted))
        kind = rng.choice(others if n % UNTARGETED_EVERY == UNTARGETED_EVERY - 1 else wanted)
        out.append(
            (str(uuid.UUID(int=rng.getrandbits(128))), code, str(kind), identified_on + timedelta(days=10))
        )
    return out


async def _monitoring_and_assistance(ctx: HouseholdsContext, groups: dict[str, list[str]]) -> None:
    rng = random.Random(7)
    plan: list[tuple[str, str, str, date]] = []  # household_code, type, risk, identified_on
    for code in groups["unstable"]:
        plan.append(
            (
                code,
                "unstable_alleviated",
                rng.choice(["major_illness", "employment", "income"]),
                date(2021, rng.randint(1, 12), rng.randint(1, 28)),
            )
        )
    for code in groups["sudden_old"]:
        plan.append(
            (
                code,
                "sudden_hardship",
                rng.choice(["major_illness", "accident", "housing"]),
                date(2021, rng.randint(1, 12), rng.randint(1, 28)),
            )
        )
    for code in groups["new_2022"]:
        plan.append(
            (
                code,
                "sudden_hardship",
                rng.choice(["major_illness", "accident", "housing"]),
                date(2022, rng.randint(1, 11), rng.randint(1, 28)),
            )
        )
    for code in groups["marginal"]:
        plan.append(
            (
                code,
                "marginal",
                rng.choice(["income", "employment"]),
                date(2021, rng.randint(1, 12), rng.randint(1, 28)),
            )
        )
    paired = (
        groups["unstable"]
        + groups["alleviated_other"]
        + groups["sudden_old"]
        + groups["new_2022"]
        + groups["marginal"]
    )
    async with ctx.db.transaction() as s:
        ids = {
            r.household_code: (r.id, r.n)
            for r in await s.execute(
                text(
                    "SELECT h.id, h.household_code, (SELECT count(*) FROM members m WHERE m.household_id = h.id) AS n "
                    "FROM households h WHERE household_code = ANY(CAST(:c AS text[]))"
                ),
                {"c": paired},
            )
        }
        await s.execute(
            text(
                "INSERT INTO monitoring_objects (id, household_id, type, risk_category, status, first_clue_on, "
                "identification_due_on, consent_on, home_check_on, village_appraisal_on, notice_from, notice_to, "
                "town_review_on, county_approval_on, identified_on, identified_on_time) "
                "SELECT u.id, u.h, u.t, u.r, 'monitoring', u.d - 14, u.d, u.d - 12, u.d - 11, u.d - 10, u.d - 9, "
                "u.d - 3, u.d - 2, u.d, u.d, true FROM unnest(CAST(:id AS uuid[]), CAST(:h AS uuid[]), "
                "CAST(:t AS text[]), CAST(:r AS text[]), CAST(:d AS date[])) AS u(id, h, t, r, d)"
            ),
            {
                "id": [str(uuid.uuid4()) for _ in plan],
                "h": [ids[p[0]][0] for p in plan],
                "t": [p[1] for p in plan],
                "r": [p[2] for p in plan],
                "d": [p[3] for p in plan],
            },
        )
        helper_ids = [str(uuid.uuid4()) for _ in range(265)]
        await s.execute(
            text(
                "INSERT INTO helpers (id, name_enc, unit) SELECT unnest(CAST(:i AS uuid[])), "
                "unnest(CAST(:n AS bytea[])), '泗湖山镇'"
            ),
            {
                "i": helper_ids,
                "n": [ctx.cipher.seal("helpers", "name_enc", h, _name(rng)) for h in helper_ids],
            },
        )
        helper_of = {code: helper_ids[i % len(helper_ids)] for i, code in enumerate(paired)}
        await s.execute(
            text(
                "INSERT INTO pairings (id, household_id, helper_id, from_on) SELECT * FROM unnest(CAST(:i AS uuid[]), "
                "CAST(:h AS uuid[]), CAST(:p AS uuid[]), CAST(:d AS date[]))"
            ),
            {
                "i": [str(uuid.uuid4()) for _ in paired],
                "h": [ids[c][0] for c in paired],
                "p": [helper_of[c] for c in paired],
                "d": [date(2021, 1, 1)] * len(paired),
            },
        )
        measures = demo_measures(plan)
        await s.execute(
            text(
                "INSERT INTO measures (id, household_id, kind, description, start_on) SELECT * FROM unnest("
                "CAST(:i AS uuid[]), CAST(:h AS uuid[]), CAST(:k AS text[]), CAST(:d AS text[]), CAST(:s AS date[]))"
            ),
            {
                "i": [m[0] for m in measures],
                "h": [ids[m[1]][0] for m in measures],
                "k": [m[2] for m in measures],
                "d": [MEASURE_TEXT[m[2]] for m in measures],
                "s": [m[3] for m in measures],
            },
        )
        monitored_ids = [ids[p[0]][0] for p in plan]
        events = await household_events(
            s, monitored_ids, change="monitoring_changed", event_type=EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED
        )
        village_of = {c: c[:12] for c in paired}
        events += [
            PendingEvent(
                EventType.HOUSEHOLDS_HOUSEHOLD_HELPER_ASSIGNED,
                c,
                {
                    "household_code": c,
                    "village_code": village_of[c],
                    "kind": "helper_assigned",
                    "on": "2021-01-01",
                    "helper_id": helper_of[c],
                    "record_id": str(uuid.uuid4()),
                },
            )
            for c in paired
        ]
        events += [
            PendingEvent(
                EventType.HOUSEHOLDS_HOUSEHOLD_MEASURE_ADDED,
                c,
                {
                    "household_code": c,
                    "village_code": village_of[c],
                    "kind": "measure_added",
                    "on": start_on.isoformat(),
                    "category": kind,
                    "record_id": measure_id,
                },
            )
            for measure_id, c, kind, start_on in measures
        ]
        await stage(s, events, ACTOR)
