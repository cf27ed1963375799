from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallOutcomeIn")


@_attrs_define
class CallOutcomeIn:
    """
    Attributes:
        outcome (str):
        called_on (datetime.date):
        note (None | str | Unset):
    """

    outcome: str
    called_on: datetime.date
    note: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome

        called_on = self.called_on.isoformat()

        note: str | Unset | None
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "outcome": outcome,
                "called_on": called_on,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = d.pop("outcome")

        called_on = datetime.date.fromisoformat(d.pop("called_on"))

        def _parse_note(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        call_outcome_in = cls(
            outcome=outcome,
            called_on=called_on,
            note=note,
        )

        return call_outcome_in
