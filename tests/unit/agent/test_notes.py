"""Notes autosave on real files: atomic replace, recovery after kill -9 mid-call, removal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from softphone.agent.notes import NotesAutosave

ROOT = Path(__file__).resolve().parents[3]


def test_save_load_discard(tmp_path: Path) -> None:
    store = NotesAutosave(tmp_path / "n")
    store.save("call-1", "Πελάτης ζητά επιστροφή χρημάτων", "C-1")
    store.save("call-1", "second version")
    draft = store.load("call-1")
    assert draft is not None and draft.text == "second version" and draft.updated_at > 0
    assert [p.name for p in (tmp_path / "n").iterdir()] == ["call-1.json"]  # no temp files left
    store.discard("call-1")
    store.discard("call-1")
    assert store.load("call-1") is None and list((tmp_path / "n").iterdir()) == []


def test_unsafe_call_ids_cannot_escape_the_folder(tmp_path: Path) -> None:
    store = NotesAutosave(tmp_path / "n")
    path = store.save("../../etc/passwd", "x")
    assert path.parent == tmp_path / "n" and path.name.startswith("h-")
    assert store.load("../../etc/passwd") is not None


def test_recover_skips_garbage_and_removes_stray_temp_files(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    store = NotesAutosave(folder)
    store.save("b", "bee")
    time.sleep(0.01)
    store.save("a", "ay")
    (folder / ".tmp-123.json").write_text('{"call_id": "torn')
    (folder / "broken.json").write_text("{not json")
    (folder / "other.json").write_text(json.dumps({"call_id": 3, "text": "x"}))
    drafts = store.recover()
    assert [(d.call_id, d.text) for d in drafts] == [("b", "bee"), ("a", "ay")]
    assert not (folder / ".tmp-123.json").exists()


WRITER = """
import sys, time
from pathlib import Path
from softphone.agent.notes import NotesAutosave
store = NotesAutosave(Path(sys.argv[1]))
n = 0
while True:
    n += 1
    store.save("call-live", "typed so far: " + "x" * (n % 5000) + f" #{n}")
    if n == 50:
        print("typing", flush=True)
"""


def test_notes_survive_kill_9_mid_write(tmp_path: Path) -> None:
    """A process saving as fast as it can is killed at a random moment: the file is always whole."""
    folder = tmp_path / "n"
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], cwd=ROOT, stdout=subprocess.PIPE,
                                text=True, start_new_session=True)
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "typing"
            time.sleep(0.05)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        draft = NotesAutosave(folder).recover()
        assert len(draft) == 1 and draft[0].call_id == "call-live"
        assert draft[0].text.startswith("typed so far: ") and " #" in draft[0].text


WORKFLOW = """
import sys, time
from pathlib import Path
from softphone.agent.notes import NotesAutosave
from softphone.agent.workflow import AgentWorkflow
from softphone.domain import events as ev
from softphone.domain.agent_state import AgentPolicy
from softphone.domain.hub import EventHub
from softphone.domain.values import Direction, RemoteIdentity
hub = EventHub()
flow = AgentWorkflow(hub, AgentPolicy(), notes=NotesAutosave(Path(sys.argv[1])))
flow.start()
hub.publish(ev.IncomingCallRang(call_id="call-x", account_id="a", remote=RemoteIdentity(uri="sip:1@h")))
hub.publish(ev.CallAnswered(call_id="call-x", direction=Direction.INBOUND))
for n in range(1, 301):
    flow.type_notes("call-x", "Πελάτης θέλει επιστροφή " + str(n), "C-7")
time.sleep(0.5)  # no explicit save: the autosave alone must have put the last text on disk
print("typed", flush=True)
time.sleep(60)
"""


def test_notes_typed_in_the_workflow_survive_a_crash_mid_call(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    proc = subprocess.Popen([sys.executable, "-c", WORKFLOW, str(folder)], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "typed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
    drafts = NotesAutosave(folder).recover()
    assert [(d.call_id, d.text, d.customer_id) for d in drafts] == [
        ("call-x", "Πελάτης θέλει επιστροφή 300", "C-7")]
