"""Backoff math, without IO: capped exponential ceilings, full jitter, Retry-After."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from softphone.sync.backoff import BackoffPolicy, exponential_ceiling, full_jitter, parse_retry_after, retry_delay

POLICY = BackoffPolicy(base_s=0.5, cap_s=60.0, max_retry_after_s=900.0)


@pytest.mark.parametrize(("attempt", "ceiling"), [(0, 0.0), (1, 0.5), (2, 1.0), (3, 2.0), (8, 60.0), (500, 60.0)])
def test_ceiling_doubles_then_stays_at_the_cap(attempt: int, ceiling: float) -> None:
    assert exponential_ceiling(attempt, POLICY) == ceiling


def test_full_jitter_spans_zero_to_the_ceiling() -> None:
    assert full_jitter(4, POLICY, rand=lambda: 0.0) == 0.0
    assert full_jitter(4, POLICY, rand=lambda: 0.999) == pytest.approx(4.0 * 0.999)
    assert full_jitter(100, POLICY, rand=lambda: 0.5) == 30.0


def test_full_jitter_with_the_real_random_source_stays_in_bounds() -> None:
    delays = [full_jitter(3, POLICY) for _ in range(2000)]
    assert all(0.0 <= d < 2.0 for d in delays)
    assert max(delays) > 1.5 and min(delays) < 0.5  # spread out, not a fixed delay


@pytest.mark.parametrize(("value", "seconds"), [("7", 7.0), (" 120 ", 120.0), ("0", 0.0), (None, None), ("", None),
                                                 ("soon", None), ("-3", None)])
def test_retry_after_delta_seconds(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=1_000_000.0) == seconds


def test_retry_after_http_date() -> None:
    now = 1_800_000_000.0
    assert parse_retry_after(formatdate(now + 30, usegmt=True), now) == pytest.approx(30.0)
    assert parse_retry_after(formatdate(now - 30, usegmt=True), now) == 0.0  # in the past: now


def test_retry_after_wins_over_jitter_but_is_bounded() -> None:
    assert retry_delay(1, 12.0, POLICY, rand=lambda: 0.9) == 12.0
    assert retry_delay(1, 86_400.0, POLICY) == 900.0
    assert retry_delay(3, None, POLICY, rand=lambda: 0.25) == 0.5
