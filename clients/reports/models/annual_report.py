from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.households_and_people import HouseholdsAndPeople
    from ..models.town_out import TownOut


T = TypeVar("T", bound="AnnualReport")


@_attrs_define
class AnnualReport:
    """
    Attributes:
        year (int):
        town (TownOut):
        alleviated (HouseholdsAndPeople):
        monitored (HouseholdsAndPeople):
        marginal_special_monitoring (HouseholdsAndPeople):
    """

    year: int
    town: TownOut
    alleviated: HouseholdsAndPeople
    monitored: HouseholdsAndPeople
    marginal_special_monitoring: HouseholdsAndPeople
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        town = self.town.to_dict()

        alleviated = self.alleviated.to_dict()

        monitored = self.monitored.to_dict()

        marginal_special_monitoring = self.marginal_special_monitoring.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "year": year,
                "town": town,
                "alleviated": alleviated,
                "monitored": monitored,
                "marginal_special_monitoring": marginal_special_monitoring,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.households_and_people import HouseholdsAndPeople
        from ..models.town_out import TownOut

        d = dict(src_dict)
        year = d.pop("year")

        town = TownOut.from_dict(d.pop("town"))

        alleviated = HouseholdsAndPeople.from_dict(d.pop("alleviated"))

        monitored = HouseholdsAndPeople.from_dict(d.pop("monitored"))

        marginal_special_monitoring = HouseholdsAndPeople.from_dict(d.pop("marginal_special_monitoring"))

        annual_report = cls(
            year=year,
            town=town,
            alleviated=alleviated,
            monitored=monitored,
            marginal_special_monitoring=marginal_special_monitoring,
        )

        annual_report.additional_properties = d
        return annual_report

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
