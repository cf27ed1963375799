from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyUploadFeed")


@_attrs_define
class BodyUploadFeed:
    """
    Attributes:
        file (str): CSV (UTF-8) or XLSX
        batch_id (str):
        issued_on (str):
        source (str | Unset):  Default: 'province'.
    """

    file: str
    batch_id: str
    issued_on: str
    source: str | Unset = "province"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file

        batch_id = self.batch_id

        issued_on = self.issued_on

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
                "batch_id": batch_id,
                "issued_on": issued_on,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", (None, str(self.file).encode(), "text/plain")))

        files.append(("batch_id", (None, str(self.batch_id).encode(), "text/plain")))

        files.append(("issued_on", (None, str(self.issued_on).encode(), "text/plain")))

        if not isinstance(self.source, Unset):
            files.append(("source", (None, str(self.source).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = d.pop("file")

        batch_id = d.pop("batch_id")

        issued_on = d.pop("issued_on")

        source = d.pop("source", UNSET)

        body_upload_feed = cls(
            file=file,
            batch_id=batch_id,
            issued_on=issued_on,
            source=source,
        )

        body_upload_feed.additional_properties = d
        return body_upload_feed

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
