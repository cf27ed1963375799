from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="EliminationIn")


@_attrs_define
class EliminationIn:
    """
    Attributes:
        eliminated_on (datetime.date):
    """

    eliminated_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        eliminated_on = self.eliminated_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "eliminated_on": eliminated_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        eliminated_on = datetime.date.fromisoformat(d.pop("eliminated_on"))

        elimination_in = cls(
            eliminated_on=eliminated_on,
        )

        return elimination_in
