"""Issue 11: untrusted strings (HTML, right-to-left, control characters, 10,000 characters) from the
caller's INVITE and the CRM render literally everywhere and do not freeze the window."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from softphone.domain.app_events import CustomerFound, CustomerMatch
from tests.unit.ui import scenarios as sc
from ui.main_window import MainWindow

Publish = Callable[..., None]

NASTY = [
    "<b>Evil</b><img src=x><script>alert(1)</script>",
    # RLO/RLE overrides, Hebrew and Arabic
    "\u202eevil.exe\u202c \u202b\u05de\u05e0\u05d4\u05dc\u202c \u05e9\u05dc\u05d5\u05dd "
    "\u0645\u0631\u062d\u0628\u0627",
    "tab\there\nnew line\x00nul\x07bell\x1b[31mansi",
    "\u03a7" * 10_000,  # 10,000 Greek capital chi
    "<a href='http://phish.example'>click</a>" * 300,
]


@pytest.mark.parametrize("text", NASTY, ids=["html", "rtl", "control", "10k", "links"])
def test_untrusted_text_is_literal_and_cheap(window: MainWindow, publish: Publish, text: str,
                                           shoot: Callable[[QWidget, str], object]) -> None:
    started = time.perf_counter()
    match = CustomerMatch("x", text, company=text, summary=text)
    publish(*sc.ringing("c1", name=text, number="+302101234567"), CustomerFound(call_id="c1", matches=(match,)))
    publish(*sc.answered())
    QApplication.processEvents()
    window.grab()  # a full paint with the text in place
    elapsed = time.perf_counter() - started
    assert elapsed < 3.0, f"rendering took {elapsed:.1f} s"
    labels = [label for label in window.findChildren(QLabel) if label.text() and label.text()[:20] in text]
    assert labels, "the text is not shown anywhere"
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
        assert not label.openExternalLinks()
    assert window.cards["c1"].name.text().replace("\n", " ").startswith(text[:20].replace("\n", " ")) or \
        text[:20] in window.cards["c1"].name.text()
