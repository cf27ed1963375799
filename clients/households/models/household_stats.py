from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.newly_identified import NewlyIdentified
    from ..models.people_count import PeopleCount


T = TypeVar("T", bound="HouseholdStats")


@_attrs_define
class HouseholdStats:
    """
    Attributes:
        villages (int):
        communities (int):
        households (int):
        people (int):
        alleviated (PeopleCount):
        monitored (PeopleCount):
        marginal (PeopleCount):
        newly_identified (NewlyIdentified):
    """

    villages: int
    communities: int
    households: int
    people: int
    alleviated: PeopleCount
    monitored: PeopleCount
    marginal: PeopleCount
    newly_identified: NewlyIdentified
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        villages = self.villages

        communities = self.communities

        households = self.households

        people = self.people

        alleviated = self.alleviated.to_dict()

        monitored = self.monitored.to_dict()

        marginal = self.marginal.to_dict()

        newly_identified = self.newly_identified.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "villages": villages,
                "communities": communities,
                "households": households,
                "people": people,
                "alleviated": alleviated,
                "monitored": monitored,
                "marginal": marginal,
                "newly_identified": newly_identified,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.newly_identified import NewlyIdentified
        from ..models.people_count import PeopleCount

        d = dict(src_dict)
        villages = d.pop("villages")

        communities = d.pop("communities")

        households = d.pop("households")

        people = d.pop("people")

        alleviated = PeopleCount.from_dict(d.pop("alleviated"))

        monitored = PeopleCount.from_dict(d.pop("monitored"))

        marginal = PeopleCount.from_dict(d.pop("marginal"))

        newly_identified = NewlyIdentified.from_dict(d.pop("newly_identified"))

        household_stats = cls(
            villages=villages,
            communities=communities,
            households=households,
            people=people,
            alleviated=alleviated,
            monitored=monitored,
            marginal=marginal,
            newly_identified=newly_identified,
        )

        household_stats.additional_properties = d
        return household_stats

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
