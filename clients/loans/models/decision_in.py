from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DecisionIn")


@_attrs_define
class DecisionIn:
    """
    Attributes:
        decision (str):
        decided_on (datetime.date):
        notes (None | str | Unset):
    """

    decision: str
    decided_on: datetime.date
    notes: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision

        decided_on = self.decided_on.isoformat()

        notes: str | Unset | None
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
                "decided_on": decided_on,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = d.pop("decision")

        decided_on = datetime.date.fromisoformat(d.pop("decided_on"))

        def _parse_notes(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        decision_in = cls(
            decision=decision,
            decided_on=decided_on,
            notes=notes,
        )

        return decision_in
