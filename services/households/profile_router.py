"""HTTP routes of the household's collection-form record (采集表): thin, they parse, authorise and call
services/households/profiles.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter

from services.households import profiles
from services.households.deps import Ctx, FieldWorker, Reader
from services.households.profile_schemas import ProfileHistory, ProfileIn, ProfileOut

router = APIRouter(prefix="/v1", tags=["profile"])


@router.post(
    "/households/{household_code}/profile",
    response_model=ProfileOut,
    status_code=201,
    summary="Record a change to the household's collection-form record: a new version dated effective_on",
)
async def record_profile(
    household_code: str, body: ProfileIn, principal: FieldWorker, ctx: Ctx
) -> dict[str, Any]:
    return await profiles.record_profile(
        ctx, principal=principal, household_code=household_code, change=body.model_dump()
    )


@router.get(
    "/households/{household_code}/profile",
    response_model=ProfileOut,
    summary="The household's record as of a date (default today): the latest version dated on or before it",
)
async def get_profile(
    household_code: str, principal: Reader, ctx: Ctx, as_of: date | None = None
) -> dict[str, Any]:
    return await profiles.get_profile(ctx, principal=principal, household_code=household_code, as_of=as_of)


@router.get(
    "/households/{household_code}/profile/history",
    response_model=ProfileHistory,
    summary="Every version of the household's record, oldest first",
)
async def profile_history(household_code: str, principal: Reader, ctx: Ctx) -> dict[str, Any]:
    return await profiles.profile_history(ctx, principal=principal, household_code=household_code)
