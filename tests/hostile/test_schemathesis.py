"""Schemathesis against each service's OpenAPI, the service running as its own process on the real
PostgreSQL and broker: no 5xx and every documented response conforms to its schema.

Each operation is tried as a town officer (most routes) and as an admin (the admin routes), with
every phase (examples, coverage, fuzzing, stateful links). The seed changes: RW_FUZZ_SEED if set, in
CI one derived from the commit (each commit explores new cases, and a failure reproduces from the
commit alone), else a random one; it is printed with the command that reproduces a failure.
RW_FUZZ_EXAMPLES sets the examples per operation (`make test`: 10; `make fuzz`: 100).
A crash found here becomes a named regression test (tests/hostile/test_found_by_fuzzing.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fuzzing import fuzz_seed

CHECKS = "not_a_server_error,response_schema_conformance"
PHASES = os.environ.get("RW_FUZZ_PHASES", "examples,coverage,fuzzing,stateful")


SEED = fuzz_seed()


SERVICES = ["alerts", "households", "loans", "reports"]


@pytest.mark.parametrize("service", SERVICES)
def test_no_server_error_and_responses_conform(
    request: pytest.FixtureRequest, service: str, make_token: Any, tmp_path: Path
) -> None:
    """As a town officer (the admin's run is tests/hostile/test_schemathesis_admin.py: another file, so
    another xdist worker)."""
    fuzz(request, service, "town_officer", make_token, tmp_path)


def _operations_of(url: str, role: str) -> list[str]:
    """`--include-operation-id` for each operation `role` may call (its `x-roles`, or none: any caller)."""
    import httpx

    spec = httpx.get(f"{url}/openapi.json", timeout=30).json()
    ids = [
        op["operationId"]
        for ops in spec["paths"].values()
        for op in ops.values()
        if isinstance(op, dict) and "operationId" in op and role in op.get("x-roles", [role])
    ]
    assert ids, "no operation for the role"
    return [arg for op_id in ids for arg in ("--include-operation-id", op_id)]


def fuzz(request: pytest.FixtureRequest, service: str, role: str, make_token: Any, tmp_path: Path) -> None:
    proc = request.getfixturevalue(f"{service}_process")
    examples = os.environ.get("RW_FUZZ_EXAMPLES", "10")
    reproduce = f"RW_FUZZ_SEED={SEED} RW_FUZZ_EXAMPLES={examples} .venv/bin/pytest '{request.node.nodeid}'"
    print(f"schemathesis {service} as {role}: seed {SEED}, {examples} examples per operation ({reproduce})")
    request.node.user_properties.append(
        (
            "summary: fuzzing seeds",
            f"schemathesis {service} as {role}: seed {SEED}, {examples} examples ({reproduce})",
        )
    )
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
        str(SEED),
        "--phases",
        PHASES,
        "--generation-database",
        "none",
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
    if role == "admin":
        # the admin's run fuzzes what an admin may call (x-roles); the town officer's run has every operation
        cmd += _operations_of(proc.url, role)
    result = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=3000)
    out = result.stdout[-6000:] + result.stderr[-2000:]
    summary = [line for line in result.stdout.splitlines() if "passed" in line or "failed" in line]
    print(*summary[-3:], sep="\n")
    assert result.returncode == 0, f"reproduce with: {reproduce}\n{out}"
    assert "passed" in out.lower() or "operations" in out.lower(), out
