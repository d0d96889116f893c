"""Notes typed during a call, kept on disk until the disposition is saved (crash-safe autosave).

One small JSON file per call in ``<data_dir>/notes-autosave/``. Every write goes to a
temporary file in the same folder, is flushed and fsynced, then atomically renamed over the
previous version and the folder is fsynced: after a crash (even kill -9 or power loss once the
write returned) the file holds either the previous or the new text, never a torn mix. The
file is removed once the disposition (which carries the notes) is saved in the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from softphone import paths

FOLDER = "notes-autosave"
MAX_NOTES_CHARS = 100_000
_SAFE = re.compile(r"^[A-Za-z0-9._-]{1,80}$")


@dataclass(frozen=True)
class DraftNotes:
    call_id: str
    text: str
    customer_id: str = ""
    updated_at: float = 0.0


def _file_name(call_id: str) -> str:
    if _SAFE.match(call_id) and not call_id.startswith("."):
        return f"{call_id}.json"
    return "h-" + hashlib.sha256(call_id.encode()).hexdigest()[:32] + ".json"


class NotesAutosave:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else paths.data_dir() / FOLDER
        self.folder.mkdir(parents=True, exist_ok=True)

    def path_for(self, call_id: str) -> Path:
        return self.folder / _file_name(call_id)

    def save(self, call_id: str, text: str, customer_id: str = "") -> Path:
        """Atomically replace the call's draft (write, fsync, rename, fsync the folder)."""
        body = json.dumps({"call_id": call_id, "text": text[:MAX_NOTES_CHARS], "customer_id": customer_id,
                           "updated_at": time.time()}, ensure_ascii=False).encode("utf-8")
        target = self.path_for(call_id)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
        self._fsync_folder()
        return target

    def load(self, call_id: str) -> DraftNotes | None:
        return self._read(self.path_for(call_id))

    def discard(self, call_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(call_id).unlink()
            self._fsync_folder()

    def recover(self) -> list[DraftNotes]:
        """Drafts left by an earlier run (the app crashed mid-call), oldest first; stray temp files removed."""
        drafts: list[DraftNotes] = []
        for path in self.folder.iterdir():
            if path.name.startswith(".tmp-"):
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            if path.suffix == ".json":
                draft = self._read(path)
                if draft is not None:
                    drafts.append(draft)
        return sorted(drafts, key=lambda d: d.updated_at)

    @staticmethod
    def _read(path: Path) -> DraftNotes | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("call_id"), str) or not isinstance(
                data.get("text"), str):
            return None
        customer = data.get("customer_id")
        updated = data.get("updated_at")
        return DraftNotes(data["call_id"], data["text"], customer if isinstance(customer, str) else "",
                          float(updated) if isinstance(updated, int | float) else 0.0)

    def _fsync_folder(self) -> None:
        if os.name != "posix":
            return  # Windows cannot open a directory; MoveFileEx (os.replace) is atomic there
        fd = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
