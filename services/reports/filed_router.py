"""HTTP routes of filed year reports: file a version, list the versions, read one byte for byte."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from services.common.auth import Principal, Role, require_roles
from services.reports import filed
from services.reports.router import Ctx, Reader
from services.reports.schemas import AnnualReport

router = APIRouter(prefix="/v1", tags=["reports"])
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
