"""Tables of the loans service database."""

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
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common import trail
from services.common.db import NAMING_CONVENTION
from services.common.projections import VillageProjection

MONEY = Numeric(14, 2)
RATE = Numeric(9, 6)


class Base(SQLModel, registry=registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))):
    """This service's tables: one metadata, the migrations' target."""


class ProjVillage(VillageProjection, Base, table=True):
    """Villages as announced on `households.household.v1`. (the shape: `common.projections`)"""

    __tablename__ = "proj_villages"


class ProjHousehold(Base, table=True):
    """What eligibility and reminders need of a household, kept from `households.household.v1`."""

    __tablename__ = "proj_households"

    household_code: str = Field(sa_column=Column(String(40), primary_key=True))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    alleviated: bool = Field(sa_column=Column(Boolean, nullable=False))
    monitoring_type: str | None = Field(sa_column=Column(String(40)))
    member_id_hashes: list[str] = Field(
        sa_column=Column(ARRAY(String(64)), server_default="{}", nullable=False)
    )
    helper_id: str | None = Field(sa_column=Column(String(64)))
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: int | None = Field(sa_column=Column(BigInteger))
    updated_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )


class RatePoint(Base, table=True):
    """A dated rate table (e.g. the 1-year LPR): `annual_rate` applies from `effective_on`."""

    __tablename__ = "rate_points"

    series: str = Field(sa_column=Column(String(40), primary_key=True))
    effective_on: date = Field(sa_column=Column(Date, primary_key=True))
    annual_rate: Decimal = Field(sa_column=Column(RATE, nullable=False))


