"""Every error the services answer says what it means in Chinese as well as English.

The office's staff read Chinese; an integrator reads the English `message`. The error codes are found
by reading the source (every `APIError(…)`, `invalid(…)` and `error_body(…)` with a literal code, and
the framework statuses), so a new code without its Chinese text fails here."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import httpx
import pytest

from services.common.errors import _STATUS_CODES, MESSAGES_ZH, ErrorInfo

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _codes_in_source() -> dict[str, str]:
    """code → where it is first raised."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "services").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            candidates: list[ast.expr] = []
            if name == "APIError" and len(node.args) >= 2:
                candidates.append(node.args[1])
            elif name == "error_body" and node.args:
                candidates.append(node.args[0])
            candidates += [
                k.value for k in node.keywords if k.arg == "code" and name in {"APIError", "invalid"}
            ]
            for c in candidates:
                if isinstance(c, ast.Constant) and isinstance(c.value, str):
                    found.setdefault(c.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_error_code_raised_has_its_chinese_text() -> None:
    codes = _codes_in_source()
    assert len(codes) >= 15  # the scan reads the code base, not nothing
    codes.update({c: "services/common/errors.py (_STATUS_CODES)" for c in _STATUS_CODES.values()})
    missing = {c: where for c, where in codes.items() if c not in MESSAGES_ZH}
    assert not missing, f"error codes without a Chinese text in MESSAGES_ZH: {missing}"
    assert all(CJK.search(text) for text in MESSAGES_ZH.values())


def test_the_documents_declare_the_chinese_message() -> None:
    assert "message_zh" in ErrorInfo.model_json_schema()["required"]


@pytest.mark.parametrize("service", ["alerts", "households", "loans", "reports"])
async def test_a_framework_error_and_a_refused_token_answer_in_both_languages(service: str) -> None:
    app = importlib.import_module(f"services.{service}.app").create_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        missing = await client.get("/v1/no-such-thing")
        anonymous = await client.get(_a_protected_get(app.openapi()))
    assert missing.status_code == 404
    assert missing.json()["error"]["message_zh"] == MESSAGES_ZH["not_found"]
    assert anonymous.status_code == 401
    body = anonymous.json()["error"]
    assert body["code"] == "unauthorized" and body["message_zh"] == MESSAGES_ZH["unauthorized"]
    assert body["message"]  # and the English one


def _a_protected_get(doc: dict[str, object]) -> str:
    paths = doc["paths"]
    assert isinstance(paths, dict)
    for path, ops in paths.items():
        if path.startswith("/v1/") and "{" not in path and "get" in ops:
            return str(path)
    raise AssertionError("no GET route under /v1/")
