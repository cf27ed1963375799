"""HTTP routes of what the office files: year reports (a version, byte for byte) and per-village ledgers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from services.common.auth import Principal, Role, require_roles
from services.common.errors import not_found
from services.common.ratelimit import limit_export
from services.common.tabular import attachment
from services.reports import filed, ledgers
from services.reports.router import Ctx, Reader, Watcher
from services.reports.schemas import AnnualReport

router = APIRouter(prefix="/v1", tags=["reports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Filer = Annotated[Principal, Depends(require_roles(Role.town_officer, Role.admin))]
Year = Annotated[int, Path(ge=2013, le=2100)]


class FileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=500, examples=["报县乡村振兴局（正式稿）"])


class FiledOut(BaseModel):
    year: int
    version: int
    sha256: str
    bytes: int


class FiledVersion(FiledOut):
    filed_by: str
    filed_at: str
    note: str | None


class FiledList(BaseModel):
    items: list[FiledVersion]


@router.post(
    "/reports/annual/{year}/filed",
    response_model=FiledOut,
    status_code=201,
    summary="File the year's report as it stands now (a new version; earlier ones are kept unchanged)",
)
async def file_report(year: Year, principal: Filer, ctx: Ctx, body: FileIn | None = None) -> dict[str, Any]:
    return await filed.freeze(ctx, year=year, principal=principal, note=body.note if body else None)


@router.get("/reports/annual/{year}/filed", response_model=FiledList, summary="The filed versions of a year")
async def list_filed(year: Year, _: Reader, ctx: Ctx) -> dict[str, Any]:
    return {"items": await filed.versions(ctx, year=year)}


@router.get(
    "/reports/annual/{year}/filed/{version}",
    responses={200: {"model": AnnualReport, "description": "the annual report as filed (JSON)"}},
    response_class=Response,
    summary="A filed version, byte for byte as filed (its SHA-256 in X-Content-SHA256)",
)
async def get_filed(
    year: Year, version: Annotated[int, Path(ge=1, le=10_000)], _: Reader, ctx: Ctx
) -> Response:
    body, digest, number = await filed.filed(ctx, year=year, version=version)
    return Response(
        body,
        media_type="application/json",
        headers={"X-Content-SHA256": digest, "X-Report-Version": str(number)},
    )


@router.get(
    "/reports/ledgers",
    responses={
        200: {
            "content": {
                XLSX: {"schema": {"type": "string", "format": "binary"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            }
        }
    },
    response_class=Response,
    summary="A village's ledgers of a year (台账: monitoring objects, visits, alerts, loans) as XLSX or PDF",
)
async def village_ledgers(
    principal: Watcher,
    ctx: Ctx,
    request: Request,
    year: Annotated[int, Query(ge=2013, le=2100)],
    village_code: Annotated[str, Query(pattern=r"^\d{12}$")],
    format: Annotated[Literal["xlsx", "pdf"], Query()] = "xlsx",
) -> Response:
    if not principal.can_see_village(village_code):
        raise not_found("village")
    limit_export(request, principal)
    async with ctx.db.session() as s:
        rows = await ledgers.ledger_rows(s, village_code, year)
    if format == "pdf":
        body, media = ledgers.pdf(rows, village=village_code, year=year), "application/pdf"
    else:
        body, media = ledgers.workbook(rows), XLSX
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": attachment(f"台账-{village_code}-{year}.{format}")},
    )
