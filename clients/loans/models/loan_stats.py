from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.loan_stats_by_village import LoanStatsByVillage


T = TypeVar("T", bound="LoanStats")


@_attrs_define
class LoanStats:
    """
    Attributes:
        as_of (datetime.date):
        borrowers (int): people (by ID number) with a loan outstanding at the end of the day
        loans (int):
        outstanding (str): yuan
        by_village (LoanStatsByVillage):
    """

    as_of: datetime.date
    borrowers: int
    loans: int
    outstanding: str
    by_village: LoanStatsByVillage
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        borrowers = self.borrowers

        loans = self.loans

        outstanding = self.outstanding

        by_village = self.by_village.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "borrowers": borrowers,
                "loans": loans,
                "outstanding": outstanding,
                "by_village": by_village,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.loan_stats_by_village import LoanStatsByVillage

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        borrowers = d.pop("borrowers")

        loans = d.pop("loans")

        outstanding = d.pop("outstanding")

        by_village = LoanStatsByVillage.from_dict(d.pop("by_village"))

        loan_stats = cls(
            as_of=as_of,
            borrowers=borrowers,
            loans=loans,
            outstanding=outstanding,
            by_village=by_village,
        )

        loan_stats.additional_properties = d
        return loan_stats

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
