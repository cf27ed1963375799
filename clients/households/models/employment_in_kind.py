from enum import StrEnum


class EmploymentInKind(StrEnum):
    EMPLOYED = "employed"
    PUBLIC_WELFARE_JOB = "public_welfare_job"
    PV_PUBLIC_WELFARE_JOB = "pv_public_welfare_job"

    def __str__(self) -> str:
        return str(self.value)
