"""Capped exponential backoff with full jitter (AWS architecture blog's "full jitter"): the one
ceiling every retry loop uses (engine restarts, re-registration, the outbox's sync/backoff.py)."""

from __future__ import annotations

import random


def exponential_ceiling(attempt: int, base_s: float, cap_s: float) -> float:
    """``min(cap, base * 2**(attempt-1))`` for attempt >= 1 (the first retry is attempt 1); 0 before."""
    if attempt <= 0:
        return 0.0
    return min(cap_s, base_s * 2.0 ** min(attempt - 1, 62))


def backoff_floor_delay(attempt: int, base_s: float, cap_s: float, rng: random.Random | None = None) -> float:
    """Full jitter, but never below ``base_s`` (re-registration, engine restarts: no hammering)."""
    if attempt < 1:
        raise ValueError("attempt starts at 1")
    ceiling = exponential_ceiling(attempt, base_s, cap_s)
    return (rng or random).uniform(min(base_s, ceiling), ceiling)
