"""Payloads of `loans.loan.v1` (money as decimal strings with two places; never a raw ID number)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

_CODE = r"^\d{12}$"
_MONEY = r"^-?\d+\.\d{2}$"


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoanChanged(_Contract):
    """A loan as consumers see it after the event (applied, approved, rejected, disbursed, repaid, written off)."""

    loan_id: str
    household_code: str
    village_code: str = Field(pattern=_CODE)
    borrower_id_hash: str
    status: str
    principal: str = Field(pattern=_MONEY)
    subsidised_principal: str = Field(pattern=_MONEY)
    outstanding: str = Field(pattern=_MONEY)
    term_months: int
    top_up: bool = False
    applied_on: date
    approved_on: date | None = None
    disbursed_on: date | None = None
    maturity_on: date | None = None
    closed_on: date | None = None
    bank: str | None = None
    annual_rate: str | None = Field(default=None, description="fixed annual rate, e.g. '0.0475'")
    rate_series: str | None = Field(default=None, description="rate-table series a floating loan follows")


class RepaymentRecorded(_Contract):
    loan_id: str
    repayment_id: str
    household_code: str
    village_code: str = Field(pattern=_CODE)
    paid_on: date
    interest: str = Field(pattern=_MONEY)
    principal: str = Field(pattern=_MONEY)
    outstanding: str = Field(pattern=_MONEY)


class LoanOverdue(_Contract):
    """A loan fell overdue (`loans.loan.overdue`) or became current again (`loans.loan.overdue_cleared`)."""

    loan_id: str
    episode_id: str
    household_code: str
    village_code: str = Field(pattern=_CODE)
    borrower_id_hash: str
    overdue_since: date
    due_kind: str = Field(description="interest | principal")
    due_on: date
    amount_due: str = Field(pattern=_MONEY)
    cleared_on: date | None = None


class RepaymentDueSoon(_Contract):
    """A reminder N days before a settlement or maturity date, for the village and the household's helper."""

    reminder_id: str
    loan_id: str
    household_code: str
    village_code: str = Field(pattern=_CODE)
    helper_id: str | None = None
    due_kind: str = Field(description="interest | principal")
    due_on: date
    days_before: int
    sent_on: date
    amount: str = Field(pattern=_MONEY)


class SubsidySettled(_Contract):
    """One borrower's interest subsidy (贴息) of one settlement quarter, final once the quarter has ended."""

    quarter: str = Field(pattern=r"^\d{4}Q[1-4]$")
    settlement_on: date
    loan_id: str
    household_code: str
    village_code: str = Field(pattern=_CODE)
    borrower_id_hash: str
    first_day: date
    last_day: date
    days: int
    interest: str = Field(pattern=_MONEY)
    subsidy: str = Field(pattern=_MONEY)
    withheld: str | None = Field(
        default=None, description="why no subsidy was paid, e.g. overdue in the period"
    )
