"""HTTP routes of assistance (helpers, visits, income, measures, education subsidies, employment) and
projects: thin, they parse, authorise and call the use cases."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from services.common.errors import APIError
from services.common.idempotency import IdemKey
from services.common.pages import Page
from services.common.responses import FastJSONResponse
from services.households import batches, member_records, projects, records
from services.households.deps import (
    Ctx,
    FieldWorker,
    Officer,
    Reader,
    parse_uuid,
)
from services.households.schemas import (
    EmploymentIn,
    EmploymentRecorded,
    HelperIn,
    HelperOut,
    HouseholdWithoutHelper,
    IncomeIn,
    IncomeRecorded,
    IncomesIn,
    IncomesRecorded,
    MeasureAdded,
    MeasureIn,
    Pairing,
    PairingIn,
    ProjectList,
    ProjectOut,
    ProjectsIn,
    ProjectsWritten,
    SubsidyIn,
    SubsidyRecorded,
    VisitIn,
    VisitRecorded,
    VisitsIn,
    VisitsRecorded,
)

router = APIRouter(prefix="/v1")


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
        helper_id=parse_uuid(body.helper_id, "helper_id"),
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
    idem_key: IdemKey = None,
) -> JSONResponse:
    status, out = await records.record_visit(
        ctx,
        principal=principal,
        household_code=household_code,
        visited_on=body.visited_on,
        notes=body.notes,
        helper_id=parse_uuid(body.helper_id, "helper_id") if body.helper_id else None,
        form=body.form.model_dump(exclude_none=True) if body.form else None,
        idem_key=idem_key,
    )
    return FastJSONResponse(out, status_code=status)


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
    "/visits",
    response_model=VisitsRecorded,
    tags=["assistance"],
    status_code=201,
    summary="Record up to 1,000 visits at once: all, or none with every reason (send an Idempotency-Key)",
)
async def record_visits(
    body: VisitsIn,
    principal: FieldWorker,
    ctx: Ctx,
    idem_key: IdemKey = None,
) -> JSONResponse:
    status, out = await batches.record_visits(ctx, principal=principal, items=body.items, idem_key=idem_key)
    return FastJSONResponse(out, status_code=status)


@router.post(
    "/income",
    response_model=IncomesRecorded,
    tags=["assistance"],
    status_code=201,
    summary="Record up to 1,000 quarters' income at once: all, or none (409 names every quarter already "
    "recorded)",
)
async def record_incomes(
    body: IncomesIn,
    principal: FieldWorker,
    ctx: Ctx,
    idem_key: IdemKey = None,
) -> JSONResponse:
    status, out = await batches.record_income(ctx, principal=principal, items=body.items, idem_key=idem_key)
    return FastJSONResponse(out, status_code=status)


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
    return await member_records.record_subsidy(
        ctx,
        principal=principal,
        member_id=parse_uuid(body.member_id, "member_id"),
        year=body.year,
        semester=body.semester,
        level=body.level,
        amount=body.amount,
    )


@router.post("/employment", response_model=EmploymentRecorded, tags=["assistance"], status_code=201)
async def record_employment(body: EmploymentIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await member_records.record_employment(
        ctx,
        principal=principal,
        member_id=parse_uuid(body.member_id, "member_id"),
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
