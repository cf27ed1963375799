from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.masked_person import MaskedPerson


T = TypeVar("T", bound="SubsidyLineOut")


@_attrs_define
class SubsidyLineOut:
    """
    Attributes:
        loan_id (str):
        village_code (str):
        household_code (str):
        borrower (MaskedPerson):
        bank (None | str):
        principal (str): yuan
        first_day (datetime.date):
        last_day (datetime.date):
        days (int):
        interest (str): yuan
        subsidy (str): yuan
        withheld (None | str): why no subsidy is paid (an overdue episode in the quarter)
    """

    loan_id: str
    village_code: str
    household_code: str
    borrower: MaskedPerson
    bank: str | None
    principal: str
    first_day: datetime.date
    last_day: datetime.date
    days: int
    interest: str
    subsidy: str
    withheld: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        loan_id = self.loan_id

        village_code = self.village_code

        household_code = self.household_code

        borrower = self.borrower.to_dict()

        bank: str | None
        bank = self.bank

        principal = self.principal

        first_day = self.first_day.isoformat()

        last_day = self.last_day.isoformat()

        days = self.days

        interest = self.interest

        subsidy = self.subsidy

        withheld: str | None
        withheld = self.withheld

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "loan_id": loan_id,
                "village_code": village_code,
                "household_code": household_code,
                "borrower": borrower,
                "bank": bank,
                "principal": principal,
                "first_day": first_day,
                "last_day": last_day,
                "days": days,
                "interest": interest,
                "subsidy": subsidy,
                "withheld": withheld,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.masked_person import MaskedPerson

        d = dict(src_dict)
        loan_id = d.pop("loan_id")

        village_code = d.pop("village_code")

        household_code = d.pop("household_code")

        borrower = MaskedPerson.from_dict(d.pop("borrower"))

        def _parse_bank(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        bank = _parse_bank(d.pop("bank"))

        principal = d.pop("principal")

        first_day = datetime.date.fromisoformat(d.pop("first_day"))

        last_day = datetime.date.fromisoformat(d.pop("last_day"))

        days = d.pop("days")

        interest = d.pop("interest")

        subsidy = d.pop("subsidy")

        def _parse_withheld(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        withheld = _parse_withheld(d.pop("withheld"))

        subsidy_line_out = cls(
            loan_id=loan_id,
            village_code=village_code,
            household_code=household_code,
            borrower=borrower,
            bank=bank,
            principal=principal,
            first_day=first_day,
            last_day=last_day,
            days=days,
            interest=interest,
            subsidy=subsidy,
            withheld=withheld,
        )

        subsidy_line_out.additional_properties = d
        return subsidy_line_out

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
