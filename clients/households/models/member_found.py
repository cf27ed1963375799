from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MemberFound")


@_attrs_define
class MemberFound:
    """
    Attributes:
        household_code (str):
        member_id (str):
        id_number (str): masked
    """

    household_code: str
    member_id: str
    id_number: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        household_code = self.household_code

        member_id = self.member_id

        id_number = self.id_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "household_code": household_code,
                "member_id": member_id,
                "id_number": id_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        household_code = d.pop("household_code")

        member_id = d.pop("member_id")

        id_number = d.pop("id_number")

        member_found = cls(
            household_code=household_code,
            member_id=member_id,
            id_number=id_number,
        )

        member_found.additional_properties = d
        return member_found

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
