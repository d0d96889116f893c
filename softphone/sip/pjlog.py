"""PJSIP's log, routed into Python logging (never raw stdout), secrets redacted there."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import sys
import tempfile
from collections.abc import Iterator

import pjsua2 as pj

log = logging.getLogger("pjsip")

_LEVELS = {0: logging.CRITICAL, 1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO}


class PjLogWriter(pj.LogWriter):
    """Called by PJSIP on any of its threads; ``logging`` is thread-safe."""

    def write(self, entry: pj.LogEntry) -> None:
        try:
            level = _LEVELS.get(entry.level, logging.DEBUG)
            if log.isEnabledFor(level):
                log.log(level, "%s", entry.msg.rstrip())
        except Exception:  # never let an exception into PJSIP
            pass


def pj_level_for(logger_level: int) -> int:
    """PJSIP verbosity matching the Python logger's level (5 = full SIP messages)."""
    if logger_level <= logging.DEBUG:
        return 5
    if logger_level <= logging.INFO:
        return 3
    return 2


def _flush_c_stdio() -> None:
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, TypeError, AttributeError):  # no C library handle (Windows): nothing buffered to lose
        pass


@contextlib.contextmanager
def stdout_into_log() -> Iterator[None]:
    """libCreate prints a few lines to the C stdout before the log config applies: catch them."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no stdout at all (frozen GUI app on Windows)
        yield
        return
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 1)
        try:
            yield
        finally:
            _flush_c_stdio()  # a buffered C stdout (a pipe, a frozen app) still holds pjlib's lines
            os.dup2(saved, 1)
            os.close(saved)
            capture.seek(0)
            for line in capture.read().decode("utf-8", "replace").splitlines():
                if line.strip():
                    log.debug("%s", line)
