from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="RectificationCloseIn")


@_attrs_define
class RectificationCloseIn:
    """
    Attributes:
        closed_on (datetime.date):
        note (str):
        evidence (list[str]): references to the closing evidence (file hashes, document numbers)
    """

    closed_on: datetime.date
    note: str
    evidence: list[str]

    def to_dict(self) -> dict[str, Any]:
        closed_on = self.closed_on.isoformat()

        note = self.note

        evidence = self.evidence

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "closed_on": closed_on,
                "note": note,
                "evidence": evidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        closed_on = datetime.date.fromisoformat(d.pop("closed_on"))

        note = d.pop("note")

        evidence = cast(list[str], d.pop("evidence"))

        rectification_close_in = cls(
            closed_on=closed_on,
            note=note,
            evidence=evidence,
        )

        return rectification_close_in
