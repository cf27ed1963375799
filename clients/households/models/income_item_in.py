from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="IncomeItemIn")


@_attrs_define
class IncomeItemIn:
    """
    Attributes:
        year (int):
        quarter (int):
        total_income (float | str): the quarter's household income
        household_code (str):
    """

    year: int
    quarter: int
    total_income: float | str
    household_code: str

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        quarter = self.quarter

        total_income: float | str
        total_income = self.total_income

        household_code = self.household_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "year": year,
                "quarter": quarter,
                "total_income": total_income,
                "household_code": household_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        year = d.pop("year")

        quarter = d.pop("quarter")

        def _parse_total_income(data: object) -> float | str:
            return cast(float | str, data)

        total_income = _parse_total_income(d.pop("total_income"))

        household_code = d.pop("household_code")

        income_item_in = cls(
            year=year,
            quarter=quarter,
            total_income=total_income,
            household_code=household_code,
        )

        return income_item_in
