"""Request and response bodies of the loans service (the use cases build the responses as dicts; the
routes declare and check them against these models)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.common.pages import Money


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApplicationIn(_In):
    household_code: str = Field(min_length=1, max_length=40)
    borrower_id_number: str = Field(min_length=1, max_length=30, description="18-character 身份证号")
    borrower_name: str = Field(min_length=1, max_length=100)
    principal: Decimal = Field(description="yuan, e.g. '50000.00'")
    term_months: int = Field(ge=1, le=120)
    applied_on: date
    top_up: bool = Field(default=False, description="a top-up may reach 100,000; only 50,000 is subsidised")
    purpose: str | None = Field(default=None, max_length=500)
    borrower_phone: str | None = Field(
        default=None,
        pattern=r"^1[3-9]\d{9}$",
        description="the borrower's mobile (11 digits) for repayment reminders; stored encrypted, shown masked",
        examples=["13812345678"],
    )


class DecisionIn(_In):
    decision: str = Field(pattern="^(approve|reject)$")
    decided_on: date
    notes: str | None = Field(default=None, max_length=2000)


class DisbursementIn(_In):
    disbursed_on: date
    bank: str = Field(min_length=1, max_length=100)
    annual_rate: Decimal | None = Field(
        default=None, description="a fixed rate, e.g. 0.0475; without it the rate comes from the rate table"
    )
    rate_series: str | None = Field(default=None, max_length=40, description="rate-table series, e.g. lpr_1y")
    floating: bool = Field(default=False, description="follow the series' changes instead of fixing its rate")


class RepaymentIn(_In):
    paid_on: date
    interest: Decimal = Decimal("0")
    principal: Decimal = Decimal("0")


class WriteOffIn(_In):
    written_off_on: date
    notes: str | None = Field(default=None, max_length=2000)


class RatePointIn(_In):
    effective_on: date
    annual_rate: Decimal = Field(gt=0, lt=1)


class RateSeriesIn(_In):
    series: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    points: list[RatePointIn] = Field(min_length=1, max_length=500)


# ---- responses


class MaskedPerson(BaseModel):
    name: str = Field(description="masked (欧**), unless revealed by an auditor")
    id_number: str = Field(description="masked: first 6 digits, last 1")


class LoanOut(BaseModel):
    id: str
    household_code: str
    village_code: str
    borrower: MaskedPerson
    principal: Money
    subsidised_principal: Money = Field(description="the part that earns an interest subsidy (≤ 50,000)")
    outstanding: Money
    term_months: int
    top_up: bool
    purpose: str | None
    status: Literal["applied", "approved", "rejected", "disbursed", "repaid", "written_off"]
    applied_on: date
    approved_on: date | None
    disbursed_on: date | None
    maturity_on: date | None
    closed_on: date | None
    bank: str | None
    annual_rate: str | None = Field(description="e.g. '0.0385'")
    rate_series: str | None


class DueOut(BaseModel):
    kind: Literal["interest", "principal"]
    due_on: date
    amount: Money
    period: list[date] | None = Field(description="[first day, last day] an interest due covers")
    paid_on: date | None
    overdue: bool


class RepaymentOut(BaseModel):
    id: str
    paid_on: date
    interest: Money
    principal: Money


class OverdueEpisodeOut(BaseModel):
    id: str
    overdue_since: date
    due_kind: str
    due_on: date
    amount_due: Money
    cleared_on: date | None


class ReminderOut(BaseModel):
    due_kind: str
    due_on: date
    days_before: int
    status: str
    sent_on: date


class LoanDetail(LoanOut):
    schedule: list[DueOut] | None = Field(default=None, description="once disbursed")
    overdue: bool | None = None
    repayments: list[RepaymentOut]
    overdue_episodes: list[OverdueEpisodeOut]
    reminders: list[ReminderOut]


class RepaymentRecorded(BaseModel):
    repayment_id: str
    loan: LoanOut


class VillageBook(BaseModel):
    borrowers: int
    outstanding: Money


class LoanStats(BaseModel):
    as_of: date
    borrowers: int = Field(description="people (by ID number) with a loan outstanding at the end of the day")
    loans: int
    outstanding: Money
    by_village: dict[str, VillageBook]


class Borrower(BaseModel):
    name: str
    id_number: str


class SubsidyLineOut(BaseModel):
    loan_id: str
    village_code: str
    household_code: str
    borrower: MaskedPerson
    bank: str | None
    principal: Money
    first_day: date
    last_day: date
    days: int
    interest: Money
    subsidy: Money
    withheld: str | None = Field(description="why no subsidy is paid (an overdue episode in the quarter)")


class SubsidyTotals(BaseModel):
    people: int
    lines: int
    interest: Money
    subsidy: Money


class SubsidiesOut(BaseModel):
    quarter: str = Field(examples=["2022Q1"])
    settlement_on: date
    final: bool = Field(description="true once the settlement day has passed (the lines are settled)")
    rounding: str
    lines: list[SubsidyLineOut]
    totals: SubsidyTotals


class RatePointOut(BaseModel):
    effective_on: date
    annual_rate: str


class RateTable(BaseModel):
    series: dict[str, list[RatePointOut]] = Field(description="series (lpr_1y, …) → its dated points")


class RatesWritten(BaseModel):
    series: str
    points: int


class DailyJobOut(BaseModel):
    as_of: date
    overdue_raised: int
    overdue_cleared: int
    reminders_sent: int
    reminders_superseded: int
    subsidy_lines_settled: int
    quarters_settled: list[str]


class CallListEntryOut(BaseModel):
    """A repayment reminder for the village's cadres to phone (the number masked; the borrower's record
    at the village office has it), with what came of the call."""

    id: str
    loan_id: str
    village_code: str
    household_code: str
    borrower_name: str
    phone: str | None
    due_kind: str
    due_on: date
    amount: str
    listed_on: date
    sms_status: str | None = Field(description="pending | sent | failed | opted_out | no_phone | disabled")
    outcome: str | None
    outcome_note: str | None
    called_by: str | None


class CallListOut(BaseModel):
    items: list[CallListEntryOut]


class CallOutcomeIn(_In):
    outcome: str = Field(pattern="^(reached|no_answer|wrong_number|refused)$", examples=["reached"])
    note: str | None = Field(default=None, max_length=500)
    called_on: date


class SmsOptOutIn(_In):
    opt_out: bool = Field(description="true: no more text messages (回复TD); false: messages again")


class SmsSendOut(BaseModel):
    sent: int
    retry: int
    failed: int
