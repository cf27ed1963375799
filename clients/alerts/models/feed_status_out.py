from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.feed_reject_out import FeedRejectOut


T = TypeVar("T", bound="FeedStatusOut")


@_attrs_define
class FeedStatusOut:
    """
    Attributes:
        batch_id (str):
        source (str):
        issued_on (datetime.date):
        times_received (int): how often the province sent this batch (a resend adds nothing)
        accepted (int):
        rejected (list[FeedRejectOut]):
    """

    batch_id: str
    source: str
    issued_on: datetime.date
    times_received: int
    accepted: int
    rejected: list[FeedRejectOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_id = self.batch_id

        source = self.source

        issued_on = self.issued_on.isoformat()

        times_received = self.times_received

        accepted = self.accepted

        rejected = []
        for rejected_item_data in self.rejected:
            rejected_item = rejected_item_data.to_dict()
            rejected.append(rejected_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "batch_id": batch_id,
                "source": source,
                "issued_on": issued_on,
                "times_received": times_received,
                "accepted": accepted,
                "rejected": rejected,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feed_reject_out import FeedRejectOut

        d = dict(src_dict)
        batch_id = d.pop("batch_id")

        source = d.pop("source")

        issued_on = datetime.date.fromisoformat(d.pop("issued_on"))

        times_received = d.pop("times_received")

        accepted = d.pop("accepted")

        rejected = []
        _rejected = d.pop("rejected")
        for rejected_item_data in _rejected:
            rejected_item = FeedRejectOut.from_dict(rejected_item_data)

            rejected.append(rejected_item)

        feed_status_out = cls(
            batch_id=batch_id,
            source=source,
            issued_on=issued_on,
            times_received=times_received,
            accepted=accepted,
            rejected=rejected,
        )

        feed_status_out.additional_properties = d
        return feed_status_out

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
