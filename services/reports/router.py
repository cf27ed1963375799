"""HTTP routes of the reports service."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from pydantic import BaseModel

from services.common.auth import Principal, Role, require_roles
from services.common.errors import APIError
from services.common.i18n import t
from services.common.ratelimit import limit_export
from services.common.tabular import attachment
from services.reports import dashboard, findings, service
from services.reports.schemas import (
    AnnualReport,
    DashboardSummary,
    ProblemsReport,
    QuarterlyReport,
    Rebuilt,
    RectificationLedger,
    SlaReport,
)

router = APIRouter(prefix="/v1")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CODE = re.compile(r"^\d{12}$")

Reader = Annotated[
    Principal, Depends(require_roles(Role.town_officer, Role.county_viewer, Role.auditor, Role.admin))
]


async def ctx_of(request: Request) -> service.ReportsContext:
    ctx: service.ReportsContext = request.app.state.ctx
    return ctx


Ctx = Annotated[service.ReportsContext, Depends(ctx_of)]


Format = Annotated[str, Query(pattern="^(json|md|xlsx|pdf)$")]
Lang = Annotated[str, Query(pattern="^(zh|en)$")]


async def _report(
    ctx: service.ReportsContext, year: int, quarter: int | None, fmt: str, lang: str
) -> Response:
    content, media_type, filename = await service.rendered_report(
        ctx, year=year, quarter=quarter, fmt=fmt, lang=lang
    )
    binary = fmt in ("xlsx", "pdf")
    headers = {"Content-Disposition": attachment(filename)} if binary else None
    return Response(content, media_type=media_type, headers=headers)


def _formats(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "model": model,
            "content": {
                "text/markdown": {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }


@router.get(
    "/reports/annual",
    responses=_formats(AnnualReport),
    tags=["reports"],
    summary="The annual work report of a year, built from events (format=json|md|xlsx|pdf, lang=zh|en)",
)
async def annual(
    principal: Reader,
    ctx: Ctx,
    request: Request,
    year: Annotated[int, Query(ge=2013, le=2100)],
    format: Format = "json",
    lang: Lang = "zh",
) -> Response:
    if format != "json":
        limit_export(request, principal)
    return await _report(ctx, year, None, format, lang)


@router.get(
    "/reports/quarterly",
    responses=_formats(QuarterlyReport),
    tags=["reports"],
    summary="A quarter's work report: alerts received and closed, newly identified households, the "
    "semester's education subsidies, loans and the quarter's interest subsidy, projects accepted",
)
async def quarterly(
    principal: Reader,
    ctx: Ctx,
    request: Request,
    year: Annotated[int, Query(ge=2013, le=2100)],
    quarter: Annotated[int, Query(ge=1, le=4)],
    format: Format = "json",
    lang: Lang = "zh",
) -> Response:
    if format != "json":
        limit_export(request, principal)
    return await _report(ctx, year, quarter, format, lang)


@router.get(
    "/reports/sla",
    response_model=SlaReport,
    tags=["reports"],
    summary="On-time rates, open and overdue work, days per stage",
)
async def sla_report(
    _: Reader,
    ctx: Ctx,
    year: Annotated[int | None, Query(ge=2013, le=2100)] = None,
    village_code: Annotated[str | None, Query(pattern=r"^\d{12}$")] = None,
) -> dict[str, Any]:
    return await service.sla_report(ctx, year=year, village_code=village_code)


@router.get(
    "/reports/problems",
    response_model=ProblemsReport,
    tags=["reports"],
    summary="Problem detectors: 雨露计划 errors and omissions, late borrowers and undelivered reminders, "
    "untargeted measures, missed visits and income records, alerts closed without revisit or remediation",
)
async def problems_report(
    principal: Reader,
    ctx: Ctx,
    year: Annotated[int, Query(ge=2013, le=2100)],
    as_of: Annotated[date | None, Query(description="the day the check is made (default: today)")] = None,
    village_code: Annotated[list[str] | None, Query(description="one or more villages")] = None,
    detector: Annotated[
        list[str] | None, Query(description=f"any of: {', '.join(findings.DETECTORS)}")
    ] = None,
) -> dict[str, Any]:
    errors: list[str] = [
        t("unknown detector {d}", "没有名为{d}的检查项", d=repr(d))
        for d in detector or []
        if d not in findings.DETECTORS
    ]
    errors += [
        t("village_code {v} is not a 12-digit code", "村代码{v}不是12位数字", v=repr(v))
        for v in village_code or []
        if not _CODE.match(v)
    ]
    if as_of is not None and as_of.year < year:
        errors.append(
            t("as_of {d} is before the year {y}", "检查日期{d}早于所查年度{y}年", d=as_of.isoformat(), y=year)
        )
    if errors:
        raise APIError(422, "validation_failed", "the request is not valid", errors)
    return await service.find_problems(
        ctx, year=year, as_of=as_of, village_codes=village_code, detectors=set(detector or ()) or None
    )


Watcher = Annotated[
    Principal,
    Depends(
        require_roles(Role.village_cadre, Role.town_officer, Role.county_viewer, Role.auditor, Role.admin)
    ),
]


def _villages_of(principal: Principal) -> list[str] | None:
    return sorted(principal.villages) if principal.village_scoped else None


@router.get(
    "/reports/rectifications",
    response_model=RectificationLedger,
    tags=["reports"],
    summary="The year's rectification ledger (整改台账): open and closed items, in the caller's villages",
)
async def rectifications_report(
    principal: Watcher, ctx: Ctx, year: Annotated[int, Query(ge=2013, le=2100)]
) -> dict[str, Any]:
    return await service.rectification_ledger(ctx, year=year, villages=_villages_of(principal))


@router.get(
    "/dashboard/summary",
    response_model=DashboardSummary,
    tags=["dashboard"],
    summary="What the live dashboard shows, once",
)
async def dashboard_summary(principal: Watcher, ctx: Ctx) -> dict[str, Any]:
    return await service.dashboard_summary(ctx, villages=_villages_of(principal))


@router.get(
    "/dashboard/stream",
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
    tags=["dashboard"],
    summary="Server-sent events: `summary` at once, then each new `event` and a fresh `summary`",
    response_class=StreamingResponse,
)
async def dashboard_stream(
    principal: Watcher,
    ctx: Ctx,
    request: Request,
    after: Annotated[int, Query(ge=0, description="the last event id the client has seen")] = 0,
) -> StreamingResponse:
    villages = _villages_of(principal)
    return StreamingResponse(
        dashboard.stream(
            lambda: service.dashboard_summary(ctx, villages=villages),
            lambda: service.dashboard_last_event_id(ctx),
            disconnected=request.is_disconnected,
            expired=principal.expired,
            poll_seconds=ctx.settings.reports_dashboard_poll_seconds,
            after=after,
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.post(
    "/admin/rebuild",
    response_model=Rebuilt,
    tags=["admin"],
    summary="Rebuild every read model from the topics",
)
async def rebuild(_: Annotated[Principal, Depends(require_roles(Role.admin))], ctx: Ctx) -> dict[str, Any]:
    return await service.rebuild(ctx)


page_router = APIRouter()


@page_router.get("/dashboard", include_in_schema=False)
async def dashboard_page() -> HTMLResponse:
    """The static dashboard page (no data in it: it asks for a token and reads the stream)."""
    page = dashboard.PAGE.read_text(encoding="utf-8")
    return HTMLResponse(
        page, headers={"Cache-Control": "no-cache", "Content-Security-Policy": dashboard.page_csp(page)}
    )
