"""An S3-compatible evidence store (MinIO, Ceph RGW, a county's object storage, AWS S3): the same content
addressing as the filesystem store, over plain HTTP with AWS Signature Version 4 — no SDK, so it runs on
an intranet with only this package's own dependencies.

Objects are kept at `<prefix><ab>/<cdef…>` by their SHA-256; a put of a file already there sends nothing
but a HEAD, and a get checks the bytes against their name, so an object altered in the bucket is not served.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import quote, urlsplit

import httpx

from services.common.filestore import sha256

EMPTY = hashlib.sha256(b"").hexdigest()


class StoreError(RuntimeError):
    """The object store answered something other than success or not-found."""


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def sign_v4(
    *,
    method: str,
    url: str,
    payload_hash: str,
    access_key: str,
    secret_key: str,
    region: str,
    now: datetime,
    service: str = "s3",
) -> dict[str, str]:
    """The headers that authenticate one request (AWS Signature Version 4, header form, no query string)."""
    parts = urlsplit(url)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    host = parts.netloc
    headers = {"host": host, "x-amz-content-sha256": payload_hash, "x-amz-date": amz_date}
    signed = ";".join(sorted(headers))
    canonical = "\n".join(
        [
            method,
            quote(parts.path or "/", safe="/-_.~"),
            parts.query,
            "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)),
            signed,
            payload_hash,
        ]
    )
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(_hmac(f"AWS4{secret_key}".encode(), day), region), service), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return {
        "x-amz-content-sha256": payload_hash,
        "x-amz-date": amz_date,
        "authorization": f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={signed}, "
        f"Signature={signature}",
    }


@dataclass
class S3Store:
    """Evidence files in one bucket of an S3-compatible service."""

    endpoint: str  # e.g. http://minio.county.local:9000
    bucket: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"
    prefix: str = "evidence/"
    addressing: Literal["path", "virtual"] = "path"
    timeout: float = 30.0
    _client: httpx.AsyncClient | None = field(default=None, repr=False)

    def _url(self, key: str = "") -> str:
        base = urlsplit(self.endpoint.rstrip("/"))
        if self.addressing == "virtual":
            return f"{base.scheme}://{self.bucket}.{base.netloc}/{key}"
        return f"{base.scheme}://{base.netloc}/{self.bucket}" + (f"/{key}" if key else "")

    def _key(self, digest: str) -> str:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError("not a SHA-256 hex digest")
        return f"{self.prefix}{digest[:2]}/{digest[2:]}"

    async def _request(self, method: str, url: str, body: bytes = b"") -> httpx.Response:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout)
        headers = sign_v4(
            method=method,
            url=url,
            payload_hash=hashlib.sha256(body).hexdigest() if body else EMPTY,
            access_key=self.access_key,
            secret_key=self.secret_key,
            region=self.region,
            now=datetime.now(UTC),
        )
        return await self._client.request(method, url, content=body or None, headers=headers)

    @staticmethod
    def _fail(what: str, r: httpx.Response) -> StoreError:
        return StoreError(f"object store {what}: HTTP {r.status_code} {r.text[:200]}")

    async def create_bucket(self) -> None:
        """Create the bucket (setup and tests); one that exists already is fine."""
        r = await self._request("PUT", self._url())
        if r.status_code not in (200, 409):
            raise self._fail("create bucket", r)

    async def put(self, data: bytes) -> str:
        digest = sha256(data)
        url = self._url(self._key(digest))
        head = await self._request("HEAD", url)
        if head.status_code == 200:
            return digest  # content-addressed: it is there already
        r = await self._request("PUT", url, data)
        if r.status_code != 200:
            raise self._fail("put", r)
        return digest

    async def get(self, digest: str) -> bytes | None:
        try:
            url = self._url(self._key(digest))
        except ValueError:
            return None
        r = await self._request("GET", url)
        if r.status_code == 404:
            return None
        if r.status_code != 200:
            raise self._fail("get", r)
        return r.content if sha256(r.content) == digest else None  # altered in the bucket: not served

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
