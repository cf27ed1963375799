"""Issue 14: reminders that reach people. A loan due in 7 days gives exactly one text message, sent to a
local provider that speaks the `SendSms` RPC shape (signature checked), and one row on the village's
call list; a provider failure is retried; a resent event sends nothing new; an opt-out stops the
messages, never the call list; every send is on the loan's audit trail."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import SecretStr

from services.common.outbox_admin import resend
from services.launcher.freeport import free_port
from services.loans.sms import signature
from tests.conftest import wait_for
from tests.integration.loans.test_loans import _fetch, _loan
from tests.integration.loans.test_loans import api as api

SECRET = "local-provider-secret"
PHONE = "13812345678"


class LocalProvider:
    """An SMS provider on a local port: checks each request's signature, fails the first `fail` calls
    as a busy provider does (`isp.SYSTEM_ERROR`), accepts the rest."""

    def __init__(self, fail: int) -> None:
        self.fail = fail
        self.calls: list[dict[str, str]] = []
        self.accepted: list[dict[str, str]] = []
        self.app = FastAPI()
        self.app.post("/")(self.send_sms)

    async def send_sms(self, request: Request) -> JSONResponse:
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.calls.append(form)
        claimed = form.pop("Signature", "")
        if claimed != signature(form, SECRET) or form.get("Action") != "SendSms":
            return JSONResponse(
                {"Code": "SignatureDoesNotMatch", "Message": "bad signature"}, status_code=400
            )
        if len(self.calls) <= self.fail:
            return JSONResponse({"Code": "isp.SYSTEM_ERROR", "Message": "系统繁忙"})
        self.accepted.append(form)
        return JSONResponse({"Code": "OK", "Message": "OK", "BizId": f"biz-{len(self.accepted)}"})


@pytest.fixture
async def provider() -> AsyncIterator[tuple[LocalProvider, str]]:
    local = LocalProvider(fail=1)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(local.app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    await wait_for(lambda: _started(server), timeout=10, interval=0.05)
    try:
        yield local, f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        await task


async def _started(server: uvicorn.Server) -> bool:
    return bool(server.started)


async def _count(api: Any, sql: str, *args: Any) -> int:
    return int((await _fetch(api.db_url, sql, *args))[0][0])


async def test_a_due_loan_gets_one_message_one_call_row_retries_and_no_repeat(
    api: Any, loans_app: Any, provider: tuple[LocalProvider, str]
) -> None:
    local, url = provider
    settings = loans_app[0].state.ctx.settings
    settings.loans_sms_url = url
    settings.loans_sms_access_key_id = "LTAI-local"
    settings.loans_sms_access_key_secret = SecretStr(SECRET)
    settings.loans_sms_retry_seconds = 0.0
    api.set_today(date(2022, 3, 28))
    loan_id = await _loan(api, borrower_phone=PHONE)

    # 7 days before the 2022-03-20 settlement: one reminder → one message and one call-list row
    r = await api.post("/v1/admin/jobs/daily", headers=api.admin, params={"as_of": "2022-03-13"})
    assert r.json()["reminders_sent"] == 1

    async def listed() -> bool:
        return await _count(api, "SELECT count(*) FROM notifications WHERE loan_id = $1", loan_id) == 1

    await wait_for(listed, timeout=60)
    # the provider is busy the first time: retried, then delivered, once
    first = (await api.post("/v1/admin/sms/send", headers=api.admin)).json()
    assert first == {"sent": 0, "retry": 1, "failed": 0}
    second = (await api.post("/v1/admin/sms/send", headers=api.admin)).json()
    assert second == {"sent": 1, "retry": 0, "failed": 0}
    assert (await api.post("/v1/admin/sms/send", headers=api.admin)).json()["sent"] == 0
    assert len(local.calls) == 2 and len(local.accepted) == 1
    [sms] = local.accepted
    assert sms["PhoneNumbers"] == PHONE and sms["SignName"] == "乡村振兴办"
    params = json.loads(sms["TemplateParam"])
    assert params["due_on"] == "2022-03-20" and params["kind"] == "interest" and params["amount"]

    # the village's call list: its cadre sees the row (phone masked), another village's does not
    mine = (await api.get("/v1/call-list", headers=api.cadre1)).json()["items"]
    assert [(c["loan_id"], c["due_on"], c["phone"], c["sms_status"]) for c in mine] == [
        (loan_id, "2022-03-20", "138****5678", "sent")
    ]
    assert (await api.get("/v1/call-list", headers=api.cadre2)).json()["items"] == []
    outcome = {"outcome": "reached", "note": "户主已知晓", "called_on": "2022-03-14"}
    assert (
        await api.post(f"/v1/call-list/{mine[0]['id']}/outcome", headers=api.cadre2, json=outcome)
    ).status_code == 404
    assert (
        await api.post(f"/v1/call-list/{mine[0]['id']}/outcome", headers=api.cadre1, json=outcome)
    ).status_code == 204
    assert (await api.get("/v1/call-list", headers=api.cadre1)).json()["items"] == []  # open ones only

    # the broker gets every event again (an operator's `outbox resend`): nothing new is listed or sent
    assert await resend(loans_app[0].state.ctx.db, datetime(2000, 1, 1, tzinfo=UTC)) > 0
    # a later reminder of the same loan (same key, same partition) is handled after the resent ones
    api.set_today(date(2022, 3, 28))
    await api.post("/v1/admin/jobs/daily", headers=api.admin, params={"as_of": "2022-03-19"})

    async def second_listed() -> bool:
        return await _count(api, "SELECT count(*) FROM notifications WHERE loan_id = $1", loan_id) == 2

    await wait_for(second_listed, timeout=60)
    assert await _count(api, "SELECT count(*) FROM call_list WHERE loan_id = $1", loan_id) == 2

    # the borrower replies TD: the pending message is not sent; the call list keeps the reminder
    r = await api.put(f"/v1/loans/{loan_id}/sms-opt-out", headers=api.cadre1, json={"opt_out": True})
    assert r.status_code == 204
    assert (await api.post("/v1/admin/sms/send", headers=api.admin)).json()["sent"] == 0
    assert len(local.accepted) == 1
    statuses = await _fetch(
        api.db_url, "SELECT status FROM notifications WHERE loan_id = $1 ORDER BY created_at", loan_id
    )
    assert [s["status"] for s in statuses] == ["sent", "opted_out"]
    assert len((await api.get("/v1/call-list", headers=api.cadre1)).json()["items"]) == 1

    # every send and call is a sealed entry on the loan's trail
    actions = await _fetch(
        api.db_url, "SELECT action FROM audit_chain WHERE subject_id = $1 ORDER BY seq", loan_id
    )
    assert [a["action"] for a in actions if a["action"].startswith(("reminder", "sms"))] == [
        "reminder_sms_failed",
        "reminder_sms_sent",
        "reminder_called",
        "sms_opt_out",
    ]
