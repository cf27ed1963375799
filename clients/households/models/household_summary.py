from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HouseholdSummary")


@_attrs_define
class HouseholdSummary:
    """
    Attributes:
        id (str):
        household_code (str):
        village_code (str):
        address (None | str):
        alleviated (bool):
        alleviated_year (int | None):
        member_count (int):
        monitoring_type (None | str):
    """

    id: str
    household_code: str
    village_code: str
    address: str | None
    alleviated: bool
    alleviated_year: int | None
    member_count: int
    monitoring_type: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        household_code = self.household_code

        village_code = self.village_code

        address: str | None
        address = self.address

        alleviated = self.alleviated

        alleviated_year: int | None
        alleviated_year = self.alleviated_year

        member_count = self.member_count

        monitoring_type: str | None
        monitoring_type = self.monitoring_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "household_code": household_code,
                "village_code": village_code,
                "address": address,
                "alleviated": alleviated,
                "alleviated_year": alleviated_year,
                "member_count": member_count,
                "monitoring_type": monitoring_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        household_code = d.pop("household_code")

        village_code = d.pop("village_code")

        def _parse_address(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        address = _parse_address(d.pop("address"))

        alleviated = d.pop("alleviated")

        def _parse_alleviated_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        alleviated_year = _parse_alleviated_year(d.pop("alleviated_year"))

        member_count = d.pop("member_count")

        def _parse_monitoring_type(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        monitoring_type = _parse_monitoring_type(d.pop("monitoring_type"))

        household_summary = cls(
            id=id,
            household_code=household_code,
            village_code=village_code,
            address=address,
            alleviated=alleviated,
            alleviated_year=alleviated_year,
            member_count=member_count,
            monitoring_type=monitoring_type,
        )

        household_summary.additional_properties = d
        return household_summary

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
