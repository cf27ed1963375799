from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="IncomeRecorded")


@_attrs_define
class IncomeRecorded:
    """
    Attributes:
        id (str):
        household_code (str):
        year (int):
        quarter (int):
        total_income (str): yuan
        member_count (int):
        per_capita_annualised (str): yuan per person and year (×4 ÷ members)
    """

    id: str
    household_code: str
    year: int
    quarter: int
    total_income: str
    member_count: int
    per_capita_annualised: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        household_code = self.household_code

        year = self.year

        quarter = self.quarter

        total_income = self.total_income

        member_count = self.member_count

        per_capita_annualised = self.per_capita_annualised

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "household_code": household_code,
                "year": year,
                "quarter": quarter,
                "total_income": total_income,
                "member_count": member_count,
                "per_capita_annualised": per_capita_annualised,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        household_code = d.pop("household_code")

        year = d.pop("year")

        quarter = d.pop("quarter")

        total_income = d.pop("total_income")

        member_count = d.pop("member_count")

        per_capita_annualised = d.pop("per_capita_annualised")

        income_recorded = cls(
            id=id,
            household_code=household_code,
            year=year,
            quarter=quarter,
            total_income=total_income,
            member_count=member_count,
            per_capita_annualised=per_capita_annualised,
        )

        income_recorded.additional_properties = d
        return income_recorded

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
