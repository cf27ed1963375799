"""Tables of the households service database."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import StringConstraints
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
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
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common import trail
from services.common.db import NAMING_CONVENTION


class Base(SQLModel, registry=registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))):
    """This service's tables: one metadata, the migrations' target."""


class VillageBase(SQLModel):
    """What a village is, to the API and the table alike (the full-stack template's `XBase`): the
    request (`schemas.VillageCreate`), the answer (`schemas.VillagePublic`) and the table derive from it.
    The table names its columns exactly (ADR 11); the base says what a valid value is."""

    code: Annotated[str, StringConstraints(pattern=r"^\d{12}$")] = Field(
        description="统计用区划代码, 12 digits"
    )
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["village", "community"] = Field(description="village | community (社区)")


class Village(VillageBase, Base, table=True):
    __tablename__ = "villages"

    code: str = Field(sa_column=Column(String(12), primary_key=True))
    name: str = Field(sa_column=Column(String(100), nullable=False))
    kind: Literal["village", "community"] = Field(sa_column=Column(String(20), nullable=False))


class Household(Base, table=True):
    """A registered household (户); `alleviated` marks 脱贫户."""

    __tablename__ = "households"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    household_code: str = Field(sa_column=Column(String(40), unique=True, nullable=False))
    village_code: str = Field(sa_column=Column(ForeignKey("villages.code"), nullable=False))
    address: str | None = Field(sa_column=Column(Text))
    alleviated: bool = Field(sa_column=Column(Boolean, default=False, server_default="false", nullable=False))
    alleviated_year: int | None = Field(sa_column=Column(Integer))
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    updated_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (Index("ix_households_village", "village_code", "household_code"),)


class Member(Base, table=True):
    """A household member.

    The name, ID number and phone are stored encrypted and bound to this row (`PiiCipher.seal`), with
    a masked copy for display and a keyed lookup hash of the ID number for exact search. The birth date
    is not stored apart from the (encrypted) ID number that contains it; the birth year is kept in
    clear, as it is all a masked response shows.
    """

    __tablename__ = "members"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    household_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("households.id", ondelete="CASCADE"), index=True, nullable=False)
    )
    name_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    name_masked: str = Field(sa_column=Column(String(10), nullable=False))
    id_number_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    id_number_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    id_number_masked: str = Field(sa_column=Column(String(18), nullable=False))
    relation: str = Field(sa_column=Column(String(30), nullable=False))  # 与户主关系
    birth_year: int = Field(sa_column=Column(Integer, nullable=False))
    education_stage: str | None = Field(sa_column=Column(String(30)))
    school: str | None = Field(sa_column=Column(String(200)))
    disability: str | None = Field(sa_column=Column(String(30)))
    pension_status: str | None = Field(sa_column=Column(String(30)))
    employment_status: str | None = Field(sa_column=Column(String(30)))
    public_welfare_job: bool = Field(
        sa_column=Column(Boolean, default=False, server_default="false", nullable=False)
    )
    can_work: bool = Field(sa_column=Column(Boolean, default=True, server_default="true", nullable=False))
    phone_enc: bytes | None = Field(sa_column=Column(LargeBinary))


class MonitoringObject(Base, table=True):
    """A monitoring object (监测对象) with its statutory identification steps and its end."""

    __tablename__ = "monitoring_objects"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    household_id: uuid.UUID = Field(sa_column=Column(ForeignKey("households.id"), index=True, nullable=False))
    type: str = Field(sa_column=Column(String(30), nullable=False))
    risk_category: str = Field(sa_column=Column(String(50), nullable=False))
    status: str = Field(
        sa_column=Column(String(20), nullable=False)
    )  # identifying | monitoring | risk_eliminated
    first_clue_on: date = Field(sa_column=Column(Date, nullable=False))
    identification_due_on: date = Field(sa_column=Column(Date, nullable=False))
    consent_on: date | None = Field(sa_column=Column(Date))
    home_check_on: date | None = Field(sa_column=Column(Date))
    village_appraisal_on: date | None = Field(sa_column=Column(Date))
    notice_from: date | None = Field(sa_column=Column(Date))
    notice_to: date | None = Field(sa_column=Column(Date))
    town_review_on: date | None = Field(sa_column=Column(Date))
    county_approval_on: date | None = Field(sa_column=Column(Date))
    identified_on: date | None = Field(sa_column=Column(Date))
    identified_on_time: bool | None = Field(sa_column=Column(Boolean))
    eliminated_on: date | None = Field(sa_column=Column(Date))
    source_alert_id: str | None = Field(sa_column=Column(String(36), unique=True))
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (
        # one open monitoring object per household
        Index(
            "uq_monitoring_open",
            "household_id",
            unique=True,
            postgresql_where="status IN ('identifying', 'monitoring')",
        ),
    )


class Helper(Base, table=True):
    """A paired helper (帮扶责任人); name and phone encrypted and bound to the row."""

    __tablename__ = "helpers"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    name_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    unit: str | None = Field(sa_column=Column(String(200)))
    phone_enc: bytes | None = Field(sa_column=Column(LargeBinary))
    phone_masked: str | None = Field(sa_column=Column(String(20)))


class Pairing(Base, table=True):
    __tablename__ = "pairings"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    household_id: uuid.UUID = Field(sa_column=Column(ForeignKey("households.id"), index=True, nullable=False))
    helper_id: uuid.UUID = Field(sa_column=Column(ForeignKey("helpers.id"), index=True, nullable=False))
    from_on: date = Field(sa_column=Column(Date, nullable=False))
    to_on: date | None = Field(sa_column=Column(Date))


class Visit(Base, table=True):
    __tablename__ = "visits"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    household_id: uuid.UUID = Field(sa_column=Column(ForeignKey("households.id"), index=True, nullable=False))
    helper_id: uuid.UUID | None = Field(sa_column=Column(ForeignKey("helpers.id")))
    visited_on: date = Field(sa_column=Column(Date, nullable=False))
    notes: str | None = Field(sa_column=Column(Text))
    form: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB(none_as_null=True)))  # 走访简表


class IncomeRecord(Base, table=True):
    __tablename__ = "income_records"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    household_id: uuid.UUID = Field(sa_column=Column(ForeignKey("households.id"), nullable=False))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    quarter: int = Field(sa_column=Column(Integer, nullable=False))
    total_income: Decimal = Field(
        sa_column=Column(Numeric(14, 2), nullable=False)
    )  # the quarter's household income
    member_count: int = Field(sa_column=Column(Integer, nullable=False))
    per_capita_annualised: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))

    __table_args__ = (
        UniqueConstraint("household_id", "year", "quarter", name="uq_income_household_quarter"),
    )


class Measure(Base, table=True):
    """An assistance measure (帮扶措施), typed by the risk it addresses."""

    __tablename__ = "measures"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    household_id: uuid.UUID = Field(sa_column=Column(ForeignKey("households.id"), index=True, nullable=False))
    kind: str = Field(sa_column=Column(String(30), nullable=False))
    description: str | None = Field(sa_column=Column(Text))
    start_on: date = Field(sa_column=Column(Date, nullable=False))
    end_on: date | None = Field(sa_column=Column(Date))


class EducationSubsidy(Base, table=True):
    """A subsidy for one student in one semester (教育资助; 雨露计划 for vocational students)."""

    __tablename__ = "education_subsidies"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    member_id: uuid.UUID = Field(sa_column=Column(ForeignKey("members.id"), nullable=False))
    household_id: uuid.UUID = Field(sa_column=Column(ForeignKey("households.id"), index=True, nullable=False))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    semester: str = Field(sa_column=Column(String(10), nullable=False))  # spring | autumn
    level: str = Field(
        sa_column=Column(String(20), nullable=False)
    )  # kindergarten | compulsory | senior_high | rain_and_dew
    amount: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))

    __table_args__ = (UniqueConstraint("member_id", "year", "semester", name="uq_subsidy_member_semester"),)


class Employment(Base, table=True):
    """Employment or a public-welfare job (公益性岗位; 光伏公益岗) of a member in a year."""

    __tablename__ = "employment"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    member_id: uuid.UUID = Field(sa_column=Column(ForeignKey("members.id"), nullable=False))
    household_id: uuid.UUID = Field(sa_column=Column(ForeignKey("households.id"), index=True, nullable=False))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    kind: str = Field(
        sa_column=Column(String(30), nullable=False)
    )  # employed | public_welfare_job | pv_public_welfare_job
    employer: str | None = Field(sa_column=Column(String(200)))

    __table_args__ = (UniqueConstraint("member_id", "year", "kind", name="uq_employment_member_year_kind"),)


class ImportJob(Base, table=True):
    __tablename__ = "import_jobs"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    filename: str = Field(sa_column=Column(String(300), nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))  # queued | running | done | failed
    total_rows: int = Field(sa_column=Column(Integer, default=0, nullable=False))
    processed_rows: int = Field(sa_column=Column(Integer, default=0, nullable=False))
    stored_members: int = Field(sa_column=Column(Integer, default=0, nullable=False))
    new_households: int = Field(sa_column=Column(Integer, default=0, nullable=False))
    unchanged_rows: int = Field(sa_column=Column(Integer, default=0, nullable=False))
    rejected: list[dict[str, Any]] = Field(sa_column=Column(JSONB, default=list, nullable=False))
    error: str | None = Field(sa_column=Column(Text))
    started_by: str = Field(sa_column=Column(String(200), nullable=False))
    started_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    finished_at: datetime | None = Field(sa_column=Column(DateTime(timezone=True)))
    # durable jobs (services/households/imports.py): the upload until the job ends, who started it,
    # the replica holding it and its heartbeat, how often it was claimed, the last file row stored
    upload: bytes | None = Field(sa_column=Column(LargeBinary))
    actor: dict[str, Any] | None = Field(sa_column=Column(JSONB))
    claimed_by: str | None = Field(sa_column=Column(String(200)))
    heartbeat_at: datetime | None = Field(sa_column=Column(DateTime(timezone=True)))
    attempts: int = Field(sa_column=Column(Integer, server_default="0", nullable=False))
    resume_after: int = Field(sa_column=Column(Integer, server_default="-1", nullable=False))

    __table_args__ = (
        Index(
            "ix_import_jobs_claimable", "started_at", postgresql_where=text("status IN ('queued', 'running')")
        ),
    )


class Project(Base, table=True):
    """A poverty-alleviation project (衔接资金项目): infrastructure or industry, with its investment and status."""

    __tablename__ = "projects"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    code: str = Field(sa_column=Column(String(60), unique=True, nullable=False))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    village_code: str = Field(sa_column=Column(ForeignKey("villages.code"), nullable=False))
    kind: str = Field(sa_column=Column(String(20), nullable=False))  # infrastructure | industry
    year: int = Field(sa_column=Column(Integer, nullable=False))
    investment: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    status: str = Field(
        sa_column=Column(String(30), nullable=False)
    )  # planned|under_construction|awaiting_acceptance|accepted|operating
    started_on: date | None = Field(sa_column=Column(Date))
    accepted_on: date | None = Field(sa_column=Column(Date))
    beneficiary_households: int = Field(
        sa_column=Column(Integer, default=0, server_default="0", nullable=False)
    )
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    updated_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (Index("ix_projects_year_village", "year", "village_code"),)


class CalendarYear(Base, table=True):
    """The working-day calendar of one year as the alerts service last published it on `calendar.v1`
    (its holiday notice and overrides): the identification deadlines are counted on it."""

    __tablename__ = "calendar_years"

    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    snapshot: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    version: int | None = Field(sa_column=Column(BigInteger))
    updated_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )


class HouseholdProfile(Base, table=True):
    """One dated version of the household's collection-form record (services/households/profile_rules.py):
    append-only, a change adds the version in effect from `effective_on`."""

    __tablename__ = "household_profiles"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    household_id: uuid.UUID = Field(sa_column=Column(ForeignKey("households.id"), nullable=False))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    effective_on: date = Field(sa_column=Column(Date, nullable=False))
    record: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    net_per_capita: Decimal | None = Field(default=None, sa_column=Column(Numeric(14, 2)))
    after_rigid_per_capita: Decimal | None = Field(default=None, sa_column=Column(Numeric(14, 2)))
    recorded_by: str = Field(sa_column=Column(String(200), nullable=False))
    recorded_at: datetime = Field(
        default=None, sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (
        UniqueConstraint("household_id", "version", name="uq_household_profiles_version"),
        Index("ix_household_profiles_asof", "household_id", "effective_on"),
    )


# encrypted personal data (ruralwatch rekey)
PII_COLUMNS = [
    ("members", "id", ["name_enc", "id_number_enc", "phone_enc"]),
    ("helpers", "id", ["name_enc", "phone_enc"]),
]


# every table this service's migrations create besides the platform tables (its env.py and the
# model-vs-migration test read this)
METADATA = (Base.metadata, trail.metadata)
