from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.alerts_section_general_risk import AlertsSectionGeneralRisk
    from ..models.alerts_section_internal import AlertsSectionInternal
    from ..models.alerts_section_other_categories import AlertsSectionOtherCategories
    from ..models.alerts_section_outcomes import AlertsSectionOutcomes
    from ..models.alerts_section_policy_not_implemented import AlertsSectionPolicyNotImplemented


T = TypeVar("T", bound="AlertsSection")


@_attrs_define
class AlertsSection:
    """
    Attributes:
        total (int): provincial alerts received (internal signals apart)
        general_risk (AlertsSectionGeneralRisk):
        policy_not_implemented (AlertsSectionPolicyNotImplemented):
        other_categories (AlertsSectionOtherCategories):
        outcomes (AlertsSectionOutcomes): closed_no_risk, risk_confirmed_…, policy_fixed
        open_ (int):
        internal (AlertsSectionInternal): the town's own signals (overdue loans) by category
    """

    total: int
    general_risk: AlertsSectionGeneralRisk
    policy_not_implemented: AlertsSectionPolicyNotImplemented
    other_categories: AlertsSectionOtherCategories
    outcomes: AlertsSectionOutcomes
    open_: int
    internal: AlertsSectionInternal
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        general_risk = self.general_risk.to_dict()

        policy_not_implemented = self.policy_not_implemented.to_dict()

        other_categories = self.other_categories.to_dict()

        outcomes = self.outcomes.to_dict()

        open_ = self.open_

        internal = self.internal.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "general_risk": general_risk,
                "policy_not_implemented": policy_not_implemented,
                "other_categories": other_categories,
                "outcomes": outcomes,
                "open": open_,
                "internal": internal,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alerts_section_general_risk import AlertsSectionGeneralRisk
        from ..models.alerts_section_internal import AlertsSectionInternal
        from ..models.alerts_section_other_categories import AlertsSectionOtherCategories
        from ..models.alerts_section_outcomes import AlertsSectionOutcomes
        from ..models.alerts_section_policy_not_implemented import AlertsSectionPolicyNotImplemented

        d = dict(src_dict)
        total = d.pop("total")

        general_risk = AlertsSectionGeneralRisk.from_dict(d.pop("general_risk"))

        policy_not_implemented = AlertsSectionPolicyNotImplemented.from_dict(d.pop("policy_not_implemented"))

        other_categories = AlertsSectionOtherCategories.from_dict(d.pop("other_categories"))

        outcomes = AlertsSectionOutcomes.from_dict(d.pop("outcomes"))

        open_ = d.pop("open")

        internal = AlertsSectionInternal.from_dict(d.pop("internal"))

        alerts_section = cls(
            total=total,
            general_risk=general_risk,
            policy_not_implemented=policy_not_implemented,
            other_categories=other_categories,
            outcomes=outcomes,
            open_=open_,
            internal=internal,
        )

        alerts_section.additional_properties = d
        return alerts_section

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
