"""A loan's life before repayment: application (with eligibility), approval, disbursement, write-off."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from services.common import idempotency
from services.common.auth import Principal
from services.common.errors import APIError
from services.common.events.types import EventType
from services.common.i18n import Text, label, t
from services.common.ids import birth_date_of, mask_id_number, mask_name, mask_phone, validate_id_number
from services.common.outbox import add_events
from services.loans.book import loan_changed, loan_event, loan_row
from services.loans.config import LoansSettings
from services.loans.context import LoansContext, age_on, money
from services.loans.queries import loan_out


@dataclass(frozen=True)
class Application:
    household_code: str
    borrower_id_number: str
    borrower_name: str
    principal: Decimal
    term_months: int
    applied_on: date
    top_up: bool = False
    purpose: str | None = None
    borrower_phone: str | None = None


def _household_errors(app: Application, household: Any | None) -> list[str]:
    if household is None:
        return [t("household {h} is not in the registry", "户编号{h}不在农户信息库中", h=app.household_code)]
    if not (household.alleviated or household.monitoring_type):
        return [
            t(
                "household {h} is neither alleviated (脱贫户) nor a monitoring object nor marginal (边缘易致贫户)",
                "户编号{h}既不是脱贫户，也不是监测对象或边缘易致贫户，不能申请小额信贷",
                h=app.household_code,
            )
        ]
    return []


def _borrower_errors(
    app: Application, household: Any | None, borrower_hash: str | None, settings: LoansSettings, today: date
) -> list[str]:
    """A valid ID number of a member of the household, of an age that may borrow."""
    id_errors = validate_id_number(app.borrower_id_number, today=today)
    if id_errors:
        return [Text(f"borrower {e}", f"借款人{label(e)}") for e in id_errors]
    errors: list[str] = []
    if household is not None and borrower_hash not in set(household.member_id_hashes or ()):
        errors.append(
            t(
                "the borrower is not a member of household {h}",
                "借款人不是户编号{h}的家庭成员",
                h=app.household_code,
            )
        )
    age = age_on(birth_date_of(app.borrower_id_number.strip().upper()), app.applied_on)
    lo, hi = settings.loans_borrower_min_age, settings.loans_borrower_max_age
    if not lo <= age <= hi:
        errors.append(
            t(
                "the borrower is {age} on {d}; borrowers must be aged {lo}-{hi}",
                "借款人在{d}时{age}周岁，借款人年龄须在{lo}至{hi}周岁之间",
                age=age,
                d=app.applied_on.isoformat(),
                lo=lo,
                hi=hi,
            )
        )
    return errors


def _principal_errors(app: Application, settings: LoansSettings) -> list[str]:
    cap, top = settings.loans_max_principal, settings.loans_max_top_up_principal
    errors: list[str] = []
    if app.principal <= 0:
        errors.append(t("principal must be positive", "贷款金额须大于0"))
    elif app.principal > top:
        errors.append(
            t(
                "principal {p} exceeds {top}, the most a top-up may reach",
                "贷款金额{p}元超过续贷/追加贷款上限{top}元",
                p=money(app.principal),
                top=money(top),
            )
        )
    elif app.principal > cap and not app.top_up:
        errors.append(
            t(
                "principal {p} exceeds {cap}; only a top-up (top_up: true) may go above it, up to {top}, "
                "and only the first {sub} is subsidised",
                "贷款金额{p}元超过{cap}元；只有追加贷款（top_up）可以超过，最高{top}元，且只有前{sub}元享受贴息",
                p=money(app.principal),
                cap=money(cap),
                top=money(top),
                sub=money(settings.loans_subsidised_cap),
            )
        )
    if app.principal.as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(t("principal has more than two decimal places", "贷款金额最多保留两位小数"))
    return errors


def eligibility_errors(
    app: Application,
    *,
    household: Any | None,
    borrower_hash: str | None,
    live_loans: int,
    settings: LoansSettings,
    today: date,
) -> list[str]:
    """Every reason the application is refused (empty when eligible). Pure."""
    errors: list[str] = []
    if app.applied_on > today:
        errors.append(
            t("applied_on {d} is in the future", "申请日期{d}晚于今天", d=app.applied_on.isoformat())
        )
    errors += _household_errors(app, household)
    errors += _borrower_errors(app, household, borrower_hash, settings, today)
    errors += _principal_errors(app, settings)
    if not 1 <= app.term_months <= settings.loans_max_term_months:
        errors.append(
            t(
                "term_months {n} is outside 1-{max} (≤ 3 years)",
                "贷款期限{n}个月超出1至{max}个月（不超过3年）",
                n=app.term_months,
                max=settings.loans_max_term_months,
            )
        )
    if live_loans:
        errors.append(
            t(
                "household {h} already has a live subsidised loan",
                "户编号{h}已有一笔未结清的贴息贷款",
                h=app.household_code,
            )
        )
    return errors


async def apply(
    ctx: LoansContext, *, principal: Principal, app: Application, idem_key: str | None = None
) -> tuple[int, dict[str, Any]]:
    fingerprint = idempotency.request_fingerprint(
        {**app.__dict__, "principal": str(app.principal), "applied_on": app.applied_on.isoformat()}
    )
    scope = f"loans.apply|{principal.sub}"
    async with ctx.db.transaction() as s:
        replayed = await idempotency.replay(s, scope=scope, key=idem_key, fingerprint=fingerprint)
        if replayed is not None:
            return replayed
        # one application at a time per household: the check and the insert cannot interleave
        await s.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 1))"), {"k": f"loan|{app.household_code}"}
        )
        household = (
            await s.execute(
                text("SELECT * FROM proj_households WHERE household_code = :h"), {"h": app.household_code}
            )
        ).first()
        if household is not None and not principal.can_see_village(household.village_code):
            household = None
        id_number = app.borrower_id_number.strip().upper()
        borrower_hash = ctx.cipher.lookup_hash(id_number) if not validate_id_number(id_number) else None
        live = (
            await s.execute(
                text(
                    "SELECT count(*) FROM loans WHERE household_code = :h AND subsidised "
                    "AND status IN ('applied', 'approved', 'disbursed')"
                ),
                {"h": app.household_code},
            )
        ).scalar_one()
        errors = eligibility_errors(
            app,
            household=household,
            borrower_hash=borrower_hash,
            live_loans=live,
            settings=ctx.settings,
            today=ctx.today(),
        )
        if errors:
            raise APIError(422, "not_eligible", "the application is refused", errors)
        assert household is not None and borrower_hash is not None
        loan_id = uuid.uuid4()
        await s.execute(
            text(
                "INSERT INTO loans (id, household_code, village_code, borrower_name_enc, borrower_name_masked, "
                "borrower_id_enc, borrower_id_hash, borrower_id_masked, borrower_birth_year, principal, "
                "term_months, top_up, subsidised, purpose, status, applied_on, borrower_phone_enc, "
                "borrower_phone_masked) VALUES (:id, :h, :v, :n, :nm, :enc, :hash, :masked, :born, :p, :t, :top, "
                "true, :purpose, 'applied', :on, :ph, :phm)"
            ),
            {
                "id": loan_id,
                "h": app.household_code,
                "v": household.village_code,
                "n": ctx.cipher.seal("loans", "borrower_name_enc", loan_id, app.borrower_name),
                "nm": mask_name(app.borrower_name),
                "enc": ctx.cipher.seal("loans", "borrower_id_enc", loan_id, id_number),
                "hash": borrower_hash,
                "masked": mask_id_number(id_number),
                "born": birth_date_of(id_number).year,
                "p": app.principal,
                "t": app.term_months,
                "top": app.top_up,
                "purpose": app.purpose,
                "on": app.applied_on,
                "ph": ctx.cipher.seal("loans", "borrower_phone_enc", loan_id, app.borrower_phone)
                if app.borrower_phone
                else None,
                "phm": mask_phone(app.borrower_phone),
            },
        )
        row = await loan_row(s, loan_id, None, lock=False)
        await add_events(
            s,
            [
                loan_event(
                    EventType.LOANS_LOAN_APPLIED,
                    str(loan_id),
                    loan_changed(row, Decimal(0)),
                    principal.actor(),
                )
            ],
        )
        body = loan_out(row, principal, outstanding=Decimal(0))
        await idempotency.remember(
            s, scope=scope, key=idem_key, fingerprint=fingerprint, status_code=201, body=body
        )
    return 201, body
