"""Status bar: registration, agent state with not-ready reasons, sync."""

from __future__ import annotations

from collections.abc import Callable

from softphone.domain.app_events import AgentStateChanged, OutboxStatusChanged
from softphone.domain.events import RegistrationChanged
from softphone.domain.ui_commands import SetAgentState
from softphone.domain.values import AgentState, RegistrationState
from ui.fake_core import FakeCore
from ui.main_window import MainWindow

Publish = Callable[..., None]


def test_availability_sends_set_agent_state_with_the_reason(window: MainWindow, core: FakeCore,
                                                            publish: Publish) -> None:
    bar = window.status_bar
    labels = [bar.availability.itemText(i) for i in range(bar.availability.count())]
    assert labels == ["Ready", "Not ready: Break", "Not ready: Lunch", "Not ready: Training"]
    bar.availability.activated.emit(2)
    assert core.sent[-1] == SetAgentState(state=AgentState.NOT_READY, reason_code="lunch")
    publish(AgentStateChanged(state=AgentState.NOT_READY, reason="Lunch"))
    assert bar.agent_state.text() == "Not ready: Lunch" and bar.agent_state.property("level") == "warn"
    bar.availability.activated.emit(0)
    assert core.sent[-1] == SetAgentState(state=AgentState.READY)


def test_registration_and_sync_texts(window: MainWindow, publish: Publish) -> None:
    bar = window.status_bar
    assert bar.registration.text() == "Not registered"
    publish(RegistrationChanged(account_id="main", state=RegistrationState.REGISTERING))
    assert bar.registration.text() == "Registering…"
    publish(RegistrationChanged(account_id="main", state=RegistrationState.REGISTERED))
    assert bar.registration.text() == "Registered" and bar.registration.property("level") == "ok"
    publish(OutboxStatusChanged(pending=2, dead_letters=0))
    assert bar.sync.text() == "Syncing 2…"
    publish(OutboxStatusChanged(pending=0, dead_letters=0))
    assert bar.sync.text() == "All saved and synced"


def test_not_ready_state_selects_its_reason(window: MainWindow, publish: Publish) -> None:
    publish(AgentStateChanged(state=AgentState.NOT_READY, reason="training"))
    assert window.status_bar.availability.currentText() == "Not ready: Training"
    publish(AgentStateChanged(state=AgentState.READY))
    assert window.status_bar.availability.currentText() == "Ready"


def test_retry_time_and_unreachable_server(window: MainWindow, publish: Publish) -> None:
    publish(RegistrationChanged(account_id="main", state=RegistrationState.FAILED, code=408,
                                reason="registrar unreachable", retry_in_s=29.6))
    assert window.status_bar.registration.text() == "Not registered: registrar unreachable (retry in 30 s)"
    publish(OutboxStatusChanged(pending=0, dead_letters=0, server_reachable=False))
    assert window.status_bar.sync.text() == "Server unreachable"
