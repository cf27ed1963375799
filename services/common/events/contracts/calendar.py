"""Payload of `calendar.v1`: one year of the working-day calendar, whole (a snapshot per change)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CalendarNoticeBody(_Contract):
    """The State Council's holiday notice for the year, as imported."""

    title: str = Field(default="", max_length=300, examples=["国务院办公厅关于2027年部分节假日安排的通知"])
    days_off: list[date] = Field(description="weekdays and weekends declared days off (放假)")
    workdays: list[date] = Field(default_factory=list, description="weekend days worked instead (调休上班)")


class CalendarDay(_Contract):
    day: date
    workday: bool
    note: str | None = None


class CalendarYear(_Contract):
    """Every rule the admin set for `year`: its notice (None: the fallback rules) and the overrides."""

    year: int = Field(ge=2000, le=2200)
    notice: CalendarNoticeBody | None = None
    overrides: list[CalendarDay] = Field(default_factory=list)
