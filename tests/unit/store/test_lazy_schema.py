"""SQLAlchemy and alembic load only when the schema must change: each case runs in a fresh process."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from softphone.store import Store
from softphone.store.schema import SCHEMA_HEAD
from tests.unit.store.old_db import make_old_database

ROOT = Path(__file__).resolve().parents[3]
OPEN = """
import json, sys
from softphone.store import SchemaTooNewError, Store
try:
    store = Store.open(sys.argv[1])
except SchemaTooNewError as exc:
    outcome = "refused: " + str(exc)
else:
    outcome = "opened: " + json.dumps(store.get_setting("theme"))
    store.close()
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"sqlalchemy", "alembic"})
print(json.dumps({"outcome": outcome, "loaded": loaded}))
"""


def open_in_fresh_process(path: Path) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", OPEN, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=True)
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_a_database_at_the_head_opens_without_sqlalchemy_or_alembic(tmp_path: Path) -> None:
    path = tmp_path / "softphone.db"
    store = Store.open(path)
    store.set_setting("theme", "dark")
    store.close()
    assert open_in_fresh_process(path) == {"outcome": 'opened: "dark"', "loaded": []}


def test_an_older_database_is_still_migrated_when_alembic_loads_lazily(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_old_database(path)
    result = open_in_fresh_process(path)
    assert result == {"outcome": 'opened: "dark"', "loaded": ["alembic", "sqlalchemy"]}
    assert revision(path) == SCHEMA_HEAD
    with sqlite3.connect(path) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "ix_outbox_state_seq" in names


def test_a_new_file_is_created_at_the_head(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert open_in_fresh_process(path)["outcome"] == "opened: null"
    assert revision(path) == SCHEMA_HEAD


def test_a_database_from_a_newer_version_is_still_refused_in_a_fresh_process(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    conn.close()  # the last connection: the WAL is checkpointed into the file before we take its bytes
    before = path.read_bytes()
    outcome = str(open_in_fresh_process(path)["outcome"])
    assert outcome.startswith("refused: ") and "newer version of softphone (schema 9999_future)" in outcome
    assert path.read_bytes() == before
