from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FiledVersion")


@_attrs_define
class FiledVersion:
    """
    Attributes:
        year (int):
        version (int):
        sha256 (str):
        bytes_ (int):
        filed_by (str):
        filed_at (str):
        note (None | str):
    """

    year: int
    version: int
    sha256: str
    bytes_: int
    filed_by: str
    filed_at: str
    note: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        version = self.version

        sha256 = self.sha256

        bytes_ = self.bytes_

        filed_by = self.filed_by

        filed_at = self.filed_at

        note: str | None
        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "year": year,
                "version": version,
                "sha256": sha256,
                "bytes": bytes_,
                "filed_by": filed_by,
                "filed_at": filed_at,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        year = d.pop("year")

        version = d.pop("version")

        sha256 = d.pop("sha256")

        bytes_ = d.pop("bytes")

        filed_by = d.pop("filed_by")

        filed_at = d.pop("filed_at")

        def _parse_note(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        filed_version = cls(
            year=year,
            version=version,
            sha256=sha256,
            bytes_=bytes_,
            filed_by=filed_by,
            filed_at=filed_at,
            note=note,
        )

        filed_version.additional_properties = d
        return filed_version

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
