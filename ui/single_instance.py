"""Single instance over QLocalServer: a second launch hands its tel:/sip: link to the running app."""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

MAX_MESSAGE = 4096


def default_server_name() -> str:
    """Per user (and per SOFTPHONE_HOME, so test sessions never meet the real app)."""
    import os

    home = os.environ.get("SOFTPHONE_HOME", "")
    digest = hashlib.sha1(f"{getpass.getuser()}|{home}".encode()).hexdigest()[:12]
    return f"softphone-{digest}"


def send_to_running(name: str, message: str, timeout_ms: int = 500) -> bool:
    """Hand ``message`` to a running instance; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(message.encode("utf-8")[:MAX_MESSAGE] + b"\n")
    ok = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return ok


class SingleInstance(QObject):
    """Listens for messages from later launches; ``message`` carries each one (a link or "")."""

    message = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # a stale socket from a crashed instance: nobody answers, so take the name over
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(200):
            probe.disconnectFromServer()
            return False
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()

            def read(s: QLocalSocket = socket, buf: bytearray = buffer) -> None:
                buf.extend(bytes(s.readAll().data())[: MAX_MESSAGE - len(buf)])
                if b"\n" in buf or len(buf) >= MAX_MESSAGE:
                    text = bytes(buf).split(b"\n", 1)[0].decode("utf-8", "replace").strip()
                    buf.clear()
                    s.disconnectFromServer()
                    self.message.emit(text)

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()

    def close(self) -> None:
        self.server.close()
