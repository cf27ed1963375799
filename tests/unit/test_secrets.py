"""Hole 2 (issue 11): production refuses missing, default, placeholder or short secrets and keys."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.common.auth import mint_token
from services.common.settings import (
    CommonSettings,
    InsecureSettingsError,
    insecure_settings,
    require_secure,
)

ROOT = Path(__file__).resolve().parents[2]


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _good(**overrides: object) -> CommonSettings:
    values: dict[str, object] = {
        "env": "prod",
        "auth_secret": base64.b64encode(os.urandom(48)).decode(),
        "pii_key": _key(),
        "pii_hash_key": _key(),
        "audit_key": _key(),
        "kafka_security_protocol": "SASL_SSL",
        "kafka_sasl_username": "alerts",
        "kafka_sasl_password": "a-long-generated-password",
    }
    values.update(overrides)
    return CommonSettings(**values)  # type: ignore[arg-type]


def _env_example() -> dict[str, str]:
    out = {}
    for line in (ROOT / "deploy" / "env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "=" in line:
            k, _, v = line.partition("=")
            out[k.strip()] = v.strip()
    return out


def test_generated_secrets_pass() -> None:
    assert insecure_settings(_good()) == []
    require_secure(_good(), what="test")


def test_defaults_are_refused_naming_every_setting() -> None:
    problems = insecure_settings(CommonSettings(env="prod"))
    assert [p.split()[0] for p in problems] == [
        "RW_AUTH_SECRET",
        "RW_KAFKA_SECURITY_PROTOCOL",
        "RW_PII_KEY",
        "RW_PII_HASH_KEY",
        "RW_AUDIT_KEY",
    ]
    assert all("public development default" in p for p in problems if not p.startswith("RW_KAFKA"))


@pytest.mark.parametrize(
    ("overrides", "setting", "reason"),
    [
        ({"auth_secret": ""}, "RW_AUTH_SECRET", "not set"),
        ({"auth_secret": "s3cr3t-but-short"}, "RW_AUTH_SECRET", "bytes; at least 32"),
        ({"auth_secret": "a" * 64}, "RW_AUTH_SECRET", "too few distinct"),
        ({"pii_hash_key": ""}, "RW_PII_HASH_KEY", "not set"),
        ({"pii_key": base64.b64encode(os.urandom(16)).decode()}, "RW_PII_KEY", "16 bytes"),
        ({"pii_key": "not base64 at all!"}, "RW_PII_KEY", "not base64"),
        ({"auth_previous_secrets": ["old"]}, "RW_AUTH_PREVIOUS_SECRETS[0]", "bytes"),
        ({"auth_algorithm": "RS256", "auth_public_key": None}, "RW_AUTH_PUBLIC_KEY", "not set"),
        ({"kafka_security_protocol": "PLAINTEXT"}, "RW_KAFKA_SECURITY_PROTOCOL", "anyone on the network"),
        ({"kafka_security_protocol": "SSL"}, "RW_KAFKA_SECURITY_PROTOCOL", "could publish events"),
        ({"kafka_sasl_password": None}, "RW_KAFKA_SASL_USERNAME", "needed for SASL"),
    ],
)
def test_each_weak_value_is_named(overrides: dict[str, object], setting: str, reason: str) -> None:
    problems = insecure_settings(_good(**overrides))
    assert len(problems) == 1 and problems[0].startswith(setting) and reason in problems[0], problems


def test_the_deploy_example_placeholders_are_refused() -> None:
    example = _env_example()
    settings = _good(
        auth_secret=example["RW_AUTH_SECRET"],
        pii_key=example["RW_PII_KEY"],
        pii_hash_key=example["RW_PII_HASH_KEY"],
        audit_key=example["RW_AUDIT_KEY"],
    )
    assert [p.split()[0] for p in insecure_settings(settings)] == [
        "RW_AUTH_SECRET",
        "RW_PII_KEY",
        "RW_PII_HASH_KEY",
        "RW_AUDIT_KEY",
    ]


def test_dev_accepts_the_defaults_and_prod_refuses_services_and_tokens() -> None:
    require_secure(CommonSettings(env="dev"), what="test")
    with pytest.raises(InsecureSettingsError, match="RW_AUTH_SECRET"):
        mint_token(sub="x", role="admin", settings=CommonSettings(env="prod"))
    from services.alerts.app import create_app
    from services.alerts.config import AlertsSettings

    with pytest.raises(InsecureSettingsError, match="the alerts service refuses"):
        create_app(AlertsSettings(env="prod"))


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RW_")}
    env.update(extra)
    return env


@pytest.mark.parametrize("argv", [["serve", "alerts", "--port", "1"], ["token", "--role", "admin"]])
def test_cli_exits_with_one_line_naming_the_setting(argv: list[str]) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "services.launcher.cli", *argv],
        env=_clean_env(RW_ENV="prod"),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert r.returncode == 2, r
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "RW_AUTH_SECRET" in lines[0] and "RW_PII_KEY" in lines[0], r.stderr


def test_cli_token_without_rw_env_is_production() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "services.launcher.cli", "token", "--role", "admin"],
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert r.returncode == 2 and "RW_ENV=prod" in r.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "services.launcher.cli", "token", "--role", "admin"],
        env=_clean_env(RW_ENV="dev"),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert ok.returncode == 0 and ok.stdout.count(".") == 2


def test_plaintext_kafka_is_accepted_only_on_a_network_declared_trusted() -> None:
    assert insecure_settings(_good(kafka_security_protocol="PLAINTEXT", kafka_allow_plaintext=True)) == []
