"""Per-caller token buckets for file exports (CSV, XLSX, PDF, Markdown), ID-number lookups and file
uploads: a burst, then a steady rate; beyond it 429 with `Retry-After`. One bucket set per service instance (behind N instances the
town sees N times the rate; a gateway can add a global limit)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request

from services.common.auth import Principal
from services.common.errors import APIError


@dataclass
class TokenBuckets:
    per_minute: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # key → (tokens, at)

    def take(self, key: str) -> float | None:
        """Take one token for `key`; None when allowed, else the seconds until the next token."""
        now = self.clock()
        tokens, at = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.per_minute / 60.0)
        if tokens >= 1.0:
            self._buckets[key] = (tokens - 1.0, now)
            return None
        self._buckets[key] = (tokens, now)
        return (1.0 - tokens) * 60.0 / self.per_minute


# what each limited kind of request is called in the 429's text
KINDS = {
    "export": "exports",
    "lookup": "ID-number lookups",  # searches and applications that answer whether a number is known
    "upload": "file uploads",
}


def _limit(request: Request, principal: Principal, kind: str) -> None:
    buckets: TokenBuckets | None = getattr(request.app.state, f"{kind}_buckets", None)
    if buckets is None:
        return
    wait = buckets.take(principal.sub)
    if wait is not None:
        raise APIError(
            429,
            "rate_limited",
            f"too many {KINDS[kind]}; try again later",
            [f"at most {buckets.burst} {KINDS[kind]} at once and {buckets.per_minute:g} per minute per user"],
            headers={"Retry-After": str(math.ceil(wait))},
        )


def limit_export(request: Request, principal: Principal) -> None:
    """Count one file export against the caller; 429 when the caller is over the limit."""
    _limit(request, principal, "export")


def limit_lookup(request: Request, principal: Principal) -> None:
    """Count one ID-number lookup (an enumeration oracle if unlimited); 429 over the limit."""
    _limit(request, principal, "lookup")


def limit_upload(request: Request, principal: Principal) -> None:
    """Count one uploaded file (parsing costs CPU); 429 over the limit."""
    _limit(request, principal, "upload")
