from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MemberOut")


@_attrs_define
class MemberOut:
    """
    Attributes:
        id (str):
        name (str): masked (欧**) unless revealed by an auditor
        id_number (str): masked (first 6 and last 1) unless revealed by an auditor
        relation (None | str):
        birth_year (int | None): the year only: a date beside the masked number would complete it
        education_stage (None | str):
        school (None | str):
        disability (None | str):
        pension_status (None | str):
        employment_status (None | str):
        public_welfare_job (bool | None):
        can_work (bool | None):
        phone (None | str): masked (138****5678) unless revealed
        birth_date (datetime.date | None | Unset): only when revealed
    """

    id: str
    name: str
    id_number: str
    relation: str | None
    birth_year: int | None
    education_stage: str | None
    school: str | None
    disability: str | None
    pension_status: str | None
    employment_status: str | None
    public_welfare_job: bool | None
    can_work: bool | None
    phone: str | None
    birth_date: datetime.date | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        id_number = self.id_number

        relation: str | None
        relation = self.relation

        birth_year: int | None
        birth_year = self.birth_year

        education_stage: str | None
        education_stage = self.education_stage

        school: str | None
        school = self.school

        disability: str | None
        disability = self.disability

        pension_status: str | None
        pension_status = self.pension_status

        employment_status: str | None
        employment_status = self.employment_status

        public_welfare_job: bool | None
        public_welfare_job = self.public_welfare_job

        can_work: bool | None
        can_work = self.can_work

        phone: str | None
        phone = self.phone

        birth_date: str | Unset | None
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "id_number": id_number,
                "relation": relation,
                "birth_year": birth_year,
                "education_stage": education_stage,
                "school": school,
                "disability": disability,
                "pension_status": pension_status,
                "employment_status": employment_status,
                "public_welfare_job": public_welfare_job,
                "can_work": can_work,
                "phone": phone,
            }
        )
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        id_number = d.pop("id_number")

        def _parse_relation(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        relation = _parse_relation(d.pop("relation"))

        def _parse_birth_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        birth_year = _parse_birth_year(d.pop("birth_year"))

        def _parse_education_stage(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        education_stage = _parse_education_stage(d.pop("education_stage"))

        def _parse_school(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        school = _parse_school(d.pop("school"))

        def _parse_disability(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        disability = _parse_disability(d.pop("disability"))

        def _parse_pension_status(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        pension_status = _parse_pension_status(d.pop("pension_status"))

        def _parse_employment_status(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        employment_status = _parse_employment_status(d.pop("employment_status"))

        def _parse_public_welfare_job(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        public_welfare_job = _parse_public_welfare_job(d.pop("public_welfare_job"))

        def _parse_can_work(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        can_work = _parse_can_work(d.pop("can_work"))

        def _parse_phone(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_birth_date(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        member_out = cls(
            id=id,
            name=name,
            id_number=id_number,
            relation=relation,
            birth_year=birth_year,
            education_stage=education_stage,
            school=school,
            disability=disability,
            pension_status=pension_status,
            employment_status=employment_status,
            public_welfare_job=public_welfare_job,
            can_work=can_work,
            phone=phone,
            birth_date=birth_date,
        )

        member_out.additional_properties = d
        return member_out

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
