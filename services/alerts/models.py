"""Tables of the alerts service database."""

from __future__ import annotations

import uuid
from datetime import date, datetime
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
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common.db import NAMING_CONVENTION
from services.common.projections import VillageProjection


class Base(SQLModel, registry=registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))):
    """This service's tables: one metadata, the migrations' target."""


class Alert(Base, table=True):
    """One suspected-risk alert (疑似风险预警) and its journey through the stages."""

    __tablename__ = "alerts"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    external_id: str = Field(sa_column=Column(String(100), unique=True, nullable=False))
    batch_id: str | None = Field(sa_column=Column(String(100)))
    source: str = Field(sa_column=Column(String(100), nullable=False))
    alert_class: str = Field(sa_column=Column("class", String(50), nullable=False))
    category: str = Field(sa_column=Column(String(50), nullable=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    household_code: str | None = Field(sa_column=Column(String(40)))
    household_match: str = Field(sa_column=Column(String(30), nullable=False))
    id_number_enc: bytes | None = Field(sa_column=Column(LargeBinary))
    id_number_hash: str | None = Field(sa_column=Column(String(64)))
    person_name_enc: bytes | None = Field(sa_column=Column(LargeBinary))
    person_name_masked: str | None = Field(sa_column=Column(String(10)))
    description: str | None = Field(sa_column=Column(Text))
    detected_on: date = Field(sa_column=Column(Date, nullable=False))
    received_on: date = Field(sa_column=Column(Date, nullable=False))
    status: str = Field(sa_column=Column(String(30), nullable=False))
    village_due_on: date = Field(sa_column=Column(Date, nullable=False))
    reported_on: date | None = Field(sa_column=Column(Date))
    finding: str | None = Field(sa_column=Column(String(30)))
    village_on_time: bool | None = Field(sa_column=Column(Boolean))
    verification: dict[str, Any] | None = Field(sa_column=Column(JSONB))
    town_due_on: date | None = Field(sa_column=Column(Date))
    reviewed_on: date | None = Field(sa_column=Column(Date))
    decision: str | None = Field(sa_column=Column(String(20)))
    town_on_time: bool | None = Field(sa_column=Column(Boolean))
    review: dict[str, Any] | None = Field(sa_column=Column(JSONB))
    closed_on: date | None = Field(sa_column=Column(Date))
    outcome: str | None = Field(sa_column=Column(String(30)))
    final_outcome: str | None = Field(sa_column=Column(String(40)))
    remediation: str | None = Field(sa_column=Column(Text))
    close_out: dict[str, Any] | None = Field(sa_column=Column(JSONB))
    overdue: bool = Field(sa_column=Column(Boolean, default=False, server_default="false", nullable=False))
    overdue_stage: str | None = Field(sa_column=Column(String(20)))
    return_count: int = Field(sa_column=Column(Integer, default=0, server_default="0", nullable=False))
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    updated_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (
        Index("ix_alerts_status", "status"),
        Index("ix_alerts_village_code", "village_code", "created_at", "id"),
        Index("ix_alerts_batch_id", "batch_id"),
        Index("ix_alerts_category", "category"),
        Index("ix_alerts_created", "created_at", "id"),
    )


class AuditEntry(Base, table=True):
    """Append-only, hash-chained audit entries of an alert (a trigger refuses UPDATE and DELETE)."""

    __tablename__ = "audit_entries"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    alert_id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), nullable=False))
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    actor: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    action: str = Field(sa_column=Column(String(40), nullable=False))
    from_status: str | None = Field(sa_column=Column(String(30)))
    to_status: str | None = Field(sa_column=Column(String(30)))
    details: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    prev_hash: str = Field(sa_column=Column(String(64), nullable=False))
    hash: str = Field(sa_column=Column(String(64), nullable=False))

    __table_args__ = (UniqueConstraint("alert_id", "seq", name="uq_audit_entries_alert_seq"),)


class FeedBatch(Base, table=True):
    """A provincial batch as received (counts accumulate over re-sends)."""

    __tablename__ = "feed_batches"

    batch_id: str = Field(sa_column=Column(String(100), primary_key=True))
    source: str = Field(sa_column=Column(String(100), nullable=False))
    issued_on: date = Field(sa_column=Column(Date, nullable=False))
    first_received_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    last_received_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    times_received: int = Field(sa_column=Column(Integer, default=1, server_default="1", nullable=False))
    accepted: int = Field(sa_column=Column(Integer, default=0, server_default="0", nullable=False))
    rejected: int = Field(sa_column=Column(Integer, default=0, server_default="0", nullable=False))


