"""Screenshots of the moments that matter (ringing, in call, wrap-up), for end-to-end test artifacts.

Off unless ``SOFTPHONE_UI_SNAPSHOT_DIR`` names a directory: then the running app saves
``ringing.png``, ``in_call.png`` and ``wrap_up.png`` (``-2``, ``-3``... for later calls) there,
rendered by Qt itself a moment after the screen changed, so a test driving the real app under
Xvfb gets the pictures without racing the window with ``import -window root``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget
from softphone.domain.events import CallAnswered, IncomingCallRang
from softphone.domain.messages import Event

from ui.bridge import QtBridge

log = logging.getLogger(__name__)
ENV = "SOFTPHONE_UI_SNAPSHOT_DIR"
SETTLE_MS = 300


class Snapshotter(QObject):
    def __init__(self, bridge: QtBridge, window: Callable[[], QWidget], directory: Path) -> None:
        super().__init__(bridge)
        self.window, self.directory = window, directory
        self.counts: dict[str, int] = {}
        self.saved: list[Path] = []
        directory.mkdir(parents=True, exist_ok=True)
        bridge.event_received.connect(self._on_event)
        bridge.wrapup_changed.connect(self._on_wrapup)
        self._wrapups: set[str] = set()
        self._bridge = bridge

    @classmethod
    def from_env(cls, bridge: QtBridge, window: Callable[[], QWidget]) -> Snapshotter | None:
        directory = os.environ.get(ENV, "")
        return cls(bridge, window, Path(directory)) if directory else None

    def _on_event(self, event: Event) -> None:
        if isinstance(event, IncomingCallRang):
            self.later("ringing")
        elif isinstance(event, CallAnswered):
            self.later("in_call")

    def _on_wrapup(self) -> None:
        current = self._bridge.wrapup.current
        if current is not None and current.call_id not in self._wrapups:
            self._wrapups.add(current.call_id)
            self.later("wrap_up")

    def later(self, moment: str) -> None:
        QTimer.singleShot(SETTLE_MS, lambda: self.save(moment))

    def save(self, moment: str) -> Path | None:
        self.counts[moment] = self.counts.get(moment, 0) + 1
        count = self.counts[moment]
        path = self.directory / (f"{moment}.png" if count == 1 else f"{moment}-{count}.png")
        if not self.window().grab().save(str(path)):
            log.warning("could not save the %s screenshot to %s", moment, path)
            return None
        self.saved.append(path)
        return path
