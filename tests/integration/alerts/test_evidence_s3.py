"""Issue 14, evidence files in an S3-compatible bucket: the store against a local S3 server (moto's, from
PyPI, in this process's threads), then the evidence API of the alerts service on it — the photo goes to the
bucket, comes back byte for byte within scope, and an object altered in the bucket is not served."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto.server import ThreadedMotoServer

from services.common.filestore import sha256
from services.common.filestore_s3 import S3Store
from tests.integration.alerts.test_api import VERIFY, _one_alert
from tests.integration.alerts.test_verification_form import _image


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def _store(endpoint: str, bucket: str) -> S3Store:
    return S3Store(endpoint=endpoint, bucket=bucket, access_key="rw-test", secret_key="rw-test-secret")


async def test_the_s3_store_keeps_files_by_content_and_refuses_altered_ones(s3_endpoint: str) -> None:
    store = _store(s3_endpoint, "rw-store-test")
    try:
        await store.create_bucket()
        await store.create_bucket()  # there already: fine
        photo = _image("JPEG", (10, 120, 200))
        digest = await store.put(photo)
        assert digest == sha256(photo) and await store.put(photo) == digest  # once per content
        assert await store.get(digest) == photo
        assert await store.get("0" * 64) is None and await store.get("../../etc/passwd") is None
        # someone with the bucket's keys swaps the object: the bytes no longer match their name
        swapped = await store._request("PUT", store._url(store._key(digest)), b"\xff\xd8\xff swapped")
        assert swapped.status_code == 200
        assert await store.get(digest) is None
    finally:
        await store.close()


async def test_the_evidence_api_on_an_s3_bucket(
    api: Any, alerts_app: Any, s3_endpoint: str, tmp_path: Path
) -> None:
    ctx = alerts_app[0].state.ctx
    settings = ctx.settings
    before = (
        settings.alerts_evidence_s3_endpoint,
        settings.alerts_evidence_s3_bucket,
        settings.alerts_evidence_dir,
    )
    settings.alerts_evidence_s3_endpoint, settings.alerts_evidence_s3_bucket = s3_endpoint, "rw-evidence-api"
    settings.alerts_evidence_dir = str(tmp_path / "local")  # must stay empty
    ctx.evidence_store = None
    check = _store(s3_endpoint, "rw-evidence-api")
    try:
        await check.create_bucket()
        alert = await _one_alert(api, n=73)
        aid = alert["id"]
        r = await api.post(
            f"/v1/alerts/{aid}/verification", headers=api.cadre1, json={**VERIFY, "finding": "risk"}
        )
        assert r.status_code == 200, r.text
        photo = _image("PNG", (0, 90, 40))
        up = await api.post(
            f"/v1/alerts/{aid}/evidence",
            headers=api.cadre1,
            data={"kind": "photo"},
            files={"file": ("院子.png", photo)},
        )
        assert up.status_code == 201, up.text
        digest = up.json()["sha256"]
        assert await check.get(digest) == photo  # in the bucket
        assert not (tmp_path / "local").exists()  # and not on the service's disk
        got = await api.get(f"/v1/alerts/{aid}/evidence/{digest}", headers=api.cadre1)
        assert got.status_code == 200 and got.content == photo and got.headers["content-type"] == "image/png"
        assert (await api.get(f"/v1/alerts/{aid}/evidence/{digest}", headers=api.cadre2)).status_code == 404
    finally:
        await check.close()
        if ctx.evidence_store is not None:
            await ctx.evidence_store.close()
        (
            settings.alerts_evidence_s3_endpoint,
            settings.alerts_evidence_s3_bucket,
            settings.alerts_evidence_dir,
        ) = before
        ctx.evidence_store = None
