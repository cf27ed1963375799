from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timeline_entry_actor import TimelineEntryActor
    from ..models.timeline_entry_details import TimelineEntryDetails


T = TypeVar("T", bound="TimelineEntry")


@_attrs_define
class TimelineEntry:
    """
    Attributes:
        seq (int):
        at (datetime.datetime):
        action (str):
        actor (TimelineEntryActor):
        from_status (None | str):
        to_status (None | str):
        details (TimelineEntryDetails):
    """

    seq: int
    at: datetime.datetime
    action: str
    actor: TimelineEntryActor
    from_status: str | None
    to_status: str | None
    details: TimelineEntryDetails
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        at = self.at.isoformat()

        action = self.action

        actor = self.actor.to_dict()

        from_status: str | None
        from_status = self.from_status

        to_status: str | None
        to_status = self.to_status

        details = self.details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "at": at,
                "action": action,
                "actor": actor,
                "from_status": from_status,
                "to_status": to_status,
                "details": details,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_entry_actor import TimelineEntryActor
        from ..models.timeline_entry_details import TimelineEntryDetails

        d = dict(src_dict)
        seq = d.pop("seq")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        action = d.pop("action")

        actor = TimelineEntryActor.from_dict(d.pop("actor"))

        def _parse_from_status(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        from_status = _parse_from_status(d.pop("from_status"))

        def _parse_to_status(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        to_status = _parse_to_status(d.pop("to_status"))

        details = TimelineEntryDetails.from_dict(d.pop("details"))

        timeline_entry = cls(
            seq=seq,
            at=at,
            action=action,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            details=details,
        )

        timeline_entry.additional_properties = d
        return timeline_entry

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
