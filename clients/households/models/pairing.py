from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Pairing")


@_attrs_define
class Pairing:
    """
    Attributes:
        household_code (str):
        helper_id (str):
        from_on (datetime.date):
    """

    household_code: str
    helper_id: str
    from_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        household_code = self.household_code

        helper_id = self.helper_id

        from_on = self.from_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "household_code": household_code,
                "helper_id": helper_id,
                "from_on": from_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        household_code = d.pop("household_code")

        helper_id = d.pop("helper_id")

        from_on = datetime.date.fromisoformat(d.pop("from_on"))

        pairing = cls(
            household_code=household_code,
            helper_id=helper_id,
            from_on=from_on,
        )

        pairing.additional_properties = d
        return pairing

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
