"""kill -9 at random moments while dispositions are being saved (200 trials).

After every kill ``PRAGMA integrity_check`` is ok; at the end every disposition whose save had
returned is in the database and is delivered to the server exactly once.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import requests

from softphone.store import Store
from tests.integration.store_sync.conftest import StartWorker, wait_drained
from tests.integration.store_sync.fault_proxy import FaultProxy
from tests.integration.store_sync.servers import ROOT, RunningServer, dispositions_on

TRIALS = int(os.environ.get("SOFTPHONE_CRASH_TRIALS", "200"))


def wait_gone(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        assert time.monotonic() < deadline, f"child {pid} did not die"
        time.sleep(0.001)


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_kill_9_at_random_moments_loses_nothing_that_was_saved(
        tmp_path: Path, start_worker: StartWorker, proxy: FaultProxy, sync_server: RunningServer, token: str) -> None:
    db, acks = tmp_path / "softphone.db", tmp_path / "acks"
    acks.mkdir()
    seed = int(os.environ.get("SOFTPHONE_CRASH_SEED", str(random.randrange(1 << 30))))
    rng = random.Random(seed)
    forker = subprocess.Popen([sys.executable, "-m", "tests.integration.store_sync.crash_child", str(db), str(acks)],
                              cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    assert forker.stdin is not None and forker.stdout is not None
    try:
        for trial in range(TRIALS):
            forker.stdin.write(f"fork {trial}\n")
            forker.stdin.flush()
            pid = int(forker.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.08))  # from mid-open to a few dozen saves in
            os.kill(pid, signal.SIGKILL)
            wait_gone(pid)
            assert integrity(db) == "ok", f"trial {trial} (seed {seed})"
    finally:
        forker.kill()
        forker.wait(10)
        forker.stdin.close()
        forker.stdout.close()

    acked: dict[str, str] = {}
    for ack in acks.glob("[0-9]*.ack"):
        for line in ack.read_text().splitlines():
            acked[line] = f"crash-{ack.stem}"
    per_trial = [len(a.read_text().splitlines()) for a in acks.glob("[0-9]*.ack")]
    print(f"crash test: seed {seed}, {len(acked)} saves acknowledged, {TRIALS - len(per_trial)} trials killed before "
          f"their first save, at most {max(per_trial, default=0)} saves in one trial")
    # enough saves returned for the check to mean something (fewer on a loaded machine: kills come sooner)
    assert len(acked) > TRIALS // 4, f"too few saves returned before the kills ({len(acked)}; seed {seed})"

    store = Store.open(db)
    assert store.corruption is None
    stored = {d.disposition_id for d in store.dispositions()}
    missing = set(acked) - stored
    assert not missing, f"{len(missing)} saved dispositions lost (seed {seed})"
    assert store.pending_outbox_count() == len(stored)  # each with its outbox row

    start_worker(store)
    wait_drained(store, timeout=120)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    on_server: list[str] = []
    for call_id in sorted(set(acked.values())):
        on_server.extend(d["disposition_id"] for d in dispositions_on(session, sync_server.base_url, call_id))
    assert len(on_server) == len(set(on_server))  # exactly once
    assert set(acked) <= set(on_server)
    store.close()
