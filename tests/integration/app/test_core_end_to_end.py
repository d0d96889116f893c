"""A customer calls the agent; the agent answers, hangs up and saves a disposition; it reaches the
server exactly once with its interaction. Everything real: engine process, Kamailio, baresip,
SQLite store, outbox worker, the reference server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from softphone.app import Core, CoreOptions
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.app_events import DispositionSaved, OutboxStatusChanged
from softphone.domain.hub import EventRecorder
from softphone.domain.values import RegistrationState, Secret
from softphone.domain.views import UiSettings
from softphone.engine.config import AudioSpec
from softphone.secrets import MemoryKeyring
from tests.integration.server.live import LiveServer
from tests.integration.sip.conftest import account
from tests.support.baresip import Baresip
from tests.support.kamailio import Kamailio

pytestmark = pytest.mark.integration


def test_call_disposition_reaches_the_server(kamailio: Kamailio, customer: Baresip, server: LiveServer,
                                             memory_keyring: MemoryKeyring, home: Path) -> None:
    core = Core(CoreOptions(audio=AudioSpec(kind="file", tone_hz=1000.0))).start()
    events = EventRecorder()
    core.hub.subscribe(events)
    try:
        settings = account(kamailio)
        core.save_account(settings.__class__(**{**settings.__dict__, "password": None}), Secret("agent1pw"))
        events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED)
        core.save_settings(UiSettings(server_url=server.url, server_username="agent1"),
                           server_password=Secret(LiveServer.PASSWORD))
        events.wait_for(OutboxStatusChanged, timeout=15)
        assert core.disposition_catalog(), "no catalog from provisioning"
        code = core.disposition_catalog()[0].code

        customer.command("dial", f"sip:agent1@{kamailio.address}")
        rang = events.wait_for(ev.IncomingCallRang)
        core.send(c.Answer(call_id=rang.call_id))
        events.wait_for(ev.CallAnswered)
        time.sleep(0.5)
        customer.command("hangup")
        events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id)

        core.send(c.SaveDisposition(call_id=rang.call_id, code=code, notes="Καλημέρα: <b>not bold</b>"))
        saved = events.wait_for(DispositionSaved, lambda e: e.call_id == rang.call_id)
        assert saved.code == code
        events.wait_for(OutboxStatusChanged, lambda e: e.pending == 0 and e.last_success_at is not None,
                        timeout=20, after=events.mark() - 1)
        with server.client("agent1") as client:
            deadline = time.monotonic() + 10
            while True:
                rows = client.get("/api/v1/dispositions", params={"call_id": rang.call_id}).json()
                items = rows.get("items", rows) if isinstance(rows, dict) else rows
                if items or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            assert len(items) == 1, rows
            assert items[0]["notes"] == "Καλημέρα: <b>not bold</b>"
            interaction = client.get(f"/api/v1/interactions/{rang.call_id}")
            assert interaction.status_code == 200, interaction.text
            assert interaction.json()["direction"] == "inbound"
        history = core.recent_calls()
        assert history and history[0].call_id == rang.call_id
    finally:
        core.stop()
    assert "agent1pw" not in (home / "config" / "settings.json").read_text()


def test_engine_killed_mid_call_loses_no_note_or_disposition(kamailio: Kamailio, customer: Baresip,
                                                             server: LiveServer, memory_keyring: MemoryKeyring,
                                                             home: Path) -> None:
    import os
    import signal

    from softphone.domain.app_events import NoteSaved

    core = Core(CoreOptions(audio=AudioSpec(kind="file", tone_hz=1000.0))).start()
    events = EventRecorder()
    core.hub.subscribe(events)
    try:
        settings = account(kamailio, password=None)
        core.save_account(settings.__class__(**{**settings.__dict__, "password": None}), Secret("agent1pw"))
        events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED)
        core.save_settings(UiSettings(server_url=server.url, server_username="agent1"),
                           server_password=Secret(LiveServer.PASSWORD))
        customer.command("dial", f"sip:agent1@{kamailio.address}")
        rang = events.wait_for(ev.IncomingCallRang)
        core.send(c.Answer(call_id=rang.call_id))
        events.wait_for(ev.CallAnswered)
        core.send(c.SaveNote(customer_id="cust-1", text="typed during the call", call_id=rang.call_id))
        events.wait_for(NoteSaved)
        mark = events.mark()
        assert core.engine.pid is not None
        os.kill(core.engine.pid, signal.SIGKILL)
        events.wait_for(ev.EngineDied, after=mark)
        lost = events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id, after=mark)
        assert lost.reason.value == "engine_lost"
        core.send(c.SaveDisposition(call_id=rang.call_id, code=core.disposition_catalog()[0].code,
                                    notes="saved while the engine restarted"))
        events.wait_for(DispositionSaved, after=mark)
        events.wait_for(ev.EngineRestarted, after=mark, timeout=20)
        events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED, after=mark)
        events.wait_for(OutboxStatusChanged, lambda e: e.pending == 0 and e.last_success_at is not None,
                        after=mark, timeout=20)
        assert core.store.pending_outbox_count() == 0
        with server.client("agent1") as client:
            rows = client.get("/api/v1/dispositions", params={"call_id": rang.call_id}).json()
            items = rows.get("items", rows) if isinstance(rows, dict) else rows
            assert [i["notes"] for i in items] == ["saved while the engine restarted"]
    finally:
        core.stop()


def test_ui_audio_commands_reach_the_audio_vocabulary(memory_keyring: MemoryKeyring, home: Path) -> None:
    """The window's meter switch and device choice never come back as 'unknown command'."""
    from softphone.domain import ui_commands as uc
    from softphone.domain.events import CommandFailed

    core = Core(CoreOptions(audio=AudioSpec(kind="null"))).start()
    events = EventRecorder()
    core.hub.subscribe(events)
    try:
        events.wait_for(ev.EngineStarted)
        core.send(uc.SetLevelMeters(enabled=True))
        core.send(uc.ApplyAudioDevices(microphone="", speaker="", ringer=""))
        core.send(c.Ping(token=7))
        events.wait_for(ev.Pong, lambda e: e.token == 7)
        assert [f.command for f in events.of_type(CommandFailed)] in ([], ["SelectAudioDevices"])
        assert not any("SetLevelMeters" in f.reason for f in events.of_type(CommandFailed))
    finally:
        core.stop()
