from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rectification_item import RectificationItem


T = TypeVar("T", bound="RectificationLedger")


@_attrs_define
class RectificationLedger:
    """
    Attributes:
        year (int):
        open_ (list[RectificationItem]):
        closed (list[RectificationItem]):
        overdue_open (int):
    """

    year: int
    open_: list[RectificationItem]
    closed: list[RectificationItem]
    overdue_open: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        open_ = []
        for open_item_data in self.open_:
            open_item = open_item_data.to_dict()
            open_.append(open_item)

        closed = []
        for closed_item_data in self.closed:
            closed_item = closed_item_data.to_dict()
            closed.append(closed_item)

        overdue_open = self.overdue_open

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "year": year,
                "open": open_,
                "closed": closed,
                "overdue_open": overdue_open,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rectification_item import RectificationItem

        d = dict(src_dict)
        year = d.pop("year")

        open_ = []
        _open_ = d.pop("open")
        for open_item_data in _open_:
            open_item = RectificationItem.from_dict(open_item_data)

            open_.append(open_item)

        closed = []
        _closed = d.pop("closed")
        for closed_item_data in _closed:
            closed_item = RectificationItem.from_dict(closed_item_data)

            closed.append(closed_item)

        overdue_open = d.pop("overdue_open")

        rectification_ledger = cls(
            year=year,
            open_=open_,
            closed=closed,
            overdue_open=overdue_open,
        )

        rectification_ledger.additional_properties = d
        return rectification_ledger

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
