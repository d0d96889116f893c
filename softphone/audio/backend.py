"""The one interface between the SIP engine and whatever moves audio.

The SIP engine owns the pjsua2 Endpoint and calls an ``AudioBackend`` on the engine
thread only: ``start`` after ``libStart``, ``connect_call``/``disconnect_call`` when a
call's audio media becomes active or goes away (hold, end), ``set_call_muted`` to stop
the microphone reaching one call, ``play_tone`` for ringer/ringback/busy/call-waiting/
DTMF feedback, ``poll`` once per engine loop for housekeeping (hot-plug, meters), and
``stop`` before ``libDestroy`` (rule 6 of ARCHITECTURE.md: every port destroyed first).

Implementations: ``NullAudioBackend`` (no devices: calls still connect, silence both
ways), ``FileAudioBackend`` (a tone or WAV as microphone, WAV recordings as speaker;
tests, demo and the simulated customer), and the PortAudio bridge (issue 4). A pjsua2
build with native sound devices would be one more implementation.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, Protocol

from softphone.domain.messages import EngineCommand, Event

Publish = Callable[[Event], None]


class Tone(enum.Enum):
    RINGER = "ringer"  # incoming call: the ringer device (speakers), optionally the headset too
    RINGBACK = "ringback"  # outgoing call alerting with no early media
    BUSY = "busy"
    CALL_WAITING = "call_waiting"  # a second call rings while one is active: a beep in the headset
    DTMF = "dtmf"  # key feedback


class AudioBackend(Protocol):
    def start(self, endpoint: Any, publish: Publish) -> None:
        """Create ports and open devices; ``publish`` sends events to the app."""

    def connect_call(self, call_id: str, media: Any) -> None:
        """The call's ``pj.AudioMedia`` is active: wire microphone -> call -> speaker."""

    def disconnect_call(self, call_id: str, media_alive: bool = True) -> None:
        """Unwire the call (held, ended, media lost). Must be safe to call twice.

        ``media_alive=False``: the call's media is gone (call ended, stream removed). pjsua has
        already removed its conference port with every connection, so the backend must NOT call
        ``stopTransmit`` towards it: in pjmedia 2.15 such a queued disconnect runs after the port's
        removal and then cuts every connection of the source port (other calls included).
        """

    def set_call_muted(self, call_id: str, muted: bool) -> None:
        """Mute is enforced here: while muted nothing from the microphone reaches the call."""

    def play_tone(self, tone: Tone | None, digit: str = "") -> None:
        """Start a tone (None stops the current one). DTMF feedback plays ``digit`` once."""

    def handle(self, command: EngineCommand) -> bool:
        """Carry out an audio command (device choice, tests, volumes); False if not ours."""

    def poll(self) -> None:
        """Called on every engine loop iteration: keep it to microseconds."""

    def stop(self) -> None:
        """Destroy every pjsua2 object this backend holds (before libDestroy)."""


class NullAudioBackend:
    """No audio devices at all: calls connect and carry silence; nothing is captured."""

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        self.connected: set[str] = set()

    def start(self, endpoint: Any, publish: Publish) -> None:
        endpoint.audDevManager().setNullDev()

    def connect_call(self, call_id: str, media: Any) -> None:
        self.connected.add(call_id)

    def disconnect_call(self, call_id: str, media_alive: bool = True) -> None:
        self.connected.discard(call_id)

    def set_call_muted(self, call_id: str, muted: bool) -> None:
        pass

    def play_tone(self, tone: Tone | None, digit: str = "") -> None:
        pass

    def handle(self, command: EngineCommand) -> bool:
        return False

    def poll(self) -> None:
        pass

    def stop(self) -> None:
        self.connected.clear()
