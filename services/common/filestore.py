"""Where uploaded evidence files (photos, scanned signed forms) are kept: a small interface, content
addressed (the SHA-256 of the bytes is the key, so a file stored twice is kept once and a stored file
cannot be swapped unnoticed), with a filesystem default. An S3-compatible store (filestore_s3) implements
the same two methods (put, get); a deployment chooses one with settings.

What a file is comes from its bytes, never its name: JPEG, PNG and PDF only, within a size cap.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from services.common.i18n import Text, t

MEDIA_TYPES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


def media_type_of(data: bytes) -> str | None:
    """JPEG, PNG or PDF by the file's first bytes; None for anything else."""
    return next((media for magic, media in MEDIA_TYPES if data.startswith(magic)), None)


def check_upload(data: bytes, max_bytes: int) -> tuple[str | None, list[Text]]:
    """The media type, or every reason the file is refused."""
    errors: list[Text] = []
    if not data:
        errors.append(t("the file is empty", "文件是空的"))
    if len(data) > max_bytes:
        errors.append(
            t(
                "the file is {n} bytes; at most {m} are taken",
                "文件大小{n}字节，超过上限{m}字节",
                n=len(data),
                m=max_bytes,
            )
        )
    media = media_type_of(data)
    if data and media is None:
        errors.append(
            t(
                "the file is not a JPEG, PNG or PDF (by its content, whatever its name)",
                "文件内容不是 JPEG、PNG 或 PDF（按文件内容判断，与文件名无关）",
            )
        )
    return media, errors


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileStore(Protocol):
    async def put(self, data: bytes) -> str: ...
    async def get(self, digest: str) -> bytes | None: ...


@dataclass(frozen=True)
class FilesystemStore:
    """Files under `root`, at `ab/cdef…` by their SHA-256; written to a temporary name, then renamed."""

    root: Path

    def _path(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / digest[:2] / digest[2:]

    async def put(self, data: bytes) -> str:
        return await asyncio.to_thread(self._put, data)

    async def get(self, digest: str) -> bytes | None:
        return await asyncio.to_thread(self._get, digest)

    def _put(self, data: bytes) -> str:
        digest = sha256(data)
        path = self._path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        return digest

    def _get(self, digest: str) -> bytes | None:
        try:
            data = self._path(digest).read_bytes()
        except (FileNotFoundError, ValueError):
            return None
        return data if sha256(data) == digest else None  # altered on disk: not served
