from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.profile_in_social_assistance_type_0 import ProfileInSocialAssistanceType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.profile_in_work_ability_type_0 import ProfileInWorkAbilityType0


T = TypeVar("T", bound="ProfileIn")


@_attrs_define
class ProfileIn:
    """A change to the household's record, in effect from `effective_on`; fields left out keep their
    value. Money is yuan for `finance_year`, for the whole household.

        Attributes:
            effective_on (datetime.date): the date the change holds from (not in the future)
            food_clothing_ok (bool | None | Unset): 不愁吃、不愁穿
            compulsory_education_ok (bool | None | Unset): 义务教育有保障
            basic_medical_ok (bool | None | Unset): 基本医疗有保障
            housing_safe (bool | None | Unset): 住房安全有保障
            drinking_water_safe (bool | None | Unset): 饮水安全有保障
            medical_insurance_all (bool | None | Unset): every member is enrolled in basic medical insurance (参加城乡居民基本医疗保险)
            social_assistance (None | ProfileInSocialAssistanceType0 | Unset): none | dibao (低保) | tekun (特困供养); the Chinese
                words are accepted
            work_ability (None | ProfileInWorkAbilityType0 | Unset): member id → skilled | ordinary | weak | lost | none
                (劳动技能; Chinese words accepted)
            finance_year (int | None | Unset): the year the money is for
            member_count (int | None | Unset): people the income supports (default: registered members)
            wage_income (float | None | str | Unset): 工资性收入
            business_income (float | None | str | Unset): 生产经营性收入
            property_income (float | None | str | Unset): 财产性收入
            transfer_income (float | None | str | Unset): 转移性收入
            business_costs (float | None | str | Unset): 生产经营性支出
            medical_spending (float | None | str | Unset): 刚性支出：医疗（自付）
            education_spending (float | None | str | Unset): 刚性支出：教育
            other_rigid_spending (float | None | str | Unset): 刚性支出：其他（灾害、意外等）
            note (None | str | Unset):
    """

    effective_on: datetime.date
    food_clothing_ok: bool | Unset | None = UNSET
    compulsory_education_ok: bool | Unset | None = UNSET
    basic_medical_ok: bool | Unset | None = UNSET
    housing_safe: bool | Unset | None = UNSET
    drinking_water_safe: bool | Unset | None = UNSET
    medical_insurance_all: bool | Unset | None = UNSET
    social_assistance: ProfileInSocialAssistanceType0 | Unset | None = UNSET
    work_ability: ProfileInWorkAbilityType0 | Unset | None = UNSET
    finance_year: int | Unset | None = UNSET
    member_count: int | Unset | None = UNSET
    wage_income: float | str | Unset | None = UNSET
    business_income: float | str | Unset | None = UNSET
    property_income: float | str | Unset | None = UNSET
    transfer_income: float | str | Unset | None = UNSET
    business_costs: float | str | Unset | None = UNSET
    medical_spending: float | str | Unset | None = UNSET
    education_spending: float | str | Unset | None = UNSET
    other_rigid_spending: float | str | Unset | None = UNSET
    note: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.profile_in_work_ability_type_0 import ProfileInWorkAbilityType0

        effective_on = self.effective_on.isoformat()

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

        medical_insurance_all: bool | Unset | None
        if isinstance(self.medical_insurance_all, Unset):
            medical_insurance_all = UNSET
        else:
            medical_insurance_all = self.medical_insurance_all

        social_assistance: str | Unset | None
        if isinstance(self.social_assistance, Unset):
            social_assistance = UNSET
        elif isinstance(self.social_assistance, ProfileInSocialAssistanceType0):
            social_assistance = self.social_assistance.value
        else:
            social_assistance = self.social_assistance

        work_ability: dict[str, Any] | Unset | None
        if isinstance(self.work_ability, Unset):
            work_ability = UNSET
        elif isinstance(self.work_ability, ProfileInWorkAbilityType0):
            work_ability = self.work_ability.to_dict()
        else:
            work_ability = self.work_ability

        finance_year: int | Unset | None
        if isinstance(self.finance_year, Unset):
            finance_year = UNSET
        else:
            finance_year = self.finance_year

        member_count: int | Unset | None
        if isinstance(self.member_count, Unset):
            member_count = UNSET
        else:
            member_count = self.member_count

        wage_income: float | str | Unset | None
        if isinstance(self.wage_income, Unset):
            wage_income = UNSET
        else:
            wage_income = self.wage_income

        business_income: float | str | Unset | None
        if isinstance(self.business_income, Unset):
            business_income = UNSET
        else:
            business_income = self.business_income

        property_income: float | str | Unset | None
        if isinstance(self.property_income, Unset):
            property_income = UNSET
        else:
            property_income = self.property_income

        transfer_income: float | str | Unset | None
        if isinstance(self.transfer_income, Unset):
            transfer_income = UNSET
        else:
            transfer_income = self.transfer_income

        business_costs: float | str | Unset | None
        if isinstance(self.business_costs, Unset):
            business_costs = UNSET
        else:
            business_costs = self.business_costs

        medical_spending: float | str | Unset | None
        if isinstance(self.medical_spending, Unset):
            medical_spending = UNSET
        else:
            medical_spending = self.medical_spending

        education_spending: float | str | Unset | None
        if isinstance(self.education_spending, Unset):
            education_spending = UNSET
        else:
            education_spending = self.education_spending

        other_rigid_spending: float | str | Unset | None
        if isinstance(self.other_rigid_spending, Unset):
            other_rigid_spending = UNSET
        else:
            other_rigid_spending = self.other_rigid_spending

        note: str | Unset | None
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "effective_on": effective_on,
            }
        )
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
        if medical_insurance_all is not UNSET:
            field_dict["medical_insurance_all"] = medical_insurance_all
        if social_assistance is not UNSET:
            field_dict["social_assistance"] = social_assistance
        if work_ability is not UNSET:
            field_dict["work_ability"] = work_ability
        if finance_year is not UNSET:
            field_dict["finance_year"] = finance_year
        if member_count is not UNSET:
            field_dict["member_count"] = member_count
        if wage_income is not UNSET:
            field_dict["wage_income"] = wage_income
        if business_income is not UNSET:
            field_dict["business_income"] = business_income
        if property_income is not UNSET:
            field_dict["property_income"] = property_income
        if transfer_income is not UNSET:
            field_dict["transfer_income"] = transfer_income
        if business_costs is not UNSET:
            field_dict["business_costs"] = business_costs
        if medical_spending is not UNSET:
            field_dict["medical_spending"] = medical_spending
        if education_spending is not UNSET:
            field_dict["education_spending"] = education_spending
        if other_rigid_spending is not UNSET:
            field_dict["other_rigid_spending"] = other_rigid_spending
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.profile_in_work_ability_type_0 import ProfileInWorkAbilityType0

        d = dict(src_dict)
        effective_on = datetime.date.fromisoformat(d.pop("effective_on"))

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

        def _parse_medical_insurance_all(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        medical_insurance_all = _parse_medical_insurance_all(d.pop("medical_insurance_all", UNSET))

        def _parse_social_assistance(data: object) -> ProfileInSocialAssistanceType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                social_assistance_type_0 = ProfileInSocialAssistanceType0(data)

                return social_assistance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProfileInSocialAssistanceType0 | Unset, data)

        social_assistance = _parse_social_assistance(d.pop("social_assistance", UNSET))

        def _parse_work_ability(data: object) -> ProfileInWorkAbilityType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                work_ability_type_0 = ProfileInWorkAbilityType0.from_dict(data)

                return work_ability_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProfileInWorkAbilityType0 | Unset, data)

        work_ability = _parse_work_ability(d.pop("work_ability", UNSET))

        def _parse_finance_year(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        finance_year = _parse_finance_year(d.pop("finance_year", UNSET))

        def _parse_member_count(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        member_count = _parse_member_count(d.pop("member_count", UNSET))

        def _parse_wage_income(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        wage_income = _parse_wage_income(d.pop("wage_income", UNSET))

        def _parse_business_income(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        business_income = _parse_business_income(d.pop("business_income", UNSET))

        def _parse_property_income(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        property_income = _parse_property_income(d.pop("property_income", UNSET))

        def _parse_transfer_income(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        transfer_income = _parse_transfer_income(d.pop("transfer_income", UNSET))

        def _parse_business_costs(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        business_costs = _parse_business_costs(d.pop("business_costs", UNSET))

        def _parse_medical_spending(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        medical_spending = _parse_medical_spending(d.pop("medical_spending", UNSET))

        def _parse_education_spending(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        education_spending = _parse_education_spending(d.pop("education_spending", UNSET))

        def _parse_other_rigid_spending(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        other_rigid_spending = _parse_other_rigid_spending(d.pop("other_rigid_spending", UNSET))

        def _parse_note(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        profile_in = cls(
            effective_on=effective_on,
            food_clothing_ok=food_clothing_ok,
            compulsory_education_ok=compulsory_education_ok,
            basic_medical_ok=basic_medical_ok,
            housing_safe=housing_safe,
            drinking_water_safe=drinking_water_safe,
            medical_insurance_all=medical_insurance_all,
            social_assistance=social_assistance,
            work_ability=work_ability,
            finance_year=finance_year,
            member_count=member_count,
            wage_income=wage_income,
            business_income=business_income,
            property_income=property_income,
            transfer_income=transfer_income,
            business_costs=business_costs,
            medical_spending=medical_spending,
            education_spending=education_spending,
            other_rigid_spending=other_rigid_spending,
            note=note,
        )

        return profile_in
