"""HTTP routes of the loans service: thin, they parse, authorise and call the use cases."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from services.common import trail
from services.common.auth import Principal, Role, require_roles
from services.common.errors import APIError
from services.common.i18n import label, localise, t
from services.common.idempotency import IdemKey
from services.common.pages import Page
from services.common.ratelimit import limit_export, limit_lookup
from services.common.responses import FastJSONResponse
from services.common.tabular import attachment, write_csv, write_xlsx
from services.loans import applications, context, decisions, queries, rates, repayments, scheduled
from services.loans import subsidies as interest_subsidies
from services.loans.schemas import (
    ApplicationIn,
    Borrower,
    DailyJobOut,
    DecisionIn,
    DisbursementIn,
    LoanDetail,
    LoanOut,
    LoanStats,
    RateSeriesIn,
    RatesWritten,
    RateTable,
    RepaymentIn,
    RepaymentRecorded,
    SubsidiesOut,
    WriteOffIn,
)

router = APIRouter(prefix="/v1")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Reader = Annotated[
    Principal,
    Depends(
        require_roles(Role.village_cadre, Role.town_officer, Role.county_viewer, Role.auditor, Role.admin)
    ),
]
Officer = Annotated[Principal, Depends(require_roles(Role.town_officer))]
AdminRole = Annotated[Principal, Depends(require_roles(Role.admin))]
Auditor = Annotated[Principal, Depends(require_roles(Role.auditor))]


async def ctx_of(request: Request) -> context.LoansContext:
    ctx: context.LoansContext = request.app.state.ctx
    return ctx


Ctx = Annotated[context.LoansContext, Depends(ctx_of)]


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise APIError(404, "not_found", "loan not found") from exc


@router.post(
    "/loans",
    response_model=LoanOut,
    tags=["loans"],
    status_code=201,
    summary="Apply for a loan (eligibility is checked)",
)
async def apply(
    body: ApplicationIn, principal: Officer, ctx: Ctx, request: Request, idem_key: IdemKey = None
) -> JSONResponse:
    limit_lookup(request, principal)  # its refusals tell whether an ID number is a member somewhere
    status, out = await applications.apply(
        ctx,
        principal=principal,
        app=applications.Application(**body.model_dump()),
        idem_key=idem_key,
    )
    return FastJSONResponse(out, status_code=status)


@router.get(
    "/loans",
    response_model=Page[LoanOut],
    tags=["loans"],
    summary="Loans in the caller's villages, newest first",
)
async def list_loans(
    principal: Reader,
    ctx: Ctx,
    village_code: str | None = None,
    household_code: str | None = None,
    status: Annotated[
        str | None, Query(pattern="^(applied|approved|rejected|disbursed|repaid|written_off)$")
    ] = None,
    overdue: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    items, nxt = await queries.list_loans(
        ctx,
        principal=principal,
        village_code=village_code,
        household_code=household_code,
        status=status,
        overdue=overdue,
        limit=limit,
        cursor=cursor,
    )
    return {"items": items, "next_cursor": nxt}


@router.get(
    "/loans/stats",
    response_model=LoanStats,
    tags=["loans"],
    summary="Borrowers and outstanding principal at the end of a day",
)
async def loan_stats(principal: Reader, ctx: Ctx, as_of: date | None = None) -> dict[str, Any]:
    return await queries.loan_stats(ctx, principal=principal, as_of=as_of or ctx.today())


@router.get(
    "/loans/{loan_id}",
    response_model=LoanDetail,
    response_model_exclude_unset=True,
    tags=["loans"],
    summary="A loan with its schedule, repayments, overdue and reminders",
)
async def get_loan(loan_id: str, principal: Reader, ctx: Ctx) -> dict[str, Any]:
    return await queries.get_loan(ctx, principal=principal, loan_id=_uuid(loan_id))


@router.post(
    "/loans/{loan_id}/decision",
    response_model=LoanOut,
    tags=["loans"],
    summary="Approve or reject an application",
)
async def decide(loan_id: str, body: DecisionIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await decisions.decide(
        ctx,
        principal=principal,
        loan_id=_uuid(loan_id),
        approve=body.decision == "approve",
        on=body.decided_on,
        notes=body.notes,
    )


@router.post(
    "/loans/{loan_id}/disbursement",
    response_model=LoanOut,
    tags=["loans"],
    summary="Record the bank's disbursement",
)
async def disburse(loan_id: str, body: DisbursementIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await decisions.disburse(
        ctx,
        principal=principal,
        loan_id=_uuid(loan_id),
        disbursed_on=body.disbursed_on,
        bank=body.bank,
        annual_rate=body.annual_rate,
        rate_series=body.rate_series,
        floating=body.floating,
    )


@router.post(
    "/loans/{loan_id}/repayments",
    response_model=RepaymentRecorded,
    tags=["loans"],
    status_code=201,
    summary="Record a repayment",
)
async def repay(
    loan_id: str, body: RepaymentIn, principal: Officer, ctx: Ctx, idem_key: IdemKey = None
) -> JSONResponse:
    status, out = await repayments.record_repayment(
        ctx,
        principal=principal,
        loan_id=_uuid(loan_id),
        paid_on=body.paid_on,
        interest=body.interest,
        principal_amount=body.principal,
        idem_key=idem_key,
    )
    return FastJSONResponse(out, status_code=status)


@router.post("/loans/{loan_id}/write-off", response_model=LoanOut, tags=["loans"], summary="Write a loan off")
async def write_off(loan_id: str, body: WriteOffIn, principal: Officer, ctx: Ctx) -> dict[str, Any]:
    return await decisions.write_off(
        ctx, principal=principal, loan_id=_uuid(loan_id), on=body.written_off_on, notes=body.notes
    )


@router.get(
    "/loans/{loan_id}/borrower",
    response_model=Borrower,
    tags=["loans"],
    summary="Unmasked borrower identity (auditor; the read is recorded)",
)
async def reveal(loan_id: str, principal: Auditor, ctx: Ctx) -> dict[str, Any]:
    return await queries.reveal_borrower(ctx, principal=principal, loan_id=_uuid(loan_id))


SUBSIDY_HEADERS = [
    "季度",
    "村代码",
    "户编号",
    "借款人",
    "身份证号",
    "贷款银行",
    "本金(元)",
    "计息起日",
    "计息止日",
    "天数",
    "利息(元)",
    "贴息金额(元)",
    "未贴息原因",
]


@router.get(
    "/subsidies",
    response_model=SubsidiesOut,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
            }
        }
    },
    tags=["subsidies"],
    summary="Interest subsidies (贴息) of a quarter per borrower, with totals (format=json|csv|xlsx)",
)
async def subsidies(
    principal: Reader,
    ctx: Ctx,
    request: Request,
    quarter: Annotated[str, Query(description="e.g. 2022Q1")],
    village_code: str | None = None,
    format: Annotated[str, Query(pattern="^(json|csv|xlsx)$")] = "json",
) -> Any:
    if format != "json":
        limit_export(request, principal)
    out = await interest_subsidies.subsidies(
        ctx, principal=principal, quarter=quarter, village_code=village_code
    )
    if format == "json":
        return localise(out)  # the withheld reasons in the request's language
    return subsidy_file(out, format)


Finance = Annotated[Principal, Depends(require_roles(Role.finance))]


@router.get(
    "/subsidies/claims",
    response_model=SubsidiesOut,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
            }
        }
    },
    tags=["subsidies"],
    summary="The quarter's subsidy claim list (贴息申请清单) unmasked, for the finance office (audited)",
)
async def subsidy_claims(
    principal: Finance,
    ctx: Ctx,
    request: Request,
    quarter: Annotated[str, Query(description="e.g. 2022Q1")],
    village_code: str | None = None,
    format: Annotated[str, Query(pattern="^(json|csv|xlsx)$")] = "xlsx",
) -> Any:
    limit_export(request, principal)
    out = await interest_subsidies.claim_list(
        ctx, principal=principal, quarter=quarter, village_code=village_code, file_format=format
    )
    if format == "json":
        return localise(out)
    return subsidy_file(out, format, name=f"贴息申请清单-{out['quarter']}")


def subsidy_file(out: dict[str, Any], file_format: str, name: str | None = None) -> Response:
    """The quarter's lines and totals as the county's CSV or XLSX (Chinese headers)."""
    from decimal import Decimal

    rows: list[list[Any]] = [
        [
            out["quarter"],
            x["village_code"],
            x["household_code"],
            x["borrower"]["name"],
            x["borrower"]["id_number"],
            x["bank"],
            Decimal(x["principal"]),
            x["first_day"],
            x["last_day"],
            x["days"],
            Decimal(x["interest"]),
            Decimal(x["subsidy"]),
            label(x["withheld"]) or "",  # the county's file: Chinese
        ]
        for x in out["lines"]
    ]
    t = out["totals"]
    rows.append(
        [
            "合计",
            "",
            "",
            f"{t['people']}人",
            "",
            "",
            "",
            "",
            "",
            "",
            Decimal(t["interest"]),
            Decimal(t["subsidy"]),
            "",
        ]
    )
    name = name or f"subsidies-{out['quarter']}"
    if file_format == "csv":
        return Response(
            write_csv(SUBSIDY_HEADERS, rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": attachment(f"{name}.csv")},
        )
    return Response(
        write_xlsx(f"贴息{out['quarter']}", SUBSIDY_HEADERS, rows),
        media_type=XLSX,
        headers={"Content-Disposition": attachment(f"{name}.xlsx")},
    )


@router.get(
    "/admin/rates", response_model=RateTable, tags=["admin"], summary="The dated rate table, by series"
)
async def get_rates(_: Reader, ctx: Ctx) -> dict[str, Any]:
    return {"series": await rates.rate_table(ctx)}


@router.put(
    "/admin/rates",
    response_model=RatesWritten,
    tags=["admin"],
    summary="Add or correct rate points of a series (admin)",
)
async def put_rates(body: RateSeriesIn, _: AdminRole, ctx: Ctx) -> dict[str, Any]:
    n = await rates.put_rate_points(ctx, body.series, [(p.effective_on, p.annual_rate) for p in body.points])
    return {"series": body.series, "points": n}


@router.post(
    "/admin/jobs/daily",
    response_model=DailyJobOut,
    tags=["admin"],
    summary="Run the daily job now (overdue, reminders, subsidy settlement); as_of defaults to today",
)
async def run_daily_job(
    principal: Annotated[Principal, Depends(require_roles(Role.admin, Role.town_officer))],
    ctx: Ctx,
    as_of: date | None = None,
) -> dict[str, Any]:
    if as_of is not None and as_of > ctx.today():
        raise APIError(
            422,
            "validation_failed",
            "the request is not valid",
            [t("as_of {d} is in the future", "统计日期{d}晚于今天", d=str(as_of))],
        )
    result = await scheduled.daily_job(ctx, as_of=as_of)
    return {**result.__dict__, "as_of": result.as_of.isoformat()}


trail.add_reveals_route(router, ctx_of, trail.list_trail_reveals)
