from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.measure_kind import MeasureKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="MeasureIn")


@_attrs_define
class MeasureIn:
    """
    Attributes:
        kind (MeasureKind):
        start_on (datetime.date):
        description (None | str | Unset):
        end_on (datetime.date | None | Unset):
    """

    kind: MeasureKind
    start_on: datetime.date
    description: str | Unset | None = UNSET
    end_on: datetime.date | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        start_on = self.start_on.isoformat()

        description: str | Unset | None
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        end_on: str | Unset | None
        if isinstance(self.end_on, Unset):
            end_on = UNSET
        elif isinstance(self.end_on, datetime.date):
            end_on = self.end_on.isoformat()
        else:
            end_on = self.end_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "start_on": start_on,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if end_on is not UNSET:
            field_dict["end_on"] = end_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = MeasureKind(d.pop("kind"))

        start_on = datetime.date.fromisoformat(d.pop("start_on"))

        def _parse_description(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_end_on(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_on_type_0 = datetime.date.fromisoformat(data)

                return end_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        end_on = _parse_end_on(d.pop("end_on", UNSET))

        measure_in = cls(
            kind=kind,
            start_on=start_on,
            description=description,
            end_on=end_on,
        )

        return measure_in
