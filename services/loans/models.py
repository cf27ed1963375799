"""Tables of the loans service database."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
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
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.common.db import NAMING_CONVENTION

MONEY = Numeric(14, 2)
RATE = Numeric(9, 6)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProjVillage(Base):
    """Villages as announced on `households.household.v1`."""

    __tablename__ = "proj_villages"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))


class ProjHousehold(Base):
    """What eligibility and reminders need of a household, kept from `households.household.v1`."""

    __tablename__ = "proj_households"

    household_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12))
    alleviated: Mapped[bool] = mapped_column(Boolean)
    monitoring_type: Mapped[str | None] = mapped_column(String(40))
    member_id_hashes: Mapped[list[str]] = mapped_column(ARRAY(String(64)), server_default="{}")
    helper_id: Mapped[str | None] = mapped_column(String(64))
    # the aggregate version of the event this row was last written from (a guard: never go back)
    version: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RatePoint(Base):
    """A dated rate table (e.g. the 1-year LPR): `annual_rate` applies from `effective_on`."""

    __tablename__ = "rate_points"

    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    effective_on: Mapped[date] = mapped_column(Date, primary_key=True)
    annual_rate: Mapped[Decimal] = mapped_column(RATE)


class Loan(Base):
    """A small poverty-alleviation loan (小额信贷); the borrower's ID number is stored encrypted."""

    __tablename__ = "loans"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    household_code: Mapped[str] = mapped_column(String(40))
    village_code: Mapped[str] = mapped_column(String(12))
    borrower_name_enc: Mapped[bytes] = mapped_column(LargeBinary)
    borrower_name_masked: Mapped[str] = mapped_column(String(10))
    borrower_id_enc: Mapped[bytes] = mapped_column(LargeBinary)
    borrower_id_hash: Mapped[str] = mapped_column(String(64))
    borrower_id_masked: Mapped[str] = mapped_column(String(18))
    borrower_birth_year: Mapped[int] = mapped_column(Integer)
    principal: Mapped[Decimal] = mapped_column(MONEY)
    term_months: Mapped[int] = mapped_column(Integer)
    top_up: Mapped[bool] = mapped_column(Boolean, server_default="false")
    subsidised: Mapped[bool] = mapped_column(Boolean, server_default="true")
    purpose: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # applied|approved|rejected|disbursed|repaid|written_off
    applied_on: Mapped[date] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    disbursed_on: Mapped[date | None] = mapped_column(Date)
    maturity_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    bank: Mapped[str | None] = mapped_column(String(100))
    annual_rate: Mapped[Decimal | None] = mapped_column(RATE)  # fixed rate; NULL = floats with rate_series
    rate_series: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

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


class Repayment(Base):
    __tablename__ = "repayments"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    loan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    interest: Mapped[Decimal] = mapped_column(MONEY)
    principal: Mapped[Decimal] = mapped_column(MONEY)
    recorded_by: Mapped[Any] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OverdueEpisode(Base):
    """A stretch of time a loan was overdue; one open episode per loan, one `loans.loan.overdue` each."""

    __tablename__ = "overdue_episodes"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    loan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id"))
    overdue_since: Mapped[date] = mapped_column(Date)
    due_kind: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date] = mapped_column(Date)
    amount_due: Mapped[Decimal] = mapped_column(MONEY)
    detected_on: Mapped[date] = mapped_column(Date)
    cleared_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("uq_overdue_one_open", "loan_id", unique=True, postgresql_where=text("cleared_on IS NULL")),
    )


class Reminder(Base):
    """A repayment reminder, recorded once per (loan, due, days before): delivered or superseded."""

    __tablename__ = "reminders"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    loan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id"))
    due_kind: Mapped[str] = mapped_column(String(20), primary_key=False)
    due_on: Mapped[date] = mapped_column(Date)
    days_before: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))  # delivered | superseded
    sent_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    helper_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("uq_reminders_once", "loan_id", "due_kind", "due_on", "days_before", unique=True),
    )


class SubsidyLine(Base):
    """A settled quarter's subsidy line, stored once when the quarter is final (its event is sent once)."""

    __tablename__ = "subsidy_lines"

    quarter: Mapped[str] = mapped_column(String(6), primary_key=True)
    loan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id"), primary_key=True)
    interest: Mapped[Decimal] = mapped_column(MONEY)
    subsidy: Mapped[Decimal] = mapped_column(MONEY)
    withheld: Mapped[str | None] = mapped_column(Text)
    settled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SettledQuarter(Base):
    """A settlement quarter whose subsidy lines were stored and published (once)."""

    __tablename__ = "settled_quarters"

    quarter: Mapped[str] = mapped_column(String(6), primary_key=True)
    lines: Mapped[int] = mapped_column(Integer)
    settled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# encrypted personal data (ruralwatch rekey)
PII_COLUMNS = [("loans", "id", ["borrower_name_enc", "borrower_id_enc"])]
