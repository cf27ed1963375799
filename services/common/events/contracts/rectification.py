"""Payload of `rectification.v1`: a rectification item (整改事项) as it stands after the change."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class RectificationChanged(BaseModel):
    """A problem the office must fix: the measure, who is responsible, by when, and how it was closed."""

    model_config = ConfigDict(extra="forbid")

    rectification_id: str
    source: str = Field(description="detector | inspection | audit | other")
    detector: str | None = Field(default=None, description="the problem detector, when a finding was opened")
    finding_ref: str | None = Field(default=None, description="what the finding was about (its subject)")
    village_code: str = Field(pattern=r"^\d{12}$")
    household_code: str | None = None
    problem: str
    measure: str = Field(description="整改措施")
    responsible: str = Field(description="整改责任人")
    opened_on: date
    working_days: int
    due_on: date = Field(description="整改时限: opened_on plus the working days, on the shared calendar")
    status: str = Field(description="open | closed")
    overdue: bool = False
    closed_on: date | None = None
    closing_note: str | None = None
    evidence: list[str] = Field(default_factory=list, description="references to the closing evidence")
