"""Projects (衔接资金项目): the register behind the annual report's projects section."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.auth import Principal
from services.common.errors import APIError, not_found
from services.common.events.types import EventType
from services.common.i18n import Text, label, t
from services.households.context import HouseholdsContext
from services.households.events import PendingEvent, stage

KINDS = ("infrastructure", "industry")
STATUSES = ("planned", "under_construction", "awaiting_acceptance", "accepted", "operating")
COLUMNS = "id, code, name, village_code, kind, year, investment, status, started_on, accepted_on, beneficiary_households"


def project_out(r: Any) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "code": r.code,
        "name": r.name,
        "village_code": r.village_code,
        "kind": r.kind,
        "year": r.year,
        "investment": f"{r.investment:.2f}",
        "status": r.status,
        "started_on": r.started_on.isoformat() if r.started_on else None,
        "accepted_on": r.accepted_on.isoformat() if r.accepted_on else None,
        "beneficiary_households": r.beneficiary_households,
    }


def _event(event_type: str, r: Any) -> PendingEvent:
    data = project_out(r)
    data["project_id"] = data.pop("id")
    return PendingEvent(event_type, r.code, data, aggregate_type="project")


def check(values: dict[str, Any], today: date) -> list[str]:
    errors: list[str] = []
    if values["status"] in ("accepted", "operating") and values.get("accepted_on") is None:
        errors.append(
            t(
                "a project that is {st} needs accepted_on (验收日期)",
                "项目状态为“{st}”时须填写验收日期",
                st=values["status"],
            )
        )
    if values.get("accepted_on") and values["accepted_on"] > today:
        errors.append(
            t("accepted_on {d} is in the future", "验收日期{d}晚于今天", d=values["accepted_on"].isoformat())
        )
    if (
        values.get("started_on")
        and values.get("accepted_on")
        and values["accepted_on"] < values["started_on"]
    ):
        errors.append(t("accepted_on is before started_on", "验收日期早于开工日期"))
    return errors


async def _row(s: AsyncSession, where: str, params: dict[str, Any]) -> Any:
    return (await s.execute(text(f"SELECT {COLUMNS} FROM projects WHERE {where}"), params)).first()


async def upsert_projects(
    ctx: HouseholdsContext, items: list[dict[str, Any]], actor: dict[str, Any]
) -> list[dict[str, Any]]:
    """Create projects or change them (by code), all or nothing; each change is an event."""
    today = ctx.today()
    errors: list[str] = []
    async with ctx.db.transaction() as s:
        villages = {r.code for r in await s.execute(text("SELECT code FROM villages"))}
        for i, item in enumerate(items):
            errors += [
                Text(f"projects[{i}] ({item['code']}): {e}", f"第{i}个项目（{item['code']}）：{label(e)}")
                for e in check(item, today)
            ]
            if item["village_code"] not in villages:
                errors.append(
                    f"projects[{i}] ({item['code']}): village {item['village_code']} is not registered"
                )
        if errors:
            raise APIError(422, "validation_failed", "the projects are not valid", errors)
        out: list[dict[str, Any]] = []
        events: list[PendingEvent] = []
        for item in items:
            before = await _row(s, "code = :c", {"c": item["code"]})
            params = {**item, "id": before.id if before else uuid.uuid4()}
            await s.execute(
                text(
                    "INSERT INTO projects (id, code, name, village_code, kind, year, investment, status, started_on, "
                    "accepted_on, beneficiary_households) VALUES (:id, :code, :name, :village_code, :kind, :year, "
                    ":investment, :status, :started_on, :accepted_on, :beneficiary_households) "
                    "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, village_code = EXCLUDED.village_code, "
                    "kind = EXCLUDED.kind, year = EXCLUDED.year, investment = EXCLUDED.investment, "
                    "status = EXCLUDED.status, started_on = EXCLUDED.started_on, accepted_on = EXCLUDED.accepted_on, "
                    "beneficiary_households = EXCLUDED.beneficiary_households, updated_at = now()"
                ),
                params,
            )
            row = await _row(s, "code = :c", {"c": item["code"]})
            out.append(project_out(row))
            if before is None:
                events.append(_event(EventType.HOUSEHOLDS_PROJECT_REGISTERED, row))
            elif project_out(before) != project_out(row):
                events.append(_event(EventType.HOUSEHOLDS_PROJECT_UPDATED, row))
        await stage(s, events, actor)
    return out


async def list_projects(
    ctx: HouseholdsContext,
    *,
    principal: Principal,
    year: int | None,
    village_code: str | None,
    kind: str | None,
) -> dict[str, Any]:
    clauses: list[str] = ["true"]
    params: dict[str, Any] = {}
    for name, value in (("year", year), ("village_code", village_code), ("kind", kind)):
        if value is not None:
            clauses.append(f"{name} = :{name}")
            params[name] = value
    if principal.village_scoped:
        clauses.append("village_code = ANY(CAST(:scope AS text[]))")
        params["scope"] = sorted(principal.villages)
    async with ctx.db.session() as s:
        rows = (
            await s.execute(
                text(f"SELECT {COLUMNS} FROM projects WHERE {' AND '.join(clauses)} ORDER BY code"), params
            )
        ).all()
    items = [project_out(r) for r in rows]
    total = sum((Decimal(x["investment"]) for x in items), Decimal(0))
    return {
        "items": items,
        "next_cursor": None,
        "totals": {"count": len(items), "investment": f"{total:.2f}"},
    }


async def get_project(
    ctx: HouseholdsContext, *, principal: Principal, project_id: uuid.UUID
) -> dict[str, Any]:
    async with ctx.db.session() as s:
        row = await _row(s, "id = :id", {"id": project_id})
    if row is None or not principal.can_see_village(row.village_code):
        raise not_found("project")
    return project_out(row)


# The demo town's 2022 projects (the source document: 28 projects, 2.99 M yuan; 23 infrastructure
# projects for 1.99 M of which 22 accepted; 5 industry projects for 1.00 M, all operating).
def demo_projects() -> list[dict[str, Any]]:
    from services.common.demo_town import VILLAGES

    villages = [code for code, _, kind in VILLAGES if kind == "village"]
    infra_names = [
        "村组道路硬化",
        "安全饮水巩固提升",
        "渠道清淤及护砌",
        "机耕道修建",
        "路灯安装",
        "小型水利设施",
    ]
    out = []
    # 23 infrastructure projects: 22 × 85,000 + 1 × 120,000 = 1,990,000; the last awaits acceptance
    for i in range(23):
        accepted = i < 22
        out.append(
            {
                "code": f"SHS-2022-JC-{i + 1:02d}",
                "name": f"{infra_names[i % len(infra_names)]}（{i + 1}）",
                "village_code": villages[i % len(villages)],
                "kind": "infrastructure",
                "year": 2022,
                "investment": Decimal("120000") if i == 22 else Decimal("85000"),
                "status": "accepted" if accepted else "awaiting_acceptance",
                "started_on": date(2022, 3 + i % 6, 10),
                "accepted_on": date(2022, 10 + i % 3, 15) if accepted else None,
                "beneficiary_households": 40 + 7 * i,
            }
        )
    industry = ["稻虾共养基地", "蔬菜大棚", "光伏电站", "农产品加工车间", "特色水果种植"]
    for i, name in enumerate(industry):  # 5 × 200,000 = 1,000,000, all operating
        out.append(
            {
                "code": f"SHS-2022-CY-{i + 1:02d}",
                "name": name,
                "village_code": villages[(i * 3) % len(villages)],
                "kind": "industry",
                "year": 2022,
                "investment": Decimal("200000"),
                "status": "operating",
                "started_on": date(2022, 2 + i, 1),
                "accepted_on": date(2022, 8 + i % 3, 20),
                "beneficiary_households": 60 + 15 * i,
            }
        )
    return out
