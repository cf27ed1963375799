"""Tables of the alerts service database."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
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
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.db import NAMING_CONVENTION


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Alert(Base):
    """One suspected-risk alert (疑似风险预警) and its journey through the stages."""

    __tablename__ = "alerts"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    batch_id: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(100))
    alert_class: Mapped[str] = mapped_column("class", String(50))
    category: Mapped[str] = mapped_column(String(50))
    village_code: Mapped[str] = mapped_column(String(12))
    household_code: Mapped[str | None] = mapped_column(String(40))
    household_match: Mapped[str] = mapped_column(String(30))
    id_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_number_hash: Mapped[str | None] = mapped_column(String(64))
    person_name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    person_name_masked: Mapped[str | None] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text)
    detected_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(30))
    village_due_on: Mapped[date] = mapped_column(Date)
    reported_on: Mapped[date | None] = mapped_column(Date)
    finding: Mapped[str | None] = mapped_column(String(30))
    village_on_time: Mapped[bool | None] = mapped_column(Boolean)
    verification: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    town_due_on: Mapped[date | None] = mapped_column(Date)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(20))
    town_on_time: Mapped[bool | None] = mapped_column(Boolean)
    review: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    closed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(30))
    final_outcome: Mapped[str | None] = mapped_column(String(40))
    remediation: Mapped[str | None] = mapped_column(Text)
    close_out: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    overdue_stage: Mapped[str | None] = mapped_column(String(20))
    return_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_alerts_status", "status"),
        Index("ix_alerts_village_code", "village_code", "created_at", "id"),
        Index("ix_alerts_batch_id", "batch_id"),
        Index("ix_alerts_category", "category"),
        Index("ix_alerts_created", "created_at", "id"),
    )


class AuditEntry(Base):
    """Append-only, hash-chained audit entries of an alert (a trigger refuses UPDATE and DELETE)."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    alert_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[dict[str, Any]] = mapped_column(JSONB)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    details: Mapped[dict[str, Any]] = mapped_column(JSONB)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("alert_id", "seq", name="uq_audit_entries_alert_seq"),)


class FeedBatch(Base):
    """A provincial batch as received (counts accumulate over re-sends)."""

    __tablename__ = "feed_batches"

    batch_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(Date)
    first_received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    times_received: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    accepted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rejected: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class FeedReject(Base):
    """An item refused at intake, with every reason."""

    __tablename__ = "feed_rejects"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(String(100))
    item_index: Mapped[int] = mapped_column(Integer)
    external_id: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(20))
    errors: Mapped[list[str]] = mapped_column(JSONB)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (UniqueConstraint("batch_id", "item_index", "channel", name="uq_feed_rejects_item"),)


class ProjVillage(Base):
    """Projection of villages from `households.household.v1`."""

    __tablename__ = "proj_villages"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))


class ProjHousehold(Base):
    """Projection of households (for matching alerts)."""

    __tablename__ = "proj_households"

    household_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12))
    alleviated: Mapped[bool] = mapped_column(Boolean, default=False)
    monitoring_type: Mapped[str | None] = mapped_column(String(40))
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: Mapped[int | None] = mapped_column(BigInteger)


class ProjMember(Base):
    """Lookup hash of a member's ID number → household."""

    __tablename__ = "proj_members"

    id_number_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    household_code: Mapped[str] = mapped_column(String(40), index=True)


class CalendarOverride(Base):
    """An admin's declaration that a date is (or is not) a working day."""

    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# encrypted personal data (ruralwatch rekey)
PII_COLUMNS = [("alerts", "id", ["id_number_enc", "person_name_enc"])]
