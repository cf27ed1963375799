"""A service's heap is frozen once its lifespan has started (services/common/app.py)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator
from typing import Any

from services.common.app import _frozen_after_start


async def test_the_heap_is_frozen_after_start_up_and_thawed_at_shutdown() -> None:
    seen: dict[str, int] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        seen["during_start_up"] = gc.get_freeze_count()
        yield

    before = gc.get_freeze_count()
    async with _frozen_after_start(lifespan)(object()):  # type: ignore[arg-type]
        assert gc.get_freeze_count() > before
    assert seen["during_start_up"] == before
    assert gc.get_freeze_count() == 0
