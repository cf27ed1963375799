"""HTTP routes of the rectification ledger (整改台账): open, list, close."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from services.alerts import rectification
from services.alerts.router import Ctx, Officer, Reader
from services.common.errors import not_found
from services.common.events.contracts.rectification import RectificationChanged

router = APIRouter(prefix="/v1", tags=["rectification"])


class _In(BaseModel):
    model_config = {"extra": "forbid"}


class RectificationIn(_In):
    source: str = Field(pattern="^(detector|inspection|audit|other)$", examples=["detector"])
    detector: str | None = Field(default=None, max_length=60, examples=["under_line_not_enrolled"])
    finding_ref: str | None = Field(
        default=None,
        max_length=200,
        description="the finding's subject",
        examples=["household 4309811012010001"],
    )
    village_code: str = Field(pattern=r"^\d{12}$")
    household_code: str | None = Field(default=None, pattern=r"^[0-9A-Za-z-]{1,40}$")
    problem: str = Field(
        min_length=1, max_length=2000, examples=["人均纯收入低于监测标准但未纳入监测（应纳未纳）"]
    )
    measure: str = Field(
        min_length=1, max_length=2000, description="整改措施", examples=["组织入户核查，按程序识别纳入"]
    )
    responsible: str = Field(min_length=1, max_length=100, description="整改责任人", examples=["村支书 李某"])
    opened_on: date
    working_days: int = Field(
        ge=1, le=120, description="整改时限, in working days from opened_on", examples=[10]
    )


class RectificationCloseIn(_In):
    closed_on: date
    note: str = Field(min_length=1, max_length=2000, examples=["已按程序纳入监测对象"])
    evidence: list[str] = Field(
        min_length=1,
        max_length=20,
        description="references to the closing evidence (file hashes, document numbers)",
    )


class RectificationList(BaseModel):
    items: list[RectificationChanged]


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise not_found("rectification item") from exc


@router.post(
    "/rectifications",
    response_model=RectificationChanged,
    status_code=201,
    summary="Open a rectification item",
)
async def open_rectification(body: RectificationIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await rectification.open_item(ctx, principal=principal, body=body.model_dump())


@router.get(
    "/rectifications",
    response_model=RectificationList,
    summary="Rectification items in the caller's villages",
)
async def list_rectifications(
    principal: Reader,
    ctx: Ctx,
    status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None,
    village_code: str | None = None,
) -> dict[str, Any]:
    return {
        "items": await rectification.list_items(
            ctx, principal=principal, status=status, village_code=village_code
        )
    }


@router.post(
    "/rectifications/{item_id}/close",
    response_model=RectificationChanged,
    summary="Close a rectification item with its evidence (销号)",
)
async def close_rectification(
    item_id: str, body: RectificationCloseIn, principal: Officer, ctx: Ctx
) -> dict[str, Any]:
    return await rectification.close_item(
        ctx,
        principal=principal,
        item_id=_uuid(item_id),
        closed_on=body.closed_on,
        note=body.note,
        evidence=body.evidence,
    )
