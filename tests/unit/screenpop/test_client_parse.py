"""The server's lookup answer is untrusted: parsed into plain-text CustomerMatch values."""

from __future__ import annotations

import pytest

from softphone.domain.app_events import CustomerMatch
from softphone.screenpop.client import BAD_ANSWER, LookupFailedError, parse_matches, summary_of


def test_lookup_answer_with_two_matches() -> None:
    payload = {"number_e164": "+302101234567", "matches": [
        {"customer_id": "C-1", "name": "Maria K.", "company": "ACME", "tier": "gold", "language": "el",
         "open_items": [{"id": "T-9", "title": "Router broken"}], "last_interactions": ["2026-11-01 call"],
         "notes": ["prefers mornings"]},
        {"customer_id": 7, "name": "Nikos\r\nK."},
        {"name": "no id: skipped"},
        "garbage",
    ]}
    matches = parse_matches(payload)
    assert matches == (
        CustomerMatch("C-1", "Maria K.", "ACME", "gold", "el",
                      "Open: T-9 - Router broken\nLast: 2026-11-01 call\nNote: prefers mornings"),
        CustomerMatch("7", "Nikos K."),
    )


def test_single_customer_object() -> None:
    assert parse_matches({"customer_id": "C-2", "name": "X"}) == (CustomerMatch("C-2", "X"),)


def test_empty_matches_is_not_found() -> None:
    assert parse_matches({"number_e164": "+1", "matches": []}) == ()


@pytest.mark.parametrize("payload", [None, [], "x", {"matches": "x"}, {"name": "no id"}])
def test_bad_answers(payload: object) -> None:
    with pytest.raises(LookupFailedError) as info:
        parse_matches(payload)
    assert info.value.reason == BAD_ANSWER


def test_summary_is_capped_and_plain() -> None:
    text = summary_of({"notes": ["x" * 500, "\x1b[31mred"] + ["n"] * 10})
    lines = text.splitlines()
    assert len(lines) == 5 and len(lines[0]) <= len("Note: ") + 160
    assert "\x1b" not in text
