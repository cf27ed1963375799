"""Request bodies of the loans service (responses are plain dicts built by the use-case modules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


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
