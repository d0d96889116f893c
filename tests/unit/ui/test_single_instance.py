"""Single instance: a later launch hands its tel:/sip: link to the running app (QLocalServer)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.app import handoff_to_running, links_in
from ui.single_instance import SingleInstance, default_server_name, send_to_running

ROOT = Path(__file__).resolve().parents[3]


def _name() -> str:
    return f"softphone-test-{uuid.uuid4().hex[:10]}"


def test_second_launch_hands_over_the_link(qtbot: QtBot) -> None:
    name = _name()
    first = SingleInstance(name)
    assert first.listen()
    second = SingleInstance(name)
    assert not second.listen()  # the name is taken by a live instance
    with qtbot.waitSignal(first.message, timeout=3000) as got:
        # a separate process, as when the desktop runs `softphone tel:+302101234567`
        proc = subprocess.Popen([sys.executable, "-c",
                                 "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen';"
                                 "from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
                                 "from ui.app import handoff_to_running;"
                                 "sys.exit(0 if handoff_to_running(sys.argv, sys.argv[-1]) else 3)",
                                 "tel:+302101234567", name], cwd=ROOT)
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
    assert proc.returncode == 0
    assert got.args == ["tel:+302101234567"]
    first.close()


def test_nothing_running_and_stale_names(qtbot: QtBot) -> None:
    name = _name()
    assert not send_to_running(name, "sip:bob@host", timeout_ms=200)
    assert not handoff_to_running(["softphone"], name)
    instance = SingleInstance(name)
    assert instance.listen()
    with qtbot.waitSignal(instance.message, timeout=3000) as got:
        assert handoff_to_running(["softphone", "--verbose"], name)  # no link: just raise the window
    assert got.args == [""]
    instance.close()


def test_links_in_argv_and_default_name() -> None:
    assert links_in(["softphone", "-v", "sip:bob@host", "tel:+1"]) == ["sip:bob@host", "tel:+1"]
    assert links_in(["softphone", "gui"]) == []
    assert default_server_name().startswith("softphone-") and default_server_name() == default_server_name()


def test_the_qt_free_probe_sees_what_qt_sees(qtbot: QtBot, tmp_path: Path) -> None:
    """The launcher's check (before Qt loads) agrees with QLocalServer: running, gone, stale file."""
    from ui.instance_probe import instance_running, server_path

    name = _name()
    assert instance_running(name) is False
    instance = SingleInstance(name)
    assert instance.listen()
    assert Path(instance.server.fullServerName()) == server_path(name)
    assert instance_running(name) is True
    qtbot.wait(50)  # the probe's connection (no message) is read and dropped by the instance
    instance.close()
    assert instance_running(name) is False
    stale = server_path(name)
    import socket as sockets

    with sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM) as crashed:  # bound, never listening
        crashed.bind(str(stale))
    try:
        assert instance_running(name) is False
    finally:
        stale.unlink()
