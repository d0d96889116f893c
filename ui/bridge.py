"""The Qt bridge: EventHub events (any thread) -> view models and signals on the GUI thread.

``QtBridge.attach()`` subscribes to the hub with a ``deliver`` function that posts each
task through a queued signal, so handlers always run on the thread the bridge lives in
(the GUI thread). Only there are view models updated and signals emitted; widgets connect
to the signals and never see another thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from softphone.domain.app_events import CustomerFound, DispositionSaved, NoteSaved
from softphone.domain.events import CallEnded, IncomingCallRang, OutgoingCallStarted
from softphone.domain.hub import EventHub, Subscription, Task
from softphone.domain.messages import Event
from softphone.domain.ui_commands import AudioDevicesChanged, AudioLevels, AudioTestFinished
from softphone.domain.values import Direction, EndReason

from ui.viewmodels.calls import CallsModel, display_name
from ui.viewmodels.customer import CustomerModel
from ui.viewmodels.status import StatusModel
from ui.viewmodels.wrapup import WrapUpModel

log = logging.getLogger(__name__)
# unanswered outgoing calls that end this way need no alert (the agent hung up, or it moved on)
QUIET_ENDS = frozenset({EndReason.HANGUP_LOCAL, EndReason.CANCELLED, EndReason.TRANSFERRED, EndReason.ENGINE_LOST})


class QtBridge(QObject):
    # emitted on the GUI thread only
    event_received = Signal(object)  # every event, after the models were updated
    calls_changed = Signal(object)  # set[str] of call ids (added, changed or removed)
    incoming_call = Signal(str)  # call id that started ringing
    status_changed = Signal()
    customer_changed = Signal(str)  # call id
    wrapup_changed = Signal()
    history_changed = Signal()
    notes_changed = Signal(str)  # customer id ("" when unknown)
    levels_changed = Signal(float, float)  # microphone, speaker 0..1
    audio_test_finished = Signal(object)  # AudioTestFinished
    audio_devices_changed = Signal(object)  # tuple[AudioDevice, ...]

    _post = Signal(object)

    def __init__(self, hub: EventHub, wrap_up_seconds: Callable[[], int] = lambda: 0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.wrap_up_seconds = wrap_up_seconds
        self.calls = CallsModel()
        self.status = StatusModel()
        self.customers = CustomerModel()
        self.wrapup = WrapUpModel()
        self.levels: tuple[float, float] = (0.0, 0.0)
        self._sub: Subscription | None = None
        # always queued: even an event published on the GUI thread is handled on a later loop pass
        self._post.connect(self._run, Qt.ConnectionType.QueuedConnection)

    # ---- hub side (any thread) --------------------------------------------------------------
    def deliver(self, task: Task) -> None:
        """The hub's ``deliver``: posts the task to the bridge's thread. Thread-safe, never blocks."""
        self._post.emit(task)

    def attach(self) -> None:
        if self._sub is None:
            self._sub = self.hub.subscribe(self.handle, deliver=self.deliver, name="qt-bridge")

    def detach(self) -> None:
        if self._sub is not None:
            self.hub.unsubscribe(self._sub)
            self._sub = None

    @Slot(object)
    def _run(self, task: Task) -> None:
        task()

    # ---- GUI thread ---------------------------------------------------------------------------
    def handle(self, event: Event) -> None:
        if isinstance(event, AudioLevels):  # the hot path: 20-50 a second
            self.levels = (event.microphone, event.speaker)
            self.levels_changed.emit(event.microphone, event.speaker)
            return
        changed = self.calls.apply(event)
        if changed:
            self._finish_ended_calls()
            self.calls_changed.emit(changed)
        if isinstance(event, IncomingCallRang):
            self.incoming_call.emit(event.call_id)
        if self.status.apply(event):
            self.status_changed.emit()
        call_id = self.customers.apply(event)
        if call_id is not None:
            if isinstance(event, CustomerFound) and len(event.matches) == 1:
                self.wrapup.set_customer(call_id, event.matches[0].customer_id)
            self.customer_changed.emit(call_id)
        if self.wrapup.apply(event):
            self.wrapup_changed.emit()
        if isinstance(event, CallEnded | OutgoingCallStarted | DispositionSaved):
            self.history_changed.emit()
        if isinstance(event, NoteSaved):
            self.notes_changed.emit(event.customer_id or "")
        if isinstance(event, AudioTestFinished):
            self.audio_test_finished.emit(event)
        if isinstance(event, AudioDevicesChanged):
            self.audio_devices_changed.emit(event.devices)
        self.event_received.emit(event)

    def _finish_ended_calls(self) -> None:
        """Answered calls that ended go to wrap-up; their customer card moves along with them."""
        started = False
        for ended in self.calls.take_ended():
            card = self.customers.get(ended.view.call_id)
            if ended.view.answered:
                seconds = self.wrap_up_seconds()
                deadline = time.time() + seconds if seconds > 0 else None
                customer = card.selected_id if card is not None else ""
                self.wrapup.start(ended.view.call_id, display_name(ended.view.remote), deadline, customer)
                started = True
            else:
                self.customers.forget(ended.view.call_id)
                if ended.view.direction is Direction.OUTBOUND and ended.reason not in QUIET_ENDS:
                    self.status.call_failed(display_name(ended.view.remote), ended.reason, ended.reason_text,
                                            time.time())
                    self.status_changed.emit()
        # an agent's day has hundreds of calls: keep screen-pop cards only for calls still on screen
        keep = set(self.calls.calls) | {w.call_id for w in self.wrapup.queue}
        for call_id in [c for c in self.customers.cards if c not in keep]:
            self.customers.forget(call_id)
        if started:
            self.wrapup_changed.emit()
