"""The frozen-app self-test's checks, run from the source tree (the same code the bundle runs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING, ROOT, SECRET_SESSION, load


def _selftest(*args: str, env: dict[str, str], session: bool) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(PACKAGING / "softphone_main.py"), "--selftest", *args]
    if session:
        cmd = [str(SECRET_SESSION), *cmd]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_selftest_passes_with_a_secret_service(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    report = tmp_path / "report.txt"
    proc = _selftest("--report", str(report), env=env, session=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    for needle in ("PJSIP: 2.15", "OpenSSL (bundled with pjsua2): OpenSSL 1.0.2",
                   "TLS transport: TLS listening on 127.0.0.1:",
                   "keyring: keyring.backends.SecretService.Keyring (store, read, delete ok)",
                   "phonenumbers: ", "Qt platform: offscreen", "media engine process: pid ", "selftest ok",
                   "audio path: ring, tones, Goertzel ok (stdlib only"):
        assert needle in out, out
    engine_pid = int(out.split("media engine process: pid ", 1)[1].split(",", 1)[0])
    assert engine_pid > 0  # frozen_selftest itself checks it is not the app's own pid
    assert report.read_text().splitlines()[-1].startswith("selftest ok")
    assert "pjsua_core.c" not in out and "os_core_unix.c" not in out  # PJSIP's lines stay in the log


def test_selftest_fails_clearly_without_a_secure_keyring(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_RUNTIME"))}
    env.update(HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHON_KEYRING_BACKEND", None)
    proc = _selftest("--no-engine", env=env, session=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    failed = [line for line in proc.stdout.splitlines() if "FAILED keyring" in line]
    assert failed, proc.stdout
    assert "no secure password store" in failed[0]
    assert "gnome-keyring" in failed[0] and "KWallet" in failed[0]  # says what to install
    assert "selftest FAILED (1 problem(s)" in proc.stdout  # everything else still passed


def test_keyring_check_refuses_an_in_memory_store_even_if_the_app_rule_accepts_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    frozen_selftest = load("frozen_selftest.py")

    class MemoryKeyring:  # like a test keyring that keyring auto-selects when no Secret Service runs
        priority = 1

    monkeypatch.setattr(frozen_selftest, "_product_rule", lambda: MemoryKeyring)
    with pytest.raises(RuntimeError, match=r"no secure password store: .*MemoryKeyring, which is not one"):
        frozen_selftest.check_keyring()
