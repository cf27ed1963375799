"""One JSON error shape for every 4xx/5xx: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import structlog
from cryptography.exceptions import InvalidTag
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.common.db import is_transient_db_error
from services.common.redact import safe_error

log = structlog.get_logger(__name__)

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    503: "unavailable",
}


class ErrorInfo(BaseModel):
    code: str = Field(
        description="machine-readable: bad_request, unauthorized, forbidden, not_found, conflict, "
        "validation_failed, payload_too_large, rate_limited, …",
        examples=["validation_failed"],
    )
    message: str = Field(examples=["2 of 3 items are invalid"])
    details: list[Any] = Field(
        default_factory=list,
        description="every reason found, not only the first (a 422 from a request's shape: loc, field, msg, "
        "type; a refused item: its index and its errors)",
    )


class ErrorResponse(BaseModel):
    """The body of every 4xx and 5xx answer."""

    error: ErrorInfo


def _declared(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


# declared on every route of every service (`build_app`), so the documents show the real error body,
# not FastAPI's default validation shape
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _declared("Bad request: a header or parameter that cannot be read"),
    401: _declared("No token, or one that is expired, forged or for another audience"),
    403: _declared("The role or the village scope does not allow it"),
    404: _declared("Not found (or not in the caller's villages)"),
    409: _declared("Conflict: a state that does not allow the action, or a duplicate"),
    422: _declared("Invalid input, with every reason found"),
    429: _declared("Too many requests (exports, lookups, uploads are rate limited per user)"),
}


class APIError(Exception):
    """An error answered to the client with a status, a machine code and every detail found."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.headers = headers


def not_found(what: str) -> APIError:
    return APIError(404, "not_found", f"{what} not found")


def error_body(code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        details.append(
            {
                "loc": loc,
                "field": ".".join(loc[1:]) or loc[0] if loc else "",
                "msg": err.get("msg"),
                "type": err.get("type"),
            }
        )
    return details


class RejectNulCharacters:
    """ASGI middleware: a NUL character in the path or a query parameter is refused with 422 up front
    (PostgreSQL cannot store it in text, so it must never reach a query)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            details = []
            if "\x00" in scope.get("path", ""):
                details.append({"loc": ["path"], "field": "path", "msg": "contains a NUL character"})
            raw = scope.get("query_string", b"")
            if b"%00" in raw or b"\x00" in raw:
                for name, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
                    if "\x00" in name or "\x00" in value:
                        details.append(
                            {"loc": ["query", name], "field": name, "msg": "contains a NUL character"}
                        )
            if details:
                response = JSONResponse(
                    error_body("validation_failed", "the request is not valid", details), 422
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _sqlstate(exc: DBAPIError) -> str:
    orig = exc.orig
    return str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")


def install_error_handlers(app: FastAPI) -> None:
    """Make every error, including the framework's own, answer in the common shape."""
    app.add_middleware(RejectNulCharacters)

    @app.exception_handler(APIError)
    async def _api_error(_: Request, exc: APIError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.details), exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            error_body("validation_failed", "the request is not valid", _validation_details(exc)), 422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        return JSONResponse(
            error_body(code, str(exc.detail)), exc.status_code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(ConnectionError)
    @app.exception_handler(OSError)
    async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
        log.warning("dependency_unavailable", error=safe_error(exc))
        return JSONResponse(
            error_body("unavailable", "the database is not reachable; try again"),
            503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(DBAPIError)
    async def _dbapi(_: Request, exc: DBAPIError) -> JSONResponse:
        if is_transient_db_error(exc):  # a restart in progress (57P0x), a dropped connection
            return JSONResponse(
                error_body("unavailable", "the database connection was lost; try again"),
                503,
                headers={"Retry-After": "5"},
            )
        if _sqlstate(exc).startswith("22"):  # data exception: the client's value cannot be stored
            return JSONResponse(
                error_body(
                    "validation_failed",
                    "a value cannot be stored (a NUL character, or out of range)",
                    # PostgreSQL's reason without the value it quotes (`…: "<the value>"`)
                    [str(exc.orig).split("\n")[0].split(': "')[0][:300]],
                ),
                422,
            )
        log.exception("database_error", error=safe_error(exc))
        return JSONResponse(error_body("internal_error", "internal error"), 500)

    @app.exception_handler(InvalidTag)
    async def _pii_integrity(_: Request, exc: InvalidTag) -> JSONResponse:
        # an encrypted value that no key opens in its place: copied from another row, altered, or
        # written under a key that is no longer configured. Not the client's fault, and never shown.
        log.error("pii_integrity_failed", error=safe_error(exc))
        return JSONResponse(
            error_body(
                "integrity_error",
                "存储的个人信息未通过完整性校验（被移动、篡改或密钥已停用），已记录 / stored personal data failed its "
                "integrity check (moved, altered or under a retired key); this has been logged",
            ),
            500,
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", error=safe_error(exc))
        return JSONResponse(error_body("internal_error", "internal error"), 500)
