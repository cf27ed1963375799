"""Payloads of `households.household.v1` (never a raw ID number: members appear as lookup hashes)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VillageRegistered(_Contract):
    code: str = Field(pattern=r"^\d{12}$")
    name: str
    kind: str = Field(pattern="^(village|community)$")


class Student(_Contract):
    """A member in education, by the member's registry id (never a name or ID number)."""

    member_id: str
    education_stage: str = Field(
        description="kindergarten | compulsory | senior_high | vocational (雨露计划) | higher | other"
    )


class HouseholdChanged(_Contract):
    """A household as consumers see it: place, flags and the lookup hashes of its members' ID numbers."""

    household_code: str
    village_code: str = Field(pattern=r"^\d{12}$")
    alleviated: bool = False
    monitoring_type: str | None = None
    monitoring_status: str | None = Field(
        default=None, description="identifying | monitoring (the open object)"
    )
    monitoring_identified_on: date | None = Field(
        default=None, description="county approval of the open object"
    )
    risk_category: str | None = Field(default=None, description="risk category of the open object")
    member_id_hashes: list[str] = Field(default_factory=list)
    students: list[Student] = Field(
        default_factory=list, description="members with an education stage (for the 雨露计划 checks)"
    )
    member_count: int | None = None
    labour_capacity: str | None = None
    change: str | None = Field(
        default=None,
        description="registered | members_changed | details_changed | monitoring_changed | snapshot",
    )


class MonitoringAnswer(_Contract):
    """Enrolment as a monitoring object; when it answers `alerts.alert.risk_confirmed`, `alert_id` is set."""

    alert_id: str | None = None
    household_code: str | None
    village_code: str
    monitoring_object_id: str | None = None
    monitoring_type: str | None = None
    risk_category: str | None = None
    member_count: int | None = None
    first_clue_on: date | None = None


class RiskEliminated(_Contract):
    household_code: str
    village_code: str
    monitoring_object_id: str
    monitoring_type: str
    eliminated_on: date


class HouseholdFact(_Contract):
    """A recorded fact about a household: helper, visit, income, measure, subsidy or job."""

    household_code: str
    village_code: str
    kind: str
    on: date | None = None
    year: int | None = None
    quarter: int | None = Field(default=None, ge=1, le=4)
    semester: str | None = None
    level: str | None = None
    category: str | None = None
    amount: str | None = Field(default=None, description="money as a decimal string")
    member_id: str | None = None
    helper_id: str | None = None
    record_id: str
    monitoring_line: str | None = Field(
        default=None,
        description="an income record: the year's monitoring line (防返贫监测标准, yuan per person), for 应纳未纳",
    )


class HouseholdProfile(_Contract):
    """A new version of the household's collection-form record (采集表), in effect from `effective_on`:
    两不愁三保障 and drinking water, insurance, 低保/特困, labour by grade and the year's money per person.
    No member is named: labour is counted by grade."""

    household_code: str
    village_code: str = Field(pattern=r"^\d{12}$")
    version: int = Field(ge=1)
    effective_on: date
    food_clothing_ok: bool | None = None
    compulsory_education_ok: bool | None = None
    basic_medical_ok: bool | None = None
    housing_safe: bool | None = None
    drinking_water_safe: bool | None = None
    medical_insurance_all: bool | None = None
    social_assistance: str | None = Field(default=None, description="none | dibao | tekun")
    labour: dict[str, int] = Field(default_factory=dict, description="members per grade of ability to work")
    finance_year: int | None = None
    net_per_capita: str | None = Field(default=None, description="yuan per person, a decimal string")
    after_rigid_per_capita: str | None = Field(
        default=None, description="yuan per person after large unavoidable spending (刚性支出)"
    )
    rigid_spending: str | None = Field(
        default=None, description="the year's large unavoidable spending, yuan"
    )
    monitoring_line: str | None = Field(default=None, description="the finance year's monitoring line")


class ProjectChanged(_Contract):
    """A project of the town's register (衔接资金项目) after the change."""

    project_id: str
    code: str
    name: str
    village_code: str = Field(pattern=r"^\d{12}$")
    kind: str = Field(description="infrastructure | industry")
    year: int
    investment: str = Field(description="yuan, a decimal string with two places")
    status: str = Field(
        description="planned | under_construction | awaiting_acceptance | accepted | operating"
    )
    started_on: date | None = None
    accepted_on: date | None = None
    beneficiary_households: int = 0
