"""Drives the real desktop app (the real Core: engine process, store, sync; the real MainWindow on
an X server) through a whole call, with the keyboard shortcuts an agent uses. Run by
tests/e2e/test_gui_call.py as a child process with DISPLAY set to an Xvfb server.

Protocol: prints READY when registered; the test then makes the customer call; prints one JSON
line RESULT {...} at the end and exits (0 on success)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Generator
from pathlib import Path

import keyring
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from softphone.app import Core, CoreOptions
from softphone.domain import events as ev
from softphone.domain.app_events import DispositionSaved, OutboxStatusChanged
from softphone.domain.hub import EventRecorder
from softphone.domain.values import AccountSettings, RegistrationState, Secret
from softphone.domain.views import UiSettings
from softphone.engine.config import AudioSpec
from softphone.secrets import MemoryKeyring
from ui.app import build_app, run_gui
from ui.main_window import MainWindow

Step = Generator[Callable[[], bool], None, None]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kamailio", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--shots", required=True, type=Path)
    parser.add_argument("--instance", required=True)
    args = parser.parse_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    build_app(["softphone"])  # timers below need the application's event dispatcher
    keyring.set_keyring(MemoryKeyring())
    core = Core(CoreOptions(audio=AudioSpec(kind="file", tone_hz=1000.0))).start()
    events = EventRecorder()
    core.hub.subscribe(events)
    core.save_account(AccountSettings(account_id="agent1", username="agent1", domain=args.kamailio,
                                      display_name="Agent One", registrar=f"sip:{args.kamailio}",
                                      bind_address="127.0.0.1", codecs=("PCMU/8000",)), Secret("agent1pw"))
    core.save_settings(UiSettings(server_url=args.server, server_username="agent1"), Secret(args.password))
    result: dict[str, object] = {"ok": False, "steps": []}

    def window() -> MainWindow:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                return widget
        raise RuntimeError("no main window")

    def shot(name: str) -> None:
        QApplication.processEvents()
        window().grab().save(str(args.shots / f"{name}.png"))
        subprocess.run(["import", "-window", "root", str(args.shots / f"{name}-screen.png")], check=False,
                       capture_output=True, timeout=20)

    def keys(shortcut: str) -> None:
        win = window()
        win.activateWindow()
        modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        QTest.keyClick(win, getattr(Qt.Key, f"Key_{shortcut}"), modifiers)

    def note(text: str) -> None:
        result["steps"].append([round(time.monotonic() - started, 3), text])  # type: ignore[union-attr]
        print(f"STEP {text}", flush=True)

    def seen(kind: type, predicate: Callable[[object], bool] = lambda _e: True,
             since: int | None = None) -> Callable[[], bool]:
        mark = events.mark() if since is None else since
        return lambda: any(isinstance(e, kind) and predicate(e) for e in events.events[mark:])

    def script() -> Step:
        yield lambda: any(isinstance(e, ev.RegistrationChanged) and e.state is RegistrationState.REGISTERED
                          for e in events.events)
        yield lambda: any(isinstance(e, OutboxStatusChanged) for e in events.events)
        print("READY", flush=True)
        yield seen(ev.IncomingCallRang)
        rang = events.of_type(ev.IncomingCallRang)[-1]
        call_start = events.events.index(rang)
        note(f"ringing: {rang.remote.display_name or rang.remote.user}")
        time.sleep(0.3)
        shot("1-ringing")
        keys("A")  # answer (Ctrl+Shift+A)
        yield seen(ev.CallAnswered, since=call_start)
        note("answered with the keyboard")
        yield seen(ev.CallMediaChanged, lambda e: getattr(e, "active", False), since=call_start)
        time.sleep(0.5)
        shot("2-in-call")
        keys("O")  # hold
        yield seen(ev.CallHeld, lambda e: not getattr(e, "by_remote", True))
        note("held")
        shot("3-on-hold")
        keys("O")  # resume
        yield seen(ev.CallResumed)
        note("resumed")
        time.sleep(0.3)
        keys("H")  # hang up
        yield seen(ev.CallEnded)
        note("hung up")
        time.sleep(0.5)
        shot("4-wrap-up")
        panel = window().wrapup
        panel.dispositions.setFocus()
        QTest.keyClick(panel.dispositions, Qt.Key.Key_Down)
        if panel.dispositions.currentRow() < 0:
            panel.dispositions.setCurrentRow(0)
        panel.notes.setFocus()
        QTest.keyClicks(panel.notes, "Customer asked about order 4711.")
        shot("5-wrap-up-filled")
        panel.save_button.setFocus()
        QTest.keyClick(panel.save_button, Qt.Key.Key_Space)
        yield seen(DispositionSaved, since=call_start)
        note("disposition saved")
        yield lambda: core.store.pending_outbox_count() == 0
        note("synced")
        time.sleep(0.3)
        shot("6-saved")
        result["ok"] = True
        result["call_id"] = rang.call_id

    runner = script()
    waiting: list[Callable[[], bool]] = []
    started = time.monotonic()
    deadline = started + 90

    busy: list[bool] = []

    def advance() -> None:
        if busy:  # a step is running (it may process events, e.g. to paint a screenshot)
            return
        busy.append(True)
        try:
            if waiting and not waiting[0]():
                if time.monotonic() > deadline:
                    raise TimeoutError(f"stuck; saw {[type(e).__name__ for e in events.events][-20:]}")
                return
            waiting[:] = [next(runner)]
            if waiting[0]():
                QTimer.singleShot(0, advance)
        except StopIteration:
            QApplication.quit()
        except Exception:
            result["error"] = traceback.format_exc()
            QApplication.quit()
        finally:
            busy.clear()

    timer = QTimer()
    timer.timeout.connect(advance)
    QTimer.singleShot(500, timer.start)
    timer.setInterval(50)
    try:
        run_gui(core, ["softphone"], server_name=args.instance)
    finally:
        timer.stop()
        core.stop()
    print("RESULT " + json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
