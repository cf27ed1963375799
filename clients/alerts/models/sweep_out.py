from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SweepOut")


@_attrs_define
class SweepOut:
    """
    Attributes:
        marked_overdue (int):
        as_of (datetime.date):
        rectifications_overdue (int | Unset): rectification items past their deadline, marked now Default: 0.
    """

    marked_overdue: int
    as_of: datetime.date
    rectifications_overdue: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        marked_overdue = self.marked_overdue

        as_of = self.as_of.isoformat()

        rectifications_overdue = self.rectifications_overdue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "marked_overdue": marked_overdue,
                "as_of": as_of,
            }
        )
        if rectifications_overdue is not UNSET:
            field_dict["rectifications_overdue"] = rectifications_overdue

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        marked_overdue = d.pop("marked_overdue")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        rectifications_overdue = d.pop("rectifications_overdue", UNSET)

        sweep_out = cls(
            marked_overdue=marked_overdue,
            as_of=as_of,
            rectifications_overdue=rectifications_overdue,
        )

        sweep_out.additional_properties = d
        return sweep_out

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
