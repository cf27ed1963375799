from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.visit_check_income_change_type_0 import VisitCheckIncomeChangeType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="VisitCheck")


@_attrs_define
class VisitCheck:
    """The monthly visit's short form (the 入户核查表 in brief): each of 两不愁三保障 and safe drinking water
    as found (true met, false not met, left out not checked), how income went, a new risk, what is needed.

        Attributes:
            food_clothing_ok (bool | None | Unset): 不愁吃、不愁穿
            compulsory_education_ok (bool | None | Unset): 义务教育有保障
            basic_medical_ok (bool | None | Unset): 基本医疗有保障
            housing_safe (bool | None | Unset): 住房安全有保障
            drinking_water_safe (bool | None | Unset): 饮水安全有保障
            income_change (None | Unset | VisitCheckIncomeChangeType0): 收入变化
            new_risk (None | str | Unset): 新发现的风险
            needs (None | str | Unset): 群众诉求
    """

    food_clothing_ok: bool | Unset | None = UNSET
    compulsory_education_ok: bool | Unset | None = UNSET
    basic_medical_ok: bool | Unset | None = UNSET
    housing_safe: bool | Unset | None = UNSET
    drinking_water_safe: bool | Unset | None = UNSET
    income_change: Unset | VisitCheckIncomeChangeType0 | None = UNSET
    new_risk: str | Unset | None = UNSET
    needs: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        food_clothing_ok: bool | Unset | None
        if isinstance(self.food_clothing_ok, Unset):
            food_clothing_ok = UNSET
        else:
            food_clothing_ok = self.food_clothing_ok

        compulsory_education_ok: bool | Unset | None
        if isinstance(self.compulsory_education_ok, Unset):
            compulsory_education_ok = UNSET
        else:
            compulsory_education_ok = self.compulsory_education_ok

        basic_medical_ok: bool | Unset | None
        if isinstance(self.basic_medical_ok, Unset):
            basic_medical_ok = UNSET
        else:
            basic_medical_ok = self.basic_medical_ok

        housing_safe: bool | Unset | None
        if isinstance(self.housing_safe, Unset):
            housing_safe = UNSET
        else:
            housing_safe = self.housing_safe

        drinking_water_safe: bool | Unset | None
        if isinstance(self.drinking_water_safe, Unset):
            drinking_water_safe = UNSET
        else:
            drinking_water_safe = self.drinking_water_safe

        income_change: str | Unset | None
        if isinstance(self.income_change, Unset):
            income_change = UNSET
        elif isinstance(self.income_change, VisitCheckIncomeChangeType0):
            income_change = self.income_change.value
        else:
            income_change = self.income_change

        new_risk: str | Unset | None
        if isinstance(self.new_risk, Unset):
            new_risk = UNSET
        else:
            new_risk = self.new_risk

        needs: str | Unset | None
        if isinstance(self.needs, Unset):
            needs = UNSET
        else:
            needs = self.needs

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if food_clothing_ok is not UNSET:
            field_dict["food_clothing_ok"] = food_clothing_ok
        if compulsory_education_ok is not UNSET:
            field_dict["compulsory_education_ok"] = compulsory_education_ok
        if basic_medical_ok is not UNSET:
            field_dict["basic_medical_ok"] = basic_medical_ok
        if housing_safe is not UNSET:
            field_dict["housing_safe"] = housing_safe
        if drinking_water_safe is not UNSET:
            field_dict["drinking_water_safe"] = drinking_water_safe
        if income_change is not UNSET:
            field_dict["income_change"] = income_change
        if new_risk is not UNSET:
            field_dict["new_risk"] = new_risk
        if needs is not UNSET:
            field_dict["needs"] = needs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_food_clothing_ok(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        food_clothing_ok = _parse_food_clothing_ok(d.pop("food_clothing_ok", UNSET))

        def _parse_compulsory_education_ok(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        compulsory_education_ok = _parse_compulsory_education_ok(d.pop("compulsory_education_ok", UNSET))

        def _parse_basic_medical_ok(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        basic_medical_ok = _parse_basic_medical_ok(d.pop("basic_medical_ok", UNSET))

        def _parse_housing_safe(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        housing_safe = _parse_housing_safe(d.pop("housing_safe", UNSET))

        def _parse_drinking_water_safe(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        drinking_water_safe = _parse_drinking_water_safe(d.pop("drinking_water_safe", UNSET))

        def _parse_income_change(data: object) -> Unset | VisitCheckIncomeChangeType0 | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                income_change_type_0 = VisitCheckIncomeChangeType0(data)

                return income_change_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VisitCheckIncomeChangeType0, data)

        income_change = _parse_income_change(d.pop("income_change", UNSET))

        def _parse_new_risk(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        new_risk = _parse_new_risk(d.pop("new_risk", UNSET))

        def _parse_needs(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        needs = _parse_needs(d.pop("needs", UNSET))

        visit_check = cls(
            food_clothing_ok=food_clothing_ok,
            compulsory_education_ok=compulsory_education_ok,
            basic_medical_ok=basic_medical_ok,
            housing_safe=housing_safe,
            drinking_water_safe=drinking_water_safe,
            income_change=income_change,
            new_risk=new_risk,
            needs=needs,
        )

        return visit_check
