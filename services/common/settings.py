"""Settings shared by every service, read from the environment with the `RW_` prefix."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_AUTH_SECRET = "ruralwatch-dev-secret-change-me-0123456789"
# 32-byte keys, base64; dev defaults only, production sets RW_PII_KEY and RW_PII_HASH_KEY.
DEV_PII_KEY = "cnVyYWx3YXRjaC1kZXYtcGlpLWtleS0zMmJ5dGVzISE="
DEV_PII_HASH_KEY = "cnVyYWx3YXRjaC1kZXYtbG9va3VwLWhhc2gta2V5ISE="


class CommonSettings(BaseSettings):
    """Configuration every service reads (see the README's configuration table)."""

    model_config = SettingsConfigDict(env_prefix="RW_", extra="ignore")

    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        description="Any database on the PostgreSQL server; each service uses its own database on it.",
    )
    db_prefix: str = Field(default="ruralwatch_", description="Prefix of each service's database name.")
    db_pool_size: int = 10
    kafka_bootstrap: str = "127.0.0.1:9092"
    auth_secret: str = DEV_AUTH_SECRET
    auth_algorithm: str = Field(default="HS256", pattern="^(HS256|RS256)$")
    auth_public_key: str | None = None
    auth_audience: str = "ruralwatch"
    auth_previous_secrets: list[str] = Field(
        default_factory=list, description="HS256 secrets still accepted while a new one rolls out"
    )
    pii_key: str = DEV_PII_KEY
    pii_previous_keys: list[str] = Field(
        default_factory=list, description="PII keys that still decrypt (rotation: then `ruralwatch rekey`)"
    )
    pii_hash_key: str = DEV_PII_HASH_KEY
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    log_json: bool = True
    relay_batch_size: int = 2000
    relay_idle_seconds: float = 0.5
    consumer_max_retries: int = 3
    max_body_bytes: int = 64 * 1024 * 1024
    export_rate_per_minute: float = 20.0  # file exports (csv, xlsx, pdf, md) per user and minute
    export_burst: int = 10

    def service_database_url(self, service: str, *, driver: str = "postgresql+asyncpg") -> str:
        """The URL of `service`'s own database on the configured server."""
        return database_url_for(self.database_url, f"{self.db_prefix}{service}", driver=driver)


def database_url_for(server_url: str, database: str, *, driver: str = "postgresql+asyncpg") -> str:
    """Replace the database name and driver of a PostgreSQL URL."""
    parts = urlsplit(server_url)
    return urlunsplit((driver, parts.netloc, f"/{database}", parts.query, ""))


@lru_cache
def get_settings() -> CommonSettings:
    """Process-wide common settings."""
    return CommonSettings()
