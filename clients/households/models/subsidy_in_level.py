from enum import StrEnum


class SubsidyInLevel(StrEnum):
    COMPULSORY = "compulsory"
    KINDERGARTEN = "kindergarten"
    RAIN_AND_DEW = "rain_and_dew"
    SENIOR_HIGH = "senior_high"

    def __str__(self) -> str:
        return str(self.value)
