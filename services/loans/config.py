"""Settings of the loans service (`RW_` prefix, on top of the common ones)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from pydantic import Field, SecretStr

from services.common.settings import CommonSettings

# Published rates (annual, decimal). The rate table is data: these seed the `rate_points` table when a
# series is empty, and admins add later points with PUT /v1/admin/rates; no rate lives in code paths.
DEFAULT_RATE_TABLE: dict[str, dict[str, Decimal]] = {
    # 1-year Loan Prime Rate (贷款市场报价利率, 1年期), by the date it took effect
    "lpr_1y": {
        "2019-08-20": Decimal("0.0425"),
        "2019-09-20": Decimal("0.0420"),
        "2019-11-20": Decimal("0.0415"),
        "2020-02-20": Decimal("0.0405"),
        "2020-04-20": Decimal("0.0385"),
        "2021-12-20": Decimal("0.0380"),
        "2022-01-20": Decimal("0.0370"),
        "2022-08-22": Decimal("0.0365"),
        "2023-06-20": Decimal("0.0355"),
        "2023-08-21": Decimal("0.0345"),
        "2024-07-22": Decimal("0.0335"),
        "2024-10-21": Decimal("0.0310"),
        "2025-05-20": Decimal("0.0300"),
    },
    # PBoC benchmark lending rate, 1-5 years (贷款基准利率), at which many 扶贫小额信贷 were made
    "pboc_benchmark_1_5y": {"2015-10-24": Decimal("0.0475")},
}


class LoansSettings(CommonSettings):
    loans_port: int = 8103
    loans_max_principal: Decimal = Decimal("50000")
    loans_max_top_up_principal: Decimal = Decimal("100000")
    loans_subsidised_cap: Decimal = Decimal("50000")
    loans_max_term_months: int = 36
    loans_borrower_min_age: int = 18
    loans_borrower_max_age: int = 65
    loans_default_rate_series: str = "lpr_1y"
    loans_rate_table: dict[str, dict[str, Decimal]] = Field(default_factory=lambda: dict(DEFAULT_RATE_TABLE))
    # 贴息比例 from the date it applies: 100% through 2023, 70% in 2024-2025 (set the year's policy here)
    loans_subsidy_ratios: dict[str, Decimal] = Field(
        default_factory=lambda: {"2015-01-01": Decimal("1"), "2024-01-01": Decimal("0.7")}
    )
    loans_reminder_days: list[int] = Field(default_factory=lambda: [7, 1])
    # the daily job (overdue, reminders, quarterly subsidy settlement) runs at start and then this often
    loans_daily_job_seconds: float = 3600.0
    # reminder text messages: a provider with the `SendSms` RPC shape (services/loans/sms.py); without
    # a URL no message is sent (they are recorded as `disabled`) and the villages' call lists remain
    loans_sms_url: str | None = None
    loans_sms_access_key_id: str = ""
    loans_sms_access_key_secret: SecretStr = SecretStr("")
    loans_sms_sign_name: str = "乡村振兴办"
    loans_sms_template_code: str = "SMS_LOAN_REMINDER"
    loans_sms_send_seconds: float = Field(default=30.0, description="the sender job's period (0: off)")
    loans_sms_retry_seconds: float = Field(default=60.0, description="first retry delay, doubled each time")
    loans_sms_max_attempts: int = Field(default=5, ge=1, le=20)


@lru_cache
def get_loans_settings() -> LoansSettings:
    return LoansSettings()
