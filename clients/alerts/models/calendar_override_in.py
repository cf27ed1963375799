from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CalendarOverrideIn")


@_attrs_define
class CalendarOverrideIn:
    """
    Attributes:
        day (datetime.date):
        workday (bool):
        note (None | str | Unset):
    """

    day: datetime.date
    workday: bool
    note: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        day = self.day.isoformat()

        workday = self.workday

        note: str | Unset | None
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "day": day,
                "workday": workday,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = datetime.date.fromisoformat(d.pop("day"))

        workday = d.pop("workday")

        def _parse_note(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        calendar_override_in = cls(
            day=day,
            workday=workday,
            note=note,
        )

        return calendar_override_in
