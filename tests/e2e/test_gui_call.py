"""End to end under Xvfb: the real app registered to Kamailio receives a call from baresip, rings,
is answered with the keyboard shortcut, holds and resumes, hangs up and wraps up with a disposition
that reaches the server. Screenshots are saved as artifacts (artifacts/e2e/ in the repository)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tests.integration.server.live import LiveServer
from tests.integration.sip.conftest import customer, customer_wav, kamailio  # noqa: F401
from tests.support.baresip import Baresip
from tests.support.kamailio import Kamailio

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "e2e"


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed: run `make bootstrap` as root (Debian package xvfb)")
    for number in range(71, 99):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    process = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.05)
    yield f":{number}"
    process.terminate()
    process.wait(5)


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer.sqlite(tmp_path_factory.mktemp("server"))
    live.add_user("agent1", role="agent", teams=["support"])
    live.start()
    yield live
    live.close()


def _colours(path: Path) -> int:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return len(np.unique(data))


def test_gui_call_answered_by_keyboard_and_wrapped_up(xvfb: str, kamailio: Kamailio, customer: Baresip,  # noqa: F811
                                                     server: LiveServer, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    env = {**os.environ, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb", "SOFTPHONE_HOME": str(tmp_path / "home")}
    driver = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "e2e" / "gui_driver.py"), "--kamailio", kamailio.address,
         "--server", server.url, "--password", LiveServer.PASSWORD, "--shots", str(shots),
         "--instance", f"softphone-e2e-{uuid.uuid4().hex[:8]}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert driver.stdout is not None
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = driver.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("READY"):
                customer.command("dial", f"sip:agent1@{kamailio.address}")
                break
        out, err = driver.communicate(timeout=120)
        lines.extend(out.splitlines())
    finally:
        driver.kill()
    result_line = [line for line in lines if line.startswith("RESULT ")]
    assert result_line, "".join(lines) + err[-3000:]
    result = json.loads(result_line[-1][7:])
    assert result["ok"], result.get("error", "") + err[-3000:]
    with server.client("agent1") as client:
        rows = client.get("/api/v1/dispositions", params={"call_id": result["call_id"]}).json()
        items = rows.get("items", rows) if isinstance(rows, dict) else rows
        assert [i["notes"] for i in items] == ["Customer asked about order 4711."]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for png in sorted(shots.glob("*.png")):
        shutil.copy(png, ARTIFACTS / png.name)
        assert _colours(png) > 20, f"{png.name} looks blank"
    assert {p.name for p in shots.glob("*.png")} >= {"1-ringing.png", "2-in-call.png", "4-wrap-up.png",
                                                     "1-ringing-screen.png"}
