"""Tray and notifications are detected, not assumed; without them alerts stay in the app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.unit.ui import scenarios as sc
from ui.tray import DesktopCapabilities, Tray, detect_capabilities

ROOT = Path(__file__).resolve().parents[3]


def _fake_notify_send(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "notify.log"
    script = tmp_path / "bin" / "notify-send"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\nimport json, sys\n"
                      f"open({str(log)!r}, 'a').write(json.dumps(sys.argv[1:]))\n")
    script.chmod(0o755)
    return script, log


def test_offscreen_has_no_tray_and_no_notifications(qtbot: QtBot) -> None:
    caps = detect_capabilities()
    assert caps == DesktopCapabilities(tray=False, notifications=False)
    assert caps.needs_in_app_alerts
    window = QWidget()
    qtbot.addWidget(window)
    tray = Tray(caps, window)
    assert tray.icon is None
    assert tray.notify("Incoming call", "<b>Evil</b>") is False  # the caller shows an in-app alert


def test_notification_without_a_tray_goes_through_notify_send_escaped(qtbot: QtBot, tmp_path: Path) -> None:
    script, log = _fake_notify_send(tmp_path)
    window = QWidget()
    qtbot.addWidget(window)
    tray = Tray(DesktopCapabilities(tray=False, notifications=True, notify_send=str(script)), window)
    assert tray.notify("Incoming call", sc.EVIL)
    qtbot.waitUntil(log.exists, timeout=5000)
    args = json.loads(log.read_text())
    assert args[-2:] == ["Incoming call", "&lt;b&gt;Evil&lt;/b&gt;&lt;img src=x&gt;"]
    assert "--app-name=Softphone" in args


DETECT = textwrap.dedent("""
    import json
    from PySide6.QtDBus import QDBusConnection
    from PySide6.QtWidgets import QApplication
    from ui.tray import detect_capabilities
    app = QApplication([])
    before = detect_capabilities()
    service = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, "fake-notifications")
    assert service.registerService("org.freedesktop.Notifications")
    after = detect_capabilities()
    print(json.dumps([before.notifications, after.notifications, after.tray, after.notify_send]))
""")


def test_detects_the_notification_service_on_a_session_bus(tmp_path: Path) -> None:
    """A private session bus (``dbus-run-session``, from the bootstrap's ``dbus`` package)."""
    script, _log = _fake_notify_send(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PATH": f"{script.parent}:{os.environ.get('PATH', '')}"}
    proc = subprocess.run(["dbus-run-session", "--", sys.executable, "-c", DETECT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    before, after, tray, notify_send = json.loads(proc.stdout.strip().splitlines()[-1])
    assert (before, after, tray, notify_send) == (False, True, False, str(script))
