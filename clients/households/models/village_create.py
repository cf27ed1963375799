from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.village_create_kind import VillageCreateKind

T = TypeVar("T", bound="VillageCreate")


@_attrs_define
class VillageCreate:
    """
    Attributes:
        code (str): 统计用区划代码, 12 digits
        name (str):
        kind (VillageCreateKind): village | community (社区)
    """

    code: str
    name: str
    kind: VillageCreateKind

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        kind = self.kind.value

        field_dict: dict[str, Any] = {}

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

        kind = VillageCreateKind(d.pop("kind"))

        village_create = cls(
            code=code,
            name=name,
            kind=kind,
        )

        return village_create
