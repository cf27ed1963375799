"""HTTP routes of the home verification's paper trail: evidence files and the printable form."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from services.alerts import evidence
from services.alerts.router import Ctx, Reader, Verifier
from services.common.ratelimit import limit_upload
from services.common.tabular import attachment

router = APIRouter(prefix="/v1", tags=["verification"])


class EvidenceOut(BaseModel):
    sha256: str
    kind: str
    media_type: str
    size: int


@router.post(
    "/alerts/{alert_id}/evidence",
    response_model=EvidenceOut,
    status_code=201,
    summary="Attach a photo or a scanned signed form to the verification (JPEG, PNG or PDF by content)",
)
async def post_evidence(
    alert_id: uuid.UUID,
    request: Request,
    principal: Verifier,
    ctx: Ctx,
    file: Annotated[UploadFile, File(description="JPEG, PNG or PDF")],
    kind: Annotated[str, Form(pattern="^(photo|signed_form|other)$")] = "photo",
) -> dict[str, Any]:
    limit_upload(request, principal)
    data = await file.read(ctx.settings.alerts_evidence_max_bytes + 1)
    return await evidence.upload(
        ctx, principal=principal, alert_id=alert_id, kind=kind, filename=file.filename or "upload", data=data
    )


@router.get(
    "/alerts/{alert_id}/evidence/{sha256}",
    responses={
        200: {
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}}
                for media in ("image/jpeg", "image/png", "application/pdf")
            }
        }
    },
    response_class=Response,
    summary="An evidence file of an alert in the caller's villages",
)
async def get_evidence(alert_id: uuid.UUID, sha256: str, principal: Reader, ctx: Ctx) -> Response:
    data, media = await evidence.download(ctx, principal=principal, alert_id=alert_id, digest=sha256)
    return Response(data, media_type=media, headers={"Cache-Control": "private, no-store"})


@router.get(
    "/alerts/{alert_id}/verification.pdf",
    responses={200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}},
    response_class=Response,
    summary="The filled home-verification form (入户核查表) as a PDF, in Chinese",
)
async def get_verification_pdf(alert_id: uuid.UUID, principal: Reader, ctx: Ctx) -> Response:
    pdf = await evidence.form_pdf(ctx, principal=principal, alert_id=alert_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": attachment(f"入户核查表-{alert_id}.pdf")},
    )
