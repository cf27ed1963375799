"""The S3 store signs its requests itself (AWS Signature Version 4, no SDK at run time): the signature
must equal botocore's for the same request and instant (botocore comes with moto, a test dependency)."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime
from unittest import mock

import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from services.common.filestore_s3 import EMPTY, sign_v4
from tests.fuzzing import fuzz_seed


@pytest.mark.parametrize("method", ["GET", "PUT", "HEAD"])
def test_the_signature_equals_botocores(method: str) -> None:
    seed = fuzz_seed("s3 signature")
    rng = random.Random(seed)
    body = rng.randbytes(rng.randrange(0, 300)) if method == "PUT" else b""
    digest = hashlib.sha256(body).hexdigest() if body else EMPTY
    url = f"http://127.0.0.1:9000/ruralwatch-evidence/evidence/{digest[:2]}/{digest[2:]}"
    now = datetime(2026, 12, 3, 9, rng.randrange(60), rng.randrange(60), tzinfo=UTC)
    ours = sign_v4(
        method=method,
        url=url,
        payload_hash=digest,
        access_key="AKIDTEST",
        secret_key=f"secret-{seed}",
        region="cn-central-1",
        now=now,
    )
    request = AWSRequest(method=method, url=url, data=body, headers={"x-amz-content-sha256": digest})
    with mock.patch("botocore.auth.get_current_datetime", return_value=now.replace(tzinfo=None)):
        S3SigV4Auth(Credentials("AKIDTEST", f"secret-{seed}"), "s3", "cn-central-1").add_auth(request)
    assert ours["authorization"] == request.headers["Authorization"], f"seed {seed}"
    assert ours["x-amz-date"] == request.headers["X-Amz-Date"]
