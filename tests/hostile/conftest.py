"""Print the fuzzing seed at the end of every run that fuzzed, so a CI log (pytest -q hides a passing
test's output) always says which cases this commit explored and how to repeat them."""

from __future__ import annotations

import os
import sys
from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    module = sys.modules.get("tests.hostile.test_schemathesis")
    if module is None or not getattr(module, "RUNS", None):
        return
    examples = os.environ.get("RW_FUZZ_EXAMPLES", "12")
    terminalreporter.write_line(
        f"schemathesis: seed {module.SEED}, {examples} examples per operation, {len(module.RUNS)} runs "
        f"({', '.join(module.RUNS)}); repeat with RW_FUZZ_SEED={module.SEED}"
    )
