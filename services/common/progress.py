"""Progress for long CLI work (imports, demo seeds) on stderr.

On a terminal: one line redrawn in place. Anywhere else (a log file, CI, `make run > log`): a plain
line at each tenth of the work and at the end, so a log shows progress without a megabyte of
carriage returns.
"""

from __future__ import annotations

import sys
import time

_last_tenth: dict[str, int] = {}


def bar(label: str, done: int, total: int, started: float) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.perf_counter() - started, 1e-6)
    line = f"{label:<36} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:,.0f}/s)"
    if sys.stderr.isatty():
        sys.stderr.write("\r" + line + ("\n" if done >= total else ""))
    else:
        tenth = 10 if done >= total else int(10 * done / total) if total else 10
        if done <= 1 and tenth < 10:
            _last_tenth.pop(label, None)  # a new run of the same label
        if tenth == _last_tenth.get(label):
            return
        _last_tenth[label] = tenth
        sys.stderr.write(line + "\n")
    sys.stderr.flush()
