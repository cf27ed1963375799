"""Settings of the reports service (`RW_` prefix, on top of the common ones)."""

from __future__ import annotations

from functools import lru_cache

from services.common.settings import CommonSettings


class ReportsSettings(CommonSettings):
    reports_port: int = 8104
    reports_town_name: str = "泗湖山镇"  # the town the reports are about (the demo town by default)
    reports_dashboard_poll_seconds: float = 1.0  # how often the dashboard stream looks for new events


@lru_cache
def get_reports_settings() -> ReportsSettings:
    return ReportsSettings()
