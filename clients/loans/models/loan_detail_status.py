from enum import StrEnum


class LoanDetailStatus(StrEnum):
    APPLIED = "applied"
    APPROVED = "approved"
    DISBURSED = "disbursed"
    REJECTED = "rejected"
    REPAID = "repaid"
    WRITTEN_OFF = "written_off"

    def __str__(self) -> str:
        return str(self.value)
