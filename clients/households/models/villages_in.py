from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.village_create import VillageCreate


T = TypeVar("T", bound="VillagesIn")


@_attrs_define
class VillagesIn:
    """
    Attributes:
        villages (list[VillageCreate]):
    """

    villages: list[VillageCreate]

    def to_dict(self) -> dict[str, Any]:
        villages = []
        for villages_item_data in self.villages:
            villages_item = villages_item_data.to_dict()
            villages.append(villages_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "villages": villages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.village_create import VillageCreate

        d = dict(src_dict)
        villages = []
        _villages = d.pop("villages")
        for villages_item_data in _villages:
            villages_item = VillageCreate.from_dict(villages_item_data)

            villages.append(villages_item)

        villages_in = cls(
            villages=villages,
        )

        return villages_in
