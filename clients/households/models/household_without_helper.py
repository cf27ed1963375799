from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HouseholdWithoutHelper")


@_attrs_define
class HouseholdWithoutHelper:
    """
    Attributes:
        household_code (str):
        village_code (str):
        alleviated (bool):
        monitoring_type (None | str):
    """

    household_code: str
    village_code: str
    alleviated: bool
    monitoring_type: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        household_code = self.household_code

        village_code = self.village_code

        alleviated = self.alleviated

        monitoring_type: str | None
        monitoring_type = self.monitoring_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "household_code": household_code,
                "village_code": village_code,
                "alleviated": alleviated,
                "monitoring_type": monitoring_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        household_code = d.pop("household_code")

        village_code = d.pop("village_code")

        alleviated = d.pop("alleviated")

        def _parse_monitoring_type(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        monitoring_type = _parse_monitoring_type(d.pop("monitoring_type"))

        household_without_helper = cls(
            household_code=household_code,
            village_code=village_code,
            alleviated=alleviated,
            monitoring_type=monitoring_type,
        )

        household_without_helper.additional_properties = d
        return household_without_helper

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
