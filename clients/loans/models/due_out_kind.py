from enum import StrEnum


class DueOutKind(StrEnum):
    INTEREST = "interest"
    PRINCIPAL = "principal"

    def __str__(self) -> str:
        return str(self.value)
