"""``softphone selftest``: prove the installed (or frozen) app has what it needs.

Checks pjsua2 (an Endpoint created and destroyed with the null audio device on a worker
thread), the SQLite store, and Qt, and reports the versions. Exit 0 when all pass,
non-zero with one clear line per failure.
"""

from __future__ import annotations

import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import softphone


def _check_pjsua2() -> dict[str, str]:
    from softphone.sip.probe import probe_endpoint

    info = probe_endpoint()
    return {
        "PJSIP": info.pjsip_version,
        "OpenSSL (bundled with pjsua2)": info.openssl_version,
        "codecs": ", ".join(c.split("/")[0] + "/" + c.split("/")[1] for c in info.codecs[:8]),
        "endpoint create+destroy": f"{info.endpoint_ms:.0f} ms",
        "PJSIP ioqueue fix (no abort on a connection flood)": info.ioqueue_fix,
    }


def _check_store() -> dict[str, str]:
    import sqlalchemy

    with tempfile.TemporaryDirectory(prefix="softphone-selftest-") as tmp:
        engine = sqlalchemy.create_engine(f"sqlite:///{Path(tmp) / 'selftest.db'}")
        with engine.begin() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode=WAL").scalar()
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
            ok = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
        engine.dispose()
    if mode != "wal" or ok != "ok":
        raise RuntimeError(f"SQLite store check failed (journal_mode={mode}, integrity={ok})")
    return {"SQLite": sqlite3.sqlite_version, "SQLAlchemy": sqlalchemy.__version__}


def _check_qt(window: bool) -> dict[str, str]:
    from ui.selftest import offscreen_window_check, qt_versions

    info = qt_versions()
    if window:
        info["Qt platform"] = offscreen_window_check()
    return info


Check = tuple[str, Callable[[], dict[str, str]]]


def run(window: bool = False, out: Callable[[str], None] = print, extra: Sequence[Check] = ()) -> int:
    """Run the checks (``extra`` ones last: the frozen app adds TLS, keyring, engine process)."""
    started = time.perf_counter()
    out(f"softphone {softphone.__version__} selftest")
    out(f"  Python: {platform.python_version()} ({sys.executable})")
    failures: list[str] = []
    checks: list[Check] = [
        ("pjsua2", _check_pjsua2),
        ("store", _check_store),
        ("Qt", lambda: _check_qt(window)),
        *extra,
    ]
    for name, check in checks:
        try:
            for key, value in check().items():
                out(f"  {key}: {value}")
        except Exception as exc:
            failures.append(f"{name}: {exc}")
            out(f"  FAILED {name}: {exc}")
    elapsed = (time.perf_counter() - started) * 1000
    if failures:
        out(f"selftest FAILED ({len(failures)} problem(s), {elapsed:.0f} ms)")
        return 1
    out(f"selftest ok ({elapsed:.0f} ms)")
    return 0
