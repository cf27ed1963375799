"""HTTP routes of the alerts service: thin, they parse, authorise and call `service`."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from services.alerts import admin, context, enrolment, intake, queries, rectification, scheduled, transitions
from services.alerts.feeds import stream
from services.alerts.feeds.upload import FeedFileError, parse_feed_file
from services.alerts.intake_rows import CHUNK
from services.alerts.schemas import (
    AlertList,
    AlertOut,
    AlertSummaryOut,
    AuditOut,
    CalendarNoticeIn,
    CalendarOut,
    CalendarOverrideIn,
    CloseOutIn,
    FeedIn,
    FeedStatusOut,
    HouseholdChoiceIn,
    IntakeResult,
    OutcomeOut,
    ReviewIn,
    SweepOut,
    VerificationIn,
    VillageList,
)
from services.common import idempotency, trail
from services.common.auth import CurrentPrincipal, Principal, Role, require_roles
from services.common.calendar import Notice
from services.common.errors import APIError
from services.common.i18n import t
from services.common.idempotency import IdemKey
from services.common.ratelimit import limit_export, limit_upload
from services.common.responses import FastJSONResponse
from services.common.tabular import attachment, file_error, write_csv

router = APIRouter(prefix="/v1")

Feeder = Annotated[Principal, Depends(require_roles(Role.integration, Role.town_officer))]
Reader = Annotated[
    Principal,
    Depends(
        require_roles(Role.village_cadre, Role.town_officer, Role.county_viewer, Role.auditor, Role.admin)
    ),
]
Verifier = Annotated[Principal, Depends(require_roles(Role.village_cadre, Role.town_officer))]
Officer = Annotated[Principal, Depends(require_roles(Role.town_officer))]
AuditReader = Annotated[
    Principal, Depends(require_roles(Role.auditor, Role.town_officer, Role.village_cadre, Role.county_viewer))
]
OutcomeReader = Annotated[Principal, Depends(require_roles(Role.integration, Role.town_officer))]
Admin = Annotated[Principal, Depends(require_roles(Role.admin))]
SweepRunner = Annotated[Principal, Depends(require_roles(Role.admin, Role.town_officer))]


async def ctx_of(request: Request) -> context.AlertsContext:
    ctx: context.AlertsContext = request.app.state.ctx
    return ctx


Ctx = Annotated[context.AlertsContext, Depends(ctx_of)]


async def _intake_with_key(
    ctx: context.AlertsContext, batch: FeedIn, principal: Principal, key: str | None, channel: str
) -> JSONResponse:
    idempotent = None
    if key:
        fingerprint = idempotency.request_fingerprint(batch.model_dump(mode="json"))
        idempotent = intake.IdempotentCall(scope=f"feeds:{principal.sub}", key=key, fingerprint=fingerprint)
    result = await intake.intake(
        ctx, batch=batch, actor=principal.actor(), channel=channel, idempotent=idempotent
    )
    return JSONResponse(result.model_dump(mode="json"), 200)


@router.post(
    "/feeds",
    response_model=IntakeResult,
    tags=["feeds"],
    summary="Take in one provincial batch (valid items stored once, bad ones listed with reasons)",
    openapi_extra=stream.OPENAPI_BODY,
)
async def post_feed(request: Request, principal: Feeder, ctx: Ctx, idem_key: IdemKey = None) -> JSONResponse:
    # the body (FeedIn) is spooled and read item by item, not parsed whole: memory stays flat in the
    # batch's size (feeds/stream.py)
    async with stream.feed_body(request) as body:
        idempotent = None
        if idem_key:
            idempotent = intake.IdempotentCall(
                scope=f"feeds:{principal.sub}", key=idem_key, fingerprint=body.fingerprint()
            )
        result = await intake.intake(
            ctx,
            batch=body.header,
            actor=principal.actor(),
            channel="http",
            idempotent=idempotent,
            chunks=body.chunks(CHUNK),
            max_items=ctx.settings.alerts_max_batch_items,
        )
    return JSONResponse(result.model_dump(mode="json"), 200)


@router.post(
    "/feeds/upload",
    response_model=IntakeResult,
    tags=["feeds"],
    summary="Take in a batch as CSV or XLSX (UTF-8, Chinese headers accepted)",
)
async def upload_feed(
    principal: Feeder,
    ctx: Ctx,
    request: Request,
    file: Annotated[UploadFile, File(description="CSV (UTF-8) or XLSX")],
    batch_id: Annotated[str, Form()],
    issued_on: Annotated[str, Form()],
    source: Annotated[str, Form()] = "province",
    idem_key: IdemKey = None,
) -> JSONResponse:
    limit_upload(request, principal)
    data = await file.read()
    try:
        # parsed in a worker thread: the event loop keeps serving, relaying and consuming meanwhile
        items = await asyncio.to_thread(parse_feed_file, file.filename or "", data)
    except FeedFileError as exc:
        raise file_error(exc) from exc
    try:
        batch = FeedIn(batch_id=batch_id, source=source, issued_on=issued_on, items=items)
    except ValidationError as exc:
        raise APIError(
            422,
            "validation_failed",
            "the batch is not valid",
            [{"field": ".".join(map(str, e["loc"])), "msg": e["msg"]} for e in exc.errors()],
        ) from exc
    return await _intake_with_key(ctx, batch, principal, idem_key, "upload")


@router.get(
    "/feeds/{batch_id}",
    response_model=FeedStatusOut,
    tags=["feeds"],
    summary="A batch's counts and its rejected items",
)
async def get_feed(batch_id: str, _: Feeder, ctx: Ctx) -> dict[str, Any]:
    return await queries.feed_status(ctx, batch_id=batch_id)


@router.get(
    "/villages",
    response_model=VillageList,
    tags=["alerts"],
    summary="Villages known to alerts (from households.household.v1)",
)
async def list_villages(_: Reader, ctx: Ctx) -> dict[str, Any]:
    return {"items": await queries.known_villages(ctx)}


@router.get("/alerts", response_model=AlertList, tags=["alerts"])
async def list_alerts(
    principal: Reader,
    ctx: Ctx,
    status: str | None = None,
    village_code: str | None = None,
    category: str | None = None,
    alert_class: Annotated[str | None, Query(alias="class")] = None,
    overdue: bool | None = None,
    batch_id: str | None = None,
    final_outcome: str | None = None,
    household_match: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: str | None = None,
) -> AlertList:
    items, next_cursor = await queries.list_alerts(
        ctx,
        principal=principal,
        limit=limit,
        cursor=cursor,
        filters=queries.AlertFilters(
            status=status,
            village_code=village_code,
            category=category,
            alert_class=alert_class,
            overdue=overdue,
            batch_id=batch_id,
            final_outcome=final_outcome,
            household_match=household_match,
        ),
    )
    return AlertList(items=items, next_cursor=next_cursor)


@router.get(
    "/alerts/summary",
    response_model=AlertSummaryOut,
    tags=["alerts"],
    summary="Counts by class/category, status and final outcome",
)
async def alerts_summary(principal: Reader, ctx: Ctx, batch_prefix: str | None = None) -> dict[str, Any]:
    return await queries.alert_summary(ctx, principal=principal, batch_prefix=batch_prefix)


@router.get("/alerts/{alert_id}", response_model=AlertOut, tags=["alerts"])
async def get_alert(alert_id: uuid.UUID, principal: Reader, ctx: Ctx, reveal: bool = False) -> AlertOut:
    return await queries.get_alert(ctx, alert_id=alert_id, principal=principal, reveal=reveal)


@router.post("/alerts/{alert_id}/verification", response_model=AlertOut, tags=["workflow"])
async def post_verification(
    alert_id: uuid.UUID, body: VerificationIn, principal: Verifier, ctx: Ctx, idem_key: IdemKey = None
) -> JSONResponse:
    code, out = await transitions.verify(
        ctx, alert_id=alert_id, principal=principal, cmd=body, idem_key=idem_key
    )
    return FastJSONResponse(out, code)


@router.post("/alerts/{alert_id}/review", response_model=AlertOut, tags=["workflow"])
async def post_review(
    alert_id: uuid.UUID, body: ReviewIn, principal: Officer, ctx: Ctx, idem_key: IdemKey = None
) -> JSONResponse:
    code, out = await transitions.review(
        ctx, alert_id=alert_id, principal=principal, cmd=body, idem_key=idem_key
    )
    return FastJSONResponse(out, code)


@router.post("/alerts/{alert_id}/close-out", response_model=AlertOut, tags=["workflow"])
async def post_close_out(
    alert_id: uuid.UUID, body: CloseOutIn, principal: Officer, ctx: Ctx, idem_key: IdemKey = None
) -> JSONResponse:
    code, out = await transitions.close_out(
        ctx, alert_id=alert_id, principal=principal, cmd=body, idem_key=idem_key
    )
    return FastJSONResponse(out, code)


@router.post(
    "/alerts/{alert_id}/household",
    response_model=AlertOut,
    tags=["workflow"],
    summary="Name the household of a confirmed risk that has none, so it can be enrolled (town)",
)
async def post_household(
    alert_id: uuid.UUID, body: HouseholdChoiceIn, principal: Officer, ctx: Ctx
) -> JSONResponse:
    code, out = await enrolment.choose_household(
        ctx, alert_id=alert_id, principal=principal, household_code=body.household_code
    )
    return FastJSONResponse(out, code)


@router.get("/alerts/{alert_id}/audit", response_model=AuditOut, tags=["audit"])
async def get_audit(alert_id: uuid.UUID, principal: AuditReader, ctx: Ctx, verify: bool = False) -> AuditOut:
    return await queries.get_audit(ctx, alert_id=alert_id, principal=principal, verify=verify)


@router.get(
    "/outcomes",
    response_model=list[OutcomeOut],
    tags=["outcomes"],
    summary="Close-out results in the provincial platform's shape (format=json|csv)",
)
async def get_outcomes(
    principal: OutcomeReader,
    ctx: Ctx,
    request: Request,
    batch_id: str | None = None,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    if format != "json":
        limit_export(request, principal)
    rows = await queries.outcomes(ctx, batch_id=batch_id)
    if format == "csv":
        fields = [
            "batch_id",
            "external_id",
            "alert_id",
            "village_code",
            "class",
            "category",
            "outcome",
            "closed_on",
            "remediation",
            "notes",
        ]
        dumped = [r.model_dump(mode="json") for r in rows]
        return Response(
            write_csv(fields, [[d[f] for f in fields] for d in dumped]),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": attachment(f"outcomes-{batch_id or 'all'}.csv")},
        )
    return JSONResponse([r.model_dump(mode="json") for r in rows])


@router.get(
    "/admin/calendar",
    response_model=CalendarOut,
    tags=["admin"],
    summary="Admin overrides of the working-day calendar",
)
async def get_calendar(_: CurrentPrincipal, ctx: Ctx, day: date | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "overrides": {d.isoformat(): w for d, w in sorted(ctx.calendar.overrides.items())},
        "notices": sorted(ctx.calendar.notices),
    }
    if day is not None:
        out["day"] = {
            "date": day.isoformat(),
            "workday": ctx.calendar.is_workday(day),
            "fallback": ctx.calendar.uses_fallback(day),
            "source": ctx.calendar.source(day),
        }
    return out


@router.put("/admin/calendar", tags=["admin"], status_code=204)
async def put_calendar(body: CalendarOverrideIn, principal: Admin, ctx: Ctx) -> Response:
    await admin.set_calendar_override(
        ctx, day=body.day, workday=body.workday, note=body.note, principal=principal
    )
    return Response(status_code=204)


@router.delete("/admin/calendar/{day}", tags=["admin"], status_code=204)
async def delete_calendar(day: date, principal: Admin, ctx: Ctx) -> Response:
    await admin.delete_calendar_override(ctx, day=day, principal=principal)
    return Response(status_code=204)


@router.put(
    "/admin/calendar/notices/{year}",
    tags=["admin"],
    status_code=204,
    summary="Import a year's holiday notice (放假通知); every service's due dates follow it",
)
async def put_calendar_notice(
    year: Annotated[int, Path(ge=2000, le=2200)], body: CalendarNoticeIn, principal: Admin, ctx: Ctx
) -> Response:
    notice = Notice(year, frozenset(body.days_off), frozenset(body.workdays), body.title)
    await admin.import_notice(ctx, notice=notice, principal=principal)
    return Response(status_code=204)


@router.post(
    "/admin/sla/sweep",
    response_model=SweepOut,
    tags=["admin"],
    summary="Run the overdue sweeper now (optionally as of a date)",
)
async def run_sweep(_: SweepRunner, ctx: Ctx, as_of: date | None = None) -> dict[str, Any]:
    if as_of is not None and as_of > ctx.today():
        raise APIError(
            422,
            "validation_failed",
            "as_of may not be in the future",
            [t("as_of {d} is in the future", "统计日期{d}晚于今天", d=as_of.isoformat())],
        )
    marked = await scheduled.sweep_overdue(ctx, today=as_of)
    items = await rectification.sweep_overdue(ctx, today=as_of or ctx.today())
    return {
        "marked_overdue": marked,
        "rectifications_overdue": items,
        "as_of": (as_of or ctx.today()).isoformat(),
    }


async def _list_alert_reveals(
    ctx: context.AlertsContext, limit: int, cursor: str | None, verify: bool
) -> dict[str, Any]:
    return await queries.list_reveals(ctx, limit=limit, cursor=cursor, verify=verify)


trail.add_reveals_route(router, ctx_of, _list_alert_reveals)
