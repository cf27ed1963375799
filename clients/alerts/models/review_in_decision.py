from enum import StrEnum


class ReviewInDecision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"

    def __str__(self) -> str:
        return str(self.value)
