from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from softphone.domain.backoff import backoff_delay, backoff_floor_delay


@given(st.integers(1, 200), st.floats(0.01, 10), st.floats(0.01, 600))
def test_full_jitter_stays_within_the_capped_ceiling(attempt: int, base: float, cap: float) -> None:
    delay = backoff_delay(attempt, base, cap, random.Random(attempt))
    assert 0 <= delay <= min(cap, base * 2 ** (attempt - 1)) + 1e-9


def test_ceiling_doubles_until_the_cap() -> None:
    rng = random.Random(1)
    maxima = [max(backoff_delay(n, 1.0, 30.0, rng) for _ in range(400)) for n in range(1, 8)]
    assert maxima[0] <= 1.0 and 1.0 < maxima[1] <= 2.0 and 2.0 < maxima[2] <= 4.0
    assert all(m <= 30.0 for m in maxima) and maxima[-1] > 16.0


def test_retry_after_is_a_floor_but_capped() -> None:
    assert backoff_delay(1, 1.0, 60.0, random.Random(0), retry_after_s=20) >= 20
    assert backoff_delay(1, 1.0, 60.0, random.Random(0), retry_after_s=3600) <= 60


def test_floor_variant_never_hammers() -> None:
    rng = random.Random(3)
    assert all(1.0 <= backoff_floor_delay(n, 1.0, 30.0, rng) <= 30.0 for n in range(1, 50))
    with pytest.raises(ValueError):
        backoff_delay(0, 1.0, 2.0)
