from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.village_public_kind import VillagePublicKind

T = TypeVar("T", bound="VillagePublic")


@_attrs_define
class VillagePublic:
    """A village as the API answers it (the same fields as the table: nothing in it is personal).

    Attributes:
        code (str): 统计用区划代码, 12 digits
        name (str):
        kind (VillagePublicKind): village | community (社区)
    """

    code: str
    name: str
    kind: VillagePublicKind
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        kind = self.kind.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "name": name,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        kind = VillagePublicKind(d.pop("kind"))

        village_public = cls(
            code=code,
            name=name,
            kind=kind,
        )

        village_public.additional_properties = d
        return village_public

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
