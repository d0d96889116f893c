"""CustomerModel: the screen-pop card states (no Qt)."""

from __future__ import annotations

from softphone.domain.app_events import (
    CustomerFound,
    CustomerLookupFailed,
    CustomerLookupStarted,
    CustomerMatch,
    CustomerNotFound,
)
from ui.viewmodels.customer import CustomerModel, LookupStatus

A = CustomerMatch("a", "Alice")
B = CustomerMatch("b", "Bob", company="Acme")


def test_lookup_then_one_match() -> None:
    model = CustomerModel()
    assert model.apply(CustomerLookupStarted(call_id="c1", number_e164="+30210")) == "c1"
    card = model.get("c1")
    assert card is not None and card.status is LookupStatus.LOOKING_UP and card.number == "+30210"
    model.apply(CustomerFound(call_id="c1", matches=(A,)))
    card = model.get("c1")
    assert card is not None and card.status is LookupStatus.FOUND and card.selected == A and card.number == "+30210"


def test_several_matches_then_pick_one() -> None:
    model = CustomerModel()
    model.apply(CustomerFound(call_id="c1", matches=(A, B)))
    card = model.get("c1")
    assert card is not None and card.status is LookupStatus.CHOOSE and card.selected is None
    assert model.select("c1", "nobody") is None
    picked = model.select("c1", "b")
    assert picked is not None and picked.status is LookupStatus.FOUND and picked.selected == B


def test_not_found_withheld_failed_and_forget() -> None:
    model = CustomerModel()
    model.apply(CustomerNotFound(call_id="c1", number_e164="+1"))
    model.apply(CustomerNotFound(call_id="c2", withheld=True))
    model.apply(CustomerLookupFailed(call_id="c3", reason="timeout after 2 s"))
    model.apply(CustomerFound(call_id="c4", matches=()))
    statuses = {cid: card.status for cid, card in model.cards.items()}
    assert statuses == {"c1": LookupStatus.NOT_FOUND, "c2": LookupStatus.WITHHELD,
                        "c3": LookupStatus.UNREACHABLE, "c4": LookupStatus.NOT_FOUND}
    assert model.cards["c3"].reason == "timeout after 2 s"
    model.forget("c1")
    assert model.get("c1") is None
