"""The export token buckets (pure, with a fake clock)."""

from __future__ import annotations

from services.common.ratelimit import TokenBuckets


def test_burst_then_steady_rate_per_caller() -> None:
    now = [0.0]
    b = TokenBuckets(per_minute=6, burst=2, clock=lambda: now[0])
    assert b.take("a") is None and b.take("a") is None
    wait = b.take("a")
    assert wait is not None and 9.9 < wait <= 10.0  # one token every 10 s
    assert b.take("b") is None  # another caller has a bucket of their own
    now[0] = 10.0
    assert b.take("a") is None and b.take("a") is not None
    now[0] = 1000.0  # a long pause refills only up to the burst
    assert [b.take("a") is None for _ in range(3)] == [True, True, False]
