"""Schemathesis as an admin (the admin routes), each service as its own process: see test_schemathesis.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.hostile.test_schemathesis import SERVICES, fuzz


@pytest.mark.parametrize("service", SERVICES)
def test_no_server_error_and_responses_conform_as_admin(
    request: pytest.FixtureRequest, service: str, make_token: Any, tmp_path: Path
) -> None:
    fuzz(request, service, "admin", make_token, tmp_path)
