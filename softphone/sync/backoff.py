"""Pure retry timing: capped exponential backoff with full jitter, and ``Retry-After``."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from softphone.domain import backoff


@dataclass(frozen=True)
class BackoffPolicy:
    base_s: float = 0.5  # the ceiling of the first retry's delay
    cap_s: float = 60.0  # no exponential delay is longer than this
    max_retry_after_s: float = 900.0  # a server asking for longer is asked again after this
    probe_interval_s: float = 2.0  # while the server is unreachable, check this often whether it is back


def exponential_ceiling(attempt: int, policy: BackoffPolicy) -> float:
    """``min(cap, base * 2**(attempt-1))`` for attempt >= 1 (the first retry is attempt 1)."""
    return backoff.exponential_ceiling(attempt, policy.base_s, policy.cap_s)


def full_jitter(attempt: int, policy: BackoffPolicy, rand: Callable[[], float] = random.random) -> float:
    """A delay drawn uniformly from [0, ceiling): clients that failed together retry apart."""
    return exponential_ceiling(attempt, policy) * rand()


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date); None if absent/invalid."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


def retry_delay(attempt: int, retry_after: float | None, policy: BackoffPolicy,
                rand: Callable[[], float] = random.random) -> float:
    """The wait before the next try: the server's ``Retry-After`` when given (bounded), else full jitter."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), policy.max_retry_after_s)
    return full_jitter(attempt, policy, rand)
