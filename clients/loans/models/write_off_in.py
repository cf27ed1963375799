from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WriteOffIn")


@_attrs_define
class WriteOffIn:
    """
    Attributes:
        written_off_on (datetime.date):
        notes (None | str | Unset):
    """

    written_off_on: datetime.date
    notes: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        written_off_on = self.written_off_on.isoformat()

        notes: str | Unset | None
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "written_off_on": written_off_on,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        written_off_on = datetime.date.fromisoformat(d.pop("written_off_on"))

        def _parse_notes(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        write_off_in = cls(
            written_off_on=written_off_on,
            notes=notes,
        )

        return write_off_in
