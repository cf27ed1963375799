"""Settings shared by every service, read from the environment with the `RW_` prefix."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_AUTH_SECRET = "ruralwatch-dev-secret-change-me-0123456789"
# 32-byte keys, base64; dev defaults only, production sets RW_PII_KEY, RW_PII_HASH_KEY, RW_AUDIT_KEY.
DEV_PII_KEY = "cnVyYWx3YXRjaC1kZXYtcGlpLWtleS0zMmJ5dGVzISE="
DEV_PII_HASH_KEY = "cnVyYWx3YXRjaC1kZXYtbG9va3VwLWhhc2gta2V5ISE="
DEV_AUDIT_KEY = "cnVyYWx3YXRjaC1kZXYtYXVkaXQtY2hhaW4ta2V5ISE="


class CommonSettings(BaseSettings):
    """Configuration every service reads (see the README's configuration table)."""

    model_config = SettingsConfigDict(env_prefix="RW_", extra="ignore")

    env: Literal["dev", "prod"] = Field(
        default="prod",
        description="`prod` (the default) refuses to start with missing, default, placeholder or short "
        "secrets; `dev` (set by `make run` and the tests) accepts the public dev defaults.",
    )
    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        description="Any database on the PostgreSQL server; each service uses its own database on it.",
    )
    db_prefix: str = Field(default="ruralwatch_", description="Prefix of each service's database name.")
    db_pool_size: int = Field(
        default=20,
        ge=1,
        le=200,
        description="database connections each worker process keeps open once used (5 more for bursts, "
        "closed when returned). Below the requests in flight, connections churn: 16 concurrent "
        "transitions per worker on a pool of 10 opened 141 connections in 3,300 requests and took the p99 "
        "from 86 to 326 ms (2026-12-03)",
    )
    db_service_roles: bool = Field(
        default=True,
        description="connect as the service's own least-privilege role (named like its database), not as "
        "the identity of RW_DATABASE_URL, which owns the schema and runs the migrations",
    )
    db_password: str | None = Field(default=None, description="the service role's password")
    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = Field(default=None, description="this service's own Kafka principal")
    kafka_sasl_password: str | None = None
    kafka_ssl_cafile: str | None = None
    kafka_ssl_certfile: str | None = None
    kafka_ssl_keyfile: str | None = None
    kafka_allow_plaintext: bool = Field(
        default=False,
        description="RW_ENV=prod refuses an unauthenticated broker connection unless this says the network "
        "itself is trusted (events decide enrolments and alerts)",
    )
    kafka_session_timeout_ms: int = Field(
        default=10_000,
        ge=1_000,
        le=300_000,
        description="consumer-group session timeout. Apache Kafka refuses one under its "
        "group.min.session.timeout.ms (6 s by default); the embedded tansu broker holds a joining member "
        "for half of it, so the launcher and the tests set 2 s for that broker",
    )
    kafka_fetch_max_wait_ms: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description="how long a consumer's fetch may wait for records. Apache Kafka answers a waiting fetch "
        "as soon as a record arrives, so 500 costs no latency there and fewer idle requests; the embedded "
        "tansu broker holds it the whole time (an event waited 168 ms at the median with 500, 17.6 ms with "
        "50, 8.6 ms with 10; measured 2026-12-03), which bounds the event latency here",
    )
    kafka_inbound_retention_hours: int = Field(default=7 * 24, ge=1, description="province.alerts.inbound.v1")
    kafka_dlq_retention_hours: int = Field(default=30 * 24, ge=1, description="every <topic>.dlq")
    auth_secret: str = DEV_AUTH_SECRET
    auth_algorithm: str = Field(default="HS256", pattern="^(HS256|RS256)$")
    auth_public_key: str | None = None
    auth_audience: str = "ruralwatch"
    auth_issuer: str = Field(
        default="ruralwatch", description="required `iss` claim (the identity provider's)"
    )
    auth_max_token_seconds: int = Field(
        default=24 * 3600, ge=60, description="longest accepted token lifetime, `exp` - `iat`"
    )
    auth_leeway_seconds: int = Field(default=30, ge=0, le=300, description="clock skew tolerated")
    auth_previous_secrets: list[str] = Field(
        default_factory=list, description="HS256 secrets still accepted while a new one rolls out"
    )
    pii_key: str = DEV_PII_KEY
    pii_previous_keys: list[str] = Field(
        default_factory=list, description="PII keys that still decrypt (rotation: then `ruralwatch rekey`)"
    )
    pii_hash_key: str = DEV_PII_HASH_KEY
    audit_key: str = Field(
        default=DEV_AUDIT_KEY, description="base64 HMAC key sealing the audit chains (every service)"
    )
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    log_json: bool = True
    relay_batch_size: int = 2000
    relay_idle_seconds: float = 0.5
    consumer_max_retries: int = 3
    retention_outbox_days: float = Field(default=7, gt=0, description="sent outbox rows kept (resend reach)")
    retention_inbox_days: float = Field(default=14, gt=0, description="inbox rows kept (redelivery window)")
    retention_idempotency_days: float = Field(default=7, gt=0, description="Idempotency-Key answers kept")
    retention_interval_seconds: float = Field(default=3600, gt=0, description="how often each service purges")
    otel_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP traces endpoint (e.g. http://collector:4318/v1/traces); tracing is off without it",
    )
    max_body_bytes: int = 64 * 1024 * 1024
    export_rate_per_minute: float = 20.0  # file exports (csv, xlsx, pdf, md) per user and minute
    export_burst: int = 10
    lookup_rate_per_minute: float = 60.0  # ID-number searches and loan applications per user and minute
    lookup_burst: int = 30
    upload_rate_per_minute: float = 6.0  # feed uploads and household imports per user and minute
    upload_burst: int = 5
    web_workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="worker processes per service (uvicorn --workers): each is a replica in all but its "
        "port — its own relay, consumers and jobs, which the design already shares between replicas",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="proxies whose X-Forwarded-For/-Proto are believed (comma-separated; '*' only behind "
        "a proxy that overwrites them)",
    )

    def service_database_url(self, service: str, *, driver: str = "postgresql+asyncpg") -> str:
        """The URL of `service`'s own database on the configured server, as the service's own role
        (unless RW_DB_SERVICE_ROLES=false)."""
        database = f"{self.db_prefix}{service}"
        url = database_url_for(self.database_url, database, driver=driver)
        if not self.db_service_roles:
            return url
        return with_credentials(url, database, self.db_password or dev_role_password(database, self.env))


