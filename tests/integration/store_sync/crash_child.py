"""A fork server for the crash test: imports everything once, then forks savers on demand.

``python -m tests.integration.store_sync.crash_child DB ACK_DIR`` reads ``fork <trial>`` lines
on stdin and answers each with the pid of a new child. The child opens the store at DB and
saves dispositions for call ``crash-<trial>`` in a loop, appending each id to
``ACK_DIR/<trial>.ack`` only after ``save_disposition`` returned, until it is killed. Forking
from a warm process makes each trial cost milliseconds instead of a Python start-up.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from softphone.store import Store
from softphone.store.schema import head_revision


def save_forever(db: Path, ack_path: Path, trial: int) -> None:
    store = Store.open(db)
    fd = os.open(ack_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    n = 0
    while True:
        did = store.save_disposition(f"crash-{trial}", "resolved", f"trial {trial} save {n} " + "x" * (n % 7 * 300))
        os.write(fd, f"{did}\n".encode())  # one write(2): either the whole line is there or none of it
        n += 1


def warm_up(scratch: Path) -> None:
    """Pay the one-time costs (mapper set-up, statement compilation, migration scripts) before forking."""
    head_revision()
    store = Store.open(scratch)
    store.save_disposition("warm-up", "resolved")
    store.pending_outbox_count()
    store.close()  # no connection may cross the fork


def main() -> int:
    db, ack_dir = Path(sys.argv[1]), Path(sys.argv[2])
    warm_up(ack_dir / "warm-up.db")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed children are reaped by the kernel
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command != "fork":
            continue
        trial = int(arg)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                save_forever(db, ack_dir / f"{trial}.ack", trial)
            except BaseException as exc:
                sys.stderr.write(f"crash child {trial} failed: {exc!r}\n")
                code = 1
            finally:
                os._exit(code)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
