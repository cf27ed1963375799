"""Schemathesis against each service's OpenAPI, the service running as its own process on the real
PostgreSQL and broker: no 5xx and every documented response conforms to its schema.

Each operation is tried as a town officer (most routes) and as an admin (the admin routes); the
number of examples per operation is RW_FUZZ_EXAMPLES (CI keeps it small, seeded, so a failure
reproduces).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from services.common.devstack import ROOT

CHECKS = "not_a_server_error,response_schema_conformance"


@pytest.mark.parametrize("service", ["alerts", "households", "loans", "reports"])
@pytest.mark.parametrize("role", ["town_officer", "admin"])
def test_no_server_error_and_responses_conform(
    request: pytest.FixtureRequest, service: str, role: str, make_token: Any, tmp_path: Path
) -> None:
    proc = request.getfixturevalue(f"{service}_process")
    examples = os.environ.get("RW_FUZZ_EXAMPLES", "12")
    junit = tmp_path / "junit.xml"
    cmd = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{proc.url}/openapi.json",
        "--checks",
        CHECKS,
        "--header",
        f"Authorization: Bearer {make_token(role)}",
        "--max-examples",
        examples,
        "--seed",
        "20221231",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(junit),
        "--exclude-path-regex",
        "^/(metrics|healthz|readyz)$|/stream$",
    ]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    out = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, out
    assert "passed" in out.lower() or "operations" in out.lower(), out
