"""What the customer card says for each screen-pop event (pure; the UI renders it as plain text)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from softphone.domain.app_events import (
    CustomerFound,
    CustomerLookupFailed,
    CustomerLookupStarted,
    CustomerMatch,
    CustomerNotFound,
)
from softphone.domain.messages import Event


class CardKind(enum.Enum):
    LOOKING_UP = "looking_up"
    FOUND = "found"
    PICK_ONE = "pick_one"
    NOT_FOUND = "not_found"
    WITHHELD = "withheld"
    FAILED = "failed"


@dataclass(frozen=True)
class Card:
    call_id: str
    kind: CardKind
    text: str
    matches: tuple[CustomerMatch, ...] = ()
    number_e164: str = ""


def card_for(event: Event) -> Card | None:
    """The card for a screen-pop event; None for any other event."""
    match event:
        case CustomerLookupStarted(call_id=call_id, number_e164=number):
            return Card(call_id, CardKind.LOOKING_UP, "looking up...", number_e164=number)
        case CustomerFound(call_id=call_id, matches=matches) if len(matches) > 1:
            return Card(call_id, CardKind.PICK_ONE, "several customers share this number - pick one", matches)
        case CustomerFound(call_id=call_id, matches=matches):
            return Card(call_id, CardKind.FOUND, matches[0].name if matches else "", matches)
        case CustomerNotFound(call_id=call_id, withheld=True):
            return Card(call_id, CardKind.WITHHELD, "number withheld")
        case CustomerNotFound(call_id=call_id, number_e164=number):
            return Card(call_id, CardKind.NOT_FOUND, "not found - create customer", number_e164=number)
        case CustomerLookupFailed(call_id=call_id, reason=reason):
            return Card(call_id, CardKind.FAILED, reason)
    return None
