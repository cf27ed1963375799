from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.notice_period import NoticePeriod


T = TypeVar("T", bound="MonitoringSteps")


@_attrs_define
class MonitoringSteps:
    """
    Attributes:
        consent (datetime.date | None):
        home_check (datetime.date | None):
        village_appraisal (datetime.date | None):
        public_notice (None | NoticePeriod):
        town_review (datetime.date | None):
        county_approval (datetime.date | None):
    """

    consent: datetime.date | None
    home_check: datetime.date | None
    village_appraisal: datetime.date | None
    public_notice: NoticePeriod | None
    town_review: datetime.date | None
    county_approval: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.notice_period import NoticePeriod

        consent: str | None
        if isinstance(self.consent, datetime.date):
            consent = self.consent.isoformat()
        else:
            consent = self.consent

        home_check: str | None
        if isinstance(self.home_check, datetime.date):
            home_check = self.home_check.isoformat()
        else:
            home_check = self.home_check

        village_appraisal: str | None
        if isinstance(self.village_appraisal, datetime.date):
            village_appraisal = self.village_appraisal.isoformat()
        else:
            village_appraisal = self.village_appraisal

        public_notice: dict[str, Any] | None
        if isinstance(self.public_notice, NoticePeriod):
            public_notice = self.public_notice.to_dict()
        else:
            public_notice = self.public_notice

        town_review: str | None
        if isinstance(self.town_review, datetime.date):
            town_review = self.town_review.isoformat()
        else:
            town_review = self.town_review

        county_approval: str | None
        if isinstance(self.county_approval, datetime.date):
            county_approval = self.county_approval.isoformat()
        else:
            county_approval = self.county_approval

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consent": consent,
                "home_check": home_check,
                "village_appraisal": village_appraisal,
                "public_notice": public_notice,
                "town_review": town_review,
                "county_approval": county_approval,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notice_period import NoticePeriod

        d = dict(src_dict)

        def _parse_consent(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                consent_type_0 = datetime.date.fromisoformat(data)

                return consent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        consent = _parse_consent(d.pop("consent"))

        def _parse_home_check(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                home_check_type_0 = datetime.date.fromisoformat(data)

                return home_check_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        home_check = _parse_home_check(d.pop("home_check"))

        def _parse_village_appraisal(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                village_appraisal_type_0 = datetime.date.fromisoformat(data)

                return village_appraisal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        village_appraisal = _parse_village_appraisal(d.pop("village_appraisal"))

        def _parse_public_notice(data: object) -> NoticePeriod | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                public_notice_type_0 = NoticePeriod.from_dict(data)

                return public_notice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NoticePeriod, data)

        public_notice = _parse_public_notice(d.pop("public_notice"))

        def _parse_town_review(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                town_review_type_0 = datetime.date.fromisoformat(data)

                return town_review_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        town_review = _parse_town_review(d.pop("town_review"))

        def _parse_county_approval(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                county_approval_type_0 = datetime.date.fromisoformat(data)

                return county_approval_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        county_approval = _parse_county_approval(d.pop("county_approval"))

        monitoring_steps = cls(
            consent=consent,
            home_check=home_check,
            village_appraisal=village_appraisal,
            public_notice=public_notice,
            town_review=town_review,
            county_approval=county_approval,
        )

        monitoring_steps.additional_properties = d
        return monitoring_steps

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
