from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.finding_out_records import FindingOutRecords


T = TypeVar("T", bound="FindingOut")


@_attrs_define
class FindingOut:
    """
    Attributes:
        detector (str):
        village_code (str):
        subject (str): what the finding is about: a household, a member, a loan, an alert
        reason (str):
        records (FindingOutRecords): the records behind the finding
    """

    detector: str
    village_code: str
    subject: str
    reason: str
    records: FindingOutRecords
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detector = self.detector

        village_code = self.village_code

        subject = self.subject

        reason = self.reason

        records = self.records.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detector": detector,
                "village_code": village_code,
                "subject": subject,
                "reason": reason,
                "records": records,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.finding_out_records import FindingOutRecords

        d = dict(src_dict)
        detector = d.pop("detector")

        village_code = d.pop("village_code")

        subject = d.pop("subject")

        reason = d.pop("reason")

        records = FindingOutRecords.from_dict(d.pop("records"))

        finding_out = cls(
            detector=detector,
            village_code=village_code,
            subject=subject,
            reason=reason,
            records=records,
        )

        finding_out.additional_properties = d
        return finding_out

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
