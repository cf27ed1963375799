from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.profile_out import ProfileOut


T = TypeVar("T", bound="ProfileHistory")


@_attrs_define
class ProfileHistory:
    """
    Attributes:
        household_code (str):
        items (list[ProfileOut]): every version, oldest first
    """

    household_code: str
    items: list[ProfileOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        household_code = self.household_code

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "household_code": household_code,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.profile_out import ProfileOut

        d = dict(src_dict)
        household_code = d.pop("household_code")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ProfileOut.from_dict(items_item_data)

            items.append(items_item)

        profile_history = cls(
            household_code=household_code,
            items=items,
        )

        profile_history.additional_properties = d
        return profile_history

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
