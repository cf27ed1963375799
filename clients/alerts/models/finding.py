from enum import StrEnum


class Finding(StrEnum):
    NO_RISK = "no_risk"
    POLICY_ISSUE = "policy_issue"
    RISK = "risk"

    def __str__(self) -> str:
        return str(self.value)
