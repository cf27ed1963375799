"""Each module of the reports tests runs the town on a broker of its own: the reports count every
event on the topics, so the other tests' households, projects, loans and alerts must not be on them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services.launcher.devstack import Broker
from services.launcher.freeport import free_port


@pytest.fixture(scope="module")
def town_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A broker of this module's own (see the module docstring)."""
    broker = Broker(free_port())
    broker.start(tmp_path_factory.mktemp("tansu"))
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


@pytest.fixture
def alerts_settings(alerts_settings: Any, town_broker: str) -> Any:
    return alerts_settings.model_copy(update={"kafka_bootstrap": town_broker})


@pytest.fixture
def households_settings(households_settings: Any, town_broker: str) -> Any:
    return households_settings.model_copy(update={"kafka_bootstrap": town_broker})


@pytest.fixture
def loans_settings(loans_settings: Any, town_broker: str) -> Any:
    return loans_settings.model_copy(update={"kafka_bootstrap": town_broker})


@pytest.fixture
def reports_settings(reports_settings: Any, town_broker: str) -> Any:
    return reports_settings.model_copy(update={"kafka_bootstrap": town_broker})
