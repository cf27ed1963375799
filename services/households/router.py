"""HTTP routes of the households registry, imports and monitoring objects: thin, they parse, authorise
and call the use cases (assistance and projects: `assistance_router.py`)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from services.common import trail
from services.common.auth import CurrentPrincipal, Role
from services.common.errors import APIError
from services.common.pages import Page
from services.common.ratelimit import limit_lookup, limit_upload
from services.common.tabular import TableFileError, file_error
from services.households import imports, lifecycle, queries, registry
from services.households.deps import (
    AdminRole,
    Ctx,
    FieldWorker,
    Importer,
    Officer,
    Reader,
    ctx_of,
)
from services.households.importer import read_member_file
from services.households.schemas import (
    EliminationIn,
    EnrolIn,
    HouseholdDetail,
    HouseholdStats,
    HouseholdSummary,
    IdNumberQuery,
    ImportJob,
    ImportQueued,
    MemberFound,
    MonitoringObjectOut,
    StepIn,
    VillagePublic,
    VillagesChanged,
    VillagesIn,
)

router = APIRouter(prefix="/v1")


@router.get("/villages", response_model=Page[VillagePublic], tags=["registry"])
async def list_villages(_: CurrentPrincipal, ctx: Ctx) -> dict[str, Any]:
    return {"items": await queries.list_villages(ctx), "next_cursor": None}


@router.put(
    "/villages",
    response_model=VillagesChanged,
    tags=["registry"],
    summary="Create or rename villages (admin)",
)
async def put_villages(body: VillagesIn, principal: AdminRole, ctx: Ctx) -> dict[str, Any]:
    changed = await registry.register_villages(
        ctx, [(v.code, v.name, v.kind) for v in body.villages], principal.actor()
    )
    return {"changed": changed}


@router.get("/households", response_model=Page[HouseholdSummary], tags=["registry"])
async def list_households(
    principal: Reader,
    ctx: Ctx,
    village_code: str | None = None,
    alleviated: bool | None = None,
    monitored: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    items, next_cursor = await queries.list_households(
        ctx,
        principal=principal,
        village_code=village_code,
        alleviated=alleviated,
        monitored=monitored,
        limit=limit,
        cursor=cursor,
    )
    return {"items": items, "next_cursor": next_cursor}


@router.get(
    "/households/stats",
    response_model=HouseholdStats,
    tags=["registry"],
    summary="Town figures (households, people, alleviated, …)",
)
async def household_stats(principal: Reader, ctx: Ctx, year: int | None = None) -> dict[str, Any]:
    return await queries.stats(ctx, principal=principal, year=year)


@router.post(
    "/households/search",
    response_model=MemberFound,
    tags=["registry"],
    summary="Find a member by exact ID number (POST keeps the number out of URLs and logs)",
)
async def search_household(
    body: IdNumberQuery, principal: Reader, ctx: Ctx, request: Request
) -> dict[str, Any]:
    limit_lookup(request, principal)
    return await queries.find_by_id_number(ctx, principal=principal, id_number=body.id_number)


@router.get(
    "/households/{household_code}",
    response_model=HouseholdDetail,
    response_model_exclude_unset=True,
    tags=["registry"],
)
async def get_household(
    household_code: str, principal: Reader, ctx: Ctx, reveal: bool = False
) -> dict[str, Any]:
    return await queries.get_household(ctx, principal=principal, household_code=household_code, reveal=reveal)


@router.post(
    "/imports",
    response_model=ImportQueued,
    tags=["registry"],
    status_code=202,
    summary="Import households and members from CSV/XLSX; poll the job for progress",
)
async def start_import(
    principal: Importer,
    ctx: Ctx,
    request: Request,
    file: Annotated[UploadFile, File()],
) -> JSONResponse:
    limit_upload(request, principal)
    data = await file.read()
    try:
        # parsed in a worker thread: the event loop keeps serving, relaying and consuming meanwhile
        rows = await asyncio.to_thread(read_member_file, file.filename or "", data)
    except TableFileError as exc:
        raise file_error(exc) from exc
    job_id = await imports.submit(
        ctx, filename=file.filename or "upload", data=data, total_rows=len(rows), actor=principal.actor()
    )
    return JSONResponse(
        {
            "job_id": str(job_id),
            "status": "queued",
            "total_rows": len(rows),
            "poll": f"/v1/imports/{job_id}",
        },
        202,
    )


@router.get("/imports/{job_id}", response_model=ImportJob, tags=["registry"])
async def get_import(job_id: uuid.UUID, _: Importer, ctx: Ctx) -> dict[str, Any]:
    return await imports.job_status(ctx, job_id)


@router.post("/monitoring-objects", response_model=MonitoringObjectOut, tags=["monitoring"], status_code=201)
async def enrol(body: EnrolIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await lifecycle.enrol(
        ctx,
        principal=principal,
        household_code=body.household_code,
        mtype=body.type,
        risk_category=body.risk_category,
        first_clue_on=body.first_clue_on,
    )


@router.get("/monitoring-objects", response_model=Page[MonitoringObjectOut], tags=["monitoring"])
async def list_monitoring(
    principal: Reader,
    ctx: Ctx,
    status: str | None = None,
    type: str | None = None,
    village_code: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    items = await lifecycle.list_objects(
        ctx,
        principal=principal,
        status=status,
        mtype=type,
        village_code=village_code,
        limit=limit,
        offset=offset,
    )
    return {"items": items, "next_cursor": None}


@router.get("/monitoring-objects/{mo_id}", response_model=MonitoringObjectOut, tags=["monitoring"])
async def get_monitoring(mo_id: uuid.UUID, principal: Reader, ctx: Ctx) -> dict[str, Any]:
    return await lifecycle.get_object(ctx, principal=principal, mo_id=mo_id)


@router.post("/monitoring-objects/{mo_id}/steps", response_model=MonitoringObjectOut, tags=["monitoring"])
async def record_step(mo_id: uuid.UUID, body: StepIn, principal: FieldWorker, ctx: Ctx) -> dict[str, Any]:
    if principal.role is Role.village_cadre and body.step in ("town_review", "county_approval"):
        raise APIError(403, "forbidden", f"a village cadre may not record {body.step}")
    return await lifecycle.record_step(
        ctx, principal=principal, mo_id=mo_id, step=body.step, on=body.on, notice_to=body.notice_to
    )


@router.post(
    "/monitoring-objects/{mo_id}/risk-elimination", response_model=MonitoringObjectOut, tags=["monitoring"]
)
async def eliminate(mo_id: uuid.UUID, body: EliminationIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await lifecycle.eliminate_risk(
        ctx, principal=principal, mo_id=mo_id, eliminated_on=body.eliminated_on
    )


trail.add_reveals_route(router, ctx_of, trail.list_trail_reveals)
