"""Request and response models of the households API."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.common.assistance import MeasureKind
from services.common.pages import Money, Page
from services.households.models import VillageBase
from services.households.monitoring import MonitoringType
from services.households.profile_schemas import VisitCheck


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class VillageCreate(VillageBase):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)  # type: ignore[assignment]


class VillagesIn(_In):
    villages: list[VillageCreate] = Field(min_length=1, max_length=1000)

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
    form: VisitCheck | None = Field(default=None, description="the short form (走访简表), optional")


class IncomeIn(_In):
    year: int = Field(ge=2013, le=2100)
    quarter: int = Field(ge=1, le=4)
    total_income: Decimal = Field(
        ge=0, max_digits=14, decimal_places=2, description="the quarter's household income"
    )


class VisitItemIn(VisitIn):
    household_code: str = Field(min_length=1, max_length=40)


class VisitsIn(_In):
    items: list[VisitItemIn] = Field(min_length=1, max_length=1000)


class IncomeItemIn(IncomeIn):
    household_code: str = Field(min_length=1, max_length=40)


class IncomesIn(_In):
    items: list[IncomeItemIn] = Field(min_length=1, max_length=1000)


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


# ---- responses (the use cases build them as dicts; the routes declare and check them)


class VillagePublic(VillageBase):
    """A village as the API answers it (the same fields as the table: nothing in it is personal)."""


class VillagesChanged(BaseModel):
    changed: int = Field(description="villages created or renamed")


class HouseholdSummary(BaseModel):
    id: str
    household_code: str
    village_code: str
    address: str | None
    alleviated: bool
    alleviated_year: int | None
    member_count: int
    monitoring_type: str | None


class MemberOut(BaseModel):
    id: str
    name: str = Field(description="masked (欧**) unless revealed by an auditor")
    id_number: str = Field(description="masked (first 6 and last 1) unless revealed by an auditor")
    relation: str | None
    birth_year: int | None = Field(
        description="the year only: a date beside the masked number would complete it"
    )
    birth_date: date | None = Field(default=None, description="only when revealed")
    education_stage: str | None
    school: str | None
    disability: str | None
    pension_status: str | None
    employment_status: str | None
    public_welfare_job: bool | None
    can_work: bool | None
    phone: str | None = Field(description="masked (138****5678) unless revealed")


class HouseholdMonitoring(BaseModel):
    id: str
    type: str
    risk_category: str
    status: str
    first_clue_on: date
    identified_on: date | None
    eliminated_on: date | None


class HelperOut(BaseModel):
    id: str
    name: str
    unit: str | None
    phone: str | None = Field(description="masked")


class PairedHelper(HelperOut):
    from_on: date


class HouseholdDetail(HouseholdSummary):
    members: list[MemberOut]
    monitoring_objects: list[HouseholdMonitoring]
    helper: PairedHelper | None


class PeopleCount(BaseModel):
    households: int
    people: int


class NewlyIdentified(PeopleCount):
    year: int


class HouseholdStats(BaseModel):
    villages: int
    communities: int
    households: int
    people: int
    alleviated: PeopleCount
    monitored: PeopleCount
    marginal: PeopleCount
    newly_identified: NewlyIdentified


class MemberFound(BaseModel):
    household_code: str
    member_id: str
    id_number: str = Field(description="masked")


class ImportQueued(BaseModel):
    job_id: str
    status: Literal["queued"]
    total_rows: int
    poll: str = Field(description="GET it for the job's progress")


class ImportRejectedRow(BaseModel):
    row: int = Field(description="the row in the file (1 is the header)")
    index: int
    household_code: str | None
    errors: list[str]


class ImportJob(BaseModel):
    job_id: str
    filename: str
    status: Literal["queued", "running", "done", "failed"]
    total_rows: int
    processed_rows: int
    stored_members: int
    new_households: int
    unchanged_rows: int
    rejected: list[ImportRejectedRow]
    error: str | None = Field(description="why a failed job stopped, and at which row")
    attempts: int = Field(description="more than 1: a replica stopped and another resumed the job")


class NoticePeriod(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date | None = Field(alias="from")
    to: date | None


class MonitoringSteps(BaseModel):
    consent: date | None
    home_check: date | None
    village_appraisal: date | None
    public_notice: NoticePeriod | None
    town_review: date | None
    county_approval: date | None


class MonitoringObjectOut(BaseModel):
    id: str
    household_code: str
    village_code: str
    type: str
    risk_category: str
    status: str
    first_clue_on: date | None
    identification_due_on: date | None
    steps: MonitoringSteps
    identified_on: date | None
    identified_on_time: bool | None
    eliminated_on: date | None
    source_alert_id: str | None


class HouseholdWithoutHelper(BaseModel):
    household_code: str
    village_code: str
    alleviated: bool
    monitoring_type: str | None


class Pairing(BaseModel):
    household_code: str
    helper_id: str
    from_on: date


class VisitRecorded(BaseModel):
    id: str
    household_code: str
    visited_on: date
    concern: bool | None = Field(
        default=None,
        description="the short form found something (a guarantee not met, income down, a new risk)",
    )


class IncomeRecorded(BaseModel):
    id: str
    household_code: str
    year: int
    quarter: int
    total_income: str = Field(description="yuan")
    member_count: int
    per_capita_annualised: str = Field(description="yuan per person and year (×4 ÷ members)")


class VisitsRecorded(BaseModel):
    items: list[VisitRecorded]
    count: int


class IncomesRecorded(BaseModel):
    items: list[IncomeRecorded]
    count: int


class MeasureAdded(BaseModel):
    id: str
    household_code: str
    kind: str
    start_on: date
    end_on: date | None


class SubsidyRecorded(BaseModel):
    id: str
    member_id: str
    year: int
    semester: str
    level: str
    amount: str = Field(description="yuan")


class EmploymentRecorded(BaseModel):
    id: str
    member_id: str
    year: int
    kind: str


class ProjectOut(BaseModel):
    id: str
    code: str
    name: str
    village_code: str
    kind: str
    year: int
    investment: Money
    status: str
    started_on: date | None
    accepted_on: date | None
    beneficiary_households: int | None


class ProjectsWritten(BaseModel):
    items: list[ProjectOut]


class ProjectTotals(BaseModel):
    count: int
    investment: Money


class ProjectList(Page[ProjectOut]):
    totals: ProjectTotals
