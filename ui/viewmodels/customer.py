"""Screen-pop: the customer card of each call (looking up / found / choose / not found / failed)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from softphone.domain.app_events import (
    CustomerFound,
    CustomerLookupFailed,
    CustomerLookupStarted,
    CustomerMatch,
    CustomerNotFound,
)
from softphone.domain.messages import Event


class LookupStatus(enum.Enum):
    LOOKING_UP = "looking_up"
    FOUND = "found"
    CHOOSE = "choose"  # several matches: the agent picks one
    NOT_FOUND = "not_found"
    WITHHELD = "withheld"  # caller withheld the number: nothing to look up
    UNREACHABLE = "unreachable"  # CRM/server did not answer in time


@dataclass(frozen=True)
class CustomerCardView:
    call_id: str
    status: LookupStatus
    number: str = ""
    matches: tuple[CustomerMatch, ...] = ()
    selected_id: str = ""
    reason: str = ""

    @property
    def selected(self) -> CustomerMatch | None:
        for match in self.matches:
            if match.customer_id == self.selected_id:
                return match
        return None


class CustomerModel:
    def __init__(self) -> None:
        self.cards: dict[str, CustomerCardView] = {}

    def get(self, call_id: str) -> CustomerCardView | None:
        return self.cards.get(call_id)

    def forget(self, call_id: str) -> None:
        self.cards.pop(call_id, None)

    def select(self, call_id: str, customer_id: str) -> CustomerCardView | None:
        card = self.cards.get(call_id)
        if card is None or all(m.customer_id != customer_id for m in card.matches):
            return None
        card = replace(card, status=LookupStatus.FOUND, selected_id=customer_id)
        self.cards[call_id] = card
        return card

    def apply(self, event: Event) -> str | None:
        """Returns the call id whose card changed."""
        if isinstance(event, CustomerLookupStarted):
            self.cards[event.call_id] = CustomerCardView(event.call_id, LookupStatus.LOOKING_UP,
                                                         event.number_e164)
            return event.call_id
        old = self.cards.get(getattr(event, "call_id", ""))
        number = old.number if old else ""
        if isinstance(event, CustomerFound):
            matches = event.matches
            if len(matches) == 1:
                card = CustomerCardView(event.call_id, LookupStatus.FOUND, number, matches, matches[0].customer_id)
            elif matches:
                card = CustomerCardView(event.call_id, LookupStatus.CHOOSE, number, matches)
            else:
                card = CustomerCardView(event.call_id, LookupStatus.NOT_FOUND, number)
        elif isinstance(event, CustomerNotFound):
            status = LookupStatus.WITHHELD if event.withheld else LookupStatus.NOT_FOUND
            card = CustomerCardView(event.call_id, status, event.number_e164 or number)
        elif isinstance(event, CustomerLookupFailed):
            card = CustomerCardView(event.call_id, LookupStatus.UNREACHABLE, number, reason=event.reason)
        else:
            return None
        self.cards[event.call_id] = card
        return event.call_id
