from enum import StrEnum


class VisitCheckIncomeChangeType0(StrEnum):
    DOWN = "down"
    SAME = "same"
    UP = "up"

    def __str__(self) -> str:
        return str(self.value)
