from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.outcome import Outcome
from ..types import UNSET, Unset

T = TypeVar("T", bound="CloseOutIn")


@_attrs_define
class CloseOutIn:
    """
    Attributes:
        outcome (Outcome):
        closed_on (datetime.date | None | Unset):
        remediation (None | str | Unset):
        notes (None | str | Unset):
        household_code (None | str | Unset): the household to enrol, when a confirmed risk's alert names none (the town
            chooses it)
    """

    outcome: Outcome
    closed_on: datetime.date | Unset | None = UNSET
    remediation: str | Unset | None = UNSET
    notes: str | Unset | None = UNSET
    household_code: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome.value

        closed_on: str | Unset | None
        if isinstance(self.closed_on, Unset):
            closed_on = UNSET
        elif isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        remediation: str | Unset | None
        if isinstance(self.remediation, Unset):
            remediation = UNSET
        else:
            remediation = self.remediation

        notes: str | Unset | None
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        household_code: str | Unset | None
        if isinstance(self.household_code, Unset):
            household_code = UNSET
        else:
            household_code = self.household_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "outcome": outcome,
            }
        )
        if closed_on is not UNSET:
            field_dict["closed_on"] = closed_on
        if remediation is not UNSET:
            field_dict["remediation"] = remediation
        if notes is not UNSET:
            field_dict["notes"] = notes
        if household_code is not UNSET:
            field_dict["household_code"] = household_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = Outcome(d.pop("outcome"))

        def _parse_closed_on(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_on_type_0 = datetime.date.fromisoformat(data)

                return closed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        closed_on = _parse_closed_on(d.pop("closed_on", UNSET))

        def _parse_remediation(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        remediation = _parse_remediation(d.pop("remediation", UNSET))

        def _parse_notes(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_household_code(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        household_code = _parse_household_code(d.pop("household_code", UNSET))

        close_out_in = cls(
            outcome=outcome,
            closed_on=closed_on,
            remediation=remediation,
            notes=notes,
            household_code=household_code,
        )

        return close_out_in
