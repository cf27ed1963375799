"""Settings of the households service (`RW_` prefix, on top of the common ones)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from pydantic import Field

from services.common.settings import CommonSettings


class HouseholdsSettings(CommonSettings):
    households_port: int = 8102
    households_province: str = "hunan"
    # 防返贫监测标准 (yuan per person per year), per province and year. The 2022 Hunan figure is a
    # configurable default; set the published figure of each year with RW_HOUSEHOLDS_MONITORING_LINES.
    households_monitoring_lines: dict[str, dict[str, Decimal]] = Field(
        default_factory=lambda: {
            "hunan": {"2021": Decimal("6000"), "2022": Decimal("6600"), "2023": Decimal("7000")}
        }
    )
    households_identification_working_days: int = 15
    households_elimination_min_months: int = 6
    households_public_notice_min_days: int = 5
    # durable imports (services/households/imports.py): rows per committed chunk, how long a claimed job
    # may go without a heartbeat before another replica takes it over, and how often idle workers look
    households_import_chunk: int = Field(default=5000, ge=1)
    households_import_stale_seconds: float = Field(default=60.0, gt=0)
    households_import_poll_seconds: float = Field(default=1.0, gt=0)


@lru_cache
def get_households_settings() -> HouseholdsSettings:
    return HouseholdsSettings()
