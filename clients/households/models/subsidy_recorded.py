from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SubsidyRecorded")


@_attrs_define
class SubsidyRecorded:
    """
    Attributes:
        id (str):
        member_id (str):
        year (int):
        semester (str):
        level (str):
        amount (str): yuan
    """

    id: str
    member_id: str
    year: int
    semester: str
    level: str
    amount: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        member_id = self.member_id

        year = self.year

        semester = self.semester

        level = self.level

        amount = self.amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member_id": member_id,
                "year": year,
                "semester": semester,
                "level": level,
                "amount": amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        member_id = d.pop("member_id")

        year = d.pop("year")

        semester = d.pop("semester")

        level = d.pop("level")

        amount = d.pop("amount")

        subsidy_recorded = cls(
            id=id,
            member_id=member_id,
            year=year,
            semester=semester,
            level=level,
            amount=amount,
        )

        subsidy_recorded.additional_properties = d
        return subsidy_recorded

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
