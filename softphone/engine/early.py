"""Start the media engine before the app's heavy imports (the core, Qt...): the engine process
boots (Python, pjsua2, libInit) while the app imports and builds its window, so the phone is
registered about when the window first paints. Light imports only in this module."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from softphone import paths
from softphone.domain.hub import EventHub
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.engine.link import EngineLink


@dataclass
class EarlyEngine:
    hub: EventHub
    link: EngineLink


def start_early(audio: AudioSpec | None = None, log_level: int = logging.WARNING) -> EarlyEngine:
    hub = EventHub()
    link = EngineLink(hub.publish, EngineConfig(audio=audio or AudioSpec(), log_level=log_level,
                                                log_file=paths.log_dir() / "engine.log"))
    link.start(wait=False)
    return EarlyEngine(hub, link)
