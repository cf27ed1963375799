"""glibc's malloc arenas capped at two per service process.

glibc gives each thread that meets contention an arena of its own, up to eight per core, and memory
freed in one is not returned to another: the intake's worker threads (services/alerts/intake_rows.py)
grew the alerts service by about 40 MB a 100,000-item feed until a third feed, and kept it. Measured
2026-12-03 with five such feeds in a row: peak RSS 179, 216, 251, 258, 258 MB by default, and 181, 209,
214, 215, 215 MB with two arenas, at the same speed (14.5 against 14.7 s for the fifth).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import time
from typing import Any

M_ARENA_MAX = -8  # <malloc.h>
ARENAS = 2


def cap_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap the arenas of this process (the ones not made yet); True when glibc took it. An operator's
    own MALLOC_ARENA_MAX (read by glibc at start) is left as it is; elsewhere than glibc, nothing."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    mallopt = _glibc_function("mallopt", (ctypes.c_int, ctypes.c_int))
    return mallopt is not None and bool(mallopt(M_ARENA_MAX, arenas))


@functools.cache
def _glibc_function(name: str, argtypes: tuple[Any, ...]) -> Any:
    """glibc's `name` with its argument types set (int result), looked up once; None without glibc."""
    try:
        function = getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = list(argtypes)
    function.restype = ctypes.c_int
    return function


def trim_malloc() -> float | None:
    """Hand the heap's free pages back to the kernel (glibc's `malloc_trim(0)`), after a burst of work
    whose memory is freed but would otherwise stay in the process: the next burst then starts from the
    resting size, not from the last one's peak. Returns the seconds it took, None where there is no glibc."""
    malloc_trim = _glibc_function("malloc_trim", (ctypes.c_size_t,))
    if malloc_trim is None:
        return None
    started = time.perf_counter()
    malloc_trim(0)
    return time.perf_counter() - started


def trim_after(work: int, threshold: int) -> int:
    """`trim_malloc` once `work` (items taken in, rows published since the last trim) reaches
    `threshold`; returns the work still counted: 0 after a trim, else `work`."""
    if work < threshold:
        return work
    trim_malloc()
    return 0
