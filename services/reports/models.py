"""Read models of the reports service: built only from events (alerts, households, loans, audit topics)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common.db import NAMING_CONVENTION

MONEY = Numeric(14, 2)


class Base(SQLModel, registry=registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))):
    """This service's tables: one metadata, the migrations' target."""


class RmVillage(Base, table=True):
    __tablename__ = "rm_villages"

    code: str = Field(sa_column=Column(String(12), primary_key=True))
    name: str = Field(sa_column=Column(String(100), nullable=False))
    kind: str = Field(sa_column=Column(String(20), nullable=False))


class RmHousehold(Base, table=True):
    __tablename__ = "rm_households"

    household_code: str = Field(sa_column=Column(String(40), primary_key=True))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    alleviated: bool = Field(sa_column=Column(Boolean, nullable=False))
    monitoring_type: str | None = Field(sa_column=Column(String(40)))
    monitoring_status: str | None = Field(sa_column=Column(String(20)))
    monitoring_identified_on: date | None = Field(sa_column=Column(Date))
    risk_category: str | None = Field(sa_column=Column(String(50)))
    member_count: int = Field(sa_column=Column(Integer, nullable=False))
    # members in education as the latest event lists them: [{"member_id", "education_stage"}]
    students: Any = Field(sa_column=Column(JSONB, server_default="[]", nullable=False))
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: int | None = Field(sa_column=Column(BigInteger))


class RmAlert(Base, table=True):
    """An alert as its latest event describes it."""

    __tablename__ = "rm_alerts"

    alert_id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    external_id: str = Field(sa_column=Column(String(100), nullable=False))
    batch_id: str | None = Field(sa_column=Column(String(100)))
    source: str = Field(sa_column=Column(String(100), nullable=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    household_code: str | None = Field(sa_column=Column(String(40)))
    alert_class: str = Field(sa_column=Column(String(40), nullable=False))
    category: str = Field(sa_column=Column(String(60), nullable=False))
    status: str = Field(sa_column=Column(String(30), nullable=False))
    received_on: date = Field(sa_column=Column(Date, nullable=False))
    village_due_on: date | None = Field(sa_column=Column(Date))
    reported_on: date | None = Field(sa_column=Column(Date))
    finding: str | None = Field(sa_column=Column(String(30)))
    village_on_time: bool | None = Field(sa_column=Column(Boolean))
    town_due_on: date | None = Field(sa_column=Column(Date))
    reviewed_on: date | None = Field(sa_column=Column(Date))
    town_on_time: bool | None = Field(sa_column=Column(Boolean))
    closed_on: date | None = Field(sa_column=Column(Date))
    outcome: str | None = Field(sa_column=Column(String(40)))
    final_outcome: str | None = Field(sa_column=Column(String(40)))
    overdue: bool = Field(sa_column=Column(Boolean, server_default="false", nullable=False))
    overdue_stage: str | None = Field(sa_column=Column(String(20)))
    last_event_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: int | None = Field(sa_column=Column(BigInteger))

    __table_args__ = (Index("ix_rm_alerts_received", "received_on", "village_code"),)


class RmFact(Base, table=True):
    """A household fact: helper, visit, income, measure, education subsidy, employment."""

    __tablename__ = "rm_facts"

    record_id: str = Field(sa_column=Column(String(64), primary_key=True))
    kind: str = Field(sa_column=Column(String(40), nullable=False))
    household_code: str = Field(sa_column=Column(String(40), nullable=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    fact_on: date | None = Field(sa_column=Column(Date))
    year: int | None = Field(sa_column=Column(Integer))
    quarter: int | None = Field(sa_column=Column(Integer))
    semester: str | None = Field(sa_column=Column(String(20)))
    level: str | None = Field(sa_column=Column(String(30)))
    category: str | None = Field(sa_column=Column(String(60)))
    amount: Decimal | None = Field(sa_column=Column(MONEY))
    member_id: str | None = Field(sa_column=Column(String(64)))
    helper_id: str | None = Field(sa_column=Column(String(64)))
    monitoring_line: Decimal | None = Field(sa_column=Column(MONEY))  # income records: the year's line

    __table_args__ = (
        Index("ix_rm_facts_kind_year", "kind", "year"),
        Index("ix_rm_facts_household_kind", "household_code", "kind"),
    )


class RmMonitoringSpan(Base, table=True):
    """A household's time as a monitoring object, from its identification (county approval); with
    `rm_eliminations` it says who was monitored on any date (a year's end) — not only now."""

    __tablename__ = "rm_monitoring_spans"

    household_code: str = Field(sa_column=Column(String(40), primary_key=True))
    identified_on: date = Field(sa_column=Column(Date, primary_key=True))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    monitoring_type: str = Field(sa_column=Column(String(40), nullable=False))


class RmElimination(Base, table=True):
    """A risk elimination (风险消除): it ends the household's span identified on or before it."""

    __tablename__ = "rm_eliminations"

    monitoring_object_id: str = Field(sa_column=Column(String(64), primary_key=True))
    household_code: str = Field(sa_column=Column(String(40), nullable=False, index=True))
    eliminated_on: date = Field(sa_column=Column(Date, nullable=False))


class RmProfile(Base, table=True):
    """Every version of a household's collection-form record (采集表), as the households service dated it."""

    __tablename__ = "rm_profiles"

    household_code: str = Field(sa_column=Column(String(40), primary_key=True))
    profile_version: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    effective_on: date = Field(sa_column=Column(Date, nullable=False))
    # 两不愁三保障 + 饮水安全, insurance: {"food_clothing_ok": true, …} as recorded (null = not recorded)
    flags: Any = Field(sa_column=Column(JSONB, server_default="{}", nullable=False))
    social_assistance: str | None = Field(default=None, sa_column=Column(String(10)))
    finance_year: int | None = Field(default=None, sa_column=Column(Integer))
    net_per_capita: Decimal | None = Field(default=None, sa_column=Column(MONEY))
    after_rigid_per_capita: Decimal | None = Field(default=None, sa_column=Column(MONEY))
    rigid_spending: Decimal | None = Field(default=None, sa_column=Column(MONEY))
    monitoring_line: Decimal | None = Field(default=None, sa_column=Column(MONEY))


class RmProject(Base, table=True):
    __tablename__ = "rm_projects"

    project_id: str = Field(sa_column=Column(String(64), primary_key=True))
    code: str = Field(sa_column=Column(String(60), nullable=False))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    investment: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    status: str = Field(sa_column=Column(String(30), nullable=False))
    accepted_on: date | None = Field(sa_column=Column(Date))
    beneficiary_households: int = Field(sa_column=Column(Integer, nullable=False))
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: int | None = Field(sa_column=Column(BigInteger))


class RmLoan(Base, table=True):
    __tablename__ = "rm_loans"

    loan_id: str = Field(sa_column=Column(String(64), primary_key=True))
    household_code: str = Field(sa_column=Column(String(40), nullable=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    borrower_id_hash: str = Field(sa_column=Column(String(64), nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    principal: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    disbursed_on: date | None = Field(sa_column=Column(Date))
    maturity_on: date | None = Field(sa_column=Column(Date))
    closed_on: date | None = Field(sa_column=Column(Date))
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: int | None = Field(sa_column=Column(BigInteger))


class RmRepayment(Base, table=True):
    __tablename__ = "rm_repayments"

    repayment_id: str = Field(sa_column=Column(String(64), primary_key=True))
    loan_id: str = Field(sa_column=Column(String(64), index=True, nullable=False))
    paid_on: date = Field(sa_column=Column(Date, nullable=False))
    interest: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    principal: Decimal = Field(sa_column=Column(MONEY, nullable=False))


class RmSubsidyLine(Base, table=True):
    __tablename__ = "rm_subsidy_lines"

    quarter: str = Field(sa_column=Column(String(6), primary_key=True))
    loan_id: str = Field(sa_column=Column(String(64), primary_key=True))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    borrower_id_hash: str = Field(sa_column=Column(String(64), nullable=False))
    interest: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    subsidy: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    withheld: str | None = Field(sa_column=Column(Text))


class RmLoanNotice(Base, table=True):
    """Reminders and overdue episodes of loans (`repayment_due_soon`, `overdue`, `overdue_cleared`)."""

    __tablename__ = "rm_loan_notices"

    notice_id: str = Field(sa_column=Column(String(64), primary_key=True))  # reminder or episode id
    kind: str = Field(sa_column=Column(String(20), nullable=False))  # reminder | overdue
    loan_id: str = Field(sa_column=Column(String(64), nullable=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    due_kind: str = Field(sa_column=Column(String(20), nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    notice_on: date = Field(sa_column=Column(Date, nullable=False))  # sent on / overdue since
    cleared_on: date | None = Field(sa_column=Column(Date))
    days_before: int | None = Field(sa_column=Column(Integer))


class RmAuditEntry(Base, table=True):
    __tablename__ = "rm_audit_entries"

    service: str = Field(sa_column=Column(String(40), primary_key=True))
    subject_id: str = Field(sa_column=Column(String(64), primary_key=True))
    seq: int = Field(sa_column=Column(Integer, primary_key=True))
    action: str = Field(sa_column=Column(String(40), nullable=False))
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    details: Any = Field(sa_column=Column(JSONB, nullable=False))
    hash: str = Field(sa_column=Column(String(64), nullable=False))


class RmRectification(Base, table=True):
    """A rectification item (整改事项) as its latest event describes it."""

    __tablename__ = "rm_rectifications"

    rectification_id: str = Field(sa_column=Column(String(40), primary_key=True))
    source: str = Field(sa_column=Column(String(20), nullable=False))
    detector: str | None = Field(sa_column=Column(String(60)))
    finding_ref: str | None = Field(sa_column=Column(String(200)))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    household_code: str | None = Field(sa_column=Column(String(40)))
    problem: str = Field(sa_column=Column(Text, nullable=False))
    measure: str = Field(sa_column=Column(Text, nullable=False))
    responsible: str = Field(sa_column=Column(String(100), nullable=False))
    opened_on: date = Field(sa_column=Column(Date, nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    overdue: bool = Field(sa_column=Column(Boolean, nullable=False))
    closed_on: date | None = Field(sa_column=Column(Date))
    closing_note: str | None = Field(sa_column=Column(Text))
    evidence: Any = Field(sa_column=Column(JSONB, server_default="[]", nullable=False))
    version: int | None = Field(sa_column=Column(BigInteger))


class FiledReport(Base, table=True):
    """A year's report as the town filed it (JSON, with its SHA-256); never changed, only re-filed."""

    __tablename__ = "filed_reports"

    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    version: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    filed_by: str = Field(sa_column=Column(String(200), nullable=False))
    filed_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    note: str | None = Field(default=None, sa_column=Column(Text))


class RmRecentEvent(Base, table=True):
    """The last events seen, for the live dashboard."""

    __tablename__ = "rm_recent_events"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    event_id: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    event_type: str = Field(sa_column=Column(String(120), nullable=False))
    aggregate_id: str = Field(sa_column=Column(String(100), nullable=False))
    village_code: str | None = Field(sa_column=Column(String(12)))


# every table this service's migrations create besides the platform tables (its env.py and the
# model-vs-migration test read this)
METADATA = (Base.metadata,)