MIN_SECRET_BYTES = 32
# words that mark a value copied from an example file rather than generated
_PLACEHOLDER_WORDS = (
    "change-me",
    "changeme",
    "change_me",
    "placeholder",
    "replace",
    "example",
    "secret-here",
)


def _secret_problem(name: str, value: str | None, *, dev_default: str, base64_key: bool) -> str | None:
    """Why `value` cannot protect production data, or None when it can."""
    if not value or not value.strip():
        return f"{name} is not set"
    if value == dev_default:
        return f"{name} is the public development default"
    lowered = value.lower()
    if any(word in lowered for word in _PLACEHOLDER_WORDS) or value.strip("x*<>.") == "":
        return f"{name} is a placeholder, not a generated secret"
    if base64_key:
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return f"{name} is not base64"
    else:
        raw = value.encode()
    if len(raw) < MIN_SECRET_BYTES:
        return f"{name} is {len(raw)} bytes; at least {MIN_SECRET_BYTES} are needed"
    if len(set(raw)) < 8:
        return f"{name} repeats too few distinct bytes to be random"
    return None


def insecure_settings(settings: CommonSettings) -> list[str]:
    """Every secret or key that is missing, a default, a placeholder or too short (empty when safe)."""
    problems = []
    if settings.auth_algorithm == "HS256":
        problems.append(
            _secret_problem(
                "RW_AUTH_SECRET", settings.auth_secret, dev_default=DEV_AUTH_SECRET, base64_key=False
            )
        )
        for n, old in enumerate(settings.auth_previous_secrets):
            problems.append(
                _secret_problem(
                    f"RW_AUTH_PREVIOUS_SECRETS[{n}]", old, dev_default=DEV_AUTH_SECRET, base64_key=False
                )
            )
    elif not settings.auth_public_key:
        problems.append("RW_AUTH_PUBLIC_KEY is not set (RW_AUTH_ALGORITHM=RS256)")
    if not settings.kafka_security_protocol.startswith("SASL") and not settings.kafka_allow_plaintext:
        problems.append(
            f"RW_KAFKA_SECURITY_PROTOCOL is {settings.kafka_security_protocol}: anyone on the network could "
            "publish events (use SASL_SSL with this service's principal, or RW_KAFKA_ALLOW_PLAINTEXT=true "
            "on a network you trust)"
        )
    elif settings.kafka_security_protocol.startswith("SASL") and not (
        settings.kafka_sasl_username and settings.kafka_sasl_password
    ):
        problems.append("RW_KAFKA_SASL_USERNAME and RW_KAFKA_SASL_PASSWORD are needed for SASL")
    problems.append(_secret_problem("RW_PII_KEY", settings.pii_key, dev_default=DEV_PII_KEY, base64_key=True))
    problems.append(
        _secret_problem(
            "RW_PII_HASH_KEY", settings.pii_hash_key, dev_default=DEV_PII_HASH_KEY, base64_key=True
        )
    )
    problems.append(
        _secret_problem("RW_AUDIT_KEY", settings.audit_key, dev_default=DEV_AUDIT_KEY, base64_key=True)
    )
    return [p for p in problems if p]


class InsecureSettingsError(RuntimeError):
    """Production settings that must not be used; the message is one line naming every setting."""


def require_secure(settings: CommonSettings, *, what: str) -> None:
    """Raise InsecureSettingsError unless RW_ENV=dev or every secret and key is fit for production."""
    if settings.env == "dev":
        return
    problems = insecure_settings(settings)
    if problems:
        raise InsecureSettingsError(
            f"{what} refuses to run with RW_ENV=prod: {'; '.join(problems)} "
            '(generate: python -c "import base64,os;print(base64.b64encode(os.urandom(32)).decode())"; '
            "RW_ENV=dev accepts the public dev defaults)"
        )


def dev_role_password(role: str, env: str) -> str | None:
    """Under RW_ENV=dev a service role's password is derived from its name (a server with password
    authentication then works without configuration); production sets RW_DB_PASSWORD."""
    return f"{role}-dev-password" if env == "dev" else None


def with_credentials(url: str, user: str, password: str | None) -> str:
    """`url` logging in as `user` (with `password`, if any) instead of its own credentials."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    login = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    return urlunsplit((parts.scheme, f"{login}@{host}", parts.path, parts.query, ""))


def database_url_for(server_url: str, database: str, *, driver: str = "postgresql+asyncpg") -> str:
    """Replace the database name and driver of a PostgreSQL URL."""
    parts = urlsplit(server_url)
    return urlunsplit((driver, parts.netloc, f"/{database}", parts.query, ""))


@lru_cache
def get_settings() -> CommonSettings:
    """Process-wide common settings."""
    return CommonSettings()
