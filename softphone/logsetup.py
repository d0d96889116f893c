"""One logging setup for the app and the engine process, with secrets redacted.

Every record passes ``RedactingFilter``: registered secrets (passwords, tokens) and
credential-looking patterns (digest responses, bearer tokens, ``password=``) are replaced
with ``***`` before any handler sees them, PJSIP's own log lines included.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

_secrets: set[str] = set()
_secrets_lock = threading.Lock()

_PATTERNS = [
    # SIP digest credentials: keep the header, hide response/nonce-derived values
    (re.compile(r'(\b(?:response|cnonce)\s*=\s*")[^"]*(")', re.IGNORECASE), r"\1***\2"),
    (re.compile(r"(\bBearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE), r"\1***"),
    (re.compile(r"(\b(?:password|passwd|pwd|token|secret)\s*[=:]\s*)([^\s,;&\"']+)", re.IGNORECASE), r"\1***"),
]


def register_secret(value: str) -> None:
    """Make sure ``value`` never appears in a log line."""
    if value and len(value) >= 3:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "***")
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True


_FORMAT = "%(asctime)s %(levelname)-7s %(processName)s/%(threadName)s %(name)s: %(message)s"


def setup_logging(level: int = logging.INFO, log_file: Path | None = None, console: bool = True) -> None:
    """Configure the root logger once per process (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_softphone", False):
            root.removeHandler(handler)
    handlers: list[logging.Handler] = []
    if console:
        handlers.append(logging.StreamHandler())
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(log_file, maxBytes=5_000_000, backupCount=3, encoding="utf-8",
                                                 # network bytes (PJSIP's packet dumps) are not always UTF-8
                                                 errors="backslashreplace")
        )
    for handler in handlers:
        handler._softphone = True  # type: ignore[attr-defined]
        handler.addFilter(RedactingFilter())
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    root.setLevel(level)
