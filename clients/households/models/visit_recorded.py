from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VisitRecorded")


@_attrs_define
class VisitRecorded:
    """
    Attributes:
        id (str):
        household_code (str):
        visited_on (datetime.date):
        concern (bool | None | Unset): the short form found something (a guarantee not met, income down, a new risk)
    """

    id: str
    household_code: str
    visited_on: datetime.date
    concern: bool | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        household_code = self.household_code

        visited_on = self.visited_on.isoformat()

        concern: bool | Unset | None
        if isinstance(self.concern, Unset):
            concern = UNSET
        else:
            concern = self.concern

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "household_code": household_code,
                "visited_on": visited_on,
            }
        )
        if concern is not UNSET:
            field_dict["concern"] = concern

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        household_code = d.pop("household_code")

        visited_on = datetime.date.fromisoformat(d.pop("visited_on"))

        def _parse_concern(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        concern = _parse_concern(d.pop("concern", UNSET))

        visit_recorded = cls(
            id=id,
            household_code=household_code,
            visited_on=visited_on,
            concern=concern,
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
