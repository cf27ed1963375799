"""Payloads of `alerts.alert.v1`, `province.alerts.outcome.v1` and `province.alerts.inbound.v1`."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class AlertEvent(_Contract):
    """Every alert event carries the alert's identity, place, class, category and status after it."""

    alert_id: str
    external_id: str
    batch_id: str | None
    source: str
    village_code: str = Field(pattern=r"^\d{12}$")
    household_code: str | None = None
    household_match: str
    alert_class: str = Field(alias="class")
    category: str
    status: str
    received_on: date
    village_due_on: date | None = None
    reported_on: date | None = None
    finding: str | None = None
    village_on_time: bool | None = None
    town_due_on: date | None = None
    reviewed_on: date | None = None
    decision: str | None = None
    town_on_time: bool | None = None
    closed_on: date | None = None
    outcome: str | None = None
    final_outcome: str | None = None
    overdue_stage: str | None = None
    due_on: date | None = None


class OutcomeReported(_Contract):
    """A close-out result in the provincial platform's shape."""

    batch_id: str | None
    external_id: str
    alert_id: str
    village_code: str
    alert_class: str = Field(alias="class")
    category: str
    outcome: str
    closed_on: date
    remediation: str | None = None
    notes: str | None = None


class InboundAlert(_Contract):
    """One item pushed on `province.alerts.inbound.v1` (plain JSON, without an envelope)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, serialize_by_alias=True)
    batch_id: str
    source: str = "province"
    issued_on: date
    item: dict[str, object]
