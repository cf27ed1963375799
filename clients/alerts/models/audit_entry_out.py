from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_entry_out_actor import AuditEntryOutActor
    from ..models.audit_entry_out_details import AuditEntryOutDetails


T = TypeVar("T", bound="AuditEntryOut")


@_attrs_define
class AuditEntryOut:
    """
    Attributes:
        seq (int):
        at (datetime.datetime):
        actor (AuditEntryOutActor):
        action (str):
        from_status (None | str):
        to_status (None | str):
        details (AuditEntryOutDetails):
        prev_hash (str):
        hash_ (str):
    """

    seq: int
    at: datetime.datetime
    actor: AuditEntryOutActor
    action: str
    from_status: str | None
    to_status: str | None
    details: AuditEntryOutDetails
    prev_hash: str
    hash_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        at = self.at.isoformat()

        actor = self.actor.to_dict()

        action = self.action

        from_status: str | None
        from_status = self.from_status

        to_status: str | None
        to_status = self.to_status

        details = self.details.to_dict()

        prev_hash = self.prev_hash

        hash_ = self.hash_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": action,
                "from_status": from_status,
                "to_status": to_status,
                "details": details,
                "prev_hash": prev_hash,
                "hash": hash_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_out_actor import AuditEntryOutActor
        from ..models.audit_entry_out_details import AuditEntryOutDetails

        d = dict(src_dict)
        seq = d.pop("seq")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        actor = AuditEntryOutActor.from_dict(d.pop("actor"))

        action = d.pop("action")

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

        details = AuditEntryOutDetails.from_dict(d.pop("details"))

        prev_hash = d.pop("prev_hash")

        hash_ = d.pop("hash")

        audit_entry_out = cls(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            from_status=from_status,
            to_status=to_status,
            details=details,
            prev_hash=prev_hash,
            hash_=hash_,
        )

        audit_entry_out.additional_properties = d
        return audit_entry_out

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
