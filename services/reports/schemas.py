"""Response bodies of the reports service, as the OpenAPI document declares them.

The annual report keys its sections by year (`alerts_2022`, …), as the source document's tables are:
`AnnualReport` declares the fixed part, and the year's sections through `patternProperties` that
point at their own schemas (`YEAR_SECTIONS`, added to the document's components by the app).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.common.pages import Money

Rate = str  # "0.9286": four places, half-up; null when nothing finished


class HouseholdsAndPeople(BaseModel):
    households: int
    people: int


class TownOut(BaseModel):
    name: str
    villages: int
    communities: int
    households: int
    people: int


class AlertsSection(BaseModel):
    total: int = Field(description="provincial alerts received (internal signals apart)")
    general_risk: dict[str, int]
    policy_not_implemented: dict[str, int]
    other_categories: dict[str, int]
    outcomes: dict[str, int] = Field(description="closed_no_risk, risk_confirmed_…, policy_fixed")
    open: int
    internal: dict[str, int] = Field(description="the town's own signals (overdue loans) by category")


class EducationSemester(BaseModel):
    model_config = ConfigDict(extra="allow")  # one count per level: kindergarten, compulsory, …

    total: int
    amount_yuan: Money


class EducationSection(BaseModel):
    spring: EducationSemester
    autumn: EducationSemester


class EmploymentSection(BaseModel):
    employed: int
    public_welfare_jobs: int
    pv_public_welfare_jobs: int


class ProjectKind(BaseModel):
    count: int
    investment_yuan: Money
    accepted: int
    awaiting_acceptance: int
    operating: int


class ProjectsSection(BaseModel):
    count: int
    investment_yuan: Money
    infrastructure: ProjectKind
    industry: ProjectKind


class QuarterSubsidy(BaseModel):
    people: int
    yuan: Money


class LoansSection(BaseModel):
    borrowers_by_october: int
    outstanding_yuan: Money
    interest_subsidy: dict[str, QuarterSubsidy] = Field(description="Q1 … Q4")


YEAR_SECTIONS: dict[str, type[BaseModel]] = {
    "newly_identified": HouseholdsAndPeople,
    "alerts": AlertsSection,
    "education_subsidies": EducationSection,
    "employment": EmploymentSection,
    "projects": ProjectsSection,
    "loans": LoansSection,
}


class AnnualReport(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "patternProperties": {
                rf"^{name}_\d{{4}}$": {"$ref": f"#/components/schemas/{model.__name__}"}
                for name, model in YEAR_SECTIONS.items()
            }
        },
    )

    year: int
    town: TownOut
    alleviated: HouseholdsAndPeople
    monitored: HouseholdsAndPeople
    marginal_special_monitoring: HouseholdsAndPeople


class ClosedInQuarter(BaseModel):
    total: int
    village_on_time: int
    town_on_time: int


class QuarterLoans(BaseModel):
    borrowers_at_end: int
    outstanding_yuan_at_end: Money
    interest_subsidy: QuarterSubsidy


class ProjectsAccepted(BaseModel):
    count: int
    investment_yuan: Money


class QuarterlyReport(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    year: int
    quarter: str = Field(examples=["2022Q3"])
    from_: date = Field(alias="from")
    to: date
    town: TownOut
    alerts: AlertsSection
    alerts_closed: ClosedInQuarter
    newly_identified: HouseholdsAndPeople
    education_subsidies: dict[str, EducationSemester] = Field(
        description="the semester the quarter reports (Q1 spring, Q3 autumn), else empty"
    )
    projects_accepted: ProjectsAccepted
    loans: QuarterLoans


class StageRate(BaseModel):
    finished: int
    on_time: int
    rate: Rate | None


class OnTimeRow(StageRate):
    stage: str
    village_code: str
    month: str = Field(examples=["2022-03"])


class SlaReport(BaseModel):
    as_of: date
    on_time: list[OnTimeRow]
    on_time_totals: dict[str, StageRate]
    open_by_village: dict[str, dict[str, int]] = Field(description="open, overdue and counts by age in days")
    average_days: dict[str, str | None] = Field(description="days per stage, two places")


class FindingOut(BaseModel):
    detector: str
    village_code: str
    subject: str = Field(description="what the finding is about: a household, a member, a loan, an alert")
    reason: str
    records: dict[str, Any] = Field(description="the records behind the finding")


class ProblemsReport(BaseModel):
    year: int
    as_of: date
    village_codes: list[str] | None
    detectors: dict[str, str] = Field(description="each detector asked for → what it finds")
    summary: dict[str, int]
    total: int
    problems: list[FindingOut]


class TrendMonth(BaseModel):
    month: str
    received: int
    closed: int
    village_on_time_rate: Rate | None
    town_on_time_rate: Rate | None


class RecentEvent(BaseModel):
    id: int
    at: datetime
    event_type: str
    label: str = Field(description="what the event means, in Chinese (中文事件名)", examples=["村级核实上报"])
    aggregate_id: str
    village_code: str | None


class VillageWork(BaseModel):
    village_code: str
    name: str
    open: int
    overdue: int


class DashboardSummary(BaseModel):
    today: date
    alerts_by_status: dict[str, int]
    open_by_stage: dict[str, int]
    open_alerts: int
    overdue_alerts: int
    by_village: list[VillageWork]
    sla_trend: list[TrendMonth]
    recent_events: list[RecentEvent]
    last_event_id: int


class Rebuilt(BaseModel):
    events: int = Field(description="events replayed from the topics")
    seconds: float


class RectificationItem(BaseModel):
    rectification_id: str
    source: str
    detector: str | None
    finding_ref: str | None
    village_code: str
    household_code: str | None
    problem: str
    measure: str = Field(description="整改措施")
    responsible: str = Field(description="整改责任人")
    opened_on: date
    due_on: date = Field(description="整改时限")
    status: str
    overdue: bool
    closed_on: date | None
    closing_note: str | None
    evidence: list[str]


class RectificationLedger(BaseModel):
    year: int
    open: list[RectificationItem]
    closed: list[RectificationItem]
    overdue_open: int
