"""A JSON response rendered by orjson: the standard library's encoder was about 1 % of a workflow
transition's CPU in the service (bench/results/profile-server.txt)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse


class FastJSONResponse(JSONResponse):
    """Like JSONResponse (UTF-8, no spaces); what orjson refuses (an integer past 64 bits, a key that is
    not a string) is rendered by the standard library as before."""

    def render(self, content: Any) -> bytes:
        try:
            return orjson.dumps(content)
        except TypeError:
            return super().render(content)
