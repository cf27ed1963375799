"""One JSON error shape for every 4xx/5xx: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import asyncpg
import structlog
from cryptography.exceptions import InvalidTag
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.common.db import is_transient_db_error
from services.common.i18n import Language, LanguageMiddleware, Text, localise, parse_accept_language
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


# The office's staff read Chinese: every error carries `message_zh`, the meaning of its code in plain
# Chinese (the English `message` and the `details` say which value, which item, which rule). A test
# scans the code for every error code raised and requires its entry here.
MESSAGES_ZH: dict[str, str] = {
    "bad_request": "请求无法读取（请求头、参数或分页游标有误）",
    "unauthorized": "未登录，或令牌已过期、被篡改、不属于本系统",
    "forbidden": "无权操作：角色或所辖村的范围不允许",
    "not_found": "未找到（或不在您所辖的村内）",
    "method_not_allowed": "不支持此请求方法",
    "conflict": "与当前数据冲突",
    "invalid_state": "当前状态不允许此操作",
    "illegal_transition": "当前环节不允许此操作（预警处置流程）",
    "already_recorded": "该记录已登记，不能重复登记",
    "already_monitored": "该户已纳入监测，不能重复纳入",
    "step_refused": "监测程序的这一步现在不能办理",
    "elimination_refused": "尚不具备风险消除条件",
    "history_is_appended": "已有更晚生效的版本：历史记录只能追加，请以该日期或之后为生效日期",
    "not_eligible": "不符合小额信贷条件，申请未通过",
    "idempotency_key_reused": "同一个 Idempotency-Key 已用于另一笔不同的请求",
    "validation_failed": "填报内容不合规，请按明细逐项修改",
    "payload_too_large": "请求内容过大",
    "file_too_large": "文件超出大小或行数限制",
    "unreadable_file": "文件无法读取（请另存为 .xlsx 或 UTF-8/GBK 编码的 .csv）",
    "unsupported_media_type": "不支持的文件或内容类型",
    "rate_limited": "请求过于频繁，请稍后再试",
    "unavailable": "数据库暂时无法连接，请稍后重试",
    "integrity_error": "存储的个人信息未通过完整性校验（被移动、篡改或密钥已停用），已记录，请联系运维人员",
    "internal_error": "系统内部错误，已记录，请联系运维人员",
}
FALLBACK_ZH = "请求未能完成"


def message_zh(code: str) -> str:
    return MESSAGES_ZH.get(code, FALLBACK_ZH)


class ErrorInfo(BaseModel):
    code: str = Field(
        description="machine-readable: bad_request, unauthorized, forbidden, not_found, conflict, "
        "validation_failed, payload_too_large, rate_limited, …",
        examples=["validation_failed"],
    )
    message: str = Field(examples=["2 of 3 items are invalid"])
    message_zh: str = Field(
        description="what the code means, in Chinese, for the office's staff (中文说明)",
        examples=["填报内容不合规，请按明细逐项修改"],
    )
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
        message_zh: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.message_zh = message_zh
        self.details = details or []
        self.headers = headers


def not_found(what: str) -> APIError:
    return APIError(404, "not_found", f"{what} not found")


def error_body(
    code: str,
    message: str,
    details: list[Any] | None = None,
    zh: str | None = None,
    language: Language = "en",
) -> dict[str, Any]:
    """The error body in `language`: with `zh`, `message` and every reason in `details` are Chinese
    (reasons made with `i18n.t`; a reason that has no Chinese stays as it is). `message_zh` is there
    in both."""
    meaning = zh or (message.zh if isinstance(message, Text) else None) or message_zh(code)
    return {
        "error": {
            "code": code,
            "message": meaning if language == "zh" else str(message),
            "message_zh": meaning,
            "details": localise(details or [], language),
        }
    }


def request_language(request: Request) -> Language:
    return parse_accept_language(request.headers.get("accept-language"))


# pydantic's error types in Chinese (the English `msg` is pydantic's own)
VALIDATION_ZH: dict[str, str] = {
    "missing": "必填项缺失", "extra_forbidden": "不允许的字段", "string_type": "应为文本",
    "string_too_long": "内容过长", "string_too_short": "内容过短", "string_pattern_mismatch": "格式不符",
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "decimal_parsing": "应为数字", "decimal_type": "应为数字",
    "decimal_max_places": "小数位数过多", "decimal_max_digits": "数字位数过多",
    "greater_than": "数值过小", "greater_than_equal": "数值过小", "less_than": "数值过大",
    "less_than_equal": "数值过大", "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）", "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为日期时间", "uuid_parsing": "应为 UUID", "uuid_type": "应为 UUID",
    "enum": "不是允许的取值", "literal_error": "不是允许的取值", "bool_parsing": "应为是/否",
    "bool_type": "应为是/否", "list_type": "应为列表", "dict_type": "应为对象", "model_type": "应为对象",
    "too_long": "条目过多", "too_short": "条目过少", "json_invalid": "JSON 格式错误",
    "value_error": "取值不合规", "finite_number": "应为有限的数字", "missing_argument": "必填项缺失",
}  # fmt: skip


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        msg = str(err.get("msg"))
        zh = VALIDATION_ZH.get(str(err.get("type")))
        details.append(
            {
                "loc": loc,
                "field": ".".join(loc[1:]) or loc[0] if loc else "",
                "msg": Text(msg, zh) if zh else msg,
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


def _database_error(exc: Exception, sqlstate: str, reason: str) -> JSONResponse:
    if is_transient_db_error(exc):  # a restart in progress (57P0x), a dropped connection
        return JSONResponse(
            error_body("unavailable", "the database connection was lost; try again"),
            503,
            headers={"Retry-After": "5"},
        )
    if sqlstate.startswith("22"):  # data exception: the client's value cannot be stored
        return JSONResponse(
            error_body(
                "validation_failed",
                "a value cannot be stored (a NUL character, or out of range)",
                # PostgreSQL's reason without the value it quotes (`…: "<the value>"`)
                [reason.split("\n")[0].split(': "')[0][:300]],
            ),
            422,
        )
    log.exception("database_error", error=safe_error(exc))
    return JSONResponse(error_body("internal_error", "internal error"), 500)


def _sqlstate(exc: DBAPIError) -> str:
    orig = exc.orig
    return str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")


def install_error_handlers(app: FastAPI) -> None:
    """Make every error, including the framework's own, answer in the common shape."""
    app.add_middleware(RejectNulCharacters)
    app.add_middleware(LanguageMiddleware)

    @app.exception_handler(APIError)
    async def _api_error(request: Request, exc: APIError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, exc.details, exc.message_zh, request_language(request)),
            exc.status,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            error_body(
                "validation_failed",
                "the request is not valid",
                _validation_details(exc),
                language=request_language(request),
            ),
            422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        return JSONResponse(
            error_body(code, str(exc.detail), language=request_language(request)),
            exc.status_code,
            headers=getattr(exc, "headers", None),
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
        return _database_error(exc, _sqlstate(exc), str(exc.orig))

    # the same through the driver itself: hot paths send their statements straight to asyncpg
    # (services.common.db.driver_of), whose errors SQLAlchemy never wraps
    @app.exception_handler(asyncpg.PostgresError)
    async def _driver(_: Request, exc: asyncpg.PostgresError) -> JSONResponse:
        return _database_error(exc, str(getattr(exc, "sqlstate", "") or ""), str(exc))

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
