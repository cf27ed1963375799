from enum import StrEnum


class VillageInKind(StrEnum):
    COMMUNITY = "community"
    VILLAGE = "village"

    def __str__(self) -> str:
        return str(self.value)
