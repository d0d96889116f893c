"""Best-effort real-time scheduling for the threads that carry audio.

The PortAudio callback threads and pjmedia's clock thread each run a little Python every
10-20 ms; on a loaded machine the scheduler may leave them waiting long enough to underrun.
Callbacks register their native thread id (``seen``: a set lookup); the engine thread then
asks the OS for round-robin real-time scheduling of each new one (``promote_new``). Linux
grants it to root, to users with an rtprio limit (audio group) or through rtkit; otherwise a
higher priority (negative nice) is tried, and failure is only logged. Windows (MMCSS) and
macOS give PortAudio's threads real-time priority themselves.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)


class ThreadRegistry:
    def __init__(self, rt_priority: int = 10) -> None:
        self.rt_priority = rt_priority
        self._seen: dict[int, str] = {}
        self._done: set[int] = set()
        self.result: dict[str, str] = {}  # role -> "realtime", "nice" or "normal"

    def seen(self, role: str) -> None:
        """From an audio thread: remember it (cheap after the first time)."""
        tid = threading.get_native_id()
        if tid not in self._seen:
            self._seen[tid] = role

    def promote_new(self) -> None:
        """From the engine thread: raise the priority of threads seen since the last call."""
        for tid, role in list(self._seen.items()):
            if tid in self._done:
                continue
            self._done.add(tid)
            self.result[role] = promote(tid, self.rt_priority)
            log.info("audio thread %s (%d): %s scheduling", role, tid, self.result[role])


def promote(tid: int, rt_priority: int = 10) -> str:
    if not sys.platform.startswith("linux"):
        return "normal"
    try:
        os.sched_setscheduler(tid, os.SCHED_RR, os.sched_param(rt_priority))
        return "realtime"
    except OSError:
        pass
    try:
        os.setpriority(os.PRIO_PROCESS, tid, -10)
        return "nice"
    except OSError:
        return "normal"
