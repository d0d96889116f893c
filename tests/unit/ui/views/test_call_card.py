"""CallCard: every button sends the right command; the card changes only when events say so."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from softphone.domain.commands import (
    AttendedTransfer,
    BlindTransfer,
    Dial,
    Hangup,
    Hold,
    Merge,
    Mute,
    Resume,
    SendDtmf,
)
from softphone.domain.events import CallHeld, CallMuted, OutgoingCallStarted, TransferProgressed
from tests.unit.ui import scenarios as sc
from ui.fake_core import FakeCore
from ui.main_window import MainWindow

Publish = Callable[..., None]


def _in_call(publish: Publish, call_id: str = "c1") -> None:
    publish(*sc.ringing(call_id), *sc.answered(call_id))


def test_hold_mute_dtmf_and_hangup(qtbot: QtBot, window: MainWindow, core: FakeCore, publish: Publish) -> None:
    _in_call(publish)
    card = window.cards["c1"]
    qtbot.mouseClick(card.hold_button, Qt.MouseButton.LeftButton)
    assert core.sent[-1] == Hold(call_id="c1")
    assert not card.hold_button.isChecked()  # not held until the engine says so
    publish(CallHeld(call_id="c1"))
    assert card.hold_button.isChecked() and card.hold_button.text() == "Resume"
    qtbot.mouseClick(card.hold_button, Qt.MouseButton.LeftButton)
    assert core.sent[-1] == Resume(call_id="c1")
    qtbot.mouseClick(card.mute_button, Qt.MouseButton.LeftButton)
    assert core.sent[-1] == Mute(call_id="c1", muted=True)
    publish(CallMuted(call_id="c1", muted=True))
    assert card.muted_badge.isVisibleTo(card) and card.mute_button.text() == "Unmute"
    qtbot.mouseClick(card.keypad_button, Qt.MouseButton.LeftButton)
    assert card.keypad.isVisibleTo(card)
    for key in "5#":
        qtbot.mouseClick(card.dtmf_buttons[key], Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert core.sent[-2:] == [SendDtmf(call_id="c1", digits="5"), SendDtmf(call_id="c1", digits="#")]
    qtbot.mouseClick(card.hangup_button, Qt.MouseButton.LeftButton)
    assert core.sent[-1] == Hangup(call_id="c1")


def test_blind_transfer_cleans_the_target(qtbot: QtBot, window: MainWindow, core: FakeCore, publish: Publish) -> None:
    _in_call(publish)
    card = window.cards["c1"]
    qtbot.mouseClick(card.transfer_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card.blind_button, Qt.MouseButton.LeftButton)
    assert not core.sent_of(BlindTransfer) and "Enter a number" in card.transfer_status.text()
    qtbot.keyClicks(card.transfer_target, "+30 210 555-0000")
    qtbot.keyClick(card.transfer_target, Qt.Key.Key_Return)
    assert core.sent[-1] == BlindTransfer(call_id="c1", target="+302105550000")
    publish(TransferProgressed(call_id="c1", code=202, reason="Accepted"))
    assert card.transfer_status.text().startswith("Transferring")


def test_attended_transfer_and_merge(qtbot: QtBot, window: MainWindow, core: FakeCore, publish: Publish) -> None:
    _in_call(publish)
    card = window.cards["c1"]
    assert not card.merge_button.isEnabled() and not card.complete_button.isEnabled()
    qtbot.mouseClick(card.transfer_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(card.transfer_target, "sip:supervisor@pbx")
    qtbot.mouseClick(card.consult_button, Qt.MouseButton.LeftButton)
    hold, dial = core.sent[-2:]
    assert hold == Hold(call_id="c1")
    assert isinstance(dial, Dial) and dial.target == "sip:supervisor@pbx" and dial.account_id == "main"
    publish(OutgoingCallStarted(call_id=dial.call_id, account_id="main", remote=sc.remote("Supervisor", "200")),
            *sc.answered(dial.call_id)[:2])
    consult = window.cards[dial.call_id]
    assert consult.state.text().endswith("Consultation: In call")
    assert card.complete_button.isEnabled() and card.consult_pick.currentData() == dial.call_id
    qtbot.mouseClick(card.complete_button, Qt.MouseButton.LeftButton)
    assert core.sent[-1] == AttendedTransfer(call_id="c1", consult_call_id=dial.call_id)
    assert card.merge_button.isEnabled()
    qtbot.mouseClick(card.merge_button, Qt.MouseButton.LeftButton)
    assert core.sent[-1] == Merge(call_ids=("c1", dial.call_id))


def test_typing_digits_on_the_open_keypad_sends_dtmf(qtbot: QtBot, window: MainWindow, core: FakeCore,
                                                     publish: Publish) -> None:
    _in_call(publish)
    card = window.cards["c1"]
    qtbot.mouseClick(card.keypad_button, Qt.MouseButton.LeftButton)
    card.dtmf_buttons["1"].setFocus()  # type: ignore[attr-defined]
    window.activateWindow()
    qtbot.keyClicks(card.dtmf_buttons["1"], "7#")  # type: ignore[arg-type]
    assert core.sent[-2:] == [SendDtmf(call_id="c1", digits="7"), SendDtmf(call_id="c1", digits="#")]


def test_conference_members_can_be_split(qtbot: QtBot, window: MainWindow, core: FakeCore, publish: Publish) -> None:
    from softphone.domain.commands import Split
    from softphone.domain.events import ConferenceChanged

    _in_call(publish, "a")
    _in_call(publish, "b")
    publish(ConferenceChanged(call_ids=("a", "b")))
    card = window.cards["a"]
    assert card.merge_button.text() == "Split" and card.conference_badge.isVisibleTo(card)
    qtbot.mouseClick(card.merge_button, Qt.MouseButton.LeftButton)
    assert core.sent[-1] == Split(call_ids=("a", "b"))
    publish(ConferenceChanged(call_ids=()))
    assert card.merge_button.text() == "Merge"


def test_transfer_target_picker_offers_recent_calls(window: MainWindow, core: FakeCore, publish: Publish) -> None:
    from dataclasses import replace

    core.history.append(replace(core.history[0], call_id="h9", display_name="R&D <desk>", number="+302109999999"))
    _in_call(publish)
    card = window.cards["c1"]
    card.transfer_button.click()
    card.pick_menu.aboutToShow.emit()
    labels = [a.text() for a in card.pick_menu.actions()]
    assert labels[0] == "Maria Papadopoulou — +302101234567"
    assert "R&&D <desk> — +302109999999" in labels  # shows "R&D <desk>" literally
    card.pick_menu.actions()[1].trigger()
    assert card.transfer_target.text() == "+302107654321"
    card.blind_button.click()
    assert core.sent[-1] == BlindTransfer(call_id="c1", target="+302107654321")
