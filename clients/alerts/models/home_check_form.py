from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.check import Check


T = TypeVar("T", bound="HomeCheckForm")


@_attrs_define
class HomeCheckForm:
    """入户核查表: 两不愁三保障 and safe drinking water, the household's income and unavoidable spending this
    year, and the risk found.

        Attributes:
            food_clothing (Check):
            compulsory_education (Check):
            basic_medical (Check):
            housing_safety (Check):
            drinking_water (Check):
            household_income (float | None | str | Unset): 家庭年收入 (yuan, this year)
            large_spending (float | None | str | Unset): 刚性支出 (yuan, this year)
            risk_found (None | str | Unset): 发现的风险
    """

    food_clothing: Check
    compulsory_education: Check
    basic_medical: Check
    housing_safety: Check
    drinking_water: Check
    household_income: float | str | Unset | None = UNSET
    large_spending: float | str | Unset | None = UNSET
    risk_found: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        food_clothing = self.food_clothing.to_dict()

        compulsory_education = self.compulsory_education.to_dict()

        basic_medical = self.basic_medical.to_dict()

        housing_safety = self.housing_safety.to_dict()

        drinking_water = self.drinking_water.to_dict()

        household_income: float | str | Unset | None
        if isinstance(self.household_income, Unset):
            household_income = UNSET
        else:
            household_income = self.household_income

        large_spending: float | str | Unset | None
        if isinstance(self.large_spending, Unset):
            large_spending = UNSET
        else:
            large_spending = self.large_spending

        risk_found: str | Unset | None
        if isinstance(self.risk_found, Unset):
            risk_found = UNSET
        else:
            risk_found = self.risk_found

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "food_clothing": food_clothing,
                "compulsory_education": compulsory_education,
                "basic_medical": basic_medical,
                "housing_safety": housing_safety,
                "drinking_water": drinking_water,
            }
        )
        if household_income is not UNSET:
            field_dict["household_income"] = household_income
        if large_spending is not UNSET:
            field_dict["large_spending"] = large_spending
        if risk_found is not UNSET:
            field_dict["risk_found"] = risk_found

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.check import Check

        d = dict(src_dict)
        food_clothing = Check.from_dict(d.pop("food_clothing"))

        compulsory_education = Check.from_dict(d.pop("compulsory_education"))

        basic_medical = Check.from_dict(d.pop("basic_medical"))

        housing_safety = Check.from_dict(d.pop("housing_safety"))

        drinking_water = Check.from_dict(d.pop("drinking_water"))

        def _parse_household_income(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        household_income = _parse_household_income(d.pop("household_income", UNSET))

        def _parse_large_spending(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        large_spending = _parse_large_spending(d.pop("large_spending", UNSET))

        def _parse_risk_found(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        risk_found = _parse_risk_found(d.pop("risk_found", UNSET))

        home_check_form = cls(
            food_clothing=food_clothing,
            compulsory_education=compulsory_education,
            basic_medical=basic_medical,
            housing_safety=housing_safety,
            drinking_water=drinking_water,
            household_income=household_income,
            large_spending=large_spending,
            risk_found=risk_found,
        )

        return home_check_form
