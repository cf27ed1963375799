from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RepaymentIn")


@_attrs_define
class RepaymentIn:
    """
    Attributes:
        paid_on (datetime.date):
        interest (float | str | Unset):  Default: 0.0.
        principal (float | str | Unset):  Default: 0.0.
    """

    paid_on: datetime.date
    interest: float | str | Unset = 0.0
    principal: float | str | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        paid_on = self.paid_on.isoformat()

        interest: float | str | Unset
        if isinstance(self.interest, Unset):
            interest = UNSET
        else:
            interest = self.interest

        principal: float | str | Unset
        if isinstance(self.principal, Unset):
            principal = UNSET
        else:
            principal = self.principal

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "paid_on": paid_on,
            }
        )
        if interest is not UNSET:
            field_dict["interest"] = interest
        if principal is not UNSET:
            field_dict["principal"] = principal

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        paid_on = datetime.date.fromisoformat(d.pop("paid_on"))

        def _parse_interest(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        interest = _parse_interest(d.pop("interest", UNSET))

        def _parse_principal(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        principal = _parse_principal(d.pop("principal", UNSET))

        repayment_in = cls(
            paid_on=paid_on,
            interest=interest,
            principal=principal,
        )

        return repayment_in
