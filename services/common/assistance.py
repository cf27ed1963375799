"""The assistance vocabulary shared by households (which records measures) and reports (which checks them):
the kinds of assistance measure (帮扶措施) and which kinds address which risk category."""

from __future__ import annotations

from enum import StrEnum


class MeasureKind(StrEnum):
    industry = "industry"  # 产业帮扶
    employment = "employment"  # 就业帮扶
    education = "education"  # 教育帮扶
    health = "health"  # 健康帮扶
    housing = "housing"  # 住房安全
    social_security = "social_security"  # 综合保障
    finance = "finance"  # 金融帮扶 (小额信贷)
    public_welfare_job = "public_welfare_job"  # 公益岗位


# Which measures address which risk category (the report's "针对性不强" problem is a mismatch here).
MEASURES_FOR_RISK: dict[str, frozenset[MeasureKind]] = {
    "major_illness": frozenset({MeasureKind.health, MeasureKind.social_security}),
    "accident": frozenset({MeasureKind.health, MeasureKind.social_security, MeasureKind.public_welfare_job}),
    "housing": frozenset({MeasureKind.housing}),
    "employment": frozenset({MeasureKind.employment, MeasureKind.public_welfare_job, MeasureKind.industry}),
    "education": frozenset({MeasureKind.education}),
    "income": frozenset(
        {MeasureKind.industry, MeasureKind.employment, MeasureKind.finance, MeasureKind.public_welfare_job}
    ),
    "other": frozenset(MeasureKind),
}


def addresses(risk_category: str | None, measure_kinds: set[str]) -> bool:
    """True when at least one of the measures addresses the risk (an unknown category accepts any measure)."""
    wanted = MEASURES_FOR_RISK.get(risk_category or "other", MEASURES_FOR_RISK["other"])
    return any(k in wanted for k in measure_kinds)
