from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.finding import Finding

T = TypeVar("T", bound="RevisitIn")


@_attrs_define
class RevisitIn:
    """
    Attributes:
        visited_on (datetime.date):
        visitors (list[str]):
        finding (Finding):
    """

    visited_on: datetime.date
    visitors: list[str]
    finding: Finding

    def to_dict(self) -> dict[str, Any]:
        visited_on = self.visited_on.isoformat()

        visitors = self.visitors

        finding = self.finding.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "visited_on": visited_on,
                "visitors": visitors,
                "finding": finding,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        visited_on = datetime.date.fromisoformat(d.pop("visited_on"))

        visitors = cast(list[str], d.pop("visitors"))

        finding = Finding(d.pop("finding"))

        revisit_in = cls(
            visited_on=visited_on,
            visitors=visitors,
            finding=finding,
        )

        return revisit_in
