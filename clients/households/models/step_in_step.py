from enum import StrEnum


class StepInStep(StrEnum):
    CONSENT = "consent"
    COUNTY_APPROVAL = "county_approval"
    HOME_CHECK = "home_check"
    PUBLIC_NOTICE = "public_notice"
    TOWN_REVIEW = "town_review"
    VILLAGE_APPRAISAL = "village_appraisal"

    def __str__(self) -> str:
        return str(self.value)
