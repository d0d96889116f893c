"""The composition root: builds the core, starts and stops its threads and the engine process.

``Core`` is what the desktop UI talks to (it implements ``ui.core_api.CoreApi`` without
importing ``ui``): an ``EventHub``, ``send(command)`` that never blocks, and quick local reads.

Threads and processes it owns:
- the media engine process (``EngineLink``: spawned, supervised, restarted);
- "app-commands": saves (dispositions, notes, settings) and server logins, off the GUI thread;
- "store": the call-log recorder (``CallLogRecorder``), "sync": the outbox worker.
Passwords and the server token come from the keyring (``softphone.secrets``), never files.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from softphone import paths, secrets, settings
from softphone.agent.workflow import AgentWorkflow, policy_from_provisioning
from softphone.domain import audio_messages as am
from softphone.domain import commands as c
from softphone.domain import ui_commands as uc
from softphone.domain.app_events import AgentStateChanged, OutboxStatusChanged, StoreFailed
from softphone.domain.events import CommandFailed, EngineStarted, RegistrationChanged
from softphone.domain.hub import EventHub, Worker
from softphone.domain.messages import Command, EngineCommand, Event
from softphone.domain.values import AccountSettings, AgentState, Direction, EndReason, Secret
from softphone.domain.views import (
    AudioDevice,
    AudioDeviceKind,
    CallRecord,
    CustomerNote,
    DispositionOption,
    HistoryFilter,
    NotReadyReason,
    UiSettings,
    history_matches,
)
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.engine.early import EarlyEngine
from softphone.engine.link import EngineLink
from softphone.provisioning import Provisioning, ServerError, fetch_provisioning, login
from softphone.settings import AppSettings
from softphone.store import CallLogRecorder, Store, StoreError

if TYPE_CHECKING:  # the server side (requests, phonenumbers...) loads when a server is configured
    from softphone.screenpop.service import ScreenPopService
    from softphone.supervise.service import MonitorService
    from softphone.sync import OutboxWorker

log = logging.getLogger(__name__)
PROVISIONING_KEY = "provisioning"


class CoreError(Exception):
    """A save the core refused; the message is for the agent (same contract as ui.core_api)."""


@dataclass
class CoreOptions:
    audio: AudioSpec = field(default_factory=AudioSpec)
    log_level: int = logging.WARNING
    pj_log_level: int | None = None  # PJSIP's own verbosity in the engine log (None: follows log_level)
    server_verify: bool | str = True  # a CA bundle path for a private CA; never False
    open_url: Callable[[str], object] | None = webbrowser.open  # the CRM page; None: never open one


class Core:
    def __init__(self, options: CoreOptions | None = None, *, early: EarlyEngine | None = None) -> None:
        """``early``: an engine already booting (``softphone.engine.early``), started before the
        app's heavy imports so that both happen at once; otherwise the core makes its own."""
        self.options = options or CoreOptions()
        self.hub = early.hub if early is not None else EventHub()
        self.hub.make_sticky(RegistrationChanged, key=lambda e: getattr(e, "account_id", ""))
        for state_event in (AgentStateChanged, OutboxStatusChanged, EngineStarted):
            self.hub.make_sticky(state_event)
        self.app_settings = settings.load()
        self.store = Store.open(hub=self.hub)
        self.recorder = CallLogRecorder(self.store, self.hub)
        self.commands = Worker("app-commands")
        self.engine = early.link if early is not None else EngineLink(self.hub.publish, EngineConfig(
            audio=self.options.audio, log_level=self.options.log_level, log_file=paths.log_dir() / "engine.log",
            pj_log_level=self.options.pj_log_level))
        cached = self.store.get_setting(PROVISIONING_KEY)
        self.provisioning = Provisioning.from_json(cached) if isinstance(cached, dict) else Provisioning()
        self._token: Secret | None = None
        self.sync: OutboxWorker | None = None
        self._devices: tuple[AudioDevice, ...] = ()
        self.agent = AgentWorkflow(self.hub, policy_from_provisioning(self.provisioning.raw), send=self.send)
        self.screenpop: ScreenPopService | None = None
        self.monitor: MonitorService | None = None
        self._accounts_configured = False
        if early is not None:  # register while the window is being built
            self._configure_accounts()
        self.hub.subscribe(self._translate_audio_event, types=(am.AudioDevicesChanged, am.AudioLevels))

    # ---- lifecycle ------------------------------------------------------------------------------
    def start(self) -> Core:
        self.agent.start()
        if self.engine.pid is None:
            self.engine.start(wait=False)  # the window paints while the engine boots
        self._configure_accounts()
        if self.app_settings.server_url:
            self.commands.submit(self._connect_server)
        self.agent.set_ready()
        return self

    def stop(self) -> None:
        if self.screenpop is not None:
            self.screenpop.stop()
        self.agent.stop()
        if self.sync is not None:
            self.sync.stop()
        self.engine.stop()
        self.commands.stop()
        self.recorder.stop() if hasattr(self.recorder, "stop") else None
        self.store.close()

    def _configure_accounts(self) -> None:
        """Once: as soon as an engine is booting (its link queues commands until it is up)."""
        if not self._accounts_configured:
            self._accounts_configured = True
            for account in self.app_settings.accounts:
                self._configure(account)

    def _configure(self, account: AccountSettings) -> None:
        try:
            password = secrets.load_password(account.account_id)
        except secrets.NoSecureStoreError as exc:
            self.hub.publish(CommandFailed(command="ConfigureAccount", reason=str(exc), account_id=account.account_id))
            password = None
        self.engine.send(c.ConfigureAccount(settings=dataclasses.replace(account, password=password)))

    def _connect_server(self) -> None:
        """Log in, fetch provisioning, start the outbox worker (app-commands thread).

        The server-side modules (requests, the screen pop's phone number metadata, the monitor and
        sync clients) are imported here, off the GUI thread: an app without a server never loads them."""
        from softphone.screenpop.client import LookupClient
        from softphone.screenpop.service import ScreenPopService
        from softphone.screenpop.settings import settings_from_provisioning
        from softphone.supervise.service import MonitorService
        from softphone.sync import OutboxWorker, SyncClient

        url, user = self.app_settings.server_url, self.app_settings.server_user
        try:
            password = secrets.load_password(f"server:{url}")
            if password is None:
                raise ServerError("no server password saved: open Settings and log in")
            self._token = login(url, user, password, self.options.server_verify)
            self.provisioning = fetch_provisioning(url, self._token, self.options.server_verify)
            self.store.set_setting(PROVISIONING_KEY, self.provisioning.raw)
        except (ServerError, secrets.NoSecureStoreError, StoreError) as exc:
            log.warning("server: %s", exc)
            self.hub.publish(CommandFailed(command="ConnectServer", reason=str(exc)))
        self.agent.set_policy(policy_from_provisioning(self.provisioning.raw))
        if self.screenpop is None:
            popper = settings_from_provisioning(self.provisioning.raw, api_base=url,
                                                verify_tls=self.options.server_verify)
            directory = LookupClient(url, token=lambda: self._token_text() or "", timeout_s=popper.timeout_s,
                                     verify=self.options.server_verify)
            self.screenpop = ScreenPopService(self.hub, popper, directory,
                                              open_url=self.options.open_url or (lambda _url: None))
            self.screenpop.start()
        if self.monitor is None:
            self.monitor = MonitorService(self.hub, send_engine=self.engine.send, worker=self.commands, base_url=url,
                                          token_provider=self._token_text, verify=self.options.server_verify)
        if self.app_settings.accounts:
            self.monitor.configure(self.provisioning.raw, account_id=self.app_settings.accounts[0].account_id)
        if self.sync is None:
            client = SyncClient(url, token_provider=self._token_text, verify=self.options.server_verify)
            self.sync = OutboxWorker(self.store, client, self.hub).start()
        else:
            self.sync.retry_now()

    def _token_text(self) -> str | None:
        return self._token.reveal() if self._token is not None else None

    # ---- commands (any thread; never blocks) ------------------------------------------------------
    def send(self, command: Command) -> None:
        if isinstance(command, c.SaveDisposition | c.SaveNote):
            self.commands.submit(lambda: self._save(command))
        elif isinstance(command, uc.SetAgentState):
            self.commands.submit(lambda: self._set_agent_state(command.state, command.reason_code))
        elif self.monitor is not None and self.monitor.accepts(command):
            self.monitor.submit(command)
        elif isinstance(command, uc.RetryCustomerLookup) and self.screenpop is not None:
            self.screenpop.lookup_again(command.call_id)
        elif isinstance(command, uc.SelectCustomer) and self.screenpop is not None:
            self.screenpop.dialing_customer(command.call_id, command.customer_id)
        elif isinstance(command, uc.SetLevelMeters):
            pass  # the audio bridge publishes its levels on its own (throttled); nothing to switch on
        elif isinstance(command, EngineCommand):
            self.engine.send(self._engine_command(command))
        else:
            self.hub.publish(CommandFailed(command=type(command).__name__, reason="not supported yet"))

    def _engine_command(self, command: EngineCommand) -> EngineCommand:
        """The UI's audio vocabulary -> the audio backend's."""
        if isinstance(command, uc.ApplyAudioDevices):
            def ref(device_id: str) -> am.DeviceRef | None:
                return am.DeviceRef(device_id) if device_id else None

            return am.SelectAudioDevices(mic=ref(command.microphone), speaker=ref(command.speaker),
                                         ringer=ref(command.ringer))
        if isinstance(command, uc.PlayTestTone):
            if command.kind is AudioDeviceKind.MICROPHONE:
                return am.StartMicTest()
            role = am.AudioRole.RINGER if command.kind is AudioDeviceKind.RINGER else am.AudioRole.SPEAKER
            return am.StartSpeakerTest(role=role)
        return command

    def _save(self, command: c.SaveDisposition | c.SaveNote) -> None:
        try:
            self.store.execute(command)  # publishes DispositionSaved / NoteSaved or StoreFailed
        except StoreError as exc:
            log.error("save failed: %s", exc)
        except Exception as exc:  # never lose the reason: the agent must know it was not saved
            self.hub.publish(StoreFailed(operation=type(command).__name__, reason=str(exc)))
        if self.sync is not None:
            self.sync.wake()

    def _set_agent_state(self, state: AgentState, reason: str) -> None:
        """The workflow publishes AgentStateChanged; the call-log recorder stores it (history + outbox)."""
        if state is AgentState.READY:
            self.agent.set_ready()
        elif state is AgentState.NOT_READY:
            self.agent.set_not_ready(reason)
        elif state is AgentState.OFFLINE:
            self.agent.set_offline()
        else:
            self.hub.publish(CommandFailed(command="SetAgentState", reason=f"{state.value} is set by calls"))

    def _translate_audio_event(self, event: Event) -> None:
        if isinstance(event, am.AudioDevicesChanged):
            self._devices = tuple(
                AudioDevice(device_id=d.id, name=d.name, is_input=d.kind is am.DeviceKind.INPUT,
                            is_output=d.kind is am.DeviceKind.OUTPUT, is_default=d.is_default)
                for d in event.devices)
            self.hub.publish(uc.AudioDevicesChanged(devices=self._devices))
        elif isinstance(event, am.AudioLevels):
            self.hub.publish(uc.AudioLevels(microphone=event.mic, speaker=event.speaker))

    # ---- quick reads ------------------------------------------------------------------------------
    def is_supervisor(self) -> bool:
        """Logged in with the supervisor role: the window shows the supervisor board."""
        return self.monitor is not None and self.monitor.console is not None

    def recent_calls(self, query: str = "", kind: HistoryFilter = HistoryFilter.ALL,
                     limit: int = 200) -> list[CallRecord]:
        records = []
        for entry in self.store.recent_calls(limit=limit * 2 if query else limit):
            try:
                reason: EndReason | None = EndReason(entry.end_reason) if entry.end_reason else None
            except ValueError:
                reason = None
            record = CallRecord(call_id=entry.call_id, direction=Direction(entry.direction),
                                remote_uri=entry.remote_number, display_name=entry.remote_name,
                                number=entry.remote_number, started_at=entry.offered_at,
                                duration_s=entry.duration_s, end_reason=reason)
            if history_matches(record, query, kind):
                records.append(record)
        return records[:limit]

    def disposition_catalog(self) -> tuple[DispositionOption, ...]:
        return self.provisioning.disposition_catalog

    def not_ready_reasons(self) -> tuple[NotReadyReason, ...]:
        return self.provisioning.not_ready_reasons

    def wrap_up_seconds(self) -> int:
        return self.provisioning.wrap_up_seconds

    def customer_notes(self, customer_id: str, limit: int = 50) -> list[CustomerNote]:
        notes = getattr(self.store, "customer_notes", None)
        return list(notes(customer_id, limit)) if callable(notes) else []

    def accounts(self) -> tuple[AccountSettings, ...]:
        return self.app_settings.accounts

    def audio_devices(self) -> tuple[AudioDevice, ...]:
        return self._devices

    def settings(self) -> UiSettings:
        s = self.app_settings
        return UiSettings(language=s.language or "en",
                          default_account_id=s.accounts[0].account_id if s.accounts else "",
                          microphone=s.microphone, speaker=s.speaker, ringer=s.ringer, server_url=s.server_url,
                          server_username=s.server_user, has_server_password=self._has_server_password(),
                          shortcuts=s.shortcuts or UiSettings().shortcuts)

    def _has_server_password(self) -> bool:
        try:
            return bool(self.app_settings.server_url) and secrets.load_password(
                f"server:{self.app_settings.server_url}") is not None
        except secrets.NoSecureStoreError:
            return False

    # ---- saves ------------------------------------------------------------------------------------
    def save_account(self, account: AccountSettings, password: Secret | None) -> None:
        try:
            if password is not None:
                secrets.save_password(account.account_id, password)
        except secrets.NoSecureStoreError as exc:
            raise CoreError(str(exc)) from exc
        clean = dataclasses.replace(account, password=None)
        others = tuple(a for a in self.app_settings.accounts if a.account_id != account.account_id)
        self._persist(dataclasses.replace(self.app_settings, accounts=(*others, clean)))
        self._configure(clean)

    def remove_account(self, account_id: str) -> None:
        accounts = tuple(a for a in self.app_settings.accounts if a.account_id != account_id)
        self._persist(dataclasses.replace(self.app_settings, accounts=accounts))
        self.engine.send(c.RemoveAccount(account_id=account_id))
        try:
            secrets.delete_password(account_id)
        except secrets.NoSecureStoreError as exc:
            raise CoreError(str(exc)) from exc

    def save_settings(self, ui: UiSettings, server_password: Secret | None = None) -> None:
        if server_password is not None and ui.server_url:
            try:
                secrets.save_password(f"server:{ui.server_url}", server_password)
            except secrets.NoSecureStoreError as exc:
                raise CoreError(str(exc)) from exc
        previous = self.app_settings
        updated = dataclasses.replace(previous, language=ui.language, microphone=ui.microphone, speaker=ui.speaker,
                                      ringer=ui.ringer, server_url=ui.server_url, server_user=ui.server_username,
                                      shortcuts=ui.shortcuts)
        self._persist(updated)
        if (ui.microphone, ui.speaker, ui.ringer) != (previous.microphone, previous.speaker, previous.ringer):
            self.send(uc.ApplyAudioDevices(microphone=ui.microphone, speaker=ui.speaker, ringer=ui.ringer))
        if ui.server_url and (server_password is not None or ui.server_url != previous.server_url):
            self.commands.submit(self._connect_server)

    def _persist(self, updated: AppSettings) -> None:
        try:
            settings.save(updated)
        except OSError as exc:
            raise CoreError(f"the settings could not be saved: {exc}") from exc
        self.app_settings = updated


def wait_until(predicate: Any, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
