from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reveal_out import RevealOut
    from ..models.reveals_out_broken_type_0 import RevealsOutBrokenType0


T = TypeVar("T", bound="RevealsOut")


@_attrs_define
class RevealsOut:
    """
    Attributes:
        items (list[RevealOut]):
        next_cursor (None | str):
        verified (bool | None | Unset):
        broken (None | RevealsOutBrokenType0 | Unset):
    """

    items: list[RevealOut]
    next_cursor: str | None
    verified: bool | Unset | None = UNSET
    broken: RevealsOutBrokenType0 | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.reveals_out_broken_type_0 import RevealsOutBrokenType0

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor: str | None
        next_cursor = self.next_cursor

        verified: bool | Unset | None
        if isinstance(self.verified, Unset):
            verified = UNSET
        else:
            verified = self.verified

        broken: dict[str, Any] | Unset | None
        if isinstance(self.broken, Unset):
            broken = UNSET
        elif isinstance(self.broken, RevealsOutBrokenType0):
            broken = self.broken.to_dict()
        else:
            broken = self.broken

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "next_cursor": next_cursor,
            }
        )
        if verified is not UNSET:
            field_dict["verified"] = verified
        if broken is not UNSET:
            field_dict["broken"] = broken

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reveal_out import RevealOut
        from ..models.reveals_out_broken_type_0 import RevealsOutBrokenType0

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = RevealOut.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        def _parse_verified(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        verified = _parse_verified(d.pop("verified", UNSET))

        def _parse_broken(data: object) -> RevealsOutBrokenType0 | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                broken_type_0 = RevealsOutBrokenType0.from_dict(data)

                return broken_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RevealsOutBrokenType0 | Unset, data)

        broken = _parse_broken(d.pop("broken", UNSET))

        reveals_out = cls(
            items=items,
            next_cursor=next_cursor,
            verified=verified,
            broken=broken,
        )

        reveals_out.additional_properties = d
        return reveals_out

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
