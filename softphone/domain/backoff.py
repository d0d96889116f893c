"""Capped exponential backoff with full jitter (AWS architecture blog's "full jitter")."""

from __future__ import annotations

import random


def backoff_delay(
    attempt: int,
    base_s: float,
    cap_s: float,
    rng: random.Random | None = None,
    retry_after_s: float | None = None,
) -> float:
    """Seconds to wait before retry number ``attempt`` (1 = first retry).

    Full jitter: uniform in [0, min(cap, base * 2**(attempt-1))]. A server's
    ``Retry-After`` is honoured as a floor (never retry earlier than it asks), capped too.
    """
    if attempt < 1:
        raise ValueError("attempt starts at 1")
    ceiling = min(cap_s, base_s * (2 ** min(attempt - 1, 62)))
    delay = (rng or random).uniform(0.0, ceiling)
    if retry_after_s is not None:
        delay = max(delay, min(retry_after_s, cap_s))
    return delay


def backoff_floor_delay(attempt: int, base_s: float, cap_s: float, rng: random.Random | None = None) -> float:
    """Like ``backoff_delay`` but never below ``base_s`` (for re-registration: no hammering)."""
    ceiling = min(cap_s, base_s * (2 ** min(attempt - 1, 62)))
    return (rng or random).uniform(min(base_s, ceiling), ceiling)
