from enum import StrEnum


class SubsidyInSemester(StrEnum):
    AUTUMN = "autumn"
    SPRING = "spring"

    def __str__(self) -> str:
        return str(self.value)
