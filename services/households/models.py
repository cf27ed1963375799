"""Tables of the households service database."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.db import NAMING_CONVENTION


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Village(Base):
    __tablename__ = "villages"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # village | community (社区)


class Household(Base):
    """A registered household (户); `alleviated` marks 脱贫户."""

    __tablename__ = "households"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_code: Mapped[str] = mapped_column(String(40), unique=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"))
    address: Mapped[str | None] = mapped_column(Text)
    alleviated: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    alleviated_year: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_households_village", "village_code", "household_code"),)


class Member(Base):
    """A household member.

    The name, ID number and phone are stored encrypted and bound to this row (`PiiCipher.seal`), with
    a masked copy for display and a keyed lookup hash of the ID number for exact search. The birth date
    is not stored apart from the (encrypted) ID number that contains it; the birth year is kept in
    clear, as it is all a masked response shows.
    """

    __tablename__ = "members"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    name_enc: Mapped[bytes] = mapped_column(LargeBinary)
    name_masked: Mapped[str] = mapped_column(String(10))
    id_number_enc: Mapped[bytes] = mapped_column(LargeBinary)
    id_number_hash: Mapped[str] = mapped_column(String(64), unique=True)
    id_number_masked: Mapped[str] = mapped_column(String(18))
    relation: Mapped[str] = mapped_column(String(30))  # 与户主关系
    birth_year: Mapped[int] = mapped_column(Integer)
    education_stage: Mapped[str | None] = mapped_column(String(30))
    school: Mapped[str | None] = mapped_column(String(200))
    disability: Mapped[str | None] = mapped_column(String(30))
    pension_status: Mapped[str | None] = mapped_column(String(30))
    employment_status: Mapped[str | None] = mapped_column(String(30))
    public_welfare_job: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    can_work: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)


class MonitoringObject(Base):
    """A monitoring object (监测对象) with its statutory identification steps and its end."""

    __tablename__ = "monitoring_objects"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    type: Mapped[str] = mapped_column(String(30))
    risk_category: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))  # identifying | monitoring | risk_eliminated
    first_clue_on: Mapped[date] = mapped_column(Date)
    identification_due_on: Mapped[date] = mapped_column(Date)
    consent_on: Mapped[date | None] = mapped_column(Date)
    home_check_on: Mapped[date | None] = mapped_column(Date)
    village_appraisal_on: Mapped[date | None] = mapped_column(Date)
    notice_from: Mapped[date | None] = mapped_column(Date)
    notice_to: Mapped[date | None] = mapped_column(Date)
    town_review_on: Mapped[date | None] = mapped_column(Date)
    county_approval_on: Mapped[date | None] = mapped_column(Date)
    identified_on: Mapped[date | None] = mapped_column(Date)
    identified_on_time: Mapped[bool | None] = mapped_column(Boolean)
    eliminated_on: Mapped[date | None] = mapped_column(Date)
    source_alert_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        # one open monitoring object per household
        Index(
            "uq_monitoring_open",
            "household_id",
            unique=True,
            postgresql_where="status IN ('identifying', 'monitoring')",
        ),
    )


class Helper(Base):
    """A paired helper (帮扶责任人); name and phone encrypted and bound to the row."""

    __tablename__ = "helpers"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    name_enc: Mapped[bytes] = mapped_column(LargeBinary)
    unit: Mapped[str | None] = mapped_column(String(200))
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_masked: Mapped[str | None] = mapped_column(String(20))


class Pairing(Base):
    __tablename__ = "pairings"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    helper_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("helpers.id"), index=True)
    from_on: Mapped[date] = mapped_column(Date)
    to_on: Mapped[date | None] = mapped_column(Date)


class Visit(Base):
    __tablename__ = "visits"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    helper_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("helpers.id"))
    visited_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class IncomeRecord(Base):
    __tablename__ = "income_records"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    total_income: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # the quarter's household income
    member_count: Mapped[int] = mapped_column(Integer)
    per_capita_annualised: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    __table_args__ = (
        UniqueConstraint("household_id", "year", "quarter", name="uq_income_household_quarter"),
    )


class Measure(Base):
    """An assistance measure (帮扶措施), typed by the risk it addresses."""

    __tablename__ = "measures"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(Text)
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)


class EducationSubsidy(Base):
    """A subsidy for one student in one semester (教育资助; 雨露计划 for vocational students)."""

    __tablename__ = "education_subsidies"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    semester: Mapped[str] = mapped_column(String(10))  # spring | autumn
    level: Mapped[str] = mapped_column(String(20))  # kindergarten | compulsory | senior_high | rain_and_dew
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    __table_args__ = (UniqueConstraint("member_id", "year", "semester", name="uq_subsidy_member_semester"),)


class Employment(Base):
    """Employment or a public-welfare job (公益性岗位; 光伏公益岗) of a member in a year."""

    __tablename__ = "employment"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))  # employed | public_welfare_job | pv_public_welfare_job
    employer: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("member_id", "year", "kind", name="uq_employment_member_year_kind"),)


class ImportJob(Base):
    __tablename__ = "import_jobs"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    filename: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))  # queued | running | done | failed
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    stored_members: Mapped[int] = mapped_column(Integer, default=0)
    new_households: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_rows: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    started_by: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # durable jobs (services/households/imports.py): the upload until the job ends, who started it,
    # the replica holding it and its heartbeat, how often it was claimed, the last file row stored
    upload: Mapped[bytes | None] = mapped_column(LargeBinary)
    actor: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    resume_after: Mapped[int] = mapped_column(Integer, server_default="-1")

    __table_args__ = (
        Index(
            "ix_import_jobs_claimable", "started_at", postgresql_where=text("status IN ('queued', 'running')")
        ),
    )


class Project(Base):
    """A poverty-alleviation project (衔接资金项目): infrastructure or industry, with its investment and status."""

    __tablename__ = "projects"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"))
    kind: Mapped[str] = mapped_column(String(20))  # infrastructure | industry
    year: Mapped[int] = mapped_column(Integer)
    investment: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(
        String(30)
    )  # planned|under_construction|awaiting_acceptance|accepted|operating
    started_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    beneficiary_households: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_projects_year_village", "year", "village_code"),)


# encrypted personal data (ruralwatch rekey)
PII_COLUMNS = [
    ("members", "id", ["name_enc", "id_number_enc", "phone_enc"]),
    ("helpers", "id", ["name_enc", "phone_enc"]),
]
