from enum import StrEnum


class ProfileOutWorkAbilityAdditionalProperty(StrEnum):
    LOST = "lost"
    NONE = "none"
    ORDINARY = "ordinary"
    SKILLED = "skilled"
    WEAK = "weak"

    def __str__(self) -> str:
        return str(self.value)
