"""The import rules of ARCHITECTURE.md, enforced by ruff's banned-api (TID251).

Each rule is proven to catch a violation by feeding a deliberately bad snippet through
the same checker (ruff with the project's nested ruff.toml files), as if the snippet
lived at a path inside the layer.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def banned_hits(path: str, source: str) -> list[str]:
    """Run ruff on ``source`` as if it were the file ``path``; return the TID251 messages."""
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "TID251", "--output-format", "concise",
         "--stdin-filename", path, "-"],
        input=source, capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return [line for line in proc.stdout.splitlines() if "TID251" in line]


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("softphone/domain/bad.py", "from PySide6 import QtCore\n"),
        ("softphone/store/bad.py", "import PySide6.QtWidgets\n"),
        ("softphone/sip/bad.py", "from PySide6.QtCore import QObject\n"),
        ("softphone/bad.py", "import pjsua2\n"),
        ("softphone/store/bad.py", "import pjsua2 as pj\n"),
        ("softphone/engine/bad.py", "from pjsua2 import Endpoint\n"),
        ("softphone/screenpop/bad.py", "import pjsua2\n"),
        ("ui/bad.py", "import pjsua2\n"),
        ("ui/views/bad.py", "from sqlalchemy import select\n"),
        ("ui/bad.py", "import requests\n"),
        ("server/bad.py", "from softphone.store import models\n"),
        ("server/api/bad.py", "from softphone import sip\n"),
        ("server/bad.py", "import softphone.sync.worker\n"),
        ("softphone/audio/bad.py", "import numpy as np\n"),
    ],
)
def test_violation_is_caught(path: str, source: str) -> None:
    assert banned_hits(path, source), f"{path}: {source.strip()!r} should be banned"


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("softphone/sip/ok.py", "import pjsua2\n"),
        ("softphone/audio/ok.py", "import pjsua2 as pj\n"),
        ("softphone/supervise/ok.py", "from pjsua2 import Call\n"),
        ("softphone/store/ok.py", "import sqlalchemy\n"),
        ("ui/ok.py", "from PySide6.QtWidgets import QWidget\n"),
        ("server/ok.py", "from softphone.domain.events import CallEnded\n"),
        ("server/ok.py", "from softphone.domain import values\n"),
    ],
)
def test_allowed_import_passes(path: str, source: str) -> None:
    assert banned_hits(path, source) == []


def test_whole_tree_obeys_the_rules() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "TID251", "softphone", "ui", "server"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_server_bans_every_softphone_module_but_domain() -> None:
    """A new softphone subpackage must be added to server/ruff.toml, or the rule has a hole."""
    config = (ROOT / "server" / "ruff.toml").read_text()
    banned = set(re.findall(r'^"softphone\.([a-z_]+)"', config, re.MULTILINE))
    modules = {
        p.stem if p.is_file() else p.name
        for p in (ROOT / "softphone").iterdir()
        if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__")
    }
    missing = modules - {"domain"} - banned
    assert not missing, f"add to server/ruff.toml: {sorted(missing)}"
    assert "domain" not in banned
