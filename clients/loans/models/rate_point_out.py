from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RatePointOut")


@_attrs_define
class RatePointOut:
    """
    Attributes:
        effective_on (datetime.date):
        annual_rate (str):
    """

    effective_on: datetime.date
    annual_rate: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        effective_on = self.effective_on.isoformat()

        annual_rate = self.annual_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "effective_on": effective_on,
                "annual_rate": annual_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_on = datetime.date.fromisoformat(d.pop("effective_on"))

        annual_rate = d.pop("annual_rate")

        rate_point_out = cls(
            effective_on=effective_on,
            annual_rate=annual_rate,
        )

        rate_point_out.additional_properties = d
        return rate_point_out

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
