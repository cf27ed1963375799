from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TrendMonth")


@_attrs_define
class TrendMonth:
    """
    Attributes:
        month (str):
        received (int):
        closed (int):
        village_on_time_rate (None | str):
        town_on_time_rate (None | str):
    """

    month: str
    received: int
    closed: int
    village_on_time_rate: str | None
    town_on_time_rate: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        received = self.received

        closed = self.closed

        village_on_time_rate: str | None
        village_on_time_rate = self.village_on_time_rate

        town_on_time_rate: str | None
        town_on_time_rate = self.town_on_time_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "month": month,
                "received": received,
                "closed": closed,
                "village_on_time_rate": village_on_time_rate,
                "town_on_time_rate": town_on_time_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        month = d.pop("month")

        received = d.pop("received")

        closed = d.pop("closed")

        def _parse_village_on_time_rate(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        village_on_time_rate = _parse_village_on_time_rate(d.pop("village_on_time_rate"))

        def _parse_town_on_time_rate(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        town_on_time_rate = _parse_town_on_time_rate(d.pop("town_on_time_rate"))

        trend_month = cls(
            month=month,
            received=received,
            closed=closed,
            village_on_time_rate=village_on_time_rate,
            town_on_time_rate=town_on_time_rate,
        )

        trend_month.additional_properties = d
        return trend_month

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
