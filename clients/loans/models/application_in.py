from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApplicationIn")


@_attrs_define
class ApplicationIn:
    """
    Attributes:
        household_code (str):
        borrower_id_number (str): 18-character 身份证号
        borrower_name (str):
        principal (float | str): yuan, e.g. '50000.00'
        term_months (int):
        applied_on (datetime.date):
        top_up (bool | Unset): a top-up may reach 100,000; only 50,000 is subsidised Default: False.
        purpose (None | str | Unset):
        borrower_phone (None | str | Unset): the borrower's mobile (11 digits) for repayment reminders; stored
            encrypted, shown masked
    """

    household_code: str
    borrower_id_number: str
    borrower_name: str
    principal: float | str
    term_months: int
    applied_on: datetime.date
    top_up: bool | Unset = False
    purpose: str | Unset | None = UNSET
    borrower_phone: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        household_code = self.household_code

        borrower_id_number = self.borrower_id_number

        borrower_name = self.borrower_name

        principal: float | str
        principal = self.principal

        term_months = self.term_months

        applied_on = self.applied_on.isoformat()

        top_up = self.top_up

        purpose: str | Unset | None
        if isinstance(self.purpose, Unset):
            purpose = UNSET
        else:
            purpose = self.purpose

        borrower_phone: str | Unset | None
        if isinstance(self.borrower_phone, Unset):
            borrower_phone = UNSET
        else:
            borrower_phone = self.borrower_phone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "household_code": household_code,
                "borrower_id_number": borrower_id_number,
                "borrower_name": borrower_name,
                "principal": principal,
                "term_months": term_months,
                "applied_on": applied_on,
            }
        )
        if top_up is not UNSET:
            field_dict["top_up"] = top_up
        if purpose is not UNSET:
            field_dict["purpose"] = purpose
        if borrower_phone is not UNSET:
            field_dict["borrower_phone"] = borrower_phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        household_code = d.pop("household_code")

        borrower_id_number = d.pop("borrower_id_number")

        borrower_name = d.pop("borrower_name")

        def _parse_principal(data: object) -> float | str:
            return cast(float | str, data)

        principal = _parse_principal(d.pop("principal"))

        term_months = d.pop("term_months")

        applied_on = datetime.date.fromisoformat(d.pop("applied_on"))

        top_up = d.pop("top_up", UNSET)

        def _parse_purpose(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        purpose = _parse_purpose(d.pop("purpose", UNSET))

        def _parse_borrower_phone(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        borrower_phone = _parse_borrower_phone(d.pop("borrower_phone", UNSET))

        application_in = cls(
            household_code=household_code,
            borrower_id_number=borrower_id_number,
            borrower_name=borrower_name,
            principal=principal,
            term_months=term_months,
            applied_on=applied_on,
            top_up=top_up,
            purpose=purpose,
            borrower_phone=borrower_phone,
        )

        return application_in
