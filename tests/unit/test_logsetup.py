from __future__ import annotations

import logging
from pathlib import Path

from softphone.logsetup import redact, register_secret, setup_logging


def test_registered_secret_and_patterns_are_redacted() -> None:
    register_secret("Tr0ub4dor&3")
    line = ('REGISTER ... Authorization: Digest username="agent1", response="6629fae49393a05397450978507c4ef1" '
            "password=Tr0ub4dor&3 Bearer abc.def.ghi token: xyz")
    cleaned = redact(line)
    assert "Tr0ub4dor&3" not in cleaned
    assert "6629fae4" not in cleaned
    assert "abc.def.ghi" not in cleaned
    assert "xyz" not in cleaned
    assert 'username="agent1"' in cleaned


def test_log_file_never_contains_the_secret(tmp_path: Path) -> None:
    register_secret("pa55-word-123")
    log_file = tmp_path / "app.log"
    setup_logging(logging.DEBUG, log_file=log_file, console=False)
    logging.getLogger("pjsip").info("sending %s to %s", "pa55-word-123", "registrar")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text()
    assert "registrar" in text
    assert "pa55-word-123" not in text
    setup_logging(logging.WARNING, console=False)
