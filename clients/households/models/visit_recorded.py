from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VisitRecorded")


@_attrs_define
class VisitRecorded:
    """
    Attributes:
        id (str):
        household_code (str):
        visited_on (datetime.date):
    """

    id: str
    household_code: str
    visited_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        household_code = self.household_code

        visited_on = self.visited_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "household_code": household_code,
                "visited_on": visited_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        household_code = d.pop("household_code")

        visited_on = datetime.date.fromisoformat(d.pop("visited_on"))

        visit_recorded = cls(
            id=id,
            household_code=household_code,
            visited_on=visited_on,
        )

        visit_recorded.additional_properties = d
        return visit_recorded

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
