"""FastJSONResponse renders what JSONResponse renders, and falls back where orjson cannot."""

from __future__ import annotations

import json

from fastapi.responses import JSONResponse

from services.common.responses import FastJSONResponse


def test_same_bytes_as_the_standard_response_for_api_bodies() -> None:
    body = {"status": "pending_town", "名称": "石桥村", "n": [1, 2.5, None, True], "nested": {"a": "乙"}}
    assert FastJSONResponse(body).body == JSONResponse(body).body


def test_an_integer_past_64_bits_falls_back_to_the_standard_library() -> None:
    body = {"n": 2**70}
    rendered = FastJSONResponse(body).body
    assert json.loads(rendered) == body
    assert rendered == JSONResponse(body).body
