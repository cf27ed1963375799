from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.profile_out_social_assistance_type_0 import ProfileOutSocialAssistanceType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.profile_out_work_ability import ProfileOutWorkAbility


T = TypeVar("T", bound="ProfileOut")


@_attrs_define
class ProfileOut:
    """
    Attributes:
        household_code (str):
        version (int):
        effective_on (datetime.date):
        recorded_at (datetime.datetime):
        guarantees_met (bool): 两不愁三保障 and safe drinking water all recorded as met
        food_clothing_ok (bool | None | Unset):
        compulsory_education_ok (bool | None | Unset):
        basic_medical_ok (bool | None | Unset):
        housing_safe (bool | None | Unset):
        drinking_water_safe (bool | None | Unset):
        medical_insurance_all (bool | None | Unset):
        social_assistance (None | ProfileOutSocialAssistanceType0 | Unset):
        work_ability (ProfileOutWorkAbility | Unset):
        finance_year (int | None | Unset):
        member_count (int | None | Unset):
        wage_income (None | str | Unset):
        business_income (None | str | Unset):
        property_income (None | str | Unset):
        transfer_income (None | str | Unset):
        business_costs (None | str | Unset):
        medical_spending (None | str | Unset):
        education_spending (None | str | Unset):
        other_rigid_spending (None | str | Unset):
        note (None | str | Unset):
        net_per_capita (None | str | Unset): (income − business costs) / people
        after_rigid_per_capita (None | str | Unset): (net income − large unavoidable spending) / people
        anyone_can_work (bool | None | Unset): from the graded abilities
    """

    household_code: str
    version: int
    effective_on: datetime.date
    recorded_at: datetime.datetime
    guarantees_met: bool
    food_clothing_ok: bool | Unset | None = UNSET
    compulsory_education_ok: bool | Unset | None = UNSET
    basic_medical_ok: bool | Unset | None = UNSET
    housing_safe: bool | Unset | None = UNSET
    drinking_water_safe: bool | Unset | None = UNSET
    medical_insurance_all: bool | Unset | None = UNSET
    social_assistance: ProfileOutSocialAssistanceType0 | Unset | None = UNSET
    work_ability: ProfileOutWorkAbility | Unset = UNSET
    finance_year: int | Unset | None = UNSET
    member_count: int | Unset | None = UNSET
    wage_income: str | Unset | None = UNSET
    business_income: str | Unset | None = UNSET
    property_income: str | Unset | None = UNSET
    transfer_income: str | Unset | None = UNSET
    business_costs: str | Unset | None = UNSET
    medical_spending: str | Unset | None = UNSET
    education_spending: str | Unset | None = UNSET
    other_rigid_spending: str | Unset | None = UNSET
    note: str | Unset | None = UNSET
    net_per_capita: str | Unset | None = UNSET
    after_rigid_per_capita: str | Unset | None = UNSET
    anyone_can_work: bool | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        household_code = self.household_code

        version = self.version

        effective_on = self.effective_on.isoformat()

        recorded_at = self.recorded_at.isoformat()

        guarantees_met = self.guarantees_met

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
        elif isinstance(self.social_assistance, ProfileOutSocialAssistanceType0):
            social_assistance = self.social_assistance.value
        else:
            social_assistance = self.social_assistance

        work_ability: dict[str, Any] | Unset = UNSET
        if not isinstance(self.work_ability, Unset):
            work_ability = self.work_ability.to_dict()

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

        wage_income: str | Unset | None
        if isinstance(self.wage_income, Unset):
            wage_income = UNSET
        else:
            wage_income = self.wage_income

        business_income: str | Unset | None
        if isinstance(self.business_income, Unset):
            business_income = UNSET
        else:
            business_income = self.business_income

        property_income: str | Unset | None
        if isinstance(self.property_income, Unset):
            property_income = UNSET
        else:
            property_income = self.property_income

        transfer_income: str | Unset | None
        if isinstance(self.transfer_income, Unset):
            transfer_income = UNSET
        else:
            transfer_income = self.transfer_income

        business_costs: str | Unset | None
        if isinstance(self.business_costs, Unset):
            business_costs = UNSET
        else:
            business_costs = self.business_costs

        medical_spending: str | Unset | None
        if isinstance(self.medical_spending, Unset):
            medical_spending = UNSET
        else:
            medical_spending = self.medical_spending

        education_spending: str | Unset | None
        if isinstance(self.education_spending, Unset):
            education_spending = UNSET
        else:
            education_spending = self.education_spending

        other_rigid_spending: str | Unset | None
        if isinstance(self.other_rigid_spending, Unset):
            other_rigid_spending = UNSET
        else:
            other_rigid_spending = self.other_rigid_spending

        note: str | Unset | None
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        net_per_capita: str | Unset | None
        if isinstance(self.net_per_capita, Unset):
            net_per_capita = UNSET
        else:
            net_per_capita = self.net_per_capita

        after_rigid_per_capita: str | Unset | None
        if isinstance(self.after_rigid_per_capita, Unset):
            after_rigid_per_capita = UNSET
        else:
            after_rigid_per_capita = self.after_rigid_per_capita

        anyone_can_work: bool | Unset | None
        if isinstance(self.anyone_can_work, Unset):
            anyone_can_work = UNSET
        else:
            anyone_can_work = self.anyone_can_work

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "household_code": household_code,
                "version": version,
                "effective_on": effective_on,
                "recorded_at": recorded_at,
                "guarantees_met": guarantees_met,
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
        if net_per_capita is not UNSET:
            field_dict["net_per_capita"] = net_per_capita
        if after_rigid_per_capita is not UNSET:
            field_dict["after_rigid_per_capita"] = after_rigid_per_capita
        if anyone_can_work is not UNSET:
            field_dict["anyone_can_work"] = anyone_can_work

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.profile_out_work_ability import ProfileOutWorkAbility

        d = dict(src_dict)
        household_code = d.pop("household_code")

        version = d.pop("version")

        effective_on = datetime.date.fromisoformat(d.pop("effective_on"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        guarantees_met = d.pop("guarantees_met")

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

        def _parse_social_assistance(data: object) -> ProfileOutSocialAssistanceType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                social_assistance_type_0 = ProfileOutSocialAssistanceType0(data)

                return social_assistance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProfileOutSocialAssistanceType0 | Unset, data)

        social_assistance = _parse_social_assistance(d.pop("social_assistance", UNSET))

        _work_ability = d.pop("work_ability", UNSET)
        work_ability: ProfileOutWorkAbility | Unset
        if isinstance(_work_ability, Unset):
            work_ability = UNSET
        else:
            work_ability = ProfileOutWorkAbility.from_dict(_work_ability)

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

        def _parse_wage_income(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wage_income = _parse_wage_income(d.pop("wage_income", UNSET))

        def _parse_business_income(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        business_income = _parse_business_income(d.pop("business_income", UNSET))

        def _parse_property_income(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        property_income = _parse_property_income(d.pop("property_income", UNSET))

        def _parse_transfer_income(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        transfer_income = _parse_transfer_income(d.pop("transfer_income", UNSET))

        def _parse_business_costs(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        business_costs = _parse_business_costs(d.pop("business_costs", UNSET))

        def _parse_medical_spending(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        medical_spending = _parse_medical_spending(d.pop("medical_spending", UNSET))

        def _parse_education_spending(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        education_spending = _parse_education_spending(d.pop("education_spending", UNSET))

        def _parse_other_rigid_spending(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        other_rigid_spending = _parse_other_rigid_spending(d.pop("other_rigid_spending", UNSET))

        def _parse_note(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_net_per_capita(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        net_per_capita = _parse_net_per_capita(d.pop("net_per_capita", UNSET))

        def _parse_after_rigid_per_capita(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        after_rigid_per_capita = _parse_after_rigid_per_capita(d.pop("after_rigid_per_capita", UNSET))

        def _parse_anyone_can_work(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        anyone_can_work = _parse_anyone_can_work(d.pop("anyone_can_work", UNSET))

        profile_out = cls(
            household_code=household_code,
            version=version,
            effective_on=effective_on,
            recorded_at=recorded_at,
            guarantees_met=guarantees_met,
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
            net_per_capita=net_per_capita,
            after_rigid_per_capita=after_rigid_per_capita,
            anyone_can_work=anyone_can_work,
        )

        profile_out.additional_properties = d
        return profile_out

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
