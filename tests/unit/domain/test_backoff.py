from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from softphone.domain.backoff import backoff_floor_delay, exponential_ceiling


@given(st.integers(1, 200), st.floats(0.01, 10), st.floats(0.01, 600))
def test_delay_stays_between_the_base_and_the_capped_ceiling(attempt: int, base: float, cap: float) -> None:
    delay = backoff_floor_delay(attempt, base, cap, random.Random(attempt))
    assert min(base, cap) - 1e-9 <= delay <= min(cap, base * 2 ** (attempt - 1)) + 1e-9


def test_ceiling_doubles_until_the_cap() -> None:
    assert [exponential_ceiling(n, 1.0, 30.0) for n in range(0, 8)] == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert exponential_ceiling(10_000, 1.0, 30.0) == 30.0  # no overflow on a long outage


def test_jitter_spreads_retries_over_the_window() -> None:
    rng = random.Random(1)
    delays = [backoff_floor_delay(5, 1.0, 30.0, rng) for _ in range(400)]
    assert min(delays) < 4.0 and max(delays) > 14.0


def test_floor_variant_never_hammers() -> None:
    rng = random.Random(3)
    assert all(1.0 <= backoff_floor_delay(n, 1.0, 30.0, rng) <= 30.0 for n in range(1, 50))
    with pytest.raises(ValueError):
        backoff_floor_delay(0, 1.0, 2.0)
