from enum import StrEnum


class ProjectInKind(StrEnum):
    INDUSTRY = "industry"
    INFRASTRUCTURE = "infrastructure"

    def __str__(self) -> str:
        return str(self.value)
