from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RepaymentOut")


@_attrs_define
class RepaymentOut:
    """
    Attributes:
        id (str):
        paid_on (datetime.date):
        interest (str): yuan
        principal (str): yuan
    """

    id: str
    paid_on: datetime.date
    interest: str
    principal: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        paid_on = self.paid_on.isoformat()

        interest = self.interest

        principal = self.principal

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "paid_on": paid_on,
                "interest": interest,
                "principal": principal,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        paid_on = datetime.date.fromisoformat(d.pop("paid_on"))

        interest = d.pop("interest")

        principal = d.pop("principal")

        repayment_out = cls(
            id=id,
            paid_on=paid_on,
            interest=interest,
            principal=principal,
        )

        repayment_out.additional_properties = d
        return repayment_out

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
