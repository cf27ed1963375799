from enum import StrEnum


class ProfileInSocialAssistanceType0(StrEnum):
    DIBAO = "dibao"
    NONE = "none"
    TEKUN = "tekun"

    def __str__(self) -> str:
        return str(self.value)
