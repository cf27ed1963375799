"""Payloads of `households.household.v1` that other services consume (never a raw ID number)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VillageRegistered(_Contract):
    code: str = Field(pattern=r"^\d{12}$")
    name: str
    kind: str = Field(pattern="^(village|community)$")


class HouseholdChanged(_Contract):
    """A household as consumers see it: place, flags and the lookup hashes of its members' ID numbers."""

    household_code: str
    village_code: str = Field(pattern=r"^\d{12}$")
    alleviated: bool = False
    monitoring_type: str | None = None
    member_id_hashes: list[str] = Field(default_factory=list)


class MonitoringAnswer(_Contract):
    """The households service's answer to `alerts.alert.risk_confirmed`."""

    alert_id: str
    household_code: str | None
    village_code: str
    monitoring_object_id: str | None = None
    monitoring_type: str | None = None
