from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.loan_out import LoanOut


T = TypeVar("T", bound="RepaymentRecorded")


@_attrs_define
class RepaymentRecorded:
    """
    Attributes:
        repayment_id (str):
        loan (LoanOut):
    """

    repayment_id: str
    loan: LoanOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        repayment_id = self.repayment_id

        loan = self.loan.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "repayment_id": repayment_id,
                "loan": loan,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.loan_out import LoanOut

        d = dict(src_dict)
        repayment_id = d.pop("repayment_id")

        loan = LoanOut.from_dict(d.pop("loan"))

        repayment_recorded = cls(
            repayment_id=repayment_id,
            loan=loan,
        )

        repayment_recorded.additional_properties = d
        return repayment_recorded

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