class FeedReject(Base, table=True):
    """An item refused at intake, with every reason."""

    __tablename__ = "feed_rejects"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    batch_id: str = Field(sa_column=Column(String(100), nullable=False))
    item_index: int = Field(sa_column=Column(Integer, nullable=False))
    external_id: str | None = Field(sa_column=Column(String(200)))
    channel: str = Field(sa_column=Column(String(20), nullable=False))
    errors: list[str] = Field(sa_column=Column(JSONB, nullable=False))
    received_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (UniqueConstraint("batch_id", "item_index", "channel", name="uq_feed_rejects_item"),)


class ProjVillage(VillageProjection, Base, table=True):
    """Projection of villages from `households.household.v1`. (the shape: `common.projections`)"""

    __tablename__ = "proj_villages"


class ProjHousehold(Base, table=True):
    """Projection of households (for matching alerts)."""

    __tablename__ = "proj_households"

    household_code: str = Field(sa_column=Column(String(40), primary_key=True))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    alleviated: bool = Field(sa_column=Column(Boolean, default=False, nullable=False))
    monitoring_type: str | None = Field(sa_column=Column(String(40)))
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: int | None = Field(sa_column=Column(BigInteger))


class ProjMember(Base, table=True):
    """Lookup hash of a member's ID number → household."""

    __tablename__ = "proj_members"

    id_number_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    household_code: str = Field(sa_column=Column(String(40), index=True, nullable=False))


class CalendarOverride(Base, table=True):
    """An admin's declaration that a date is (or is not) a working day."""

    __tablename__ = "calendar_overrides"

    day: date = Field(sa_column=Column(Date, primary_key=True))
    workday: bool = Field(sa_column=Column(Boolean, nullable=False))
    note: str | None = Field(sa_column=Column(Text))
    set_by: str = Field(sa_column=Column(String(200), nullable=False))
    set_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )


class CalendarNotice(Base, table=True):
    """A year's holiday notice as an admin imported it (the days off and the weekend days worked)."""

    __tablename__ = "calendar_notices"

    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    title: str = Field(sa_column=Column(String(300), nullable=False, server_default=""))
    days_off: list[date] = Field(sa_column=Column(ARRAY(Date), nullable=False))
    workdays: list[date] = Field(sa_column=Column(ARRAY(Date), nullable=False))
    imported_by: str = Field(sa_column=Column(String(200), nullable=False))
    imported_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )


class EvidenceFile(Base, table=True):
    """A file attached to an alert's verification (a photo, a scanned signed form), by its SHA-256."""

    __tablename__ = "evidence_files"

    alert_id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    kind: str = Field(sa_column=Column(String(20), nullable=False))  # photo | signed_form | other
    media_type: str = Field(sa_column=Column(String(40), nullable=False))
    size: int = Field(sa_column=Column(Integer, nullable=False))
    filename: str = Field(sa_column=Column(String(200), nullable=False))
    uploaded_by: str = Field(sa_column=Column(String(200), nullable=False))
    uploaded_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )


class Rectification(Base, table=True):
    """A rectification item (整改事项): a problem, its measure, the person responsible and the deadline."""

    __tablename__ = "rectifications"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    source: str = Field(sa_column=Column(String(20), nullable=False))  # detector | inspection | audit | other
    detector: str | None = Field(sa_column=Column(String(60)))
    finding_ref: str | None = Field(sa_column=Column(String(200)))
    village_code: str = Field(sa_column=Column(String(12), nullable=False, index=True))
    household_code: str | None = Field(sa_column=Column(String(40)))
    problem: str = Field(sa_column=Column(Text, nullable=False))
    measure: str = Field(sa_column=Column(Text, nullable=False))
    responsible: str = Field(sa_column=Column(String(100), nullable=False))
    opened_on: date = Field(sa_column=Column(Date, nullable=False))
    working_days: int = Field(sa_column=Column(Integer, nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))  # open | closed
    overdue: bool = Field(sa_column=Column(Boolean, server_default="false", nullable=False))
    overdue_alert_external_id: str | None = Field(default=None, sa_column=Column(String(100)))
    closed_on: date | None = Field(default=None, sa_column=Column(Date))
    closing_note: str | None = Field(default=None, sa_column=Column(Text))
    evidence: list[str] = Field(sa_column=Column(JSONB, server_default="[]", nullable=False))
    opened_by: str = Field(sa_column=Column(String(200), nullable=False))
    closed_by: str | None = Field(default=None, sa_column=Column(String(200)))
    created_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (
        # one open item per finding: opening the same finding twice is refused
        Index(
            "uq_rectifications_open_finding",
            "detector",
            "finding_ref",
            unique=True,
            postgresql_where=text("status = 'open' AND finding_ref IS NOT NULL"),
        ),
    )


# encrypted personal data (ruralwatch rekey)
PII_COLUMNS = [("alerts", "id", ["id_number_enc", "person_name_enc"])]


# every table this service's migrations create besides the platform tables (its env.py and the
# model-vs-migration test read this)
METADATA = (Base.metadata,)
