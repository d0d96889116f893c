"""Screen-pop card states, as the screen-pop worker's events drive them."""

from __future__ import annotations

from collections.abc import Callable

from softphone.domain.app_events import (
    CustomerFound,
    CustomerLookupFailed,
    CustomerMatch,
    CustomerNotFound,
)
from softphone.domain.ui_commands import RetryCustomerLookup, SelectCustomer
from tests.unit.ui import scenarios as sc
from ui.fake_core import FakeCore
from ui.main_window import MainWindow

Publish = Callable[..., None]
OTHER = CustomerMatch("c-7", "Maria Papadopoulou", "Beta SA")


def test_looking_up_then_several_matches_then_pick(window: MainWindow, core: FakeCore, publish: Publish) -> None:
    publish(*sc.ringing())
    card = window.ringing.customer
    assert card.status.text() == "Looking up the caller…"
    publish(CustomerFound(call_id="c1", matches=(sc.MARIA, OTHER)))
    assert card.matches.isVisible() and card.matches.count() == 2
    assert card.matches.item(1).text() == "Maria Papadopoulou — Beta SA"
    card.matches.setCurrentRow(1)
    card.use_button.click()
    assert core.sent[-1] == SelectCustomer(call_id="c1", customer_id="c-7")
    assert card.name.text() == "Maria Papadopoulou" and card.details.text().startswith("Beta SA")
    assert window.notes.customer_id == "c-7"


def test_not_found_withheld_and_unreachable_with_retry(window: MainWindow, core: FakeCore, publish: Publish) -> None:
    card = window.ringing.customer
    publish(*sc.ringing(), CustomerNotFound(call_id="c1", number_e164="+302101234567"))
    assert card.status.text() == "No customer found for +302101234567."
    publish(CustomerNotFound(call_id="c1", withheld=True))
    assert card.status.text() == "The caller withheld the number."
    publish(CustomerLookupFailed(call_id="c1", reason="CRM timeout"))
    assert card.status.text() == "Customer records are unreachable: CRM timeout" and card.retry_button.isVisible()
    card.retry_button.click()
    assert core.sent[-1] == RetryCustomerLookup(call_id="c1")


def test_in_call_card_and_notes_follow_the_found_customer(window: MainWindow, publish: Publish) -> None:
    publish(*sc.ringing(), sc.found(), *sc.answered())
    assert window.customer.isVisible() and window.customer.name.text() == "Maria Papadopoulou"
    assert window.notes.customer_id == "c-42" and window.notes.add_button.isEnabled()