class Loan(Base, table=True):
    """A small poverty-alleviation loan (小额信贷); the borrower's ID number is stored encrypted."""

    __tablename__ = "loans"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    household_code: str = Field(sa_column=Column(String(40), nullable=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    borrower_name_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    borrower_name_masked: str = Field(sa_column=Column(String(10), nullable=False))
    borrower_id_enc: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    borrower_id_hash: str = Field(sa_column=Column(String(64), nullable=False))
    borrower_id_masked: str = Field(sa_column=Column(String(18), nullable=False))
    borrower_birth_year: int = Field(sa_column=Column(Integer, nullable=False))
    principal: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    term_months: int = Field(sa_column=Column(Integer, nullable=False))
    top_up: bool = Field(sa_column=Column(Boolean, server_default="false", nullable=False))
    subsidised: bool = Field(sa_column=Column(Boolean, server_default="true", nullable=False))
    purpose: str | None = Field(sa_column=Column(Text))
    status: str = Field(
        sa_column=Column(String(20), nullable=False)
    )  # applied|approved|rejected|disbursed|repaid|written_off
    applied_on: date = Field(sa_column=Column(Date, nullable=False))
    approved_on: date | None = Field(sa_column=Column(Date))
    disbursed_on: date | None = Field(sa_column=Column(Date))
    maturity_on: date | None = Field(sa_column=Column(Date))
    closed_on: date | None = Field(sa_column=Column(Date))
    bank: str | None = Field(sa_column=Column(String(100)))
    annual_rate: Decimal | None = Field(sa_column=Column(RATE))  # fixed rate; NULL = floats with rate_series
    rate_series: str | None = Field(sa_column=Column(String(40)))
    notes: str | None = Field(sa_column=Column(Text))
    # the borrower's mobile for repayment reminders: encrypted, shown masked; reminders by SMS stop
    # when the borrower opts out (TD), the village's call list keeps them
    borrower_phone_enc: bytes | None = Field(sa_column=Column(LargeBinary))
    borrower_phone_masked: str | None = Field(sa_column=Column(String(20)))
    sms_opt_out: bool = Field(sa_column=Column(Boolean, server_default="false", nullable=False))
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    updated_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (
        # one live subsidised loan per household, enforced by the database too
        Index(
            "uq_loans_one_live_subsidised",
            "household_code",
            unique=True,
            postgresql_where=text("subsidised AND status IN ('applied', 'approved', 'disbursed')"),
        ),
        Index("ix_loans_village", "village_code", "created_at"),
        Index("ix_loans_status", "status"),
    )


class Repayment(Base, table=True):
    __tablename__ = "repayments"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    loan_id: uuid.UUID = Field(sa_column=Column(ForeignKey("loans.id"), index=True, nullable=False))
    paid_on: date = Field(sa_column=Column(Date, nullable=False))
    interest: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    principal: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    recorded_by: Any = Field(sa_column=Column(JSONB, nullable=False))
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )


class OverdueEpisode(Base, table=True):
    """A stretch of time a loan was overdue; one open episode per loan, one `loans.loan.overdue` each."""

    __tablename__ = "overdue_episodes"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    loan_id: uuid.UUID = Field(sa_column=Column(ForeignKey("loans.id"), nullable=False))
    overdue_since: date = Field(sa_column=Column(Date, nullable=False))
    due_kind: str = Field(sa_column=Column(String(20), nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    amount_due: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    detected_on: date = Field(sa_column=Column(Date, nullable=False))
    cleared_on: date | None = Field(sa_column=Column(Date))

    __table_args__ = (
        Index("uq_overdue_one_open", "loan_id", unique=True, postgresql_where=text("cleared_on IS NULL")),
    )


class Reminder(Base, table=True):
    """A repayment reminder, recorded once per (loan, due, days before): delivered or superseded."""

    __tablename__ = "reminders"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    loan_id: uuid.UUID = Field(sa_column=Column(ForeignKey("loans.id"), nullable=False))
    due_kind: str = Field(sa_column=Column(String(20), nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    days_before: int = Field(sa_column=Column(Integer, nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))  # delivered | superseded
    sent_on: date = Field(sa_column=Column(Date, nullable=False))
    amount: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    helper_id: str | None = Field(sa_column=Column(String(64)))

    __table_args__ = (
        Index("uq_reminders_once", "loan_id", "due_kind", "due_on", "days_before", unique=True),
    )


class Notification(Base, table=True):
    """A reminder's text message: made once per reminder (from its event), sent by the sender job with
    retries; its status says what became of it."""

    __tablename__ = "notifications"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    reminder_id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), unique=True, nullable=False))
    loan_id: uuid.UUID = Field(sa_column=Column(ForeignKey("loans.id"), nullable=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False))
    channel: str = Field(sa_column=Column(String(20), nullable=False))  # sms
    # pending | sent | failed | opted_out | no_phone | disabled (no provider configured)
    status: str = Field(sa_column=Column(String(20), nullable=False))
    params: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    attempts: int = Field(sa_column=Column(Integer, server_default="0", nullable=False))
    next_attempt_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    last_error: str | None = Field(sa_column=Column(String(300)))
    provider_id: str | None = Field(sa_column=Column(String(100)))
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )
    sent_at: datetime | None = Field(sa_column=Column(DateTime(timezone=True)))

    __table_args__ = (
        Index("ix_notifications_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
    )


class CallListEntry(Base, table=True):
    """A reminder for the village's cadres to phone the borrower, and what came of the call."""

    __tablename__ = "call_list"

    id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), primary_key=True))
    reminder_id: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), unique=True, nullable=False))
    loan_id: uuid.UUID = Field(sa_column=Column(ForeignKey("loans.id"), nullable=False))
    village_code: str = Field(sa_column=Column(String(12), nullable=False, index=True))
    due_kind: str = Field(sa_column=Column(String(20), nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    amount: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    listed_on: date = Field(sa_column=Column(Date, nullable=False))
    outcome: str | None = Field(sa_column=Column(String(20)))  # reached | no_answer | wrong_number | refused
    outcome_note: str | None = Field(sa_column=Column(String(500)))
    called_by: str | None = Field(sa_column=Column(String(200)))
    called_at: datetime | None = Field(sa_column=Column(DateTime(timezone=True)))


class SubsidyLine(Base, table=True):
    """A settled quarter's subsidy line, stored once when the quarter is final (its event is sent once)."""

    __tablename__ = "subsidy_lines"

    quarter: str = Field(sa_column=Column(String(6), primary_key=True))
    loan_id: uuid.UUID = Field(sa_column=Column(ForeignKey("loans.id"), primary_key=True))
    interest: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    subsidy: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    withheld: str | None = Field(sa_column=Column(Text))
    settled_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )


class SettledQuarter(Base, table=True):
    """A settlement quarter whose subsidy lines were stored and published (once)."""

    __tablename__ = "settled_quarters"

    quarter: str = Field(sa_column=Column(String(6), primary_key=True))
    lines: int = Field(sa_column=Column(Integer, nullable=False))
    settled_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )


# encrypted personal data (ruralwatch rekey)
PII_COLUMNS = [("loans", "id", ["borrower_name_enc", "borrower_id_enc", "borrower_phone_enc"])]


# every table this service's migrations create besides the platform tables (its env.py and the
# model-vs-migration test read this)
METADATA = (Base.metadata, trail.metadata)
