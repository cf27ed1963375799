from enum import StrEnum


class VillagePublicKind(StrEnum):
    COMMUNITY = "community"
    VILLAGE = "village"

    def __str__(self) -> str:
        return str(self.value)
