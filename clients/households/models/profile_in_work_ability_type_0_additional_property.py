from enum import StrEnum


class ProfileInWorkAbilityType0AdditionalProperty(StrEnum):
    LOST = "lost"
    NONE = "none"
    ORDINARY = "ordinary"
    SKILLED = "skilled"
    WEAK = "weak"

    def __str__(self) -> str:
        return str(self.value)
