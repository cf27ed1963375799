from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.loans_section_interest_subsidy import LoansSectionInterestSubsidy


T = TypeVar("T", bound="LoansSection")


@_attrs_define
class LoansSection:
    """
    Attributes:
        borrowers_by_october (int):
        outstanding_yuan (str): yuan
        interest_subsidy (LoansSectionInterestSubsidy): Q1 … Q4
    """

    borrowers_by_october: int
    outstanding_yuan: str
    interest_subsidy: LoansSectionInterestSubsidy
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        borrowers_by_october = self.borrowers_by_october

        outstanding_yuan = self.outstanding_yuan

        interest_subsidy = self.interest_subsidy.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "borrowers_by_october": borrowers_by_october,
                "outstanding_yuan": outstanding_yuan,
                "interest_subsidy": interest_subsidy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.loans_section_interest_subsidy import LoansSectionInterestSubsidy

        d = dict(src_dict)
        borrowers_by_october = d.pop("borrowers_by_october")

        outstanding_yuan = d.pop("outstanding_yuan")

        interest_subsidy = LoansSectionInterestSubsidy.from_dict(d.pop("interest_subsidy"))

        loans_section = cls(
            borrowers_by_october=borrowers_by_october,
            outstanding_yuan=outstanding_yuan,
            interest_subsidy=interest_subsidy,
        )

        loans_section.additional_properties = d
        return loans_section

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
