"""Qt-free: is another instance of the app listening? (``ui.single_instance`` is the Qt side.)

The launcher asks before Qt is imported, to start the media engine early only for a first
instance: a second launch hands its link to the running one and must not register as well.
On Unix ``QLocalServer`` listens on ``QDir::tempPath()/<name>`` (``$TMPDIR`` or ``/tmp``); a
plain ``AF_UNIX`` connect tells whether someone answers there. Elsewhere the answer is "cannot
tell" and the launcher takes the slower, always-safe path.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import socket
import sys
from pathlib import Path


def default_server_name() -> str:
    """Per user (and per SOFTPHONE_HOME, so test sessions never meet the real app)."""
    home = os.environ.get("SOFTPHONE_HOME", "")
    digest = hashlib.sha1(f"{getpass.getuser()}|{home}".encode()).hexdigest()[:12]
    return f"softphone-{digest}"


def server_path(name: str) -> Path:
    """Where ``QLocalServer.listen(name)`` puts its socket on Unix."""
    return Path(os.environ.get("TMPDIR") or "/tmp") / name


def instance_running(name: str | None = None, timeout_s: float = 0.2) -> bool | None:
    """True: an instance answers; False: none does; None: cannot tell on this platform."""
    if sys.platform == "win32" or not hasattr(socket, "AF_UNIX"):
        return None
    path = server_path(name or default_server_name())
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(timeout_s)
        try:
            probe.connect(str(path))
        except OSError:  # a stale socket file of a crashed instance: nobody answers
            return False
    return True
