from __future__ import annotations

import subprocess
import sys


def test_selftest_reports_versions_and_exits_zero() -> None:
    proc = subprocess.run([sys.executable, "-m", "softphone.cli", "selftest"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    for needle in ("PJSIP: 2.", "OpenSSL (bundled with pjsua2): OpenSSL", "Qt: 6.", "SQLite: 3.", "selftest ok"):
        assert needle in out, out
    # PJSIP's start-up lines go to the log, never to stdout
    assert "pjsua_core.c" not in out and "os_core_unix.c" not in out
