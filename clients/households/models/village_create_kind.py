from enum import StrEnum


class VillageCreateKind(StrEnum):
    COMMUNITY = "community"
    VILLAGE = "village"

    def __str__(self) -> str:
        return str(self.value)
