"""The malloc arena cap (services/common/memory.py) is taken by glibc, applied by every service app,
and leaves an operator's own MALLOC_ARENA_MAX alone."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from services.common import app as app_module
from services.common import memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the cap is a glibc mallopt")
def test_glibc_takes_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert memory.cap_malloc_arenas() is True


def test_an_operators_own_setting_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert memory.cap_malloc_arenas() is False


def test_every_service_app_caps_the_arenas(monkeypatch: pytest.MonkeyPatch) -> None:
    from services.alerts.app import create_app

    calls: list[int] = []
    monkeypatch.setattr(app_module, "cap_malloc_arenas", lambda: calls.append(1) or True)
    create_app()
    assert calls == [1]


_FRAGMENTED = """
import os
from services.common.memory import trim_malloc

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

keep, junk = [], []
for i in range(50_000):  # 200 MB of 4 kB blocks, every 50th kept: the freed ones are holes, not the top
    (keep if i % 50 == 0 else junk).append(bytearray(4000))
del junk
before = rss()
took = trim_malloc()
print(before, rss(), took)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_a_trim_hands_freed_holes_back_to_the_kernel() -> None:
    """Freed memory between live blocks stays in the process until trimmed (what a 100,000-item feed
    and the relay's drained backlog leave behind: bench.rss_intake's resting size fell 235 → 180 MB)."""
    out = subprocess.run([sys.executable, "-c", _FRAGMENTED], capture_output=True, text=True, check=True)
    before, after, took = out.stdout.split()
    assert int(before) - int(after) > 100 * 2**20, out.stdout
    assert float(took) >= 0


def test_trim_after_waits_for_enough_work(monkeypatch: pytest.MonkeyPatch) -> None:
    trims: list[int] = []
    monkeypatch.setattr(memory, "trim_malloc", lambda: trims.append(1) or 0.0)
    assert memory.trim_after(9_999, 10_000) == 9_999
    assert trims == []
    assert memory.trim_after(10_000, 10_000) == 0
    assert trims == [1]
