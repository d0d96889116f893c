"""Single instance over QLocalServer: a second launch hands its tel:/sip: link to the running app."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ui.instance_probe import default_server_name

__all__ = ["SingleInstance", "default_server_name", "send_to_running"]
MAX_MESSAGE = 4096
READ_TIMEOUT_MS = 300


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
        # (no UserAccessOption: with socket options Qt creates the socket elsewhere and renames it
        # over an existing one, so a second instance would steal the name; the default socket mode
        # 0777 & ~umask already keeps other users from connecting)
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
            # the sender writes one line right after connecting: read it here, briefly blocking
            # at most READ_TIMEOUT_MS (no closures or deleteLater on the socket: that raced with the
            # server's own cleanup; the server, its parent, frees it)
            data = bytearray()
            while b"\n" not in data and len(data) < MAX_MESSAGE:
                if not socket.bytesAvailable() and not socket.waitForReadyRead(READ_TIMEOUT_MS):
                    break
                data.extend(bytes(socket.read(MAX_MESSAGE - len(data)).data()))
            socket.disconnectFromServer()
            if b"\n" not in data:
                continue  # a probe (another instance checking we are alive) or a broken sender
            text = bytes(data).split(b"\n", 1)[0].decode("utf-8", "replace").strip()
            self.message.emit(text)

    def close(self) -> None:
        self.server.close()
