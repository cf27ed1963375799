from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CalendarNoticeIn")


@_attrs_define
class CalendarNoticeIn:
    """The State Council's holiday notice for a year, as a table: every day off (weekends inside a
    holiday included or not, as you like) and every weekend day worked instead (调休上班).

        Attributes:
            days_off (list[datetime.date]):
            title (str | Unset):  Default: ''.
            workdays (list[datetime.date] | Unset):
    """

    days_off: list[datetime.date]
    title: str | Unset = ""
    workdays: list[datetime.date] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        days_off = []
        for days_off_item_data in self.days_off:
            days_off_item = days_off_item_data.isoformat()
            days_off.append(days_off_item)

        title = self.title

        workdays: list[str] | Unset = UNSET
        if not isinstance(self.workdays, Unset):
            workdays = []
            for workdays_item_data in self.workdays:
                workdays_item = workdays_item_data.isoformat()
                workdays.append(workdays_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "days_off": days_off,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if workdays is not UNSET:
            field_dict["workdays"] = workdays

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days_off = []
        _days_off = d.pop("days_off")
        for days_off_item_data in _days_off:
            days_off_item = datetime.date.fromisoformat(days_off_item_data)

            days_off.append(days_off_item)

        title = d.pop("title", UNSET)

        _workdays = d.pop("workdays", UNSET)
        workdays: list[datetime.date] | Unset = UNSET
        if _workdays is not UNSET:
            workdays = []
            for workdays_item_data in _workdays:
                workdays_item = datetime.date.fromisoformat(workdays_item_data)

                workdays.append(workdays_item)

        calendar_notice_in = cls(
            days_off=days_off,
            title=title,
            workdays=workdays,
        )

        return calendar_notice_in
