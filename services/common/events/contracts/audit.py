"""Payload of `audit.trail.v1`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEntryRecorded(BaseModel):
    """One append-only, hash-chained audit entry of some subject (e.g. an alert)."""

    model_config = ConfigDict(extra="forbid")
    service: str
    subject_type: str
    subject_id: str
    seq: int
    at: datetime
    actor: dict[str, Any]
    action: str
    from_status: str | None
    to_status: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str
