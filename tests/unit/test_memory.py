"""The malloc arena cap (services/common/memory.py) is taken by glibc, applied by every service app,
and leaves an operator's own MALLOC_ARENA_MAX alone."""

from __future__ import annotations

import platform

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
