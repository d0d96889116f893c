"""Dial strings: paste cleanup and handed-over links (no Qt)."""

from __future__ import annotations

import pytest

from ui.viewmodels.dialing import clean_number, handoff_target, is_dialable


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("+30 210 123 4567", "+302101234567"),
        ("(210) 123-4567", "2101234567"),
        ("+30\u00a0210\u200b1234567\n", "+302101234567"),
        ("tel:+30-210-1234567;phone-context=example.com", "+302101234567"),
        ("1-800-FLOWERS", "18003569377"),
        ("\uff0b\uff13\uff10\uff12\uff11\uff10", "+30210"),  # fullwidth
        ("*72#", "*72#"),
        ("sip:bob@example.com", "sip:bob@example.com"),
        (" bob@example.com ", "sip:bob@example.com"),
        ("<sips:alice@host:5061>", "sips:alice@host:5061"),
        ("callto://+302101234567", "+302101234567"),
        ("12+34", "1234"),
        ("alice", "alice"),
        ("hello?", ""),
        ("*#", "*#"),
    ],
)
def test_clean_number(pasted: str, expected: str) -> None:
    assert clean_number(pasted) == expected


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("tel:+302101234567", "+302101234567"),
        ("sip:bob@host", "sip:bob@host"),
        ("SIP:bob@host", "SIP:bob@host"),
        ("callto:+302101234567", "+302101234567"),
        ("--verbose", None),
        ("http://evil.example", None),
        ("sip:", None),
    ],
)
def test_handoff_target(arg: str, expected: str | None) -> None:
    assert handoff_target(arg) == expected


def test_is_dialable() -> None:
    assert is_dialable("+302101234567") and is_dialable("sip:bob@host") and is_dialable("*")
    assert is_dialable("alice")
    assert not is_dialable("") and not is_dialable("+") and not is_dialable("a b")
