from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="HouseholdChoiceIn")


@_attrs_define
class HouseholdChoiceIn:
    """
    Attributes:
        household_code (str):
    """

    household_code: str

    def to_dict(self) -> dict[str, Any]:
        household_code = self.household_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "household_code": household_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        household_code = d.pop("household_code")

        household_choice_in = cls(
            household_code=household_code,
        )

        return household_choice_in
