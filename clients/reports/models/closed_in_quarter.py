from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClosedInQuarter")


@_attrs_define
class ClosedInQuarter:
    """
    Attributes:
        total (int):
        village_on_time (int):
        town_on_time (int):
    """

    total: int
    village_on_time: int
    town_on_time: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        village_on_time = self.village_on_time

        town_on_time = self.town_on_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "village_on_time": village_on_time,
                "town_on_time": town_on_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total = d.pop("total")

        village_on_time = d.pop("village_on_time")

        town_on_time = d.pop("town_on_time")

        closed_in_quarter = cls(
            total=total,
            village_on_time=village_on_time,
            town_on_time=town_on_time,
        )

        closed_in_quarter.additional_properties = d
        return closed_in_quarter

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
