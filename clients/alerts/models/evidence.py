from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Evidence")


@_attrs_define
class Evidence:
    """
    Attributes:
        kind (str):
        ref (str):
    """

    kind: str
    ref: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        ref = self.ref

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "ref": ref,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        ref = d.pop("ref")

        evidence = cls(
            kind=kind,
            ref=ref,
        )

        return evidence
