"""Progress written to a log (not a terminal) is a line per tenth of the work, not a redraw per item."""

from __future__ import annotations

import time
from typing import Any

from services.common.progress import bar


def test_progress_into_a_log_is_a_line_per_tenth(capsys: Any) -> None:
    started = time.perf_counter()
    for done in range(1, 468):
        bar("verifications", done, 467, started)
    err = capsys.readouterr().err
    assert "\r" not in err
    lines = err.splitlines()
    assert 10 <= len(lines) <= 12, lines
    assert lines[-1].split()[-2] == "467/467"
