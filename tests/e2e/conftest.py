"""Each e2e module runs its service processes on a broker of its own.

The processes' consumer groups are fresh and read their topics from the start; on the session broker
they first waded through every earlier test's events (tens of thousands from the integration tests),
so an e2e test passed or timed out depending on what ran before it. Here each module's broker holds
only that module's events (issue 13: no test reads another's events). PostgreSQL stays the session's.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from services.common.kafka import ensure_topics
from services.launcher.devstack import Broker, ServiceProcess, Stack
from services.launcher.freeport import free_port
from services.launcher.testing import KafkaReader, publisher


@pytest.fixture(scope="module")
def e2e_stack(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The session's stack with this module's own broker (`broker` is it: a test may stop and start it)."""
    broker = Broker(free_port())
    workdir = tmp_path_factory.mktemp("tansu-e2e")
    broker.start(workdir)
    try:
        asyncio.run(ensure_topics(broker.bootstrap))
        yield dataclasses.replace(
            stack, kafka_bootstrap=broker.bootstrap, broker=broker, services={}, workdir=workdir
        )
    finally:
        broker.stop()


def _process(stack: Stack, name: str) -> Iterator[ServiceProcess]:
    proc = stack.start_service(name)
    try:
        proc.wait_ready()
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def alerts_process(e2e_stack: Stack, clean_alerts: str) -> Iterator[ServiceProcess]:
    yield from _process(e2e_stack, "alerts")


@pytest.fixture
def households_process(e2e_stack: Stack, clean_households: str) -> Iterator[ServiceProcess]:
    yield from _process(e2e_stack, "households")


@pytest.fixture
def loans_process(e2e_stack: Stack, clean_loans: str) -> Iterator[ServiceProcess]:
    yield from _process(e2e_stack, "loans")


@pytest.fixture
def reports_process(e2e_stack: Stack, clean_reports: str) -> Iterator[ServiceProcess]:
    yield from _process(e2e_stack, "reports")


@pytest.fixture
def kafka_reader(e2e_stack: Stack) -> KafkaReader:
    return KafkaReader(e2e_stack.kafka_bootstrap)


@pytest.fixture
async def kafka_publish(e2e_stack: Stack) -> AsyncIterator[Any]:
    async with publisher(e2e_stack.kafka_bootstrap, client_id="tests-e2e") as publish:
        yield publish
