"""Request models of the households API."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.common.assistance import MeasureKind
from services.households.monitoring import MonitoringType


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class VillageIn(_In):
    code: str = Field(pattern=r"^\d{12}$", description="统计用区划代码, 12 digits")
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["village", "community"]


class VillagesIn(_In):
    villages: list[VillageIn] = Field(min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _codes_once(self) -> VillagesIn:
        twice = sorted(code for code, n in Counter(v.code for v in self.villages).items() if n > 1)
        if twice:
            raise ValueError(f"village codes given more than once: {', '.join(twice)}")
        return self


class IdNumberQuery(_In):
    id_number: str = Field(min_length=18, max_length=18)


class EnrolIn(_In):
    household_code: str = Field(min_length=1, max_length=40)
    type: MonitoringType
    risk_category: str = Field(min_length=1, max_length=50)
    first_clue_on: date


class StepIn(_In):
    step: Literal[
        "consent", "home_check", "village_appraisal", "public_notice", "town_review", "county_approval"
    ]
    on: date
    notice_to: date | None = None


class EliminationIn(_In):
    eliminated_on: date


class HelperIn(_In):
    name: str = Field(min_length=1, max_length=100)
    unit: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, pattern=r"^1\d{10}$")


class PairingIn(_In):
    helper_id: str
    from_on: date


class VisitIn(_In):
    visited_on: date
    helper_id: str | None = None
    notes: str | None = Field(default=None, max_length=4000)


class IncomeIn(_In):
    year: int = Field(ge=2013, le=2100)
    quarter: int = Field(ge=1, le=4)
    total_income: Decimal = Field(
        ge=0, max_digits=14, decimal_places=2, description="the quarter's household income"
    )


class MeasureIn(_In):
    kind: MeasureKind
    description: str | None = Field(default=None, max_length=4000)
    start_on: date
    end_on: date | None = None


class SubsidyIn(_In):
    member_id: str
    year: int = Field(ge=2013, le=2100)
    semester: Literal["spring", "autumn"]
    level: Literal["kindergarten", "compulsory", "senior_high", "rain_and_dew"]
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)


class EmploymentIn(_In):
    member_id: str
    year: int = Field(ge=2013, le=2100)
    kind: Literal["employed", "public_welfare_job", "pv_public_welfare_job"]
    employer: str | None = Field(default=None, max_length=200)


class ProjectIn(_In):
    code: str = Field(min_length=1, max_length=60, description="the project's number in the town's register")
    name: str = Field(min_length=1, max_length=200)
    village_code: str = Field(pattern=r"^\d{12}$")
    kind: Literal["infrastructure", "industry"]
    year: int = Field(ge=2013, le=2100)
    investment: Decimal = Field(ge=0, max_digits=14, decimal_places=2, description="yuan")
    status: Literal["planned", "under_construction", "awaiting_acceptance", "accepted", "operating"]
    started_on: date | None = None
    accepted_on: date | None = None
    beneficiary_households: int = Field(default=0, ge=0)


class ProjectsIn(_In):
    projects: list[ProjectIn] = Field(min_length=1, max_length=1000)
