"""What each process loads at start-up (issue 8): the heavy libraries wait until they are needed.

Each check runs in a fresh interpreter, so nothing this test process imported counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("PySide6", "sqlalchemy", "alembic", "requests", "urllib3", "cryptography", "phonenumbers", "numpy")


def loaded_after(code: str) -> list[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=True)
    roots: list[str] = json.loads(proc.stdout.strip().splitlines()[-1])
    return [name for name in HEAVY if name in roots]


def test_the_media_engine_boots_without_qt_the_store_the_server_clients_or_crypto() -> None:
    code = ("from softphone.engine.host import build_audio, engine_main\n"
            "from softphone.engine.config import AudioSpec\n"
            "from softphone.sip.engine import EngineThread\n"
            "build_audio(AudioSpec(kind='file', tone_hz=440.0))")
    assert loaded_after(code) == []


@pytest.mark.parametrize("module", ["softphone.app", "softphone.engine.early", "softphone.store"])
def test_the_core_imports_no_server_client_orm_or_qt(module: str) -> None:
    assert loaded_after(f"import {module}") == []
