"""HTTP routes of the reports service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from services.common.auth import Principal, Role, require_roles
from services.reports import render, report, service

router = APIRouter(prefix="/v1")

Reader = Annotated[
    Principal, Depends(require_roles(Role.town_officer, Role.county_viewer, Role.auditor, Role.admin))
]


async def ctx_of(request: Request) -> service.ReportsContext:
    ctx: service.ReportsContext = request.app.state.ctx
    return ctx


Ctx = Annotated[service.ReportsContext, Depends(ctx_of)]


@router.get(
    "/reports/annual",
    tags=["reports"],
    summary="The annual work report of a year, built from events (format=json|md|xlsx, lang=zh|en)",
)
async def annual(
    _: Reader,
    ctx: Ctx,
    year: Annotated[int, Query(ge=2013, le=2100)],
    format: Annotated[str, Query(pattern="^(json|md|xlsx)$")] = "json",
    lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh",
) -> Response:
    body = await service.annual_report(ctx, year)
    if format == "md":
        return Response(render.markdown(body, lang), media_type="text/markdown; charset=utf-8")
    if format == "xlsx":
        return Response(
            render.xlsx(body, lang),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="annual-report-{year}-{lang}.xlsx"'},
        )
    return Response(report.to_json(body), media_type="application/json")


@router.get("/reports/sla", tags=["reports"], summary="On-time rates, open and overdue work, days per stage")
async def sla_report(
    _: Reader,
    ctx: Ctx,
    year: Annotated[int | None, Query(ge=2013, le=2100)] = None,
    village_code: Annotated[str | None, Query(pattern=r"^\d{12}$")] = None,
) -> dict[str, Any]:
    return await service.sla_report(ctx, year=year, village_code=village_code)


@router.post("/admin/rebuild", tags=["admin"], summary="Rebuild every read model from the topics")
async def rebuild(_: Annotated[Principal, Depends(require_roles(Role.admin))], ctx: Ctx) -> dict[str, Any]:
    return await service.rebuild(ctx)
