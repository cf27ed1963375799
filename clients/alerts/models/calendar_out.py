from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.calendar_day_out import CalendarDayOut
    from ..models.calendar_out_overrides import CalendarOutOverrides


T = TypeVar("T", bound="CalendarOut")


@_attrs_define
class CalendarOut:
    """
    Attributes:
        overrides (CalendarOutOverrides): date → workday, as an administrator set it
        notices (list[int] | Unset): the years with an imported holiday notice
        day (CalendarDayOut | None | Unset):
    """

    overrides: CalendarOutOverrides
    notices: list[int] | Unset = UNSET
    day: CalendarDayOut | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.calendar_day_out import CalendarDayOut

        overrides = self.overrides.to_dict()

        notices: list[int] | Unset = UNSET
        if not isinstance(self.notices, Unset):
            notices = self.notices

        day: dict[str, Any] | Unset | None
        if isinstance(self.day, Unset):
            day = UNSET
        elif isinstance(self.day, CalendarDayOut):
            day = self.day.to_dict()
        else:
            day = self.day

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "overrides": overrides,
            }
        )
        if notices is not UNSET:
            field_dict["notices"] = notices
        if day is not UNSET:
            field_dict["day"] = day

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.calendar_day_out import CalendarDayOut
        from ..models.calendar_out_overrides import CalendarOutOverrides

        d = dict(src_dict)
        overrides = CalendarOutOverrides.from_dict(d.pop("overrides"))

        notices = cast(list[int], d.pop("notices", UNSET))

        def _parse_day(data: object) -> CalendarDayOut | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                day_type_0 = CalendarDayOut.from_dict(data)

                return day_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CalendarDayOut | None | Unset, data)

        day = _parse_day(d.pop("day", UNSET))

        calendar_out = cls(
            overrides=overrides,
            notices=notices,
            day=day,
        )

        calendar_out.additional_properties = d
        return calendar_out

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
