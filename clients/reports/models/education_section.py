from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.education_semester import EducationSemester


T = TypeVar("T", bound="EducationSection")


@_attrs_define
class EducationSection:
    """
    Attributes:
        spring (EducationSemester):
        autumn (EducationSemester):
    """

    spring: EducationSemester
    autumn: EducationSemester
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        spring = self.spring.to_dict()

        autumn = self.autumn.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "spring": spring,
                "autumn": autumn,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.education_semester import EducationSemester

        d = dict(src_dict)
        spring = EducationSemester.from_dict(d.pop("spring"))

        autumn = EducationSemester.from_dict(d.pop("autumn"))

        education_section = cls(
            spring=spring,
            autumn=autumn,
        )

        education_section.additional_properties = d
        return education_section

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
