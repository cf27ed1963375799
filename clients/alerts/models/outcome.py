from enum import StrEnum


class Outcome(StrEnum):
    NO_RISK = "no_risk"
    POLICY_FIXED = "policy_fixed"
    RISK_CONFIRMED = "risk_confirmed"

    def __str__(self) -> str:
        return str(self.value)
