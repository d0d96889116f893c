"""A full disk: the save fails with a clear error (StoreError + StoreFailed), nothing saved before
is lost, and saving works again once there is space. Uses a 1 MiB tmpfs the test mounts (root)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.domain.app_events import StoreFailed
from softphone.domain.hub import EventHub, EventRecorder
from softphone.store import Store, StoreError


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a size-limited tmpfs needs root (CI and this machine run as root)")
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    assert os.statvfs(path.parent).f_bavail == 0


def test_a_full_disk_gives_a_clear_error_and_loses_nothing(tiny_disk: Path) -> None:
    hub, events = EventHub(), EventRecorder()
    hub.subscribe(events)
    db = tiny_disk / "softphone.db"
    store = Store.open(db, hub=hub)
    try:
        saved = [store.save_disposition(f"call-{n}", "resolved", "before the disk filled up") for n in range(20)]
        fill(tiny_disk / "filler")
        error = None
        for n in range(2000):  # the WAL may still have room for a few
            try:
                saved.append(store.save_disposition(f"call-full-{n}", "resolved", "y" * 2000))
            except StoreError as exc:
                error = exc
                break
        assert error is not None, "saving never failed on a full disk"
        assert str(error) == "Could not save the disposition: the disk is full. Free some space; everything " \
                             "saved before is safe."
        failed = events.of_type(StoreFailed)[-1]
        assert failed.operation == "save the disposition" and failed.reason == str(error)

        on_disk = {d.disposition_id for d in store.dispositions()}
        assert set(saved) == on_disk  # every save that returned is there, the failed one is not
        assert store.pending_outbox_count() == len(saved)

        (tiny_disk / "filler").unlink()
        saved.append(store.save_disposition("call-after", "resolved", "space again"))
        assert {d.disposition_id for d in store.dispositions()} == set(saved)
    finally:
        store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM dispositions").fetchone() == (len(saved),)
