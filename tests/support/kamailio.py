"""A real Kamailio registrar/proxy (digest auth, in-memory users) on a free loopback port."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support.net import free_port, sip_ping, stop_group

CONFIG = Path(__file__).with_name("kamailio.cfg")
USERS = {"alice": "alicepw", "bob": "bobpw", "agent1": "agent1pw", "agent2": "agent2pw", "agent3": "agent3pw",
         "customer": "customerpw", "supervisor": "supervisorpw"}


class Kamailio:
    def __init__(self, workdir: Path, port: int | None = None) -> None:
        if shutil.which("kamailio") is None:
            raise RuntimeError("kamailio is not installed: run `make bootstrap` as root (Debian package kamailio)")
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / f"kamailio-{self.port}.log"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def uri(self) -> str:
        return f"sip:127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> None:
        run = self.workdir / "run"
        run.mkdir(exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            ["kamailio", "-f", str(CONFIG), "-DD", "-E", "-Y", str(run), "-P", str(run / "kamailio.pid"),
             "-m", "32", "-M", "8", "-A", f"KAM_PORT={self.port}", "-A", f'KAM_CTL="unix:{run}/ctl"'],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()
        try:
            sip_ping(self.port, timeout)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"kamailio did not start; log tail:\n{self.log_tail()}") from None

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
