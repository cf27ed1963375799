from enum import StrEnum


class ProjectInStatus(StrEnum):
    ACCEPTED = "accepted"
    AWAITING_ACCEPTANCE = "awaiting_acceptance"
    OPERATING = "operating"
    PLANNED = "planned"
    UNDER_CONSTRUCTION = "under_construction"

    def __str__(self) -> str:
        return str(self.value)
