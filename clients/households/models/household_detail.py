from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.household_monitoring import HouseholdMonitoring
    from ..models.member_out import MemberOut
    from ..models.paired_helper import PairedHelper


T = TypeVar("T", bound="HouseholdDetail")


@_attrs_define
class HouseholdDetail:
    """
    Attributes:
        id (str):
        household_code (str):
        village_code (str):
        address (None | str):
        alleviated (bool):
        alleviated_year (int | None):
        member_count (int):
        monitoring_type (None | str):
        members (list[MemberOut]):
        monitoring_objects (list[HouseholdMonitoring]):
        helper (None | PairedHelper):
    """

    id: str
    household_code: str
    village_code: str
    address: str | None
    alleviated: bool
    alleviated_year: int | None
    member_count: int
    monitoring_type: str | None
    members: list[MemberOut]
    monitoring_objects: list[HouseholdMonitoring]
    helper: PairedHelper | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.paired_helper import PairedHelper

        id = self.id

        household_code = self.household_code

        village_code = self.village_code

        address: str | None
        address = self.address

        alleviated = self.alleviated

        alleviated_year: int | None
        alleviated_year = self.alleviated_year

        member_count = self.member_count

        monitoring_type: str | None
        monitoring_type = self.monitoring_type

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        monitoring_objects = []
        for monitoring_objects_item_data in self.monitoring_objects:
            monitoring_objects_item = monitoring_objects_item_data.to_dict()
            monitoring_objects.append(monitoring_objects_item)

        helper: dict[str, Any] | None
        if isinstance(self.helper, PairedHelper):
            helper = self.helper.to_dict()
        else:
            helper = self.helper

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "household_code": household_code,
                "village_code": village_code,
                "address": address,
                "alleviated": alleviated,
                "alleviated_year": alleviated_year,
                "member_count": member_count,
                "monitoring_type": monitoring_type,
                "members": members,
                "monitoring_objects": monitoring_objects,
                "helper": helper,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.household_monitoring import HouseholdMonitoring
        from ..models.member_out import MemberOut
        from ..models.paired_helper import PairedHelper

        d = dict(src_dict)
        id = d.pop("id")

        household_code = d.pop("household_code")

        village_code = d.pop("village_code")

        def _parse_address(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        address = _parse_address(d.pop("address"))

        alleviated = d.pop("alleviated")

        def _parse_alleviated_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        alleviated_year = _parse_alleviated_year(d.pop("alleviated_year"))

        member_count = d.pop("member_count")

        def _parse_monitoring_type(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        monitoring_type = _parse_monitoring_type(d.pop("monitoring_type"))

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = MemberOut.from_dict(members_item_data)

            members.append(members_item)

        monitoring_objects = []
        _monitoring_objects = d.pop("monitoring_objects")
        for monitoring_objects_item_data in _monitoring_objects:
            monitoring_objects_item = HouseholdMonitoring.from_dict(monitoring_objects_item_data)

            monitoring_objects.append(monitoring_objects_item)

        def _parse_helper(data: object) -> PairedHelper | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                helper_type_0 = PairedHelper.from_dict(data)

                return helper_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PairedHelper, data)

        helper = _parse_helper(d.pop("helper"))

        household_detail = cls(
            id=id,
            household_code=household_code,
            village_code=village_code,
            address=address,
            alleviated=alleviated,
            alleviated_year=alleviated_year,
            member_count=member_count,
            monitoring_type=monitoring_type,
            members=members,
            monitoring_objects=monitoring_objects,
            helper=helper,
        )

        household_detail.additional_properties = d
        return household_detail

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
