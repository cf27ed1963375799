"""Read models of the reports service: built only from events (alerts, households, loans, audit topics)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Index, Integer, MetaData, Numeric, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.db import NAMING_CONVENTION

MONEY = Numeric(14, 2)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RmVillage(Base):
    __tablename__ = "rm_villages"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))


class RmHousehold(Base):
    __tablename__ = "rm_households"

    household_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12))
    alleviated: Mapped[bool] = mapped_column(Boolean)
    monitoring_type: Mapped[str | None] = mapped_column(String(40))
    monitoring_status: Mapped[str | None] = mapped_column(String(20))
    monitoring_identified_on: Mapped[date | None] = mapped_column(Date)
    risk_category: Mapped[str | None] = mapped_column(String(50))
    member_count: Mapped[int] = mapped_column(Integer)
    # members in education as the latest event lists them: [{"member_id", "education_stage"}]
    students: Mapped[Any] = mapped_column(JSONB, server_default="[]")
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: Mapped[int | None] = mapped_column(BigInteger)


class RmAlert(Base):
    """An alert as its latest event describes it."""

    __tablename__ = "rm_alerts"

    alert_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100))
    batch_id: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(100))
    village_code: Mapped[str] = mapped_column(String(12))
    household_code: Mapped[str | None] = mapped_column(String(40))
    alert_class: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(30))
    received_on: Mapped[date] = mapped_column(Date)
    village_due_on: Mapped[date | None] = mapped_column(Date)
    reported_on: Mapped[date | None] = mapped_column(Date)
    finding: Mapped[str | None] = mapped_column(String(30))
    village_on_time: Mapped[bool | None] = mapped_column(Boolean)
    town_due_on: Mapped[date | None] = mapped_column(Date)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    town_on_time: Mapped[bool | None] = mapped_column(Boolean)
    closed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(40))
    final_outcome: Mapped[str | None] = mapped_column(String(40))
    overdue: Mapped[bool] = mapped_column(Boolean, server_default="false")
    overdue_stage: Mapped[str | None] = mapped_column(String(20))
    last_event_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_rm_alerts_received", "received_on", "village_code"),)


class RmFact(Base):
    """A household fact: helper, visit, income, measure, education subsidy, employment."""

    __tablename__ = "rm_facts"

    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    household_code: Mapped[str] = mapped_column(String(40))
    village_code: Mapped[str] = mapped_column(String(12))
    fact_on: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    quarter: Mapped[int | None] = mapped_column(Integer)
    semester: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(30))
    category: Mapped[str | None] = mapped_column(String(60))
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    member_id: Mapped[str | None] = mapped_column(String(64))
    helper_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_rm_facts_kind_year", "kind", "year"),
        Index("ix_rm_facts_household_kind", "household_code", "kind"),
    )


class RmProject(Base):
    __tablename__ = "rm_projects"

    project_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    village_code: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    investment: Mapped[Decimal] = mapped_column(MONEY)
    status: Mapped[str] = mapped_column(String(30))
    accepted_on: Mapped[date | None] = mapped_column(Date)
    beneficiary_households: Mapped[int] = mapped_column(Integer)
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: Mapped[int | None] = mapped_column(BigInteger)


class RmLoan(Base):
    __tablename__ = "rm_loans"

    loan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    household_code: Mapped[str] = mapped_column(String(40))
    village_code: Mapped[str] = mapped_column(String(12))
    borrower_id_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    principal: Mapped[Decimal] = mapped_column(MONEY)
    disbursed_on: Mapped[date | None] = mapped_column(Date)
    maturity_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: Mapped[int | None] = mapped_column(BigInteger)


class RmRepayment(Base):
    __tablename__ = "rm_repayments"

    repayment_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    loan_id: Mapped[str] = mapped_column(String(64), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    interest: Mapped[Decimal] = mapped_column(MONEY)
    principal: Mapped[Decimal] = mapped_column(MONEY)


class RmSubsidyLine(Base):
    __tablename__ = "rm_subsidy_lines"

    quarter: Mapped[str] = mapped_column(String(6), primary_key=True)
    loan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12))
    borrower_id_hash: Mapped[str] = mapped_column(String(64))
    interest: Mapped[Decimal] = mapped_column(MONEY)
    subsidy: Mapped[Decimal] = mapped_column(MONEY)
    withheld: Mapped[str | None] = mapped_column(Text)


class RmLoanNotice(Base):
    """Reminders and overdue episodes of loans (`repayment_due_soon`, `overdue`, `overdue_cleared`)."""

    __tablename__ = "rm_loan_notices"

    notice_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # reminder or episode id
    kind: Mapped[str] = mapped_column(String(20))  # reminder | overdue
    loan_id: Mapped[str] = mapped_column(String(64))
    village_code: Mapped[str] = mapped_column(String(12))
    due_kind: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date] = mapped_column(Date)
    notice_on: Mapped[date] = mapped_column(Date)  # sent on / overdue since
    cleared_on: Mapped[date | None] = mapped_column(Date)
    days_before: Mapped[int | None] = mapped_column(Integer)


class RmAuditEntry(Base):
    __tablename__ = "rm_audit_entries"

    service: Mapped[str] = mapped_column(String(40), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    details: Mapped[Any] = mapped_column(JSONB)
    hash: Mapped[str] = mapped_column(String(64))


class RmRecentEvent(Base):
    """The last events seen, for the live dashboard."""

    __tablename__ = "rm_recent_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    event_type: Mapped[str] = mapped_column(String(120))
    aggregate_id: Mapped[str] = mapped_column(String(100))
    village_code: Mapped[str | None] = mapped_column(String(12))
