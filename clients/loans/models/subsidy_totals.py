from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SubsidyTotals")


@_attrs_define
class SubsidyTotals:
    """
    Attributes:
        people (int):
        lines (int):
        interest (str): yuan
        subsidy (str): yuan
    """

    people: int
    lines: int
    interest: str
    subsidy: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        people = self.people

        lines = self.lines

        interest = self.interest

        subsidy = self.subsidy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "people": people,
                "lines": lines,
                "interest": interest,
                "subsidy": subsidy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        people = d.pop("people")

        lines = d.pop("lines")

        interest = d.pop("interest")

        subsidy = d.pop("subsidy")

        subsidy_totals = cls(
            people=people,
            lines=lines,
            interest=interest,
            subsidy=subsidy,
        )

        subsidy_totals.additional_properties = d
        return subsidy_totals

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
