from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.quarter_subsidy import QuarterSubsidy


T = TypeVar("T", bound="QuarterLoans")


@_attrs_define
class QuarterLoans:
    """
    Attributes:
        borrowers_at_end (int):
        outstanding_yuan_at_end (str): yuan
        interest_subsidy (QuarterSubsidy):
    """

    borrowers_at_end: int
    outstanding_yuan_at_end: str
    interest_subsidy: QuarterSubsidy
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        borrowers_at_end = self.borrowers_at_end

        outstanding_yuan_at_end = self.outstanding_yuan_at_end

        interest_subsidy = self.interest_subsidy.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "borrowers_at_end": borrowers_at_end,
                "outstanding_yuan_at_end": outstanding_yuan_at_end,
                "interest_subsidy": interest_subsidy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quarter_subsidy import QuarterSubsidy

        d = dict(src_dict)
        borrowers_at_end = d.pop("borrowers_at_end")

        outstanding_yuan_at_end = d.pop("outstanding_yuan_at_end")

        interest_subsidy = QuarterSubsidy.from_dict(d.pop("interest_subsidy"))

        quarter_loans = cls(
            borrowers_at_end=borrowers_at_end,
            outstanding_yuan_at_end=outstanding_yuan_at_end,
            interest_subsidy=interest_subsidy,
        )

        quarter_loans.additional_properties = d
        return quarter_loans

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
