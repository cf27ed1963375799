from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_entry_out import AuditEntryOut
    from ..models.chain_break_out import ChainBreakOut


T = TypeVar("T", bound="AuditOut")


@_attrs_define
class AuditOut:
    """
    Attributes:
        alert_id (str):
        entries (list[AuditEntryOut]):
        verified (bool | None | Unset):
        first_break (ChainBreakOut | None | Unset):
    """

    alert_id: str
    entries: list[AuditEntryOut]
    verified: bool | Unset | None = UNSET
    first_break: ChainBreakOut | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.chain_break_out import ChainBreakOut

        alert_id = self.alert_id

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        verified: bool | Unset | None
        if isinstance(self.verified, Unset):
            verified = UNSET
        else:
            verified = self.verified

        first_break: dict[str, Any] | Unset | None
        if isinstance(self.first_break, Unset):
            first_break = UNSET
        elif isinstance(self.first_break, ChainBreakOut):
            first_break = self.first_break.to_dict()
        else:
            first_break = self.first_break

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "alert_id": alert_id,
                "entries": entries,
            }
        )
        if verified is not UNSET:
            field_dict["verified"] = verified
        if first_break is not UNSET:
            field_dict["first_break"] = first_break

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_out import AuditEntryOut
        from ..models.chain_break_out import ChainBreakOut

        d = dict(src_dict)
        alert_id = d.pop("alert_id")

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = AuditEntryOut.from_dict(entries_item_data)

            entries.append(entries_item)

        def _parse_verified(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        verified = _parse_verified(d.pop("verified", UNSET))

        def _parse_first_break(data: object) -> ChainBreakOut | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                first_break_type_0 = ChainBreakOut.from_dict(data)

                return first_break_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChainBreakOut | None | Unset, data)

        first_break = _parse_first_break(d.pop("first_break", UNSET))

        audit_out = cls(
            alert_id=alert_id,
            entries=entries,
            verified=verified,
            first_break=first_break,
        )

        audit_out.additional_properties = d
        return audit_out

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
