"""Text messages through a provider: the adapter speaks the RPC shape of the common Chinese SMS APIs
(Alibaba Cloud 短信服务 `SendSms`: form parameters, HMAC-SHA1 signature of the sorted, percent-encoded
query, a JSON answer with `Code`), so a county's contract with such a provider needs only settings.

`SmsResult.retriable` separates what waiting fixes (the network, HTTP 5xx, throttling, the provider's
system errors) from what it does not (an illegal number, a template the provider refuses).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import quote

import httpx

# the provider's codes that retrying later can fix (throttles and its own failures)
RETRIABLE_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "isp.SYSTEM_ERROR",
        "isp.RAM_PERMISSION_DENY",
        "Throttling.User",
        "ServiceUnavailable",
    }
)


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    code: str
    message: str = ""
    provider_id: str | None = None
    retriable: bool = False


class SmsSender(Protocol):
    async def send(self, *, phone: str, params: dict[str, str], out_id: str) -> SmsResult: ...


def _percent(value: str) -> str:
    """The provider's percent-encoding: RFC 3986 unreserved characters kept, `~` kept, space as %20."""
    return quote(value, safe="-_.~")


def signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    """HMAC-SHA1 over `METHOD&%2F&<encoded sorted query>`, keyed with `secret&` (signature version 1.0)."""
    canonical = "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{_percent('/')}&{_percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True)
class RpcSmsProvider:
    """`SendSms` over HTTP(S) at `endpoint` with an access key, a signature name (签名) and a template."""

    endpoint: str
    access_key_id: str
    access_key_secret: str
    sign_name: str
    template_code: str
    timeout: float = 10.0

    def request_params(self, *, phone: str, params: dict[str, str], out_id: str) -> dict[str, str]:
        query = {
            "Action": "SendSms",
            "Version": "2017-05-25",
            "Format": "JSON",
            "AccessKeyId": self.access_key_id,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0",
            "SignatureNonce": str(uuid.uuid4()),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "PhoneNumbers": phone,
            "SignName": self.sign_name,
            "TemplateCode": self.template_code,
            "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
            "OutId": out_id,  # ours: the provider's receipts and de-duplication name the notification
        }
        query["Signature"] = signature(query, self.access_key_secret)
        return query

    async def send(self, *, phone: str, params: dict[str, str], out_id: str) -> SmsResult:
        form = self.request_params(phone=phone, params=params, out_id=out_id)
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                r = await client.post(self.endpoint, data=form)
        except httpx.HTTPError as exc:
            return SmsResult(False, "network", type(exc).__name__, retriable=True)
        if r.status_code >= 500 or r.status_code == 429:
            return SmsResult(False, f"http_{r.status_code}", r.text[:200], retriable=True)
        try:
            body: dict[str, Any] = r.json()
        except ValueError:
            return SmsResult(False, f"http_{r.status_code}", "not JSON", retriable=r.status_code >= 500)
        code = str(body.get("Code", f"http_{r.status_code}"))
        if code == "OK":
            return SmsResult(True, code, str(body.get("Message", "")), provider_id=body.get("BizId"))
        return SmsResult(False, code, str(body.get("Message", ""))[:200], retriable=code in RETRIABLE_CODES)


def reminder_text(params: dict[str, str]) -> str:
    """What the borrower reads (the provider's template holds the same words; kept for the call list)."""
    kind = "利息" if params.get("kind") == "interest" else "本金"
    return (
        f"【小额信贷还款提醒】您的扶贫小额信贷{kind}{params['amount']}元将于{params['due_on']}到期，"
        "请按时还款。如有困难请联系村帮扶干部。回复TD退订"
    )
