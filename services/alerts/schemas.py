"""Request and response models of the alerts API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.alerts.workflow import Finding, Outcome


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FeedIn(_In):
    """One provincial batch; items are checked one by one so a bad item never sinks the batch."""

    batch_id: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")
    source: str = Field(default="province", min_length=1, max_length=100)
    issued_on: date
    items: list[Any] = Field(max_length=200_000)


class RejectedOut(BaseModel):
    index: int
    external_id: str | None
    errors: list[str]


class IntakeResult(BaseModel):
    batch_id: str
    accepted: int
    duplicates: int
    rejected: list[RejectedOut]


class Evidence(_In):
    kind: str = Field(min_length=1, max_length=50)
    ref: str = Field(min_length=1, max_length=500)


class Check(_In):
    met: bool = Field(description="保障 met (是) or not (否)")
    note: str | None = Field(default=None, max_length=500)


class HomeCheckForm(_In):
    """入户核查表: 两不愁三保障 and safe drinking water, the household's income and unavoidable spending this
    year, and the risk found."""

    food_clothing: Check = Field(description="不愁吃、不愁穿")
    compulsory_education: Check = Field(description="义务教育有保障")
    basic_medical: Check = Field(description="基本医疗有保障")
    housing_safety: Check = Field(description="住房安全有保障")
    drinking_water: Check = Field(description="饮水安全有保障")
    household_income: Decimal | None = Field(
        default=None,
        ge=0,
        le=Decimal("100000000"),
        decimal_places=2,
        description="家庭年收入 (yuan, this year)",
    )
    large_spending: Decimal | None = Field(
        default=None,
        ge=0,
        le=Decimal("100000000"),
        decimal_places=2,
        description="刚性支出 (yuan, this year)",
    )
    risk_found: str | None = Field(default=None, max_length=2000, description="发现的风险")


class VerificationIn(_In):
    visited_on: date
    reported_on: date | None = Field(default=None, description="Effective date of the report; default today")
    visitors: list[str] = Field(min_length=1, max_length=20)
    finding: Finding
    notes: str | None = Field(default=None, max_length=4000)
    evidence: list[Evidence] = Field(default_factory=list, max_length=50)
    form: HomeCheckForm | None = Field(default=None, description="the home-verification form (入户核查表)")


class RevisitIn(_In):
    visited_on: date
    visitors: list[str] = Field(min_length=1, max_length=20)
    finding: Finding
    form: HomeCheckForm | None = Field(default=None, description="the town's revisit, on the same form")


class ReviewIn(_In):
    decision: Literal["approve", "return"]
    reviewed_on: date | None = None
    notes: str | None = Field(default=None, max_length=4000)
    revisit: RevisitIn | None = None


class CloseOutIn(_In):
    outcome: Outcome
    closed_on: date | None = None
    remediation: str | None = Field(default=None, max_length=4000)
    notes: str | None = Field(default=None, max_length=4000)
    household_code: str | None = Field(
        default=None,
        pattern=r"^[0-9A-Za-z-]{1,40}$",
        description="the household to enrol, when a confirmed risk's alert names none (the town chooses it)",
    )


class HouseholdChoiceIn(_In):
    household_code: str = Field(pattern=r"^[0-9A-Za-z-]{1,40}$", examples=["4309811012010001"])


class TimelineEntry(BaseModel):
    seq: int
    at: datetime
    action: str
    actor: dict[str, Any]
    from_status: str | None
    to_status: str | None
    details: dict[str, Any]


class AlertOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    id: str
    external_id: str
    batch_id: str | None
    source: str
    alert_class: str = Field(alias="class")
    category: str
    village_code: str
    household_code: str | None
    household_match: str
    id_number: str | None
    person_name: str | None
    description: str | None
    detected_on: date
    received_on: date
    status: str
    village_due_on: date
    reported_on: date | None
    finding: str | None
    village_on_time: bool | None
    town_due_on: date | None
    reviewed_on: date | None
    decision: str | None
    town_on_time: bool | None
    closed_on: date | None
    outcome: str | None
    final_outcome: str | None
    remediation: str | None
    overdue: bool
    overdue_stage: str | None
    return_count: int
    allowed_actions: list[str]
    timeline: list[TimelineEntry] | None = None


class AlertList(BaseModel):
    items: list[AlertOut]
    next_cursor: str | None


class AuditEntryOut(BaseModel):
    seq: int
    at: datetime
    actor: dict[str, Any]
    action: str
    from_status: str | None
    to_status: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


class ChainBreakOut(BaseModel):
    seq: int
    reason: str


class AuditOut(BaseModel):
    alert_id: str
    entries: list[AuditEntryOut]
    verified: bool | None = None
    first_break: ChainBreakOut | None = None


class CalendarOverrideIn(_In):
    day: date
    workday: bool
    note: str | None = Field(default=None, max_length=500)


class OutcomeOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    batch_id: str | None
    external_id: str
    alert_id: str
    village_code: str
    alert_class: str = Field(alias="class")
    category: str
    outcome: str
    closed_on: date
    remediation: str | None
    notes: str | None


class FeedRejectOut(BaseModel):
    index: int
    external_id: str | None
    channel: str = Field(description="how the item came: the REST feed or the Kafka topic")
    errors: list[str]


class FeedStatusOut(BaseModel):
    batch_id: str
    source: str
    issued_on: date
    times_received: int = Field(description="how often the province sent this batch (a resend adds nothing)")
    accepted: int
    rejected: list[FeedRejectOut]


class VillageOut(BaseModel):
    code: str
    name: str
    kind: str


class VillageList(BaseModel):
    items: list[VillageOut]


class AlertSummaryOut(BaseModel):
    total: int
    by_category: dict[str, dict[str, int]] = Field(description="class → category → alerts")
    by_status: dict[str, int]
    by_final_outcome: dict[str, int]


class CalendarDayOut(BaseModel):
    date: date
    workday: bool
    fallback: bool = Field(
        description="true when no notice covers the year: the public holidays by the rules, lunar dates "
        "computed, days in lieu for weekends (no bridging days or make-up Saturdays)"
    )
    source: str = Field(description="override | notice | statutory | fallback: what answered")


class CalendarOut(BaseModel):
    overrides: dict[str, bool] = Field(description="date → workday, as an administrator set it")
    notices: list[int] = Field(default_factory=list, description="the years with an imported holiday notice")
    day: CalendarDayOut | None = None


class CalendarNoticeIn(_In):
    """The State Council's holiday notice for a year, as a table: every day off (weekends inside a
    holiday included or not, as you like) and every weekend day worked instead (调休上班)."""

    title: str = Field(default="", max_length=300, examples=["国务院办公厅关于2027年部分节假日安排的通知"])
    days_off: list[date] = Field(min_length=1, max_length=100, examples=[["2027-02-05", "2027-02-06"]])
    workdays: list[date] = Field(default_factory=list, max_length=50, examples=[["2027-02-14"]])


class SweepOut(BaseModel):
    marked_overdue: int
    rectifications_overdue: int = Field(
        default=0, description="rectification items past their deadline, marked now"
    )
    as_of: date
