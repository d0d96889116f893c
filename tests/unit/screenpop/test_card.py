"""The card's words for each screen-pop event."""

from __future__ import annotations

from softphone.domain.app_events import (
    CustomerFound,
    CustomerLookupFailed,
    CustomerLookupStarted,
    CustomerMatch,
    CustomerNotFound,
    NoteSaved,
)
from softphone.screenpop.card import Card, CardKind, card_for

A, B = CustomerMatch("C-1", "Maria"), CustomerMatch("C-2", "Nikos")


def test_card_texts() -> None:
    assert card_for(CustomerLookupStarted(call_id="c", number_e164="+1")) == Card(
        "c", CardKind.LOOKING_UP, "looking up...", number_e164="+1")
    assert card_for(CustomerFound(call_id="c", matches=(A,))) == Card("c", CardKind.FOUND, "Maria", (A,))
    assert card_for(CustomerFound(call_id="c", matches=(A, B))) == Card(
        "c", CardKind.PICK_ONE, "several customers share this number - pick one", (A, B))
    assert card_for(CustomerNotFound(call_id="c", number_e164="+1")) == Card(
        "c", CardKind.NOT_FOUND, "not found - create customer", number_e164="+1")
    assert card_for(CustomerNotFound(call_id="c", withheld=True)).kind is CardKind.WITHHELD  # type: ignore[union-attr]
    assert card_for(CustomerLookupFailed(call_id="c", reason="server unreachable")) == Card(
        "c", CardKind.FAILED, "server unreachable")
    assert card_for(NoteSaved(note_id="n")) is None
