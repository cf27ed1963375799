"""HTTP routes of repayment reminders: the villages' call lists, opt-out, the sender run by hand."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from services.common.auth import Principal, Role, require_roles
from services.loans import notifications
from services.loans.router import Ctx, _uuid
from services.loans.schemas import CallListOut, CallOutcomeIn, SmsOptOutIn, SmsSendOut

router = APIRouter(prefix="/v1")

Caller = Annotated[Principal, Depends(require_roles(Role.village_cadre, Role.town_officer))]


@router.get(
    "/call-list",
    response_model=CallListOut,
    tags=["reminders"],
    summary="Repayment reminders for the village's cadres to phone (电话提醒名单), in the caller's villages",
)
async def get_call_list(
    principal: Caller, ctx: Ctx, village_code: str | None = None, open_only: bool = True
) -> dict[str, Any]:
    return {
        "items": await notifications.call_list(
            ctx, principal=principal, village_code=village_code, open_only=open_only
        )
    }


@router.post(
    "/call-list/{entry_id}/outcome",
    status_code=204,
    tags=["reminders"],
    summary="Record what came of a reminder call (audited)",
)
async def post_call_outcome(entry_id: str, body: CallOutcomeIn, principal: Caller, ctx: Ctx) -> Response:
    await notifications.record_outcome(
        ctx,
        principal=principal,
        entry_id=_uuid(entry_id),
        outcome=body.outcome,
        note=body.note,
        on=body.called_on,
    )
    return Response(status_code=204)


@router.put(
    "/loans/{loan_id}/sms-opt-out",
    status_code=204,
    tags=["reminders"],
    summary="The borrower opts out of (or back into) reminder text messages",
)
async def put_sms_opt_out(loan_id: str, body: SmsOptOutIn, principal: Caller, ctx: Ctx) -> Response:
    await notifications.set_opt_out(ctx, principal=principal, loan_id=_uuid(loan_id), opt_out=body.opt_out)
    return Response(status_code=204)


@router.post(
    "/admin/sms/send",
    response_model=SmsSendOut,
    tags=["admin"],
    summary="Run the reminder text-message sender now (it also runs every RW_LOANS_SMS_SEND_SECONDS)",
)
async def send_sms_now(
    _: Annotated[Principal, Depends(require_roles(Role.admin, Role.town_officer))], ctx: Ctx
) -> dict[str, int]:
    return await notifications.send_due(ctx)
