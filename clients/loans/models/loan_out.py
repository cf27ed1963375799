from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.loan_out_status import LoanOutStatus

if TYPE_CHECKING:
    from ..models.masked_person import MaskedPerson


T = TypeVar("T", bound="LoanOut")


@_attrs_define
class LoanOut:
    """
    Attributes:
        id (str):
        household_code (str):
        village_code (str):
        borrower (MaskedPerson):
        principal (str): yuan
        subsidised_principal (str): the part that earns an interest subsidy (≤ 50,000)
        outstanding (str): yuan
        term_months (int):
        top_up (bool):
        purpose (None | str):
        status (LoanOutStatus):
        applied_on (datetime.date):
        approved_on (datetime.date | None):
        disbursed_on (datetime.date | None):
        maturity_on (datetime.date | None):
        closed_on (datetime.date | None):
        bank (None | str):
        annual_rate (None | str): e.g. '0.0385'
        rate_series (None | str):
    """

    id: str
    household_code: str
    village_code: str
    borrower: MaskedPerson
    principal: str
    subsidised_principal: str
    outstanding: str
    term_months: int
    top_up: bool
    purpose: str | None
    status: LoanOutStatus
    applied_on: datetime.date
    approved_on: datetime.date | None
    disbursed_on: datetime.date | None
    maturity_on: datetime.date | None
    closed_on: datetime.date | None
    bank: str | None
    annual_rate: str | None
    rate_series: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        household_code = self.household_code

        village_code = self.village_code

        borrower = self.borrower.to_dict()

        principal = self.principal

        subsidised_principal = self.subsidised_principal

        outstanding = self.outstanding

        term_months = self.term_months

        top_up = self.top_up

        purpose: str | None
        purpose = self.purpose

        status = self.status.value

        applied_on = self.applied_on.isoformat()

        approved_on: str | None
        if isinstance(self.approved_on, datetime.date):
            approved_on = self.approved_on.isoformat()
        else:
            approved_on = self.approved_on

        disbursed_on: str | None
        if isinstance(self.disbursed_on, datetime.date):
            disbursed_on = self.disbursed_on.isoformat()
        else:
            disbursed_on = self.disbursed_on

        maturity_on: str | None
        if isinstance(self.maturity_on, datetime.date):
            maturity_on = self.maturity_on.isoformat()
        else:
            maturity_on = self.maturity_on

        closed_on: str | None
        if isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        bank: str | None
        bank = self.bank

        annual_rate: str | None
        annual_rate = self.annual_rate

        rate_series: str | None
        rate_series = self.rate_series

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "household_code": household_code,
                "village_code": village_code,
                "borrower": borrower,
                "principal": principal,
                "subsidised_principal": subsidised_principal,
                "outstanding": outstanding,
                "term_months": term_months,
                "top_up": top_up,
                "purpose": purpose,
                "status": status,
                "applied_on": applied_on,
                "approved_on": approved_on,
                "disbursed_on": disbursed_on,
                "maturity_on": maturity_on,
                "closed_on": closed_on,
                "bank": bank,
                "annual_rate": annual_rate,
                "rate_series": rate_series,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.masked_person import MaskedPerson

        d = dict(src_dict)
        id = d.pop("id")

        household_code = d.pop("household_code")

        village_code = d.pop("village_code")

        borrower = MaskedPerson.from_dict(d.pop("borrower"))

        principal = d.pop("principal")

        subsidised_principal = d.pop("subsidised_principal")

        outstanding = d.pop("outstanding")

        term_months = d.pop("term_months")

        top_up = d.pop("top_up")

        def _parse_purpose(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        purpose = _parse_purpose(d.pop("purpose"))

        status = LoanOutStatus(d.pop("status"))

        applied_on = datetime.date.fromisoformat(d.pop("applied_on"))

        def _parse_approved_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                approved_on_type_0 = datetime.date.fromisoformat(data)

                return approved_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        approved_on = _parse_approved_on(d.pop("approved_on"))

        def _parse_disbursed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disbursed_on_type_0 = datetime.date.fromisoformat(data)

                return disbursed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        disbursed_on = _parse_disbursed_on(d.pop("disbursed_on"))

        def _parse_maturity_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                maturity_on_type_0 = datetime.date.fromisoformat(data)

                return maturity_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        maturity_on = _parse_maturity_on(d.pop("maturity_on"))

        def _parse_closed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_on_type_0 = datetime.date.fromisoformat(data)

                return closed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        closed_on = _parse_closed_on(d.pop("closed_on"))

        def _parse_bank(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        bank = _parse_bank(d.pop("bank"))

        def _parse_annual_rate(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        annual_rate = _parse_annual_rate(d.pop("annual_rate"))

        def _parse_rate_series(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        rate_series = _parse_rate_series(d.pop("rate_series"))

        loan_out = cls(
            id=id,
            household_code=household_code,
            village_code=village_code,
            borrower=borrower,
            principal=principal,
            subsidised_principal=subsidised_principal,
            outstanding=outstanding,
            term_months=term_months,
            top_up=top_up,
            purpose=purpose,
            status=status,
            applied_on=applied_on,
            approved_on=approved_on,
            disbursed_on=disbursed_on,
            maturity_on=maturity_on,
            closed_on=closed_on,
            bank=bank,
            annual_rate=annual_rate,
            rate_series=rate_series,
        )

        loan_out.additional_properties = d
        return loan_out

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
