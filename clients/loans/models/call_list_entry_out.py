from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CallListEntryOut")


@_attrs_define
class CallListEntryOut:
    """A repayment reminder for the village's cadres to phone (the number masked; the borrower's record
    at the village office has it), with what came of the call.

        Attributes:
            id (str):
            loan_id (str):
            village_code (str):
            household_code (str):
            borrower_name (str):
            phone (None | str):
            due_kind (str):
            due_on (datetime.date):
            amount (str):
            listed_on (datetime.date):
            sms_status (None | str): pending | sent | failed | opted_out | no_phone | disabled
            outcome (None | str):
            outcome_note (None | str):
            called_by (None | str):
    """

    id: str
    loan_id: str
    village_code: str
    household_code: str
    borrower_name: str
    phone: str | None
    due_kind: str
    due_on: datetime.date
    amount: str
    listed_on: datetime.date
    sms_status: str | None
    outcome: str | None
    outcome_note: str | None
    called_by: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        loan_id = self.loan_id

        village_code = self.village_code

        household_code = self.household_code

        borrower_name = self.borrower_name

        phone: str | None
        phone = self.phone

        due_kind = self.due_kind

        due_on = self.due_on.isoformat()

        amount = self.amount

        listed_on = self.listed_on.isoformat()

        sms_status: str | None
        sms_status = self.sms_status

        outcome: str | None
        outcome = self.outcome

        outcome_note: str | None
        outcome_note = self.outcome_note

        called_by: str | None
        called_by = self.called_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "loan_id": loan_id,
                "village_code": village_code,
                "household_code": household_code,
                "borrower_name": borrower_name,
                "phone": phone,
                "due_kind": due_kind,
                "due_on": due_on,
                "amount": amount,
                "listed_on": listed_on,
                "sms_status": sms_status,
                "outcome": outcome,
                "outcome_note": outcome_note,
                "called_by": called_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        loan_id = d.pop("loan_id")

        village_code = d.pop("village_code")

        household_code = d.pop("household_code")

        borrower_name = d.pop("borrower_name")

        def _parse_phone(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        due_kind = d.pop("due_kind")

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        amount = d.pop("amount")

        listed_on = datetime.date.fromisoformat(d.pop("listed_on"))

        def _parse_sms_status(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        sms_status = _parse_sms_status(d.pop("sms_status"))

        def _parse_outcome(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        def _parse_outcome_note(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        outcome_note = _parse_outcome_note(d.pop("outcome_note"))

        def _parse_called_by(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        called_by = _parse_called_by(d.pop("called_by"))

        call_list_entry_out = cls(
            id=id,
            loan_id=loan_id,
            village_code=village_code,
            household_code=household_code,
            borrower_name=borrower_name,
            phone=phone,
            due_kind=due_kind,
            due_on=due_on,
            amount=amount,
            listed_on=listed_on,
            sms_status=sms_status,
            outcome=outcome,
            outcome_note=outcome_note,
            called_by=called_by,
        )

        call_list_entry_out.additional_properties = d
        return call_list_entry_out

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
