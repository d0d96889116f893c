"""``run_gui``: QApplication, theme, translations, single instance, the main window and the bridge."""

from __future__ import annotations

import linecache
import logging
import signal
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ui.bridge import QtBridge
from ui.core_api import CoreApi
from ui.i18n import install_translators, pick_language
from ui.main_window import MainWindow
from ui.resources import icon, stylesheet
from ui.single_instance import SingleInstance, default_server_name, send_to_running
from ui.snapshots import Snapshotter
from ui.tray import DesktopCapabilities, detect_capabilities
from ui.viewmodels.dialing import handoff_target
from ui.window_state import restore_state, save_state

log = logging.getLogger(__name__)


def links_in(argv: list[str]) -> list[str]:
    """The tel:/sip:/sips:/callto: links among the arguments."""
    return [arg for arg in argv[1:] if handoff_target(arg) is not None]


def handoff_to_running(argv: list[str], server_name: str | None = None) -> bool:
    """If an instance runs, give it our link (or just raise it) and return True."""
    name = server_name or default_server_name()
    links = links_in(argv)
    return send_to_running(name, links[0] if links else "")


def release_import_sources() -> None:
    """Forget the module sources that PySide6's import hook cached at start-up.

    For its ``__feature__`` switch, PySide6 replaces ``__import__`` and reads the whole source of
    every module imported after it (``inspect.getsource``), which stays in ``linecache``: about
    20 MB for the app's imports. Nothing needs it (a traceback reads its lines again). Importing
    the core before Qt avoids most of it; this drops the rest once the window is up.
    """
    linecache.clearcache()


def build_app(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv)
    app.setApplicationName("softphone")
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Softphone"))
    app.setWindowIcon(icon("app"))
    app.setQuitOnLastWindowClosed(False)
    return app


class Shell(QObject):
    """Owns the main window: quits with it, and rebuilds it in another language without a restart
    (every view model lives in the bridge, so the new window shows the same calls at once)."""

    def __init__(self, app: QApplication, core: CoreApi, bridge: QtBridge, caps: DesktopCapabilities) -> None:
        super().__init__()
        self.app, self.core, self.bridge, self.caps = app, core, bridge, caps
        self.translators: list[QTranslator] = []
        self.language = pick_language(core.settings().language)
        self.translators = install_translators(app, self.language)
        self.window = self._new_window()

    def _new_window(self) -> MainWindow:
        window = MainWindow(self.core, self.bridge, self.caps)
        # quit when the main window closes for good; dialogs closing while it hides in the tray do not
        window.closed.connect(self.app.quit)
        window.language_changed.connect(self.switch_language)
        return window

    def switch_language(self, setting: str) -> None:
        language = pick_language(setting)
        if language == self.language:
            return
        for translator in self.translators:
            QCoreApplication.removeTranslator(translator)
        self.language = language
        self.translators = install_translators(self.app, language)
        old, self.window = self.window, self._new_window()
        self.window.adopt(old)
        old.closed.disconnect(self.app.quit)
        if old.isVisible():
            self.window.show()
        old.retire()

    def handoff(self, message: str) -> None:
        self.window.handoff(message)

    def close(self) -> None:
        self.window.closed.disconnect(self.app.quit)
        self.window.retire()
        for translator in self.translators:
            QCoreApplication.removeTranslator(translator)
        self.translators = []


def run_gui(core: CoreApi, argv: list[str], *, start: Callable[[], None] | None = None,
            server_name: str | None = None) -> int:
    """Run the desktop app until the agent quits; returns the exit code.

    ``core`` is built but may not be started yet; ``start`` (e.g. ``core.start``: spawn the engine,
    register, start the workers) is called after the single-instance check, so a second launch
    never starts a second media engine, and after the UI subscribed to ``core.hub``, so it sees
    every event from the first one on. ``argv`` is ``sys.argv``-like (program name first); a
    ``tel:``/``sip:``/``sips:``/``callto:`` link in it is dialled or filled in. When another
    instance already runs, the link is handed to it and this returns 0 at once without calling
    ``start``. The quick reads of ``core`` (settings, accounts...) must work before ``start``.
    The caller stops the core after this returns (also when ``start`` raised).
    """
    app = build_app(argv)
    name = server_name or default_server_name()
    instance = SingleInstance(name)
    if not instance.listen():
        if handoff_to_running(argv, name):
            log.info("handed over to the running instance")
            return 0
        log.warning("single-instance server %s unavailable; running anyway", name)
    app.setStyleSheet(stylesheet())
    bridge = QtBridge(core.hub, core.wrap_up_seconds)
    shell = Shell(app, core, bridge, detect_capabilities())
    snapshots = Snapshotter.from_env(bridge, lambda: shell.window)  # e2e artifacts, off by default
    bridge.attach()  # before start(): no event of the core is missed
    instance.message.connect(shell.handoff)
    try:
        if start is not None:
            start()
        restore_state(shell.window)
        shell.window.show()
        QTimer.singleShot(0, release_import_sources)
        for link in links_in(argv):
            shell.handoff(link)
        # SIGTERM (logout, kill) quits like the menu's Quit, so the caller's cleanup runs; the timer
        # lets Python run signal handlers at all while Qt's loop runs in C++
        previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: app.quit())
        waker = QTimer()
        waker.timeout.connect(lambda: None)
        waker.start(250)
        try:
            return app.exec()
        finally:
            signal.signal(signal.SIGTERM, previous)
    finally:
        save_state(shell.window)
        bridge.detach()
        instance.close()
        shell.close()
        del snapshots


if __name__ == "__main__":  # a preview with the in-memory core
    from ui.fake_core import FakeCore

    sys.exit(run_gui(FakeCore(), sys.argv))
