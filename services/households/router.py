"""HTTP routes of the households service: thin, they parse, authorise and call the use cases."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from services.common import trail
from services.common.auth import CurrentPrincipal, Principal, Role, require_roles
from services.common.errors import APIError
from services.common.pages import Page
from services.common.ratelimit import limit_lookup, limit_upload
from services.common.tabular import TableFileError, file_error
from services.households import context, imports, lifecycle, projects, queries, records, registry
from services.households.importer import read_member_file
from services.households.schemas import (
    EliminationIn,
    EmploymentIn,
    EmploymentRecorded,
    EnrolIn,
    HelperIn,
    HelperOut,
    HouseholdDetail,
    HouseholdStats,
    HouseholdSummary,
    HouseholdWithoutHelper,
    IdNumberQuery,
    ImportJob,
    ImportQueued,
    IncomeIn,
    IncomeRecorded,
    MeasureAdded,
    MeasureIn,
    MemberFound,
    MonitoringObjectOut,
    Pairing,
    PairingIn,
    ProjectList,
    ProjectOut,
    ProjectsIn,
    ProjectsWritten,
    StepIn,
    SubsidyIn,
    SubsidyRecorded,
    VillageOut,
    VillagesChanged,
    VillagesIn,
    VisitIn,
    VisitRecorded,
)

router = APIRouter(prefix="/v1")

Reader = Annotated[
    Principal,
    Depends(
        require_roles(Role.village_cadre, Role.town_officer, Role.county_viewer, Role.auditor, Role.admin)
    ),
]
Officer = Annotated[Principal, Depends(require_roles(Role.town_officer))]
FieldWorker = Annotated[Principal, Depends(require_roles(Role.village_cadre, Role.town_officer))]
AdminRole = Annotated[Principal, Depends(require_roles(Role.admin))]
Importer = Annotated[Principal, Depends(require_roles(Role.town_officer, Role.admin))]


async def ctx_of(request: Request) -> context.HouseholdsContext:
    ctx: context.HouseholdsContext = request.app.state.ctx
    return ctx


Ctx = Annotated[context.HouseholdsContext, Depends(ctx_of)]


def _uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise APIError(
            422, "validation_failed", "the request is not valid", [f"{field} is not a UUID"]
        ) from exc


@router.get("/villages", response_model=Page[VillageOut], tags=["registry"])
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


@router.post("/helpers", response_model=HelperOut, tags=["assistance"], status_code=201)
async def create_helper(body: HelperIn, _: Officer, ctx: Ctx) -> dict[str, Any]:
    return await records.create_helper(ctx, name=body.name, unit=body.unit, phone=body.phone)


@router.get(
    "/helpers/missing",
    response_model=Page[HouseholdWithoutHelper],
    tags=["assistance"],
    summary="Alleviated, monitored or marginal households without a paired helper (结对帮扶 gaps)",
)
async def households_without_helper(
    principal: Reader, ctx: Ctx, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> dict[str, Any]:
    return {
        "items": await records.households_without_helper(ctx, principal=principal, limit=limit),
        "next_cursor": None,
    }


@router.put("/households/{household_code}/helper", response_model=Pairing, tags=["assistance"])
async def assign_helper(household_code: str, body: PairingIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await records.assign_helper(
        ctx,
        principal=principal,
        household_code=household_code,
        helper_id=_uuid(body.helper_id, "helper_id"),
        from_on=body.from_on,
    )


@router.post(
    "/households/{household_code}/visits",
    response_model=VisitRecorded,
    tags=["assistance"],
    status_code=201,
    summary="Record a helper's visit (send an Idempotency-Key so a retried request is not a second visit)",
)
async def record_visit(
    household_code: str,
    body: VisitIn,
    principal: FieldWorker,
    ctx: Ctx,
    idem_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> JSONResponse:
    status, out = await records.record_visit(
        ctx,
        principal=principal,
        household_code=household_code,
        visited_on=body.visited_on,
        notes=body.notes,
        helper_id=_uuid(body.helper_id, "helper_id") if body.helper_id else None,
        idem_key=idem_key,
    )
    return JSONResponse(out, status_code=status)


@router.post(
    "/households/{household_code}/income", response_model=IncomeRecorded, tags=["assistance"], status_code=201
)
async def record_income(
    household_code: str, body: IncomeIn, principal: FieldWorker, ctx: Ctx
) -> dict[str, Any]:
    return await records.record_income(
        ctx,
        principal=principal,
        household_code=household_code,
        year=body.year,
        quarter=body.quarter,
        total_income=body.total_income,
    )


@router.post(
    "/households/{household_code}/measures", response_model=MeasureAdded, tags=["assistance"], status_code=201
)
async def add_measure(household_code: str, body: MeasureIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await records.add_measure(
        ctx,
        principal=principal,
        household_code=household_code,
        kind=body.kind.value,
        description=body.description,
        start_on=body.start_on,
        end_on=body.end_on,
    )


@router.post("/education-subsidies", response_model=SubsidyRecorded, tags=["assistance"], status_code=201)
async def record_subsidy(body: SubsidyIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await records.record_subsidy(
        ctx,
        principal=principal,
        member_id=_uuid(body.member_id, "member_id"),
        year=body.year,
        semester=body.semester,
        level=body.level,
        amount=body.amount,
    )


@router.post("/employment", response_model=EmploymentRecorded, tags=["assistance"], status_code=201)
async def record_employment(body: EmploymentIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await records.record_employment(
        ctx,
        principal=principal,
        member_id=_uuid(body.member_id, "member_id"),
        year=body.year,
        kind=body.kind,
        employer=body.employer,
    )


@router.put(
    "/projects",
    response_model=ProjectsWritten,
    tags=["projects"],
    summary="Create or change projects by code (all or nothing)",
)
async def put_projects(body: ProjectsIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    items = await projects.upsert_projects(ctx, [p.model_dump() for p in body.projects], principal.actor())
    return {"items": items}


@router.get(
    "/projects",
    response_model=ProjectList,
    tags=["projects"],
    summary="Projects with their investment and status, and totals",
)
async def list_projects(
    principal: Reader,
    ctx: Ctx,
    year: int | None = None,
    village_code: str | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    return await projects.list_projects(
        ctx, principal=principal, year=year, village_code=village_code, kind=kind
    )


@router.get("/projects/{project_id}", response_model=ProjectOut, tags=["projects"])
async def get_project(project_id: str, principal: Reader, ctx: Ctx) -> dict[str, Any]:
    try:
        pid = uuid.UUID(project_id)
    except ValueError as exc:
        raise APIError(404, "not_found", "project not found") from exc
    return await projects.get_project(ctx, principal=principal, project_id=pid)


trail.add_reveals_route(router, ctx_of, trail.list_trail_reveals)
