"""Failed-login throttling: after ``limit`` failures for one key (the username) within
``window_s``, logins for it answer 429 with Retry-After until the oldest failure leaves the
window. In-process: each server process counts on its own."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class LoginThrottle:
    def __init__(self, limit: int = 5, window_s: float = 300.0, now: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s = limit, window_s
        self._now = now
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        return failures

    def retry_after(self, *keys: str) -> int:
        """Seconds until a login for these keys is allowed again (0: now)."""
        now = self._now()
        with self._lock:
            waits = [self.window_s - (now - f[0]) for key in keys if len(f := self._recent(key, now)) >= self.limit]
        return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, *keys: str) -> None:
        now = self._now()
        with self._lock:
            if len(self._failures) > 100_000:  # bounded under a spray of usernames
                self._failures.clear()
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
