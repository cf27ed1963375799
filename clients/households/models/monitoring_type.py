from enum import StrEnum


class MonitoringType(StrEnum):
    MARGINAL = "marginal"
    SUDDEN_HARDSHIP = "sudden_hardship"
    UNSTABLE_ALLEVIATED = "unstable_alleviated"

    def __str__(self) -> str:
        return str(self.value)
