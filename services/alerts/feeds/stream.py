"""A provincial batch read item by item, so memory stays flat in the batch's size (issue 15).

The body is spooled to a temporary file first (in memory up to `SPOOL_IN_MEMORY`, then on disk) and
before any transaction opens, so a slow link never holds one open. The fields other than `items` are
read and validated by a first scan (it stops at `items` when they all came first, as the province sends
them); then the items are parsed in chunks by ijson's C backend while the previous chunk is written.
A 100,000-item batch held ~1.3 GB as one parsed document, its models and every event at once.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import IO, Any

import ijson
import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from services.alerts.schemas import FeedIn

SPOOL_IN_MEMORY = 4 * 2**20
_HEADER = frozenset({"batch_id", "source", "issued_on"})
_SCALARS = frozenset({"string", "number", "boolean", "null"})
_MAX_ITEMS = 200_000  # FeedIn.items' bound, kept while streaming

# the request body as the OpenAPI document shows it: FeedIn, as when FastAPI parsed it
OPENAPI_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FeedIn"}}},
    }
}


def _invalid_json(error: Exception) -> RequestValidationError:
    # the shape FastAPI gives a body that is not JSON
    return RequestValidationError(
        [
            {
                "type": "json_invalid",
                "loc": ("body", 0),
                "msg": "JSON decode error",
                "input": {},
                "ctx": {"error": str(error)[:200]},
            }
        ]
    )


def _not_an_object() -> RequestValidationError:
    # the body is JSON but not an object: as FastAPI says it
    return RequestValidationError(
        [
            {
                "type": "model_attributes_type",
                "loc": ("body",),
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "input": None,
            }
        ]
    )


def _scan_header(events: Iterator[tuple[str, str, Any]], fields: dict[str, Any]) -> None:
    """Fill `fields` with the top-level members other than `items` (`items` itself as [] or, when it is
    not a list, as {} for FeedIn to name). Stops at `items` when every other field came before it."""
    key: str | None = None
    for prefix, event, value in events:
        if prefix == "":
            if event == "map_key":
                key = value
            elif event not in ("start_map", "end_map"):
                raise _not_an_object()
        elif key is not None and prefix == key:
            if key == "items":
                fields["items"] = [] if event == "start_array" else {}
                if event == "start_array" and fields.keys() >= _HEADER:
                    return  # everything else came first: the items are read once, later
            else:
                fields[key] = value if event in _SCALARS else {}  # not a scalar: FeedIn names it
            key = None


class FeedBody:
    """A spooled feed body: its header (a FeedIn with no items) and its items in chunks."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self._document: dict[str, Any] | None = None
        self.header = self._read_header()

    def _whole(self, error: Exception) -> dict[str, Any]:
        """The body parsed whole by the standard library, for what ijson's C parser refuses although it
        is JSON (an integer past 64 bits: the fuzzer's find); 422 when it is not JSON at all."""
        if self._document is None:
            self.file.seek(0)
            try:
                document = json.loads(self.file.read())
            except (ValueError, RecursionError) as exc:
                raise _invalid_json(error) from exc
            if not isinstance(document, dict):
                raise _not_an_object()
            self._document = document
        return self._document

    def _read_header(self) -> FeedIn:
        fields: dict[str, Any] = {}
        self.file.seek(0)
        try:
            _scan_header(ijson.parse(self.file, use_float=True), fields)
        except ijson.JSONError as exc:
            document = self._whole(exc)
            fields = {k: v for k, v in document.items() if k != "items"}
            if "items" in document:
                fields["items"] = [] if isinstance(document["items"], list) else {}
        try:
            return FeedIn.model_validate(fields)
        except ValidationError as exc:
            raise RequestValidationError(
                [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
            ) from exc

    def items(self) -> Iterator[Any]:
        if self._document is not None:
            yield from self._document.get("items", [])
            return
        self.file.seek(0)
        done = 0
        try:
            for item in ijson.items(self.file, "items.item", use_float=True):
                yield item
                done += 1
        except ijson.JSONError as exc:
            yield from self._whole(exc).get("items", [])[done:]

    def chunks(self, size: int) -> Iterator[list[Any]]:
        """The items, `size` at a time; a 422 past FeedIn's bound of 200,000."""
        items = self.items()
        total = 0
        while chunk := list(itertools.islice(items, size)):
            total += len(chunk)
            if total > _MAX_ITEMS:
                raise RequestValidationError(
                    [
                        {
                            "type": "too_long",
                            "loc": ("body", "items"),
                            "msg": f"List should have at most {_MAX_ITEMS} items after validation, not more",
                            "input": None,
                        }
                    ]
                )
            yield chunk

    def fingerprint(self) -> str:
        """`idempotency.request_fingerprint` of the batch as FastAPI parsed it, computed item by item."""
        h = self.header
        head = {"batch_id": h.batch_id, "issued_on": h.issued_on.isoformat()}
        try:
            digest = hashlib.sha256(orjson.dumps(head, option=orjson.OPT_SORT_KEYS)[:-1] + b',"items":[')
            for i, item in enumerate(self.items()):
                digest.update((b"," if i else b"") + orjson.dumps(item, option=orjson.OPT_SORT_KEYS))
            digest.update(b'],"source":' + orjson.dumps(h.source) + b"}")
            return digest.hexdigest()
        except TypeError:  # past 64-bit integers: the standard library's form, as request_fingerprint
            payload = {**head, "items": list(self.items()), "source": h.source}
            canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
            return hashlib.sha256(canonical).hexdigest()


@asynccontextmanager
async def feed_body(request: Request) -> AsyncIterator[FeedBody]:
    """Spool the request body, read its header (422 with FastAPI's reasons when it is not a batch)."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as file:
        async for chunk in request.stream():
            file.write(chunk)
        if file.tell() == 0:
            raise RequestValidationError(
                [{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}]
            )
        yield FeedBody(file)
