from enum import StrEnum


class MeasureKind(StrEnum):
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    FINANCE = "finance"
    HEALTH = "health"
    HOUSING = "housing"
    INDUSTRY = "industry"
    PUBLIC_WELFARE_JOB = "public_welfare_job"
    SOCIAL_SECURITY = "social_security"

    def __str__(self) -> str:
        return str(self.value)
