"""Each service's table models describe exactly the schema its migrations build (alembic's own diff).

The models moved from SQLAlchemy declarative classes to SQLModel without a new migration; this is the
check that they still say the same thing, column for column, and that a future model change comes with
its migration."""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine

from services.common.db import PlatformBase

SERVICES = ["alerts", "households", "loans", "reports"]


def _diff(connection: Any, metadata: list[MetaData]) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [d for d in compare_metadata(context, metadata) if not _ignored(d)]


def _ignored(diff: Any) -> bool:
    # alembic's own version table is not a model
    return isinstance(diff, tuple) and diff[0] == "remove_table" and diff[1].name == "alembic_version"


@pytest.mark.parametrize("service", SERVICES)
def test_models_describe_the_migrated_schema(service: str, request: pytest.FixtureRequest) -> None:
    url: str = request.getfixturevalue(f"{service}_db")  # a database its migrations just built
    metadata = importlib.import_module(f"services.{service}.models").METADATA

    async def compare() -> list[Any]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(_diff, [*metadata, PlatformBase.metadata])
        finally:
            await engine.dispose()

    diff = asyncio.run(compare())
    assert diff == [], "\n".join(map(str, diff))
