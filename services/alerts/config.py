"""Settings of the alerts service (`RW_` prefix, on top of the common ones)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr

from services.common.settings import CommonSettings

DEFAULT_CATEGORIES: dict[str, list[str]] = {
    # 一般风险
    "general_risk": ["major_illness", "housing", "employment", "accident", "other"],
    # 政策未落实
    "policy_not_implemented": ["pension_not_paid", "disability_subsidy_not_paid"],
    # raised by other services through events, not by the province
    "internal": ["loan_overdue", "rectification_overdue"],
}


class AlertsSettings(CommonSettings):
    alerts_port: int = 8101
    alerts_sla_sweep_seconds: float = 60.0
    alerts_village_working_days: int = 5
    alerts_town_working_days: int = 5
    alerts_categories: dict[str, list[str]] = Field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    alerts_max_batch_items: int = 200_000
    alerts_province_sources: list[str] = Field(default_factory=lambda: ["province", "hunan-platform"])
    # evidence files of home verifications (photos, scanned signed forms): where they are kept and the cap
    alerts_evidence_dir: str = "var/evidence"
    alerts_evidence_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    # or an S3-compatible bucket (MinIO, Ceph, the county's object storage) when an endpoint is set
    alerts_evidence_s3_endpoint: str | None = None
    alerts_evidence_s3_bucket: str = "ruralwatch-evidence"
    alerts_evidence_s3_region: str = "us-east-1"
    alerts_evidence_s3_access_key: str = ""
    alerts_evidence_s3_secret_key: SecretStr = SecretStr("")
    alerts_evidence_s3_prefix: str = "evidence/"
    alerts_evidence_s3_addressing: Literal["path", "virtual"] = "path"


@lru_cache
def get_alerts_settings() -> AlertsSettings:
    return AlertsSettings()
