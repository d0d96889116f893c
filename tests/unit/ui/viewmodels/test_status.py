"""StatusModel: registration, agent state, sync, engine health and alerts (no Qt)."""

from __future__ import annotations

from softphone.domain.app_events import AgentStateChanged, OutboxItemDeadLettered, OutboxStatusChanged, StoreFailed
from softphone.domain.events import CommandFailed, EngineDied, EngineRestarted, RegistrationChanged
from softphone.domain.ui_commands import AudioDevicesChanged
from softphone.domain.values import AgentState, RegistrationState
from ui.viewmodels.status import AlertKind, EngineHealth, StatusModel


def test_overall_registration_is_the_worst_account() -> None:
    model = StatusModel()
    assert model.overall_registration() is RegistrationState.UNREGISTERED
    model.apply(RegistrationChanged(account_id="a", state=RegistrationState.REGISTERED))
    assert model.overall_registration() is RegistrationState.REGISTERED
    model.apply(RegistrationChanged(account_id="b", state=RegistrationState.REGISTERING))
    assert model.overall_registration() is RegistrationState.REGISTERING
    model.apply(RegistrationChanged(account_id="b", state=RegistrationState.FAILED, code=401, reason="wrong password"))
    assert model.overall_registration() is RegistrationState.FAILED
    assert [a.kind for a in model.alerts] == [AlertKind.REGISTRATION_FAILED]
    model.apply(RegistrationChanged(account_id="b", state=RegistrationState.FAILED, code=401, reason="wrong password"))
    assert len(model.alerts) == 1  # a retry that fails again does not alert again


def test_agent_sync_engine_and_alerts() -> None:
    model = StatusModel()
    model.apply(AgentStateChanged(state=AgentState.NOT_READY, reason="Lunch"))
    assert (model.agent_state, model.agent_reason) == (AgentState.NOT_READY, "Lunch")
    model.apply(OutboxStatusChanged(pending=3, dead_letters=1, server_reachable=False, last_error="timeout"))
    assert model.sync.pending == 3 and model.sync.dead_letters == 1 and not model.sync.server_reachable
    model.apply(OutboxItemDeadLettered(item_id="i", kind="disposition", reason="unknown code", status_code=422))
    model.apply(StoreFailed(operation="save_note", reason="disk full"))
    model.apply(CommandFailed(command="Dial", reason="no account"))
    model.apply(EngineDied(exit_code=-11, reason="SIGSEGV"))
    assert model.engine is EngineHealth.RESTARTING
    model.apply(EngineRestarted(attempt=1))
    assert model.engine is EngineHealth.RUNNING
    model.apply(AudioDevicesChanged(devices=(), reason="headset unplugged"))
    assert not model.apply(AudioDevicesChanged(devices=()))
    kinds = [a.kind for a in model.alerts]
    assert kinds == [AlertKind.DEAD_LETTER, AlertKind.STORE_FAILED, AlertKind.COMMAND_FAILED,
                     AlertKind.ENGINE_DIED, AlertKind.ENGINE_RESTARTED, AlertKind.AUDIO_DEVICES]
    assert "422" in model.alerts[0].detail and "disk full" in model.alerts[1].detail
