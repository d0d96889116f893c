"""Where the agent's microphone and ear are in the conference bridge, whatever the audio backend.

The monitor bridge needs two ports the ``AudioBackend`` interface does not expose: the
microphone (a source: ``MIC -> S``) and the agent's ear (a sink: ``S -> EAR`` for whisper).
A backend may offer them itself with ``monitor_ports(call_id) -> (mic, ear)`` (the
``MonitorPorts`` protocol below, the way to go for new backends); for the two backends that
exist we know where they keep them:

- PortAudio bridge: ``mic_port`` and ``speaker_port`` (one ear for every call);
- FileAudioBackend (tests, demo): the tone/WAV source ``_source`` and, as the ear, the
  recorder of the customer call (what "the agent hears" is that call's recording);
- NullAudioBackend: none (the supervisor then hears the customer only).

Never keep the returned objects: a recorder finishes its WAV only when the backend drops it.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class MonitorPorts(Protocol):
    def monitor_ports(self, call_id: str) -> tuple[Any | None, Any | None]:
        """(microphone source, the agent's ear sink) while talking on ``call_id``."""


def agent_ports(audio: object, customer_call_id: str) -> tuple[Any | None, Any | None]:
    if isinstance(audio, MonitorPorts):
        return audio.monitor_ports(customer_call_id)
    mic = getattr(audio, "mic_port", None)
    ear = getattr(audio, "speaker_port", None)
    if mic is None:
        mic = getattr(audio, "_source", None)
    if ear is None:
        calls = getattr(audio, "_calls", None)
        wiring = calls.get(customer_call_id) if isinstance(calls, dict) else None
        ear = getattr(wiring, "recorder", None)
    return mic, ear
