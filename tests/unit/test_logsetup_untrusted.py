"""Log lines carrying bytes from the network (PJSIP hands them over as str with lone surrogates,
the way SWIG decodes non-UTF-8) are written, never dropped with a logging error."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from softphone.logsetup import setup_logging

RAW = b"INVITE sip:a@b SIP/2.0\r\nFrom: \xc3\x28\xb3\xff <sip:x@y>\r\n".decode("utf-8", "surrogateescape")


def test_non_utf8_packet_text_reaches_the_log_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log_file = tmp_path / "engine.log"
    setup_logging(logging.DEBUG, log_file=log_file, console=False)
    try:
        logging.getLogger("pjsip").warning("Dropping packet: %s", RAW)
        logging.getLogger("pjsip").warning("next line")
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        setup_logging(logging.WARNING, console=False)
    text = log_file.read_text(encoding="utf-8")
    assert "Dropping packet: INVITE sip:a@b" in text and "next line" in text
    assert "Logging error" not in capsys.readouterr().err
