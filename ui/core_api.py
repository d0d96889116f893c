"""What the desktop UI needs from the core: the contract the composition root implements.

The UI talks to the core only through this protocol:

- ``hub``: the app's ``EventHub``. The UI subscribes once (``ui.bridge.QtBridge``) with a
  ``deliver`` function that posts to the GUI thread; every engine and app event reaches it.
- ``send(command)``: engine commands (``Dial``, ``Answer``, ``Hold``...), app commands
  (``SaveDisposition``, ``SaveNote``) and the UI's own (``softphone.domain.ui_commands``).
  Must never block the GUI thread: queue it and return. Results come back as events
  (``CommandFailed`` when a command could not be carried out).
- quick reads: local (SQLite / in-memory settings), a few milliseconds at most, never the
  network. They return the frozen views of ``softphone.domain.views`` (pure, shared).
- ``save_account``/``remove_account``/``save_settings``: the core persists (the password
  goes to the keyring, never to the database), applies what it can without a restart
  (re-register with ``ConfigureAccount``, ``ApplyAudioDevices``...) and reports failures
  by raising ``CoreError`` with a message for the agent (e.g. no secure keyring).

Commands the UI sends: ``Dial`` (with its own ``call_id``: a consultation call is known before
the engine answers), ``Answer``, ``Reject`` (486), ``Hangup``, ``Hold``/``Resume``, ``Mute``,
``SendDtmf``, ``BlindTransfer``, ``AttendedTransfer``, ``Merge``, ``SaveDisposition``, ``SaveNote``,
and from ``softphone.domain.ui_commands``: ``SetAgentState``, ``SelectCustomer``,
``RetryCustomerLookup``, ``SetLevelMeters``, ``PlayTestTone`` (``ApplyAudioDevices`` is the core's
to send after ``save_settings``).

Events the UI renders: ``RegistrationChanged``, ``IncomingCallRang``, ``OutgoingCallStarted``,
``CallStateChanged``, ``CallAnswered``, ``CallHeld``/``CallResumed`` (``by_remote``), ``CallMuted``,
``CallEnded``, ``DtmfReceived``, ``TransferProgressed``, ``CallTransferredAway``, ``CallReplaced``,
``ConferenceChanged``, ``EngineStarted``/``EngineDied``/``EngineRestarted``/``EngineFailed``,
``CommandFailed``; ``DispositionSaved``, ``NoteSaved``, ``StoreFailed``, ``OutboxStatusChanged``,
``OutboxItemDeadLettered``, ``CustomerLookupStarted``/``CustomerFound``/``CustomerNotFound``/
``CustomerLookupFailed``, ``AgentStateChanged`` (``wrap_up_deadline`` sets the countdown);
``AudioLevels``, ``AudioTestFinished``, ``AudioDevicesChanged``.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from softphone.domain.hub import EventHub
from softphone.domain.messages import Command
from softphone.domain.values import AccountSettings, Secret
from softphone.domain.views import (
    AudioDevice,
    CallRecord,
    CustomerNote,
    DispositionOption,
    HistoryFilter,
    NotReadyReason,
    UiSettings,
)

__all__ = ["CoreApi", "CoreError"]


class CoreError(Exception):
    """A save the core refused; ``str(exc)`` is shown to the agent as plain text."""


@runtime_checkable
class CoreApi(Protocol):
    hub: EventHub

    def send(self, command: Command) -> None:
        """Queue a command for the engine or the app's workers; returns at once (any thread)."""

    # ---- quick reads ---------------------------------------------------------------------
    def recent_calls(self, query: str = "", kind: HistoryFilter = HistoryFilter.ALL,
                     limit: int = 200) -> list[CallRecord]:
        """Newest first, filtered as ``softphone.domain.views.history_matches`` describes."""
        ...

    def disposition_catalog(self) -> tuple[DispositionOption, ...]:
        """Dispositions the agent may pick at wrap-up (provisioned; cached locally)."""
        ...

    def not_ready_reasons(self) -> tuple[NotReadyReason, ...]:
        ...

    def wrap_up_seconds(self) -> int:
        """Wrap-up time after a call (0: no limit)."""
        ...

    def customer_notes(self, customer_id: str, limit: int = 50) -> list[CustomerNote]:
        """Newest first, local copy (saved notes show at once, before they sync)."""
        ...

    def accounts(self) -> tuple[AccountSettings, ...]:
        """Configured SIP accounts, ``password`` always None (it lives in the keyring)."""
        ...

    def audio_devices(self) -> tuple[AudioDevice, ...]:
        ...

    def settings(self) -> UiSettings:
        ...

    # ---- saves (local, quick; may raise CoreError) ---------------------------------------
    def save_account(self, settings: AccountSettings, password: Secret | None) -> None:
        """Add or replace an account; ``password`` None keeps the stored one. Re-registers."""
        ...

    def remove_account(self, account_id: str) -> None:
        """Unregister, forget the account and delete its keyring entry."""
        ...

    def save_settings(self, settings: UiSettings, server_password: Secret | None = None) -> None:
        """Persist and apply (audio devices, server login); ``server_password`` None keeps it."""
        ...
