"""Child process of ``bench.app_startup``: the real app (Core + main window, offscreen), timed.

Prints one JSON line: launch -> first paint of the main window, launch -> account registered,
and the resident memory of the app plus its media engine, idle and in a call."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

LAUNCHED = float(os.environ.get("BENCH_LAUNCHED", time.time()))


def rss_mb(pid: int | None) -> float:
    if pid is None:
        return 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _env_keyring() -> object:
    import keyring.backend

    class EnvKeyring(keyring.backend.KeyringBackend):
        """Benchmark only: the SIP password from the environment, so every launch finds it."""

        priority = -1

        def get_password(self, service: str, username: str) -> str | None:
            return os.environ.get("BENCH_SIP_PASSWORD") if username.startswith("sip:") else None

        def set_password(self, service: str, username: str, password: str) -> None:
            pass

        def delete_password(self, service: str, username: str) -> None:
            pass

    return EnvKeyring()


def main() -> int:
    from softphone.engine.config import AudioSpec
    from softphone.engine.early import start_early

    early = start_early(AudioSpec(kind="file", tone_hz=440.0))  # as `softphone gui` does

    # the core before Qt, as `softphone gui` does: the saved account is configured (and registers
    # in the booting engine) while Qt loads and the window is built
    import keyring

    from softphone.app import Core, CoreOptions
    from softphone.domain import commands as c
    from softphone.domain import events as ev
    from softphone.domain.hub import EventRecorder
    from softphone.domain.values import AccountSettings, RegistrationState, Secret

    registrar, target = sys.argv[1], sys.argv[2]
    keyring.set_keyring(_env_keyring())  # type: ignore[arg-type]
    core = Core(CoreOptions(audio=AudioSpec(kind="file", tone_hz=440.0)), early=early)
    events = EventRecorder()
    core.hub.subscribe(events)

    # isort: split
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import build_app, run_gui
    from ui.main_window import MainWindow

    app = build_app(["softphone"])
    result: dict[str, float] = {}

    class PaintProbe(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "painted" not in result and isinstance(watched, MainWindow):
                result["painted"] = time.time() - LAUNCHED
            return False

    probe = PaintProbe()
    app.installEventFilter(probe)

    def start() -> None:
        core.start()
        if not core.accounts():  # the first launch saves the account; the next ones find it in the settings
            core.save_account(AccountSettings(account_id="agent1", username="agent1", domain=registrar,
                                              registrar=f"sip:{registrar}", bind_address="127.0.0.1"),
                              Secret("agent1pw"))

    def measure() -> None:
        registered = events.wait_for(ev.RegistrationChanged, lambda e: e.state is RegistrationState.REGISTERED)
        result["registered"] = registered.at - LAUNCHED
        print("TIMING " + json.dumps(result), file=sys.stderr, flush=True)
        deadline = time.time() + 2.0
        while time.time() < deadline:
            app.processEvents()
            time.sleep(0.02)
        result["rss_idle_app"], result["rss_idle_engine"] = rss_mb(os.getpid()), rss_mb(core.engine.pid)
        result["rss_idle"] = result["rss_idle_app"] + result["rss_idle_engine"]
        core.send(c.Dial(account_id="agent1", target=target, call_id="bench-call"))
        events.wait_for(ev.CallMediaChanged, lambda e: e.active)
        deadline = time.time() + 3.0
        while time.time() < deadline:
            app.processEvents()
            time.sleep(0.02)
        result["rss_in_call_app"], result["rss_in_call_engine"] = rss_mb(os.getpid()), rss_mb(core.engine.pid)
        result["rss_in_call"] = result["rss_in_call_app"] + result["rss_in_call_engine"]
        core.send(c.Hangup(call_id="bench-call"))
        events.wait_for(ev.CallEnded)
        QApplication.quit()

    QTimer.singleShot(0, measure)
    try:
        run_gui(core, ["softphone"], start=start, server_name=f"bench-{os.getpid()}")
    finally:
        core.stop()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
