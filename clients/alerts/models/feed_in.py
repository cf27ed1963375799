from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FeedIn")


@_attrs_define
class FeedIn:
    """One provincial batch; items are checked one by one so a bad item never sinks the batch.

    Attributes:
        batch_id (str):
        issued_on (datetime.date):
        items (list[Any]):
        source (str | Unset):  Default: 'province'.
    """

    batch_id: str
    issued_on: datetime.date
    items: list[Any]
    source: str | Unset = "province"

    def to_dict(self) -> dict[str, Any]:
        batch_id = self.batch_id

        issued_on = self.issued_on.isoformat()

        items = self.items

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "batch_id": batch_id,
                "issued_on": issued_on,
                "items": items,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        batch_id = d.pop("batch_id")

        issued_on = datetime.date.fromisoformat(d.pop("issued_on"))

        items = cast(list[Any], d.pop("items"))

        source = d.pop("source", UNSET)

        feed_in = cls(
            batch_id=batch_id,
            issued_on=issued_on,
            items=items,
            source=source,
        )

        return feed_in
