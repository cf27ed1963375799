from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reveal_out_actor import RevealOutActor
    from ..models.reveal_out_details import RevealOutDetails


T = TypeVar("T", bound="RevealOut")


@_attrs_define
class RevealOut:
    """One audited read of unmasked personal data.

    Attributes:
        subject_type (str):
        subject_id (str):
        seq (int):
        at (datetime.datetime):
        actor (RevealOutActor):
        action (str):
        details (RevealOutDetails):
        hash_ (str):
    """

    subject_type: str
    subject_id: str
    seq: int
    at: datetime.datetime
    actor: RevealOutActor
    action: str
    details: RevealOutDetails
    hash_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subject_type = self.subject_type

        subject_id = self.subject_id

        seq = self.seq

        at = self.at.isoformat()

        actor = self.actor.to_dict()

        action = self.action

        details = self.details.to_dict()

        hash_ = self.hash_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subject_type": subject_type,
                "subject_id": subject_id,
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": action,
                "details": details,
                "hash": hash_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reveal_out_actor import RevealOutActor
        from ..models.reveal_out_details import RevealOutDetails

        d = dict(src_dict)
        subject_type = d.pop("subject_type")

        subject_id = d.pop("subject_id")

        seq = d.pop("seq")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        actor = RevealOutActor.from_dict(d.pop("actor"))

        action = d.pop("action")

        details = RevealOutDetails.from_dict(d.pop("details"))

        hash_ = d.pop("hash")

        reveal_out = cls(
            subject_type=subject_type,
            subject_id=subject_id,
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            details=details,
            hash_=hash_,
        )

        reveal_out.additional_properties = d
        return reveal_out

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
