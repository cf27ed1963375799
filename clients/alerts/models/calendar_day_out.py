from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CalendarDayOut")


@_attrs_define
class CalendarDayOut:
    """
    Attributes:
        date (datetime.date):
        workday (bool):
        fallback (bool): true when no notice covers the year: the public holidays by the rules, lunar dates computed,
            days in lieu for weekends (no bridging days or make-up Saturdays)
        source (str): override | notice | statutory | fallback: what answered
    """

    date: datetime.date
    workday: bool
    fallback: bool
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        workday = self.workday

        fallback = self.fallback

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "workday": workday,
                "fallback": fallback,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        workday = d.pop("workday")

        fallback = d.pop("fallback")

        source = d.pop("source")

        calendar_day_out = cls(
            date=date,
            workday=workday,
            fallback=fallback,
            source=source,
        )

        calendar_day_out.additional_properties = d
        return calendar_day_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
