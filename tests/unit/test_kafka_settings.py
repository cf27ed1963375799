"""RW_KAFKA_FETCH_MAX_WAIT_MS reaches every consumer the services make (on Apache Kafka a long wait costs
no latency; on the embedded tansu it bounds it), and nonsense is refused before anything starts."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from services.common import settings as settings_module
from services.common.kafka import make_consumer
from services.common.settings import CommonSettings


@pytest.fixture
def fresh_settings() -> object:
    settings_module.get_settings.cache_clear()
    yield
    settings_module.get_settings.cache_clear()


def test_the_fetch_wait_setting_reaches_the_consumer(
    monkeypatch: pytest.MonkeyPatch, fresh_settings: object
) -> None:
    monkeypatch.setenv("RW_KAFKA_FETCH_MAX_WAIT_MS", "500")

    async def made() -> int:
        consumer = make_consumer("127.0.0.1:1", group_id="g")  # not started: nothing connects
        return int(consumer._fetch_max_wait_ms)

    assert asyncio.run(made()) == 500


def test_the_fetch_wait_default_and_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    assert CommonSettings().kafka_fetch_max_wait_ms == 50
    for bad in ("0", "-5", "20000", "soon"):
        monkeypatch.setenv("RW_KAFKA_FETCH_MAX_WAIT_MS", bad)
        with pytest.raises(ValidationError):
            CommonSettings()
